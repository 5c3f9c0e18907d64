-- The shipment lists of the SQLite profile: the table and indexes of the PostgreSQL migration 0820 (see there), ids
-- as Microsoft.Data.Sqlite's Guid blobs, instants as UTC ticks.
CREATE TABLE logistics_shipments
(
    id             BLOB    NOT NULL PRIMARY KEY,
    seller_id      BLOB    NOT NULL,
    shopper_id     BLOB    NOT NULL,
    order_id       BLOB    NOT NULL,
    courier_id     BLOB,
    created_at     INTEGER NOT NULL,
    awaiting_since INTEGER,
    due_at         INTEGER,
    version        INTEGER NOT NULL,
    summary        TEXT    NOT NULL
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
