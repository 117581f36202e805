//! `/staff/admin/users`: the administrator's directory of people — search,
//! add a person (who gets a one-time link to set a password), change a
//! plant person's role and factory, deactivate anyone but oneself. The
//! factories, sync sources and brand are in [`super::admin_setup`].

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
use dealerdesk_app::admin::{DirectoryLine, StaffChange};
use dealerdesk_app::users::{Created, NewUserInput};
use dealerdesk_domain::{Role, UserId};
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
pub struct Params {
    #[serde(default)]
    q: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    page: String,
    #[serde(default)]
    saved: String,
}

#[derive(Debug, Deserialize, Default, Clone)]
pub struct NewPerson {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    factory: String,
    #[serde(default)]
    dealer: String,
}

pub struct Person {
    pub href: String,
    pub name: String,
    pub email: String,
    pub role: String,
    pub place: String,
    pub active: bool,
    pub invited: bool,
}

/// (value, label, selected) of a `<select>`.
pub type Choice = (String, String, bool);

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    chrome: Chrome,
    tab: &'static str,
    q: String,
    roles: Vec<Choice>,
    factories: Vec<Choice>,
    people: Vec<Person>,
    total: i64,
    page: i64,
    pages: i64,
    prev: Option<String>,
    next: Option<String>,
    notice: Option<String>,
    link: Option<String>,
    error: Option<String>,
    form: NewPerson,
    new_roles: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "admin_user.html")]
struct UserPage {
    chrome: Chrome,
    tab: &'static str,
    id: i64,
    name: String,
    email: String,
    dealer: Option<String>,
    roles: Vec<Choice>,
    factories: Vec<Choice>,
    active: bool,
    is_self: bool,
    notice: Option<String>,
    error: Option<String>,
}

fn role_choices(t: Tr, chosen: &str, dealer_side: bool) -> Vec<Choice> {
    Role::ALL
        .iter()
        .filter(|r| r.is_dealer_side() == dealer_side)
        .map(|r| {
            (
                r.as_str().to_owned(),
                t.get(&format!("role.{}", r.as_str())).to_owned(),
                r.as_str() == chosen,
            )
        })
        .collect()
}

async fn factory_choices(state: &AppState, chosen: &str) -> Result<Vec<Choice>, WebError> {
    Ok(state
        .app
        .factories()
        .await?
        .into_iter()
        .map(|f| {
            let selected = f.code == chosen;
            (f.code, f.name, selected)
        })
        .collect())
}

fn person(t: Tr, l: &DirectoryLine) -> Person {
    let u = &l.user;
    Person {
        href: format!("/staff/admin/users/{}", u.id.0),
        name: u.display_name.clone(),
        email: u.email.as_str().to_owned(),
        role: t.get(&format!("role.{}", u.role.as_str())).to_owned(),
        place: match (&l.dealer_code, &l.factory_code) {
            (Some(d), _) => d.clone(),
            (None, Some(f)) => f.clone(),
            (None, None) => t.get("admin.every_factory").to_owned(),
        },
        active: u.active,
        invited: !u.has_password,
    }
}

async fn show_users(
    state: &AppState,
    who: &Authenticated,
    p: &Params,
    notice: Option<String>,
    link: Option<String>,
    error: Option<String>,
    form: NewPerson,
) -> Result<Response, WebError> {
    let mut chrome = Chrome::for_user(who, "admin", "");
    let t = chrome.t;
    chrome.title = t.get("admin.users").to_owned();
    let (dir, list_error) = match state
        .app
        .directory(&who.actor, &p.q, &p.role, &p.page)
        .await
    {
        Ok(d) => (Some(d), None),
        Err(AppError::Invalid(f)) => (None, Some(field_errors(t, None, &f))),
        Err(e) => return Err(e.into()),
    };
    let people = dir
        .as_ref()
        .map(|d| d.lines.iter().map(|l| person(t, l)).collect())
        .unwrap_or_default();
    let (page, pages, total) = dir
        .as_ref()
        .map(|d| (d.page, d.pages, d.total))
        .unwrap_or((1, 1, 0));
    let link_to = |n: i64| {
        format!(
            "/staff/admin/users?q={}&role={}&page={n}",
            super::orders::enc(&p.q),
            super::orders::enc(&p.role)
        )
    };
    let mut roles = vec![(
        String::new(),
        t.get("admin.any_role").to_owned(),
        p.role.is_empty(),
    )];
    roles.extend(role_choices(t, &p.role, false));
    roles.extend(role_choices(t, &p.role, true));
    let mut new_roles = role_choices(t, &form.role, false);
    new_roles.extend(role_choices(t, &form.role, true));
    let status = if error.is_some() || list_error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut r = render(&UsersPage {
        tab: "users",
        q: p.q.clone(),
        roles,
        factories: factory_choices(state, &form.factory).await?,
        people,
        total,
        page,
        pages,
        prev: (page > 1).then(|| link_to(page - 1)),
        next: (page < pages).then(|| link_to(page + 1)),
        notice,
        link,
        error: error.or(list_error),
        form,
        new_roles,
        chrome,
    })?;
    *r.status_mut() = status;
    Ok(r)
}

