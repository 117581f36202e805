-- Sales marks become rows of their own, appended and never updated; an
-- index for the appliers' per-factory claims.
-- Keep in step with ../postgres/0018_sync_appliers.sql (the reason is
-- there: on PostgreSQL an applier marking an order a recount had just
-- taken waited for the whole recount). SQLite has one writer and never
-- waited, but both backends keep the same tables and statements.

CREATE TABLE sales_marks (
    id         INTEGER PRIMARY KEY,
    dealer_id  INTEGER NOT NULL,
    order_id   INTEGER NOT NULL
);
INSERT INTO sales_marks (dealer_id, order_id) SELECT dealer_id, order_id FROM sales_dirty;
DROP TABLE sales_dirty;
ALTER TABLE sales_marks RENAME TO sales_dirty;
CREATE INDEX sales_dirty_dealer ON sales_dirty (dealer_id, order_id);

-- As on PostgreSQL (the appliers there claim one factory's pending events
-- at a time); SQLite claims across factories but keeps the same indexes.
CREATE INDEX sync_inbox_factory_state ON sync_inbox (state, factory_id, id);
