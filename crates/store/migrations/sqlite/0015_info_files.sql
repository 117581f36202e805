-- Files attached to factory information pages (price lists, catalogues,
-- certificates, colour charts): stored by content (blobs) like message
-- files; a reader may fetch one only through a page they can read. Keep
-- in step with ../postgres/0015_info_files.sql.
CREATE TABLE info_files (
    id            INTEGER PRIMARY KEY,
    page_id       INTEGER NOT NULL REFERENCES info_pages(id),
    sha256        TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size_bytes    INTEGER NOT NULL,
    file_name     TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX info_files_page ON info_files (page_id, id);
