-- The return lists (docs/returns.md, docs/read-models.md): one row per return with the version (count of the return's
-- writes) it shows, so a write from an older or the same version changes nothing. A shopper's and a seller's lists are
-- one query each on this table, newest first, each with an index of its own. Instants are UTC ticks.
CREATE TABLE returns_list
(
    id           uuid   PRIMARY KEY,
    shopper_id   uuid   NOT NULL,
    seller_id    uuid   NOT NULL,
    requested_at bigint NOT NULL,
    version      bigint NOT NULL,
    summary      text   NOT NULL
);

CREATE INDEX returns_list_shopper ON returns_list (shopper_id, requested_at DESC, id DESC);
CREATE INDEX returns_list_seller ON returns_list (seller_id, requested_at DESC, id DESC);
