-- Files attached to messages (SPEC 4.1): stored by content (blobs); this
-- says which message carries them and whose they are. Keep in step with
-- ../postgres/0011_message_files.sql.
CREATE TABLE message_files (
    id            INTEGER PRIMARY KEY,
    message_id    INTEGER NOT NULL REFERENCES messages(id),
    thread_id     INTEGER NOT NULL REFERENCES message_threads(id),
    dealer_id     INTEGER NOT NULL REFERENCES dealers(id),
    sha256        TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size_bytes    INTEGER NOT NULL,
    file_name     TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX message_files_of ON message_files (thread_id, message_id, id);
