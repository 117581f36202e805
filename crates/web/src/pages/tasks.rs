//! `/staff/tasks`: the person's tasks and reminders, overdue ones marked,
//! with the form that sets a new one ("call back dealer X on Tuesday at
//! 10:00") and a button that marks one done.

use super::chrome::Chrome;
use super::{field_errors, render};
use crate::i18n::Tr;
use crate::principal::Authenticated;
use crate::{AppState, WebError};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dealerdesk_app::AppError;
use dealerdesk_app::tasks::TaskInput;
use dealerdesk_domain::{TaskId, Timestamp};
use dealerdesk_i18n::fmt;
use serde::Deserialize;

pub struct Line {
    pub id: i64,
    pub title: String,
    pub due: String,
    pub overdue: bool,
    pub done: Option<String>,
    pub dealer: Option<(String, String)>,
    pub assignee: String,
}

#[derive(Template)]
#[template(path = "tasks.html")]
struct TasksPage {
    chrome: Chrome,
    open: Vec<Line>,
    done: Vec<Line>,
    overdue: usize,
    assignees: Vec<(i64, String, bool)>,
    notice: Option<String>,
    error: Option<String>,
    title: String,
    due: String,
    dealer: String,
}

#[derive(Debug, Deserialize, Default)]
pub struct Params {
    done: Option<String>,
    #[serde(default)]
    dealer: String,
}

#[derive(Debug, Deserialize, Default)]
pub struct TaskForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    due: String,
    #[serde(default)]
    dealer: String,
    #[serde(default)]
    assignee: String,
}

async fn show(
    state: &AppState,
    who: &Authenticated,
    notice: Option<String>,
    error: Option<String>,
    form: TaskForm,
) -> Result<Response, WebError> {
    let tasks = state.app.my_tasks(&who.actor).await?;
    let people = state.app.task_assignees(&who.actor).await?;
    let mut chrome = Chrome::for_user(who, "tasks", "");
    let t = chrome.t;
    chrome.title = t.get("tasks.title").to_owned();
    let tz = state.app.timezone(who.actor.factory()).await?;
    let now = Timestamp::now();
    let line = |k: &dealerdesk_domain::crm::Task| Line {
        id: k.id.0,
        title: k.title.clone(),
        due: fmt::datetime(t.0, k.due_at, &tz),
        overdue: k.overdue(now),
        done: k.done_at.map(|d| fmt::datetime(t.0, d, &tz)),
        dealer: k.dealer.as_ref().map(|(_, code, name)| {
            (
                format!("/staff/dealers/{}", super::orders::enc(code)),
                name.clone(),
            )
        }),
        assignee: k.assignee_name.clone(),
    };
    let open: Vec<Line> = tasks
        .iter()
        .filter(|k| k.done_at.is_none())
        .map(line)
        .collect();
    let done: Vec<Line> = tasks
        .iter()
        .filter(|k| k.done_at.is_some())
        .map(line)
        .collect();
    let chosen = form.assignee.trim().parse::<i64>().ok();
    let assignees = people
        .iter()
        .map(|(id, name)| (id.0, name.clone(), chosen == Some(id.0)))
        .collect();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut r = render(&TasksPage {
        overdue: open.iter().filter(|l| l.overdue).count(),
        open,
        done,
        assignees,
        notice,
        error,
        title: form.title,
        due: form.due,
        dealer: form.dealer,
        chrome,
    })?;
    *r.status_mut() = status;
    Ok(r)
}

/// `GET /staff/tasks`.
pub async fn list(
    State(state): State<AppState>,
    who: Authenticated,
    Query(p): Query<Params>,
) -> Result<Response, WebError> {
    let t = Tr(who.user.language);
    let notice = match p.done.as_deref() {
        Some(k @ ("created" | "done")) => Some(t.get(&format!("tasks.saved.{k}")).to_owned()),
        _ => None,
    };
    let form = TaskForm {
        dealer: p.dealer,
        ..TaskForm::default()
    };
    show(&state, &who, notice, None, form).await
}

/// `POST /staff/tasks`.
pub async fn create(
    State(state): State<AppState>,
    who: Authenticated,
    Form(f): Form<TaskForm>,
) -> Result<Response, WebError> {
    let input = TaskInput {
        title: f.title.clone(),
        due: f.due.clone(),
        dealer_code: f.dealer.clone(),
        assignee: f.assignee.clone(),
    };
    match state.app.create_task(&who.actor, &input).await {
        Ok(_) => Ok(Redirect::to("/staff/tasks?done=created").into_response()),
        Err(AppError::Invalid(fields)) => {
            let t = Tr(who.user.language);
            let error = Some(field_errors(t, Some("tasks"), &fields));
            show(&state, &who, None, error, f).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /staff/tasks/{id}/done`.
pub async fn done(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    state.app.complete_task(&who.actor, TaskId(id)).await?;
    Ok(Redirect::to("/staff/tasks?done=done").into_response())
}
