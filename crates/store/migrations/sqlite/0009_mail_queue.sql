-- Notifications by e-mail (SPEC 4.4): each notification a person wants by
-- e-mail waits in mail_items; a person's waiting items are gathered into one
-- e-mail once the oldest has waited the coalescing window (a burst of status
-- changes is one message listing them). The e-mail is rendered once, in the
-- person's language, and kept as sent, so every retry sends the same bytes
-- with the same Message-ID and a delivered e-mail is never sent again.
-- Keep in step with ../postgres/0009_mail_queue.sql.

CREATE TABLE emails (
    id               INTEGER PRIMARY KEY,
    user_id          INTEGER NOT NULL REFERENCES users(id),
    to_address       TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    items            INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    -- Tries so far; the next is not before next_attempt_at (a claim moves
    -- it forward by a lease, so a sender that dies mid-send is retried).
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    sent_at          INTEGER,
    -- Given up: a permanent refusal or too many tries.
    failed_at        INTEGER,
    last_error       TEXT
);
CREATE INDEX emails_due ON emails (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX emails_user ON emails (user_id, id);

CREATE TABLE mail_items (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    link        TEXT,
    -- When the event happened, and when it was queued (the window counts
    -- from the queueing: an old event synced late is still news).
    event_at    INTEGER NOT NULL,
    queued_at   INTEGER NOT NULL,
    email_id    INTEGER REFERENCES emails(id)
);
CREATE INDEX mail_items_waiting ON mail_items (user_id, id) WHERE email_id IS NULL;
CREATE INDEX mail_items_email ON mail_items (email_id);
