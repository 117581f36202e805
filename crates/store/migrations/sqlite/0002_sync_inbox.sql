-- The sync inbox: every accepted event, committed before the API answers.
-- Keep in step with ../postgres/0002_sync_inbox.sql.

CREATE TABLE sync_inbox (
    id            INTEGER PRIMARY KEY,
    source_id     INTEGER NOT NULL REFERENCES sync_sources(id),
    factory_id    INTEGER NOT NULL REFERENCES factories(id),
    event_id      TEXT NOT NULL,
    event_type    TEXT NOT NULL,
    entity_key    TEXT NOT NULL,
    version       INTEGER NOT NULL,
    -- The event as validated, in canonical JSON; its SHA-256 tells a
    -- repeated event from a different one under the same event_id.
    body          TEXT NOT NULL,
    body_hash     TEXT NOT NULL,
    received_at   INTEGER NOT NULL,
    -- pending → applied | waiting | quarantined; waiting → pending when
    -- something new is applied; quarantined → pending (retry) | discarded.
    state         TEXT NOT NULL,
    -- applied: whether it changed the read model ('applied') or was an
    -- older version kept as history ('stale').
    outcome       TEXT,
    waiting_for   TEXT,
    error         TEXT,
    attempts      INTEGER NOT NULL DEFAULT 0,
    processed_at  INTEGER,
    UNIQUE (source_id, event_id)
);
CREATE INDEX sync_inbox_state ON sync_inbox (state, id);
CREATE INDEX sync_inbox_entity ON sync_inbox (factory_id, entity_key, state);
CREATE INDEX sync_inbox_source_state ON sync_inbox (source_id, state, received_at);

-- Counters per source, kept in the same transactions as the inbox, so the
-- status endpoint never counts the inbox.
CREATE TABLE sync_counters (
    source_id    INTEGER PRIMARY KEY REFERENCES sync_sources(id),
    accepted     INTEGER NOT NULL DEFAULT 0,
    applied      INTEGER NOT NULL DEFAULT 0,
    waiting      INTEGER NOT NULL DEFAULT 0,
    quarantined  INTEGER NOT NULL DEFAULT 0,
    discarded    INTEGER NOT NULL DEFAULT 0
);
