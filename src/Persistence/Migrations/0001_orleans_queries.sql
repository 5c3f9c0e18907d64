-- The Orleans ADO.NET providers issue no SQL of their own: they look up each statement by key in
-- this table, bind parameters by name and read result columns by name. The statements below keep
-- those names; everything else (functions, indexes, types) is this project's choice.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL PRIMARY KEY,
    QueryText varchar(8000) NOT NULL
);
