-- What each day's ledger entries did to each dealer's balance (non-voided
-- entries, by the balance rule), kept by the appliers. A statement's
-- opening balance is the opening amount plus the days before its start:
-- at most a few hundred rows per dealer, however many entries there are.
-- Keep in step with ../postgres/0004_ledger_daily.sql.

CREATE TABLE ledger_daily (
    dealer_id  INTEGER NOT NULL REFERENCES dealers(id),
    day        TEXT NOT NULL,
    delta      INTEGER NOT NULL,
    PRIMARY KEY (dealer_id, day)
);

INSERT INTO ledger_daily (dealer_id, day, delta)
SELECT dealer_id, posted_on,
       SUM(CASE WHEN kind IN ('payment', 'compensation') THEN -amount_minor ELSE amount_minor END)
FROM ledger_entries
WHERE voided = 0
GROUP BY dealer_id, posted_on;
