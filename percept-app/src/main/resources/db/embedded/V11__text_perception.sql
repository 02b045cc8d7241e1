-- Text perception: what the text-perception processor found in each text-bearing event (issue 6),
-- written in the same transaction as its checkpoint. The event itself stays in the log (seq).

-- One row per analysed text: its sentiment, emotion, topics and keywords, with what the event says
-- about where it came from; sentences holds each sentence's span, sentiment and topic mentions (JSON).
CREATE TABLE text_perceptions (
    seq          BIGINT    NOT NULL,
    happened_at  TIMESTAMP NOT NULL,
    source       VARCHAR   NOT NULL,
    channel      VARCHAR   NOT NULL,
    event        VARCHAR,
    user_id      VARCHAR,
    anonymous_id VARCHAR,
    product_id   VARCHAR,
    region       VARCHAR,
    rating       DOUBLE,
    language     VARCHAR   NOT NULL,
    score        DOUBLE    NOT NULL,
    sentiment    VARCHAR   NOT NULL,
    confidence   DOUBLE    NOT NULL,
    emotion      VARCHAR   NOT NULL,
    intensity    DOUBLE    NOT NULL,
    complaint    BOOLEAN   NOT NULL,
    topics       VARCHAR   NOT NULL,
    keywords     VARCHAR   NOT NULL,
    chars        INTEGER   NOT NULL,
    sentences    VARCHAR   NOT NULL
);

-- One row per topic mention: the topic, where its cue is (sentence index, character span), the
-- sentiment of its clause, and whether a keyword rule or the topic model found it.
CREATE TABLE text_topics (
    seq         BIGINT    NOT NULL,
    happened_at TIMESTAMP NOT NULL,
    topic       VARCHAR   NOT NULL,
    sentence    INTEGER   NOT NULL,
    span_start  INTEGER   NOT NULL,
    span_end    INTEGER   NOT NULL,
    cue         VARCHAR,
    score       DOUBLE    NOT NULL,
    sentiment   VARCHAR   NOT NULL,
    found_by    VARCHAR   NOT NULL
);

-- Survey answers with a score: NPS (0-10) and CSAT (1-5).
CREATE TABLE survey_responses (
    seq         BIGINT    NOT NULL,
    answered_at TIMESTAMP NOT NULL,
    kind        VARCHAR   NOT NULL,
    score       DOUBLE    NOT NULL,
    survey      VARCHAR,
    source      VARCHAR   NOT NULL,
    channel     VARCHAR   NOT NULL,
    user_id     VARCHAR,
    product_id  VARCHAR,
    region      VARCHAR
);