/// `GET /staff/admin/users`.
pub async fn users(
    State(state): State<AppState>,
    who: Authenticated,
    Query(p): Query<Params>,
) -> Result<Response, WebError> {
    let t = Tr(who.user.language);
    let notice = (p.saved == "1").then(|| t.get("admin.saved").to_owned());
    show_users(&state, &who, &p, notice, None, None, NewPerson::default()).await
}

/// `POST /staff/admin/users`: adds a person and shows their link once.
pub async fn create(
    State(state): State<AppState>,
    who: Authenticated,
    Form(f): Form<NewPerson>,
) -> Result<Response, WebError> {
    let t = Tr(who.user.language);
    let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    let input = NewUserInput {
        email: f.email.trim().to_owned(),
        display_name: opt(&f.name),
        role: f.role.clone(),
        dealer_code: Role::parse(&f.role)
            .ok()
            .filter(|r| r.is_dealer_side())
            .and(opt(&f.dealer)),
        factory_code: Role::parse(&f.role)
            .ok()
            .filter(|r| !r.is_dealer_side() && *r != Role::Admin)
            .and(opt(&f.factory)),
        password: None,
        language: None,
    };
    match state.app.admin_create_user(&who.actor, &input).await {
        Ok(Created::Invited { user, link }) => {
            let notice = t
                .get("admin.user_added")
                .replace("{email}", user.email.as_str());
            show_users(
                &state,
                &who,
                &Params::default(),
                Some(notice),
                Some(link),
                None,
                NewPerson::default(),
            )
            .await
        }
        Ok(Created::WithPassword(_)) => {
            Ok(Redirect::to("/staff/admin/users?saved=1").into_response())
        }
        Err(AppError::Invalid(fields)) => {
            let error = Some(field_errors(t, Some("admin"), &fields));
            show_users(&state, &who, &Params::default(), None, None, error, f).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct ChangeForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    factory: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    active: Option<String>,
}

async fn show_user(
    state: &AppState,
    who: &Authenticated,
    id: UserId,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Response, WebError> {
    let line = state.app.admin_user(&who.actor, id).await?;
    let mut chrome = Chrome::for_user(who, "admin", "");
    let t = chrome.t;
    let u = &line.user;
    chrome.title = u.display_name.clone();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut r = render(&UserPage {
        tab: "users",
        id: u.id.0,
        name: u.display_name.clone(),
        email: u.email.as_str().to_owned(),
        dealer: line.dealer_code.clone(),
        roles: role_choices(t, u.role.as_str(), u.role.is_dealer_side()),
        factories: factory_choices(state, line.factory_code.as_deref().unwrap_or("")).await?,
        active: u.active,
        is_self: u.id == who.actor.user_id,
        notice,
        error,
        chrome,
    })?;
    *r.status_mut() = status;
    Ok(r)
}

/// `GET /staff/admin/users/{id}`.
pub async fn user(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<i64>,
    Query(p): Query<Params>,
) -> Result<Response, WebError> {
    let t = Tr(who.user.language);
    let notice = (p.saved == "1").then(|| t.get("admin.saved").to_owned());
    show_user(&state, &who, UserId(id), notice, None).await
}

/// `POST /staff/admin/users/{id}`.
pub async fn change(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<i64>,
    Form(f): Form<ChangeForm>,
) -> Result<Response, WebError> {
    let change = StaffChange {
        role: f.role,
        factory: f.factory,
        active: f.active.is_some(),
    };
    match state
        .app
        .admin_change_user(&who.actor, UserId(id), &change)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/staff/admin/users/{id}?saved=1")).into_response()),
        Err(AppError::Invalid(fields)) => {
            let t = Tr(who.user.language);
            let error = Some(field_errors(t, Some("admin"), &fields));
            show_user(&state, &who, UserId(id), None, error).await
        }
        Err(e) => Err(e.into()),
    }
}
