-- The managers' CRM (SPEC 4.2): a dealer's contact people and points of
-- sale, the logged contacts (calls, meetings, notes) of its history, and
-- the staff's tasks with their reminders. Keep in step with
-- ../postgres/0012_crm.sql.
CREATE TABLE dealer_contacts (
    id          INTEGER PRIMARY KEY,
    dealer_id   INTEGER NOT NULL REFERENCES dealers(id),
    name        TEXT NOT NULL,
    position    TEXT,
    phone       TEXT,
    email       TEXT,
    created_by  INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX dealer_contacts_of ON dealer_contacts (dealer_id, id);

CREATE TABLE dealer_points (
    id          INTEGER PRIMARY KEY,
    dealer_id   INTEGER NOT NULL REFERENCES dealers(id),
    name        TEXT NOT NULL,
    city        TEXT,
    address     TEXT,
    phone       TEXT,
    created_by  INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX dealer_points_of ON dealer_points (dealer_id, id);

CREATE TABLE crm_activities (
    id           INTEGER PRIMARY KEY,
    dealer_id    INTEGER NOT NULL REFERENCES dealers(id),
    author_id    INTEGER NOT NULL REFERENCES users(id),
    kind         TEXT NOT NULL CHECK (kind IN ('call', 'meeting', 'note')),
    body         TEXT NOT NULL,
    happened_at  INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX crm_activities_of ON crm_activities (dealer_id, happened_at DESC, id DESC);

CREATE TABLE tasks (
    id           INTEGER PRIMARY KEY,
    factory_id   INTEGER NOT NULL REFERENCES factories(id),
    dealer_id    INTEGER REFERENCES dealers(id),
    assignee_id  INTEGER NOT NULL REFERENCES users(id),
    author_id    INTEGER NOT NULL REFERENCES users(id),
    title        TEXT NOT NULL,
    due_at       INTEGER NOT NULL,
    done_at      INTEGER,
    reminded_at  INTEGER,
    created_at   INTEGER NOT NULL
);
CREATE INDEX tasks_of_assignee ON tasks (assignee_id, due_at, id);
CREATE INDEX tasks_of_dealer ON tasks (dealer_id, due_at);
-- The reminder worker's queue: open tasks not yet reminded, by due time.
CREATE INDEX tasks_to_remind ON tasks (due_at) WHERE done_at IS NULL AND reminded_at IS NULL;

-- The dealer list's search matches this: code, names, city and tax id in
-- lower case, made in Rust (SQLite's LOWER() knows only ASCII, and
-- Cyrillic names are the rule here). Filled for existing dealers by
-- Store::migrate, kept by the appliers.
ALTER TABLE dealers ADD COLUMN search_key TEXT NOT NULL DEFAULT '';

-- Orders that need attention: those of a factory in one status since
-- before a cutoff.
CREATE INDEX orders_status_age ON orders (factory_id, status, status_at);
