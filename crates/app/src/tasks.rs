//! Tasks and reminders of the plant's people: "call back dealer X on
//! Tuesday at 10:00". A manager sets tasks for themselves; a head of sales
//! (and the administrator) may set one for any manager or head of sales of
//! the factory. When a task falls due, the reminder worker turns it into a
//! `task_reminder` event in the same transaction as it marks the task
//! reminded, and the notification fan-out tells the assignee: once.

use crate::crm::crm_dealer;
use crate::{App, AppError, Result};
use dealerdesk_domain::crm::{Task, task_title};
use dealerdesk_domain::policy::Capability;
use dealerdesk_domain::{Actor, FactoryId, InvalidValue, Role, TaskId, Timestamp, UserId};
use dealerdesk_store::Repos;
use dealerdesk_store::audit::NewAudit;
use dealerdesk_store::tasks::NewTask;
use serde_json::json;

/// Done tasks stay on the list this long.
const DONE_SHOWN_SECS: i64 = 7 * 86_400;
/// Tasks claimed per reminder transaction.
const REMIND_BATCH: i64 = 100;

/// The task form as typed. `due` is the browser's `datetime-local` value
/// (`2026-12-01T10:00`) in the factory's time zone.
#[derive(Debug, Clone, Default)]
pub struct TaskInput {
    pub title: String,
    pub due: String,
    pub dealer_code: String,
    /// Empty: the person setting it.
    pub assignee: String,
}

/// Reads `2026-12-01T10:00` (or with seconds) as a moment in `tz`.
pub fn parse_local(raw: &str, tz: &str) -> std::result::Result<Timestamp, InvalidValue> {
    let bad = || InvalidValue::new("due", "must be a date and time like 2026-12-01 10:00");
    let raw = raw.trim().replace(' ', "T");
    let civil: jiff::civil::DateTime = raw.parse().map_err(|_| bad())?;
    let zone = jiff::tz::TimeZone::get(tz).map_err(|_| bad())?;
    let zoned = civil.to_zoned(zone).map_err(|_| bad())?;
    Ok(Timestamp(zoned.timestamp().as_millisecond()))
}

