-- What each person said (issue 6): their texts' last and average sentiment score (-1 to 1),
-- complaints, open tickets and the topics of the last 90 days as of the mirroring (comma-separated
-- topic ids, most mentioned first). NULL for a person who never wrote or opened a ticket.
ALTER TABLE profiles ADD COLUMN last_sentiment DOUBLE;
ALTER TABLE profiles ADD COLUMN average_sentiment DOUBLE;
ALTER TABLE profiles ADD COLUMN complaints INTEGER;
ALTER TABLE profiles ADD COLUMN open_complaints INTEGER;
ALTER TABLE profiles ADD COLUMN topics_90d VARCHAR;
