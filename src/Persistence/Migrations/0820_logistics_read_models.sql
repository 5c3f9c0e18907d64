-- The shipment lists (docs/logistics.md, docs/read-models.md): one row per shipment with the version (count of the
-- shipment's writes) it shows, so a write from an older or the same version changes nothing. Every list is one query
-- on this table with an index of its own. Instants are UTC ticks.
--   sellers', shoppers', one order's and couriers' lists: newest first by created_at;
--   the dispatch queue: awaiting_since (the hand-over to the courier service, null once a courier has it), oldest first;
--   the overdue list: due_at (last update + the update deadline, null at the outcome) <= now, longest overdue first.
CREATE TABLE logistics_shipments
(
    id             uuid   PRIMARY KEY,
    seller_id      uuid   NOT NULL,
    shopper_id     uuid   NOT NULL,
    order_id       uuid   NOT NULL,
    courier_id     uuid,
    created_at     bigint NOT NULL,
    awaiting_since bigint,
    due_at         bigint,
    version        bigint NOT NULL,
    summary        text   NOT NULL
);

CREATE INDEX logistics_shipments_seller ON logistics_shipments (seller_id, created_at DESC, id DESC);
CREATE INDEX logistics_shipments_shopper ON logistics_shipments (shopper_id, created_at DESC, id DESC);
CREATE INDEX logistics_shipments_order ON logistics_shipments (order_id, created_at DESC, id DESC);
CREATE INDEX logistics_shipments_courier ON logistics_shipments (courier_id, created_at DESC, id DESC) WHERE courier_id IS NOT NULL;
CREATE INDEX logistics_shipments_awaiting_courier ON logistics_shipments (awaiting_since, id) WHERE awaiting_since IS NOT NULL;
CREATE INDEX logistics_shipments_due ON logistics_shipments (due_at, id) WHERE due_at IS NOT NULL;

-- The shipment index grains these lists replace: their rows are dead weight now (rebuild the read model
-- "shipments" after the upgrade to list the shipments stored before it).
DELETE FROM OrleansStorage WHERE GrainTypeString = 'shipmentindex/shipment-index';
