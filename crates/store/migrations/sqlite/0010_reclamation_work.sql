-- Reclamations worked on by both sides (SPEC 4.1, 4.2): defect categories
-- with their deadline norms, the photos a dealer files, the comment thread,
-- and every status move with who made it. The reclamations table itself is
-- in 0001. Keep in step with ../postgres/0010_reclamation_work.sql.

-- A category's norm: a reclamation of it is due this many days after it
-- was filed. Names are translated by code in the pages.
CREATE TABLE reclamation_categories (
    code           TEXT PRIMARY KEY,
    deadline_days  INTEGER NOT NULL,
    position       INTEGER NOT NULL
);
INSERT INTO reclamation_categories (code, deadline_days, position) VALUES
    ('glass', 5, 1),
    ('profile', 7, 2),
    ('fittings', 5, 3),
    ('dimensions', 10, 4),
    ('colour', 10, 5),
    ('missing_parts', 3, 6),
    ('damaged_in_transit', 3, 7),
    ('other', 10, 8);

-- Photos are stored by content (blobs); this says whose they are.
CREATE TABLE reclamation_photos (
    id              INTEGER PRIMARY KEY,
    reclamation_id  INTEGER NOT NULL REFERENCES reclamations(id),
    dealer_id       INTEGER NOT NULL REFERENCES dealers(id),
    sha256          TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    size_bytes      INTEGER NOT NULL,
    file_name       TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX reclamation_photos_of ON reclamation_photos (reclamation_id, id);

CREATE TABLE reclamation_comments (
    id              INTEGER PRIMARY KEY,
    reclamation_id  INTEGER NOT NULL REFERENCES reclamations(id),
    dealer_id       INTEGER NOT NULL REFERENCES dealers(id),
    author_id       INTEGER NOT NULL REFERENCES users(id),
    body            TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX reclamation_comments_of ON reclamation_comments (reclamation_id, id);

-- Every move: filed (from_status NULL), reviewed, asked, answered, decided,
-- closed. The time to a decision and the timeline come from here.
CREATE TABLE reclamation_history (
    id              INTEGER PRIMARY KEY,
    reclamation_id  INTEGER NOT NULL REFERENCES reclamations(id),
    dealer_id       INTEGER NOT NULL REFERENCES dealers(id),
    from_status     TEXT,
    to_status       TEXT NOT NULL,
    actor_id        INTEGER NOT NULL REFERENCES users(id),
    at              INTEGER NOT NULL
);
CREATE INDEX reclamation_history_of ON reclamation_history (reclamation_id, id);

CREATE INDEX reclamations_order ON reclamations (order_id);
CREATE INDEX reclamations_factory_created ON reclamations (factory_id, created_at);
