//! Many contact people or leads at once, for the file import: one
//! multi-row `INSERT` per chunk instead of a round trip per row (on
//! PostgreSQL the round trips were most of an import's time).

use super::SyncBatch;
use crate::Result;
use crate::row::RowExt;
use dealerdesk_domain::crm::NewContact;
use dealerdesk_domain::lead::{LeadSource, NewLead};
use dealerdesk_domain::{DealerScope, FactoryId, Timestamp};

impl SyncBatch<'_> {
    /// Adds contact people, each to the dealer of its scope.
    pub async fn insert_contacts(&mut self, rows: &[(DealerScope, NewContact)]) -> Result<()> {
        let now = Timestamp::now().0;
        self.exec_rows(
            "INSERT INTO dealer_contacts (dealer_id, name, position, phone, email, created_by, created_at) VALUES ",
            "",
            7,
            rows,
            |q, (scope, c)| {
                q.bind(scope.dealer().0)
                    .bind(c.name.as_str())
                    .bind(c.position.as_deref())
                    .bind(c.phone.as_ref().map(|p| p.as_str()))
                    .bind(c.email.as_ref().map(|e| e.as_str()))
                    .bind(None::<i64>)
                    .bind(now)
            },
        )
        .await
    }

    /// Adds leads at the first stage of the funnel, each with its first
    /// move (the moves are alike, so the order `RETURNING` gives the ids
    /// in does not matter).
    pub async fn insert_leads(
        &mut self,
        factory: FactoryId,
        rows: &[(NewLead, LeadSource)],
    ) -> Result<()> {
        let now = Timestamp::now().0;
        let returned = self
            .fetch_rows(
                "INSERT INTO leads (factory_id, company, contact_name, phone, email, city, region, note, source, stage, created_at, stage_at) VALUES ",
                " RETURNING id",
                12,
                rows,
                |q, (l, source)| {
                    q.bind(factory.0)
                        .bind(l.company.as_str())
                        .bind(l.contact_name.as_deref())
                        .bind(l.phone.as_ref().map(|p| p.as_str()))
                        .bind(l.email.as_ref().map(|e| e.as_str()))
                        .bind(l.city.as_deref())
                        .bind(l.region.as_deref())
                        .bind(l.note.as_deref())
                        .bind(source.as_str())
                        .bind("lead")
                        .bind(now)
                        .bind(now)
                },
            )
            .await?;
        let ids: Vec<i64> = returned
            .iter()
            .map(|r| r.i64("id"))
            .collect::<Result<_>>()?;
        self.exec_rows(
            "INSERT INTO lead_moves (lead_id, from_stage, to_stage, by_user, at) VALUES ",
            "",
            5,
            &ids,
            |q, id| {
                q.bind(*id)
                    .bind(None::<String>)
                    .bind("lead")
                    .bind(None::<i64>)
                    .bind(now)
            },
        )
        .await
    }
}
