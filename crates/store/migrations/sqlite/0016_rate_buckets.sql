-- Token buckets shared by every node (the sync API's per-source request
-- limit): several `serve` processes over one database must not each allow
-- the full rate. Tokens are kept in thousandths so both engines store a
-- plain integer. Keep in step with the other engine's 0016_rate_buckets.sql.
CREATE TABLE rate_buckets (
    name          TEXT PRIMARY KEY,
    milli_tokens  BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
