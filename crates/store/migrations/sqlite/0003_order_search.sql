-- Finding orders: a prefix index on numbers per dealer, and a full-text
-- index of each order's text (number, customer reference, what its
-- constructions are), with a token of its dealer (dlr<id>) so a search
-- intersects with one dealer's orders inside the index. Keep in step with ../postgres/0003_order_search.sql;
-- the engines index text differently (FTS5 here, tsvector there), the
-- appliers keep both current.

CREATE INDEX orders_dealer_number ON orders (dealer_id, number);

CREATE VIRTUAL TABLE orders_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');

INSERT INTO orders_fts (rowid, body)
SELECT o.id,
       'dlr' || o.dealer_id || ' ' || o.number || ' ' || COALESCE(o.customer_ref, '') || ' ' ||
       COALESCE((SELECT group_concat(c.name || ' ' || COALESCE(c.profile_system, '') || ' ' || COALESCE(c.glass_unit, '') || ' ' ||
                                     COALESCE(c.colour, '') || ' ' || COALESCE(c.fittings, ''), ' ')
                 FROM constructions c WHERE c.order_id = o.id), '')
FROM orders o;
