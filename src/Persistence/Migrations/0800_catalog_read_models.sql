-- Projection infrastructure and the catalog's read models (docs/read-models.md, docs/catalog.md). Every row carries
-- the version of the event it was projected from; a write from an older or the same version changes nothing.
-- Instants are UTC ticks (bigint), so both engines order them alike.

-- Deliveries a projection gave up on after its retries, waiting for an operator's replay; the envelope in Orleans'
-- binary form. One row per projection and event.
CREATE TABLE projection_dead_letters
(
    id              uuid    PRIMARY KEY,
    projection      text    NOT NULL,
    aggregate_id    text    NOT NULL,
    event_id        uuid    NOT NULL,
    event_type      text    NOT NULL,
    attempts        integer NOT NULL,
    error           text    NOT NULL,
    first_failed_at bigint  NOT NULL,
    last_failed_at  bigint  NOT NULL,
    envelope        bytea   NOT NULL
);

CREATE INDEX projection_dead_letters_oldest ON projection_dead_letters (first_failed_at, id);

-- A seller's products in every status (the seller's list; its storefront filters released ones). One row per
-- product, so its version is the product's: the category rows are written in the same transaction after it.
CREATE TABLE catalog_seller_products
(
    product_id uuid           PRIMARY KEY,
    seller_id  uuid           NOT NULL,
    version    bigint         NOT NULL,
    released   boolean        NOT NULL,
    price      numeric(19, 4) NOT NULL,
    recency    bigint         NOT NULL,
    summary    text           NOT NULL
);

CREATE INDEX catalog_seller_products_newest ON catalog_seller_products (seller_id, recency DESC, product_id DESC);
CREATE INDEX catalog_seller_products_price ON catalog_seller_products (seller_id, price, recency DESC, product_id DESC);

-- A category's listing: one row per visible product and each category it is listed under (its leaf and ancestors).
CREATE TABLE catalog_category_listings
(
    category   text           NOT NULL,
    product_id uuid           NOT NULL,
    version    bigint         NOT NULL,
    price      numeric(19, 4) NOT NULL,
    recency    bigint         NOT NULL,
    summary    text           NOT NULL,
    PRIMARY KEY (category, product_id)
);

CREATE INDEX catalog_category_listings_newest ON catalog_category_listings (category, recency DESC, product_id DESC);
CREATE INDEX catalog_category_listings_price ON catalog_category_listings (category, price, recency DESC, product_id DESC);
CREATE INDEX catalog_category_listings_product ON catalog_category_listings (product_id);
