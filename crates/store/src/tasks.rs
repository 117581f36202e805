//! Tasks and reminders of the plant's people ("call back dealer X on
//! Tuesday at 10:00"). The reminder worker claims due tasks with one
//! conditional UPDATE, so on several nodes a task is reminded once.

use crate::Result;
use crate::row::RowExt;
use dealerdesk_domain::crm::Task;
use dealerdesk_domain::{DealerId, DealerScope, FactoryId, TaskId, Timestamp, UserId};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

pub struct Tasks<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

#[derive(Debug, Clone)]
pub struct NewTask {
    pub factory: FactoryId,
    pub dealer: Option<DealerId>,
    pub assignee: UserId,
    pub author: UserId,
    pub title: String,
    pub due_at: Timestamp,
}

/// A task the reminder worker has just claimed, with what its text needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueTask {
    pub task: Task,
    pub factory: FactoryId,
}

const COLS: &str = "t.id, t.title, t.due_at, t.done_at, t.assignee_id, a.display_name AS assignee_name, t.author_id, t.factory_id, \
                    t.dealer_id, d.code AS dealer_code, d.name AS dealer_name \
                    FROM tasks t JOIN users a ON a.id = t.assignee_id LEFT JOIN dealers d ON d.id = t.dealer_id";

fn from_row(r: &AnyRow) -> Result<Task> {
    let dealer = match r.opt_i64("dealer_id")? {
        Some(id) => Some((
            DealerId(id),
            r.string("dealer_code")?,
            r.string("dealer_name")?,
        )),
        None => None,
    };
    Ok(Task {
        id: TaskId(r.i64("id")?),
        title: r.string("title")?,
        due_at: r.ts("due_at")?,
        done_at: r.opt_ts("done_at")?,
        assignee_id: UserId(r.i64("assignee_id")?),
        assignee_name: r.string("assignee_name")?,
        author_id: UserId(r.i64("author_id")?),
        dealer,
    })
}

impl Tasks<'_> {
    pub async fn insert(&mut self, t: &NewTask) -> Result<TaskId> {
        Ok(TaskId(
            sqlx::query_scalar("INSERT INTO tasks (factory_id, dealer_id, assignee_id, author_id, title, due_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
                .bind(t.factory.0)
                .bind(t.dealer.map(|d| d.0))
                .bind(t.assignee.0)
                .bind(t.author.0)
                .bind(&t.title)
                .bind(t.due_at.0)
                .bind(Timestamp::now().0)
                .fetch_one(&mut *self.c)
                .await?,
        ))
    }

    /// A task and its factory, for a permission decision.
    pub async fn get(&mut self, id: TaskId) -> Result<Option<(Task, FactoryId)>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLS} WHERE t.id = $1"
        )))
        .bind(id.0)
        .fetch_optional(&mut *self.c)
        .await?;
        row.map(|r| Ok((from_row(&r)?, FactoryId(r.i64("factory_id")?))))
            .transpose()
    }

    /// A person's open tasks by due time (overdue ones first by nature),
    /// then those done since `done_since`, latest first.
    pub async fn of_assignee(
        &mut self,
        user: UserId,
        done_since: Timestamp,
        limit: i64,
    ) -> Result<Vec<Task>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLS} WHERE t.assignee_id = $1 AND (t.done_at IS NULL OR t.done_at >= $2) \
             ORDER BY CASE WHEN t.done_at IS NULL THEN 0 ELSE 1 END, \
             CASE WHEN t.done_at IS NULL THEN t.due_at ELSE -t.done_at END, t.id LIMIT $3"
        )))
        .bind(user.0)
        .bind(done_since.0)
        .bind(limit)
        .fetch_all(&mut *self.c)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// The open tasks about one dealer, by due time.
    pub async fn open_of_dealer(&mut self, scope: &DealerScope) -> Result<Vec<Task>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLS} WHERE t.dealer_id = $1 AND t.done_at IS NULL ORDER BY t.due_at, t.id LIMIT 100"
        )))
        .bind(scope.dealer().0)
        .fetch_all(&mut *self.c)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// Open tasks of a person past `now` (the dashboard's count).
    pub async fn count_overdue(&mut self, user: UserId, now: Timestamp) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM tasks WHERE assignee_id = $1 AND done_at IS NULL AND due_at < $2",
        )
        .bind(user.0)
        .bind(now.0)
        .fetch_one(&mut *self.c)
        .await?)
    }

    /// Marks a task done; `false` if it was done already.
    pub async fn complete(&mut self, id: TaskId, at: Timestamp) -> Result<bool> {
        let n = sqlx::query("UPDATE tasks SET done_at = $1 WHERE id = $2 AND done_at IS NULL")
            .bind(at.0)
            .bind(id.0)
            .execute(&mut *self.c)
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    /// Claims up to `limit` open tasks due by `now` that were not reminded
    /// yet, and returns them. The outer condition is checked again on the
    /// row a concurrent claimer just changed (PostgreSQL re-reads it after
    /// the lock), so two nodes never claim the same task.
    pub async fn claim_due(&mut self, now: Timestamp, limit: i64) -> Result<Vec<DueTask>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "UPDATE tasks SET reminded_at = $1 WHERE reminded_at IS NULL AND done_at IS NULL AND id IN \
             (SELECT id FROM tasks WHERE done_at IS NULL AND reminded_at IS NULL AND due_at <= $1 ORDER BY due_at LIMIT $2) \
             RETURNING id",
        )
        .bind(now.0)
        .bind(limit)
        .fetch_all(&mut *self.c)
        .await?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLS} WHERE t.id IN ({})",
            crate::syncbatch::list(1, ids.len())
        )));
        for id in &ids {
            q = q.bind(*id);
        }
        let mut out = q
            .fetch_all(&mut *self.c)
            .await?
            .iter()
            .map(|r| {
                Ok(DueTask {
                    task: from_row(r)?,
                    factory: FactoryId(r.i64("factory_id")?),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        out.sort_by_key(|d| (d.task.due_at, d.task.id));
        Ok(out)
    }
}
