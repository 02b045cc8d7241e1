-- Strategic initiatives (console, issue 9): what was launched or changed, where and when, and what to
-- measure; the definition (regions, control regions, segments, products, KPIs) as the API takes it.
-- origin: 'user' for the console's, 'demo' for the demo world's stories.
CREATE SEQUENCE initiative_ids START 1;

CREATE TABLE initiatives (
    id         BIGINT    PRIMARY KEY DEFAULT nextval('initiative_ids'),
    name       VARCHAR   NOT NULL,
    kind       VARCHAR   NOT NULL,
    starts_on  DATE      NOT NULL,
    ends_on    DATE,
    definition JSON      NOT NULL,
    origin     VARCHAR   NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
