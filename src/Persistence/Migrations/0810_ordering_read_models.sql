-- The order lists (docs/checkout-and-payments.md, docs/read-models.md): one row per order in its shopper's list and
-- one per sub-order in its seller's list, each with the version (status history length) it shows, so a write from an
-- older or the same version changes nothing. Both list newest first; placed_at is UTC ticks.
CREATE TABLE ordering_shopper_orders
(
    id        uuid   PRIMARY KEY,
    owner_id  uuid   NOT NULL,
    version   bigint NOT NULL,
    placed_at bigint NOT NULL,
    summary   text   NOT NULL
);

CREATE INDEX ordering_shopper_orders_newest ON ordering_shopper_orders (owner_id, placed_at DESC, id DESC);

CREATE TABLE ordering_seller_orders
(
    id        uuid   PRIMARY KEY,
    owner_id  uuid   NOT NULL,
    version   bigint NOT NULL,
    placed_at bigint NOT NULL,
    summary   text   NOT NULL
);

CREATE INDEX ordering_seller_orders_newest ON ordering_seller_orders (owner_id, placed_at DESC, id DESC);
