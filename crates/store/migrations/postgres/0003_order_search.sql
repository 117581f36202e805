-- Finding orders: a prefix index on numbers per dealer, and a full-text
-- index of each order's text (number, customer reference, what its
-- constructions are), with a token of its dealer (dlr<id>) so a search
-- intersects with one dealer's orders inside the index. Keep in step with ../sqlite/0003_order_search.sql;
-- the engines index text differently (tsvector here, FTS5 there), the
-- appliers keep both current.

CREATE INDEX orders_dealer_number ON orders (dealer_id, number);

ALTER TABLE orders ADD COLUMN search tsvector;

UPDATE orders o SET search = to_tsvector('simple',
    'dlr' || o.dealer_id || ' ' || o.number || ' ' || COALESCE(o.customer_ref, '') || ' ' ||
    COALESCE((SELECT string_agg(c.name || ' ' || COALESCE(c.profile_system, '') || ' ' || COALESCE(c.glass_unit, '') || ' ' ||
                                COALESCE(c.colour, '') || ' ' || COALESCE(c.fittings, ''), ' ')
              FROM constructions c WHERE c.order_id = o.id), ''));

CREATE INDEX orders_search ON orders USING GIN (search);
