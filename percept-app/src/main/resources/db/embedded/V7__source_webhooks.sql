-- Webhook mappings of sources (PUT /api/sources/{name}/webhook): the document as given.
CREATE TABLE source_webhooks (
    source     VARCHAR   NOT NULL PRIMARY KEY,
    document   VARCHAR   NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
