-- Sales analytics (SPEC 4.2) read a small table instead of the orders:
-- per dealer, month ('YYYY-MM' of the day the order was accepted, in the
-- factory's time zone), product kind and currency. Kind '*' holds whole
-- orders (count, units, order totals); every other kind holds that kind's
-- constructions (orders containing it, units, price × quantity).
-- Cancelled orders count nowhere. Keep in step with
-- ../sqlite/0014_analytics.sql.
CREATE TABLE sales_monthly (
    dealer_id     BIGINT NOT NULL REFERENCES dealers(id),
    month         TEXT NOT NULL,
    kind          TEXT NOT NULL,
    currency      TEXT NOT NULL,
    factory_id    BIGINT NOT NULL REFERENCES factories(id),
    orders        BIGINT NOT NULL,
    units         BIGINT NOT NULL,
    amount_minor  BIGINT NOT NULL,
    PRIMARY KEY (dealer_id, month, kind, currency)
);
CREATE INDEX sales_monthly_factory ON sales_monthly (factory_id, month);

-- Orders whose share of sales_monthly is to be counted again. The sync
-- appliers add to it in the batch's own transaction, so no change is
-- forgotten; the recount takes rows with DELETE … RETURNING, so a change
-- that lands meanwhile is counted on the next round.
-- Keyed by dealer first, so a recount takes a few dealers' marks whole
-- and reads each of their months once.
CREATE TABLE sales_dirty (
    dealer_id  BIGINT NOT NULL,
    order_id   BIGINT NOT NULL,
    PRIMARY KEY (dealer_id, order_id)
);

-- The month each order is counted under, so a recount also fixes the
-- month it leaves when its acceptance date is corrected. A table of its
-- own, written only by the recount: the recount never locks an order row,
-- so it cannot deadlock with an applier that holds one (PostgreSQL).
CREATE TABLE sales_counted (
    order_id  BIGINT PRIMARY KEY,
    month     TEXT NOT NULL
);

INSERT INTO sales_dirty (dealer_id, order_id) SELECT dealer_id, id FROM orders;
