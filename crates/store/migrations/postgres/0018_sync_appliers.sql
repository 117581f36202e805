-- Sales marks become rows of their own, appended and never updated; an
-- index for the appliers' per-factory claims.
-- Keep in step with ../sqlite/0018_sync_appliers.sql.
--
-- With one row per order (0014), an applier marking an order wrote it
-- with ON CONFLICT DO UPDATE, and when a recount had just taken (deleted)
-- that order's mark, the applier waited for the whole recount to commit:
-- the one line that applies sync events stood still for up to a second
-- (pg_stat_statements: 0.9 s for one 30-row mark), once per recount loop
-- of every node. Appended marks never meet: an applier's mark stays
-- invisible until its batch commits, so a recount takes only marks whose
-- change it can already read, and waits for nobody. An order marked twice
-- before a round has two rows; the round takes both.

CREATE TABLE sales_marks (
    id         BIGSERIAL PRIMARY KEY,
    dealer_id  BIGINT NOT NULL,
    order_id   BIGINT NOT NULL
);
INSERT INTO sales_marks (dealer_id, order_id) SELECT dealer_id, order_id FROM sales_dirty;
DROP TABLE sales_dirty;
ALTER TABLE sales_marks RENAME TO sales_dirty;
-- A round takes a few dealers' marks whole, in this order.
CREATE INDEX sales_dirty_dealer ON sales_dirty (dealer_id, order_id);

-- The appliers claim one factory's pending events at a time (see
-- Inbox::claim); this index finds a factory's oldest ones.
CREATE INDEX sync_inbox_factory_state ON sync_inbox (state, factory_id, id);
