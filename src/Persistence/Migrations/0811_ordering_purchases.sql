-- The purchase history (docs/checkout-and-payments.md): one row per product of each sub-order, owned by the order's
-- shopper, with the sub-order's version (its status history length), so a write from an older or the same version
-- changes nothing. Listed newest first per shopper; reviews look a shopper's product up. Instants are UTC ticks.
CREATE TABLE ordering_purchases
(
    order_id        uuid    NOT NULL,
    product_id      uuid    NOT NULL,
    seller_order_id uuid    NOT NULL,
    shopper_id      uuid    NOT NULL,
    seller_id       uuid    NOT NULL,
    title           text    NOT NULL,
    quantity        integer NOT NULL,
    status          text    NOT NULL,
    paid_at         bigint  NOT NULL,
    received_at     bigint,
    version         bigint  NOT NULL,
    PRIMARY KEY (order_id, product_id)
);

CREATE INDEX ordering_purchases_newest ON ordering_purchases (shopper_id, paid_at DESC, order_id DESC, product_id DESC);
CREATE INDEX ordering_purchases_product ON ordering_purchases (shopper_id, product_id);
CREATE INDEX ordering_purchases_sub_order ON ordering_purchases (seller_order_id);
