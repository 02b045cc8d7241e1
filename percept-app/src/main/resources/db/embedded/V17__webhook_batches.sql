-- How many deliveries of the same URL and secret one webhook request may carry (1: sent alone).
ALTER TABLE rule_deliveries ADD COLUMN batch_max INTEGER DEFAULT 1;
