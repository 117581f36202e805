-- DealerDesk schema, SQLite. Keep in step with ../postgres/0001_init.sql:
-- same tables, same columns, same meaning. Instants are INTEGER Unix
-- milliseconds (UTC), dates are 'YYYY-MM-DD' text, money is INTEGER minor
-- units, flags are INTEGER 0/1 -- the shapes both engines and sqlx's Any
-- driver agree on. Every dealer-owned table carries dealer_id so the data
-- can later be distributed by dealer.

CREATE TABLE factories (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    timezone    TEXT NOT NULL DEFAULT 'Europe/Kyiv',
    created_at  INTEGER NOT NULL
);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL,
    dealer_id       INTEGER REFERENCES dealers(id),
    factory_id      INTEGER REFERENCES factories(id),
    password_hash   TEXT,
    active          INTEGER NOT NULL DEFAULT 1,
    language        TEXT NOT NULL DEFAULT 'ru',
    finance_allowed INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX users_dealer ON users (dealer_id);
CREATE INDEX users_factory_role ON users (factory_id, role);

CREATE TABLE dealers (
    id              INTEGER PRIMARY KEY,
    factory_id      INTEGER NOT NULL REFERENCES factories(id),
    code            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    short_name      TEXT,
    tax_id          TEXT,
    region          TEXT,
    city            TEXT,
    address         TEXT,
    phone           TEXT,
    email           TEXT,
    manager_id      INTEGER REFERENCES users(id),
    active          INTEGER NOT NULL DEFAULT 1,
    currency        TEXT NOT NULL DEFAULT 'UAH',
    version         INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX dealers_factory ON dealers (factory_id, code);
CREATE INDEX dealers_manager ON dealers (manager_id);

-- The read model a dealer's dashboard needs: one row, kept by the appliers.
CREATE TABLE dealer_stats (
    dealer_id        INTEGER PRIMARY KEY REFERENCES dealers(id),
    currency         TEXT NOT NULL,
    balance_minor    INTEGER NOT NULL DEFAULT 0,
    opening_minor    INTEGER NOT NULL DEFAULT 0,
    opening_as_of    TEXT,
    opening_version  INTEGER NOT NULL DEFAULT 0,
    n_accepted       INTEGER NOT NULL DEFAULT 0,
    n_in_production  INTEGER NOT NULL DEFAULT 0,
    n_manufactured   INTEGER NOT NULL DEFAULT 0,
    n_ready          INTEGER NOT NULL DEFAULT 0,
    n_shipped        INTEGER NOT NULL DEFAULT 0,
    n_delivered      INTEGER NOT NULL DEFAULT 0,
    n_cancelled      INTEGER NOT NULL DEFAULT 0,
    updated_at       INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    csrf_token    TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    ip            TEXT,
    user_agent    TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    token_hash    TEXT NOT NULL UNIQUE,
    label         TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER,
    revoked_at    INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE invitations (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    token_hash  TEXT NOT NULL UNIQUE,
    created_by  INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
CREATE INDEX invitations_user ON invitations (user_id);

-- Failed logins per key ('account:<email>' or 'address:<ip>'), kept in the
-- database so the throttle holds across restarts and across app nodes.
CREATE TABLE login_throttle (
    key              TEXT PRIMARY KEY,
    failures         INTEGER NOT NULL,
    last_failure_at  INTEGER NOT NULL,
    blocked_until    INTEGER NOT NULL
);

CREATE TABLE shipments (
    id                     INTEGER PRIMARY KEY,
    factory_id             INTEGER NOT NULL REFERENCES factories(id),
    trip                   TEXT NOT NULL,
    vehicle                TEXT,
    driver_name            TEXT NOT NULL,
    driver_phone           TEXT NOT NULL,
    departed_at            INTEGER,
    planned_delivery_date  TEXT,
    delivered_at           INTEGER,
    version                INTEGER NOT NULL,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL,
    UNIQUE (factory_id, trip)
);

CREATE TABLE orders (
    id                     INTEGER PRIMARY KEY,
    factory_id             INTEGER NOT NULL REFERENCES factories(id),
    dealer_id              INTEGER NOT NULL REFERENCES dealers(id),
    number                 TEXT NOT NULL,
    customer_ref           TEXT,
    accepted_at            INTEGER NOT NULL,
    planned_ship_date      TEXT,
    currency               TEXT NOT NULL,
    total_minor            INTEGER NOT NULL,
    paid_minor             INTEGER NOT NULL DEFAULT 0,
    delivery_charge_minor  INTEGER NOT NULL DEFAULT 0,
    compensation_minor     INTEGER NOT NULL DEFAULT 0,
    adjustment_minor       INTEGER NOT NULL DEFAULT 0,
    status                 TEXT NOT NULL,
    status_at              INTEGER NOT NULL,
    content_version        INTEGER NOT NULL,
    status_version         INTEGER NOT NULL,
    shipment_id            INTEGER REFERENCES shipments(id),
    at_accepted            INTEGER,
    at_in_production       INTEGER,
    at_manufactured        INTEGER,
    at_ready               INTEGER,
    at_shipped             INTEGER,
    at_delivered           INTEGER,
    at_cancelled           INTEGER,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL,
    UNIQUE (factory_id, number)
);
CREATE INDEX orders_dealer_accepted ON orders (dealer_id, accepted_at DESC, id DESC);
CREATE INDEX orders_dealer_status ON orders (dealer_id, status, accepted_at DESC, id DESC);
CREATE INDEX orders_shipment ON orders (shipment_id);

CREATE TABLE constructions (
    id              INTEGER PRIMARY KEY,
    order_id        INTEGER NOT NULL REFERENCES orders(id),
    dealer_id       INTEGER NOT NULL REFERENCES dealers(id),
    position        INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    name            TEXT NOT NULL,
    width_mm        INTEGER NOT NULL,
    height_mm       INTEGER NOT NULL,
    profile_system  TEXT,
    glass_unit      TEXT,
    colour          TEXT,
    fittings        TEXT,
    quantity        INTEGER NOT NULL,
    price_minor     INTEGER NOT NULL,
    status          TEXT NOT NULL,
    status_at       INTEGER NOT NULL,
    UNIQUE (order_id, position)
);

CREATE TABLE shipment_orders (
    shipment_id  INTEGER NOT NULL REFERENCES shipments(id),
    order_id     INTEGER NOT NULL REFERENCES orders(id),
    dealer_id    INTEGER NOT NULL REFERENCES dealers(id),
    PRIMARY KEY (shipment_id, order_id)
);
CREATE INDEX shipment_orders_order ON shipment_orders (order_id);

CREATE TABLE ledger_entries (
    id               INTEGER PRIMARY KEY,
    factory_id       INTEGER NOT NULL REFERENCES factories(id),
    dealer_id        INTEGER NOT NULL REFERENCES dealers(id),
    source_entry_id  TEXT NOT NULL,
    kind             TEXT NOT NULL,
    amount_minor     INTEGER NOT NULL,
    currency         TEXT NOT NULL,
    posted_on        TEXT NOT NULL,
    order_id         INTEGER REFERENCES orders(id),
    order_number     TEXT,
    description      TEXT,
    voided           INTEGER NOT NULL DEFAULT 0,
    void_reason      TEXT,
    voided_at        INTEGER,
    version          INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    UNIQUE (factory_id, source_entry_id)
);
CREATE INDEX ledger_dealer_posted ON ledger_entries (dealer_id, posted_on, id);
CREATE INDEX ledger_order ON ledger_entries (order_id);

CREATE TABLE attachments (
    id                    INTEGER PRIMARY KEY,
    factory_id            INTEGER NOT NULL REFERENCES factories(id),
    dealer_id             INTEGER NOT NULL REFERENCES dealers(id),
    order_id              INTEGER NOT NULL REFERENCES orders(id),
    position              INTEGER,
    source_attachment_id  TEXT NOT NULL,
    kind                  TEXT NOT NULL,
    file_name             TEXT NOT NULL,
    content_type          TEXT NOT NULL,
    sha256                TEXT NOT NULL,
    size_bytes            INTEGER NOT NULL,
    version               INTEGER NOT NULL,
    created_at            INTEGER NOT NULL,
    UNIQUE (factory_id, source_attachment_id)
);
CREATE INDEX attachments_order ON attachments (order_id);

CREATE TABLE reclamations (
    id                      INTEGER PRIMARY KEY,
    factory_id              INTEGER NOT NULL REFERENCES factories(id),
    dealer_id               INTEGER NOT NULL REFERENCES dealers(id),
    order_id                INTEGER NOT NULL REFERENCES orders(id),
    number                  TEXT NOT NULL UNIQUE,
    status                  TEXT NOT NULL,
    category                TEXT NOT NULL,
    description             TEXT NOT NULL,
    decision                TEXT,
    decision_amount_minor   INTEGER,
    decision_currency       TEXT,
    decision_reason         TEXT,
    assigned_to             INTEGER REFERENCES users(id),
    deadline_at             INTEGER,
    created_by              INTEGER NOT NULL REFERENCES users(id),
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL
);
CREATE INDEX reclamations_dealer ON reclamations (dealer_id, created_at DESC);
CREATE INDEX reclamations_queue ON reclamations (factory_id, status, deadline_at);

CREATE TABLE reclamation_constructions (
    reclamation_id   INTEGER NOT NULL REFERENCES reclamations(id),
    construction_id  INTEGER NOT NULL REFERENCES constructions(id),
    dealer_id        INTEGER NOT NULL REFERENCES dealers(id),
    PRIMARY KEY (reclamation_id, construction_id)
);

CREATE TABLE message_threads (
    id               INTEGER PRIMARY KEY,
    factory_id       INTEGER NOT NULL REFERENCES factories(id),
    dealer_id        INTEGER NOT NULL REFERENCES dealers(id),
    order_id         INTEGER REFERENCES orders(id),
    subject          TEXT NOT NULL,
    created_by       INTEGER NOT NULL REFERENCES users(id),
    created_at       INTEGER NOT NULL,
    last_message_at  INTEGER NOT NULL
);
CREATE INDEX threads_dealer ON message_threads (dealer_id, last_message_at DESC);

CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    thread_id   INTEGER NOT NULL REFERENCES message_threads(id),
    dealer_id   INTEGER NOT NULL REFERENCES dealers(id),
    author_id   INTEGER NOT NULL REFERENCES users(id),
    body        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX messages_thread ON messages (thread_id, id);

-- How far each person has read each thread: unread counts without scanning.
CREATE TABLE thread_reads (
    thread_id             INTEGER NOT NULL REFERENCES message_threads(id),
    user_id               INTEGER NOT NULL REFERENCES users(id),
    last_read_message_id  INTEGER NOT NULL,
    PRIMARY KEY (thread_id, user_id)
);

CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    link        TEXT,
    created_at  INTEGER NOT NULL,
    read_at     INTEGER
);
CREATE INDEX notifications_user ON notifications (user_id, id DESC);

CREATE TABLE news (
    id             INTEGER PRIMARY KEY,
    factory_id     INTEGER REFERENCES factories(id),
    title          TEXT NOT NULL,
    body_markdown  TEXT NOT NULL,
    published_at   INTEGER,
    author_id      INTEGER NOT NULL REFERENCES users(id),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX news_published ON news (published_at DESC);

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    actor_id     INTEGER REFERENCES users(id),
    action       TEXT NOT NULL,
    object_type  TEXT NOT NULL,
    object_id    TEXT NOT NULL,
    before_json  TEXT,
    after_json   TEXT,
    ip           TEXT
);
CREATE INDEX audit_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_object ON audit_log (object_type, object_id);

CREATE TABLE sync_sources (
    id          INTEGER PRIMARY KEY,
    factory_id  INTEGER NOT NULL REFERENCES factories(id),
    kind        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (factory_id, kind)
);

CREATE TABLE sync_keys (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES sync_sources(id),
    key_hash    TEXT NOT NULL UNIQUE,
    key_prefix  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);

-- Domain events (status changed, shipment scheduled, payment posted, ...)
-- written in the same transaction as the change; consumers keep their own
-- position in outbox_cursors.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    factory_id  INTEGER,
    dealer_id   INTEGER,
    payload     TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE outbox_cursors (
    consumer  TEXT PRIMARY KEY,
    position  INTEGER NOT NULL
);

-- Brand and other settings people change at run time.
CREATE TABLE settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);
