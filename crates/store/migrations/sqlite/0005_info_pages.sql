-- Factory information a dealer reads: the reference directory (products,
-- profile systems, colours, documents), the work schedule and the contacts.
-- Pages are Markdown, written by a content manager (issue 6), for one
-- factory or (factory_id NULL) for all. A draft has no published_at.
-- Keep in step with ../postgres/0005_info_pages.sql.

CREATE TABLE info_pages (
    id             INTEGER PRIMARY KEY,
    factory_id     INTEGER REFERENCES factories(id),
    section        TEXT NOT NULL,
    topic          TEXT,
    slug           TEXT NOT NULL,
    title          TEXT NOT NULL,
    body_markdown  TEXT NOT NULL,
    position       INTEGER NOT NULL DEFAULT 0,
    published_at   INTEGER,
    author_id      INTEGER REFERENCES users(id),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX info_pages_slug ON info_pages (slug, factory_id);
CREATE INDEX info_pages_section ON info_pages (section, position);

-- News are listed newest first per factory.
CREATE INDEX news_factory_published ON news (factory_id, published_at DESC, id DESC);
