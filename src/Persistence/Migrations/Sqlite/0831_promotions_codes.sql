-- The promo code list of the SQLite profile: the table of the PostgreSQL migration 0830 (see there).
CREATE TABLE promotions_codes
(
    code     TEXT    NOT NULL PRIMARY KEY,
    version  INTEGER NOT NULL,
    created  INTEGER NOT NULL,
    entry    TEXT    NOT NULL
);

CREATE INDEX promotions_codes_newest ON promotions_codes (created DESC, code DESC);
