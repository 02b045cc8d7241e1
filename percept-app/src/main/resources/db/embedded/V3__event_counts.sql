-- Events per day (business time zone), channel, call type and source; kept by processor event-counts.
CREATE TABLE event_counts (
    day     DATE    NOT NULL,
    channel VARCHAR NOT NULL,
    type    VARCHAR NOT NULL,
    source  VARCHAR NOT NULL,
    events  BIGINT  NOT NULL
);
