-- The operators' queue of products moderation hides until someone decides (docs/catalog.md): one row per product
-- moderation has ever judged, with the version (ProductModerated.Sequence) it was written from, so a write from an
-- older or the same version changes nothing; a product that left the queue keeps its row (queued = false, no entry)
-- so a late event cannot put it back. Listed longest waiting first; since is UTC ticks.
CREATE TABLE catalog_moderation_queue
(
    product_id uuid    PRIMARY KEY,
    version    bigint  NOT NULL,
    queued     boolean NOT NULL,
    since      bigint  NOT NULL,
    entry      text
);

CREATE INDEX catalog_moderation_queue_waiting ON catalog_moderation_queue (since, product_id) WHERE queued;
