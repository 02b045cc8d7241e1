-- Lists of ids written once and joined by many queries (a segment's members' identifiers and profiles):
-- a table scan of one set is a few milliseconds where splitting the same list sent as a parameter cost
-- ~30 ms per use. A cache: emptied at start, old sets deleted as new ones come (io.percept.platform.IdSets).
CREATE TABLE id_sets (
    set_key BIGINT  NOT NULL,
    item    VARCHAR NOT NULL,
    number  BIGINT           -- a number carried with the item (the profile holding an identifier), or null
);
