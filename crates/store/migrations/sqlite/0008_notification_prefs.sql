-- What each person wants to hear about, and where (SPEC 4.4: settings per
-- event type and channel). Everything is on by default; a row records a
-- choice that differs (today: a channel turned off for an event type).
-- Keep in step with ../postgres/0008_notification_prefs.sql.

CREATE TABLE notification_prefs (
    user_id  INTEGER NOT NULL REFERENCES users(id),
    kind     TEXT NOT NULL,
    channel  TEXT NOT NULL,
    enabled  INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind, channel)
);

-- Notifications start when this arrives: events already in the outbox are
-- history, not news (a fresh database starts at 0).
INSERT INTO outbox_cursors (consumer, position)
SELECT 'notifications', COALESCE(MAX(id), 0) FROM outbox WHERE true
ON CONFLICT (consumer) DO NOTHING;
