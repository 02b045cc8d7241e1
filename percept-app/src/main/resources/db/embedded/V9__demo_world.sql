-- The demo world (issue 5) is anchored to a calendar: the day after its history ends.
ALTER TABLE demo_loads ADD COLUMN history_end DATE;