impl App {
    /// Sets a task; returns its id.
    pub async fn create_task(&self, actor: &Actor, input: &TaskInput) -> Result<TaskId> {
        if !actor.can(Capability::DealerCrm) {
            return Err(AppError::Forbidden);
        }
        let mut tx = self.store.begin().await?;
        let mut errors = Vec::new();
        let title = task_title(&input.title).map_err(|e| errors.push(e)).ok();
        let code = input.dealer_code.trim();
        let dealer = if code.is_empty() {
            None
        } else {
            match crm_dealer(&mut tx, actor, code).await {
                Ok((d, _)) => Some(d),
                Err(AppError::NotFound) => {
                    errors.push(InvalidValue::new("dealer", "is not one of your dealers"));
                    None
                }
                Err(e) => return Err(e),
            }
        };
        let factory: Option<FactoryId> = dealer.as_ref().map(|d| d.factory_id).or(actor.factory());
        let Some(factory) = factory else {
            errors.push(InvalidValue::new(
                "dealer",
                "choose the dealer the task is about",
            ));
            return Err(errors.into());
        };
        let tz = self.timezone(Some(factory)).await?;
        let due = parse_local(&input.due, &tz)
            .map_err(|e| errors.push(e))
            .ok();
        // A minute's grace for the time it took to fill the form in.
        if due.is_some_and(|d| d < Timestamp::now().plus_seconds(-60)) {
            errors.push(InvalidValue::new("due", "must not be in the past"));
        }
        let assignee = match input.assignee.trim() {
            "" => Some(actor.user_id),
            raw => match raw.parse::<i64>() {
                Ok(id) if id == actor.user_id.0 => Some(actor.user_id),
                Ok(id) if actor.role != Role::Manager => {
                    let ok = tx.users().by_id(UserId(id)).await?.filter(|u| {
                        u.active
                            && u.factory_id == Some(factory)
                            && matches!(u.role, Role::Manager | Role::HeadOfSales)
                    });
                    if ok.is_none() {
                        errors.push(InvalidValue::new(
                            "assignee",
                            "is not a manager of this factory",
                        ));
                    }
                    ok.map(|u| u.id)
                }
                Ok(_) => {
                    errors.push(InvalidValue::new(
                        "assignee",
                        "a manager sets tasks for themselves",
                    ));
                    None
                }
                Err(_) => {
                    errors.push(InvalidValue::new(
                        "assignee",
                        "is not a manager of this factory",
                    ));
                    None
                }
            },
        };
        let (Some(title), Some(due), Some(assignee), true) =
            (title, due, assignee, errors.is_empty())
        else {
            return Err(errors.into());
        };
        let id = tx
            .tasks()
            .insert(&NewTask {
                factory,
                dealer: dealer.as_ref().map(|d| d.id),
                assignee,
                author: actor.user_id,
                title: title.clone(),
                due_at: due,
            })
            .await?;
        tx.audit()
            .record(&NewAudit {
                actor_id: Some(actor.user_id),
                action: "task.created",
                object_type: "task",
                object_id: id.to_string(),
                after: Some(
                    json!({"title": title, "due_at": due.rfc3339(), "assignee": assignee.0,
                           "dealer": dealer.as_ref().map(|d| d.code.clone())})
                    .to_string(),
                ),
                ..Default::default()
            })
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The person's open tasks (due first) and those done this week.
    pub async fn my_tasks(&self, actor: &Actor) -> Result<Vec<Task>> {
        if !actor.can(Capability::DealerCrm) {
            return Err(AppError::Forbidden);
        }
        let since = Timestamp::now().plus_seconds(-DONE_SHOWN_SECS);
        let mut c = self.store.read().await?;
        Ok(c.tasks().of_assignee(actor.user_id, since, 200).await?)
    }

    /// The people a task can be set for, for the form: only the actor
    /// for a manager; the factory's managers and heads of sales otherwise.
    pub async fn task_assignees(&self, actor: &Actor) -> Result<Vec<(UserId, String)>> {
        if !actor.can(Capability::DealerCrm) {
            return Err(AppError::Forbidden);
        }
        let mut c = self.store.read().await?;
        let (Some(factory), false) = (actor.factory(), actor.role == Role::Manager) else {
            let me = c
                .users()
                .by_id(actor.user_id)
                .await?
                .ok_or(AppError::NotFound)?;
            return Ok(vec![(me.id, me.display_name)]);
        };
        let mut people = Vec::new();
        for role in [Role::Manager, Role::HeadOfSales] {
            for u in c.users().staff(factory, role).await? {
                if u.active {
                    people.push((u.id, u.display_name));
                }
            }
        }
        people.sort_by(|a, b| (a.0 != actor.user_id, &a.1).cmp(&(b.0 != actor.user_id, &b.1)));
        Ok(people)
    }

    /// Marks a task done. Its assignee and its author may; so may a head
    /// of sales of its factory and the administrator. Anyone else: "not
    /// found". Done twice is refused, not recorded twice.
    pub async fn complete_task(&self, actor: &Actor, id: TaskId) -> Result<()> {
        if !actor.can(Capability::DealerCrm) {
            return Err(AppError::Forbidden);
        }
        let mut tx = self.store.begin().await?;
        let (task, factory) = tx.tasks().get(id).await?.ok_or(AppError::NotFound)?;
        let allowed = task.assignee_id == actor.user_id
            || task.author_id == actor.user_id
            || (actor.role == Role::HeadOfSales && actor.factory() == Some(factory))
            || actor.role == Role::Admin;
        if !allowed {
            return Err(AppError::NotFound);
        }
        let now = Timestamp::now();
        if !tx.tasks().complete(id, now).await? {
            return Err(AppError::Conflict("this task is already done".into()));
        }
        tx.audit()
            .record(&NewAudit {
                actor_id: Some(actor.user_id),
                action: "task.done",
                object_type: "task",
                object_id: id.to_string(),
                before: Some(json!({"done": false}).to_string()),
                after: Some(json!({"done": true, "on_time": now <= task.due_at}).to_string()),
                ..Default::default()
            })
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Turns tasks that fell due into `task_reminder` events (one batch);
    /// returns how many. The claim and the events commit together.
    pub async fn remind_due_tasks(&self) -> Result<usize> {
        let mut tx = self.store.begin().await?;
        let due = tx.tasks().claim_due(Timestamp::now(), REMIND_BATCH).await?;
        for d in &due {
            // On the claim's transaction, not a second connection.
            let tz = self.factory_on(&mut tx, d.factory).await?.timezone;
            let t = &d.task;
            let payload = json!({
                "task_id": t.id.0,
                "title": t.title,
                "due_at": t.due_at.0,
                "tz": tz,
                "assignee_id": t.assignee_id.0,
                "dealer_code": t.dealer.as_ref().map(|x| x.1.clone()),
                "dealer_name": t.dealer.as_ref().map(|x| x.2.clone()),
            });
            tx.outbox()
                .append(
                    "task_reminder",
                    Some(d.factory),
                    t.dealer.as_ref().map(|x| x.0),
                    &payload,
                )
                .await?;
        }
        tx.commit().await?;
        Ok(due.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_are_read_in_the_factory_zone() {
        // Kyiv is UTC+2 in winter.
        let t = parse_local("2026-12-01T10:00", "Europe/Kyiv").expect("ok");
        assert_eq!(t.rfc3339(), "2026-12-01T08:00:00.000Z");
        assert_eq!(parse_local("2026-12-01 10:00", "Europe/Kyiv"), Ok(t));
        assert!(parse_local("tomorrow", "Europe/Kyiv").is_err());
        assert!(parse_local("2026-13-01T10:00", "Europe/Kyiv").is_err());
    }
}
