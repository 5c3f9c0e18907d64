-- The single-machine profile's SQLite database. The Orleans ADO.NET providers issue no SQL of their own: they
-- look up each statement by key in this table, bind parameters by name and read result columns by name.
-- There is no membership script: Orleans has no SQLite clustering, so this profile runs on one machine.
CREATE TABLE OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);
