-- The funnel of prospective dealers (SPEC 4.2): a lead moves lead →
-- qualified → negotiation → contract signed → active dealer, or is lost
-- with a reason. Every move is kept in lead_moves, so conversion per stage
-- counts the leads that ever reached it. Keep in step with
-- ../postgres/0013_leads.sql.
CREATE TABLE leads (
    id            INTEGER PRIMARY KEY,
    factory_id    INTEGER NOT NULL REFERENCES factories(id),
    company       TEXT NOT NULL,
    contact_name  TEXT,
    phone         TEXT,
    email         TEXT,
    city          TEXT,
    region        TEXT,
    note          TEXT,
    source        TEXT NOT NULL CHECK (source IN ('website', 'import', 'manual')),
    stage         TEXT NOT NULL,
    lost_reason   TEXT,
    manager_id    INTEGER REFERENCES users(id),
    dealer_id     INTEGER REFERENCES dealers(id),
    created_at    INTEGER NOT NULL,
    stage_at      INTEGER NOT NULL
);
CREATE INDEX leads_of_factory ON leads (factory_id, stage, stage_at DESC);

CREATE TABLE lead_moves (
    id          INTEGER PRIMARY KEY,
    lead_id     INTEGER NOT NULL REFERENCES leads(id),
    from_stage  TEXT,
    to_stage    TEXT NOT NULL,
    by_user     INTEGER REFERENCES users(id),
    at          INTEGER NOT NULL
);
CREATE INDEX lead_moves_of ON lead_moves (lead_id, id);
CREATE INDEX lead_moves_to ON lead_moves (to_stage, lead_id);
