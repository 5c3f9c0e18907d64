-- How many rows each owner has in each order list (docs/checkout-and-payments.md), kept by the list store in the
-- transaction that adds or removes a row, so a page's total is one row read however long the list is: counting a
-- seller's 100,000 sub-orders took 30 ms, the page itself 1 ms.
CREATE TABLE ordering_list_counts
(
    list      text   NOT NULL,
    owner_id  uuid   NOT NULL,
    row_count bigint NOT NULL,
    PRIMARY KEY (list, owner_id)
);

INSERT INTO ordering_list_counts (list, owner_id, row_count)
SELECT 'Shopper', owner_id, count(*) FROM ordering_shopper_orders GROUP BY owner_id;
INSERT INTO ordering_list_counts (list, owner_id, row_count)
SELECT 'Seller', owner_id, count(*) FROM ordering_seller_orders GROUP BY owner_id;
