//! The administrator's set-up screens: `/staff/admin/factories` (the
//! plant's factories, add one), `/staff/admin/sources` (the production and
//! accounting systems' sync sources: register, issue another key, revoke
//! a key — a new key is shown once, never again) and `/staff/admin/brand`
//! (the brand's colours).

use super::chrome::Chrome;
use super::{field_errors, render};
use crate::i18n::Tr;
use crate::principal::Authenticated;
use crate::{AppState, WebError};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dealerdesk_app::AppError;
use dealerdesk_i18n::fmt;
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
pub struct Saved {
    #[serde(default)]
    saved: String,
}

fn notice(t: Tr, s: &Saved) -> Option<String> {
    (s.saved == "1").then(|| t.get("admin.saved").to_owned())
}

fn with_status(mut r: Response, failed: bool) -> Response {
    if failed {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

// ---- Factories ----

#[derive(Debug, Deserialize, Default)]
pub struct FactoryForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    timezone: String,
}

#[derive(Template)]
#[template(path = "admin_factories.html")]
struct FactoriesPage {
    chrome: Chrome,
    tab: &'static str,
    factories: Vec<(String, String, String)>,
    notice: Option<String>,
    error: Option<String>,
    form: FactoryForm,
}

async fn show_factories(
    state: &AppState,
    who: &Authenticated,
    notice: Option<String>,
    error: Option<String>,
    form: FactoryForm,
) -> Result<Response, WebError> {
    // The list is the administrator's: check before reading it.
    if !who
        .actor
        .can(dealerdesk_domain::policy::Capability::Administration)
    {
        return Err(AppError::Forbidden.into());
    }
    let mut chrome = Chrome::for_user(who, "admin", "");
    chrome.title = chrome.t.get("admin.factories").to_owned();
    let factories = state
        .app
        .factories()
        .await?
        .into_iter()
        .map(|f| (f.code, f.name, f.timezone))
        .collect();
    let failed = error.is_some();
    Ok(with_status(
        render(&FactoriesPage {
            tab: "factories",
            chrome,
            factories,
            notice,
            error,
            form,
        })?,
        failed,
    ))
}

/// `GET /staff/admin/factories`.
pub async fn factories(
    State(state): State<AppState>,
    who: Authenticated,
    Query(s): Query<Saved>,
) -> Result<Response, WebError> {
    let t = Tr(who.user.language);
    show_factories(&state, &who, notice(t, &s), None, FactoryForm::default()).await
}

/// `POST /staff/admin/factories`.
pub async fn add_factory(
    State(state): State<AppState>,
    who: Authenticated,
    Form(f): Form<FactoryForm>,
) -> Result<Response, WebError> {
    match state
        .app
        .admin_add_factory(&who.actor, &f.code, &f.name, &f.timezone)
        .await
    {
        Ok(_) => Ok(Redirect::to("/staff/admin/factories?saved=1").into_response()),
        Err(AppError::Invalid(fields)) => {
            let t = Tr(who.user.language);
            let error = Some(field_errors(t, Some("admin"), &fields));
            show_factories(&state, &who, None, error, f).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---- Sync sources ----

pub struct SourceRow {
    pub factory: String,
    pub kind: String,
    pub kind_label: String,
    pub keys: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "admin_sources.html")]
struct SourcesPage {
    chrome: Chrome,
    tab: &'static str,
    sources: Vec<SourceRow>,
    factories: Vec<(String, String)>,
    /// A key just issued: (factory, kind, key). Shown this once.
    issued: Option<(String, String, String)>,
    notice: Option<String>,
    error: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct SourceForm {
    #[serde(default)]
    factory: String,
    #[serde(default)]
    kind: String,
    /// `add` or `rotate` (issuing), or the prefix of the key to revoke.
    #[serde(default)]
    action: String,
    #[serde(default)]
    prefix: String,
}

async fn show_sources(
    state: &AppState,
    who: &Authenticated,
    issued: Option<(String, String, String)>,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Response, WebError> {
    let lines = state.app.admin_sources(&who.actor).await?;
    let tz = state.app.timezone(None).await?;
    let mut chrome = Chrome::for_user(who, "admin", "");
    let t = chrome.t;
    chrome.title = t.get("admin.sources").to_owned();
    let sources = lines
        .into_iter()
        .map(|l| SourceRow {
            factory: l.factory_code,
            kind: l.source.kind.as_str().to_owned(),
            kind_label: t
                .get(&format!("admin.kind.{}", l.source.kind.as_str()))
                .to_owned(),
            keys: l
                .keys
                .into_iter()
                .map(|(prefix, at)| (prefix, fmt::datetime(t.0, at, &tz)))
                .collect(),
        })
        .collect();
    let factories = state
        .app
        .factories()
        .await?
        .into_iter()
        .map(|f| (f.code, f.name))
        .collect();
    let failed = error.is_some();
    // A page with a key on it is never stored by a browser or a proxy.
    let mut r = with_status(
        render(&SourcesPage {
            tab: "sources",
            chrome,
            sources,
            factories,
            issued,
            notice,
            error,
        })?,
        failed,
    );
    r.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(r)
}

/// `GET /staff/admin/sources`.
pub async fn sources(
    State(state): State<AppState>,
    who: Authenticated,
    Query(s): Query<Saved>,
) -> Result<Response, WebError> {
    let t = Tr(who.user.language);
    show_sources(&state, &who, None, notice(t, &s), None).await
}

/// `POST /staff/admin/sources`: registers a source or issues another key.
pub async fn issue_key(
    State(state): State<AppState>,
    who: Authenticated,
    Form(f): Form<SourceForm>,
) -> Result<Response, WebError> {
    let t = Tr(who.user.language);
    let rotate = match f.action.as_str() {
        "add" => false,
        "rotate" => true,
        _ => {
            return Err(AppError::invalid("action", "must be add or rotate").into());
        }
    };
    match state
        .app
        .admin_issue_key(&who.actor, &f.factory, &f.kind, rotate)
        .await
    {
        Ok(k) => {
            let issued = Some((f.factory.clone(), k.source.kind.as_str().to_owned(), k.key));
            show_sources(&state, &who, issued, None, None).await
        }
        Err(AppError::Invalid(fields)) => {
            let error = Some(field_errors(t, Some("admin"), &fields));
            show_sources(&state, &who, None, None, error).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /staff/admin/sources/revoke`: ends one key.
pub async fn revoke_key(
    State(state): State<AppState>,
    who: Authenticated,
    Form(f): Form<SourceForm>,
) -> Result<Response, WebError> {
    match state
        .app
        .admin_revoke_key(&who.actor, &f.factory, &f.kind, &f.prefix)
        .await
    {
        Ok(()) => Ok(Redirect::to("/staff/admin/sources?saved=1").into_response()),
        Err(AppError::Invalid(fields)) => {
            let t = Tr(who.user.language);
            let error = Some(field_errors(t, Some("admin"), &fields));
            show_sources(&state, &who, None, None, error).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---- Brand ----

#[derive(Debug, Deserialize, Default)]
pub struct BrandForm {
    #[serde(default)]
    primary: String,
    #[serde(default)]
    accent: String,
}

#[derive(Template)]
#[template(path = "admin_brand.html")]
struct BrandPage {
    chrome: Chrome,
    tab: &'static str,
    primary: String,
    accent: String,
    /// (which, title key, whether one is set) of each brand picture.
    pictures: Vec<(&'static str, &'static str, bool)>,
    notice: Option<String>,
    error: Option<String>,
}

async fn show_brand(
    state: &AppState,
    who: &Authenticated,
    notice: Option<String>,
    error: Option<String>,
    typed: Option<BrandForm>,
) -> Result<Response, WebError> {
    if !who
        .actor
        .can(dealerdesk_domain::policy::Capability::Administration)
    {
        return Err(AppError::Forbidden.into());
    }
    let (p, a) = state.app.brand_colours().await?;
    let form = typed.unwrap_or(BrandForm {
        primary: p.unwrap_or_else(|| state.brand.primary.clone()),
        accent: a.unwrap_or_else(|| state.brand.accent.clone()),
    });
    use dealerdesk_app::brand::Picture;
    let logo = state.app.brand_picture(Picture::Logo).await?.is_some();
    let login = state.app.brand_picture(Picture::Login).await?.is_some();
    let mut chrome = Chrome::for_user(who, "admin", "");
    chrome.title = chrome.t.get("admin.brand").to_owned();
    let failed = error.is_some();
    Ok(with_status(
        render(&BrandPage {
            tab: "brand",
            chrome,
            primary: form.primary,
            accent: form.accent,
            pictures: vec![
                ("logo", "admin.logo", logo),
                ("login", "admin.login_picture", login),
            ],
            notice,
            error,
        })?,
        failed,
    ))
}

/// `GET /staff/admin/brand`.
pub async fn brand(
    State(state): State<AppState>,
    who: Authenticated,
    Query(s): Query<Saved>,
) -> Result<Response, WebError> {
    let t = Tr(who.user.language);
    show_brand(&state, &who, notice(t, &s), None, None).await
}

/// `POST /staff/admin/brand`.
pub async fn set_brand(
    State(state): State<AppState>,
    who: Authenticated,
    Form(f): Form<BrandForm>,
) -> Result<Response, WebError> {
    match state
        .app
        .set_brand_colours(&who.actor, &f.primary, &f.accent)
        .await
    {
        Ok(()) => Ok(Redirect::to("/staff/admin/brand?saved=1").into_response()),
        Err(AppError::Invalid(fields)) => {
            let t = Tr(who.user.language);
            let error = Some(field_errors(t, Some("admin"), &fields));
            show_brand(&state, &who, None, error, Some(f)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /staff/admin/brand/picture` (multipart, the CSRF token in the
/// query): `which` is `logo` or `login`; a `file`, or `remove=1` to go
/// back to the default.
pub async fn set_picture(
    State(state): State<AppState>,
    who: Authenticated,
    req: axum::extract::Request,
) -> Result<Response, WebError> {
    use axum::extract::FromRequest;
    if !who
        .actor
        .can(dealerdesk_domain::policy::Capability::Administration)
    {
        return Err(AppError::Forbidden.into());
    }
    let mut m = axum::extract::Multipart::from_request(req, &())
        .await
        .map_err(|e| AppError::invalid("form", format!("the upload was broken: {e}")))?;
    let (mut which, mut remove, mut file) = (String::new(), false, None);
    while let Some(field) = m.next_field().await.map_err(super::upload::broken)? {
        match field.name().unwrap_or_default() {
            "which" => which = field.text().await.map_err(super::upload::broken)?,
            "remove" => remove = field.text().await.map_err(super::upload::broken)? == "1",
            "file" => {
                file = super::upload::file(field, dealerdesk_app::brand::MAX_PICTURE_BYTES).await?
            }
            _ => {}
        }
    }
    let t = Tr(who.user.language);
    let outcome = match dealerdesk_app::brand::Picture::parse(&which) {
        Ok(p) if remove => state.app.set_brand_picture(&who.actor, p, None).await,
        Ok(p) => match &file {
            Some(f) => state.app.set_brand_picture(&who.actor, p, Some(f)).await,
            None => Err(AppError::invalid("file", "choose at least one file")),
        },
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to("/staff/admin/brand?saved=1").into_response()),
        Err(AppError::Invalid(fields)) => {
            let error = Some(field_errors(t, None, &fields));
            show_brand(&state, &who, None, error, None).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---- Notification texts ----

pub struct TemplateRow {
    pub key: String,
    pub label: String,
    pub changed: bool,
    /// (language code, language name, default, replacement)
    pub langs: Vec<(&'static str, &'static str, String, String)>,
}

#[derive(Template)]
#[template(path = "admin_templates.html")]
struct TemplatesPage {
    chrome: Chrome,
    tab: &'static str,
    rows: Vec<TemplateRow>,
    /// The key whose form was refused (opened, with what was typed).
    open: String,
    notice: Option<String>,
    error: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct TemplateForm {
    #[serde(default)]
    key: String,
    #[serde(default)]
    ru: String,
    #[serde(default)]
    uk: String,
    #[serde(default)]
    en: String,
}

fn template_label(t: Tr, key: &str) -> String {
    let (part, event) = match (
        key.strip_prefix("notify.title."),
        key.strip_prefix("notify.body."),
    ) {
        (Some(e), _) => ("admin.template_title", e),
        (_, Some(e)) => ("admin.template_body", e),
        _ => return key.to_owned(),
    };
    let kind = format!("notify.kind.{event}");
    let name = if crate::i18n::has_key(&kind) {
        t.get(&kind).to_owned()
    } else {
        event.replace('_', " ")
    };
    format!("{name} — {}", t.get(part))
}

async fn show_templates(
    state: &AppState,
    who: &Authenticated,
    notice: Option<String>,
    error: Option<String>,
    typed: Option<TemplateForm>,
) -> Result<Response, WebError> {
    let lines = state.app.template_lines(&who.actor).await?;
    let mut chrome = Chrome::for_user(who, "admin", "");
    let t = chrome.t;
    chrome.title = t.get("admin.templates").to_owned();
    let names = [("ru", "Русский"), ("uk", "Українська"), ("en", "English")];
    let rows = lines
        .iter()
        .map(|l| {
            let typed_here = typed.as_ref().filter(|f| f.key == l.key);
            TemplateRow {
                key: l.key.to_owned(),
                label: template_label(t, l.key),
                changed: l.replacements.iter().any(Option::is_some),
                langs: names
                    .iter()
                    .enumerate()
                    .map(|(i, (code, name))| {
                        let value = match typed_here {
                            Some(f) => [&f.ru, &f.uk, &f.en][i].clone(),
                            None => l.replacements[i].clone().unwrap_or_default(),
                        };
                        (*code, *name, l.defaults[i].to_owned(), value)
                    })
                    .collect(),
            }
        })
        .collect();
    let failed = error.is_some();
    Ok(with_status(
        render(&TemplatesPage {
            chrome,
            tab: "templates",
            rows,
            open: typed.map(|f| f.key).unwrap_or_default(),
            notice,
            error,
        })?,
        failed,
    ))
}

/// `GET /staff/admin/templates`.
pub async fn templates(
    State(state): State<AppState>,
    who: Authenticated,
    Query(s): Query<Saved>,
) -> Result<Response, WebError> {
    let t = Tr(who.user.language);
    show_templates(&state, &who, notice(t, &s), None, None).await
}

/// `POST /staff/admin/templates`: one text in three languages.
pub async fn set_template(
    State(state): State<AppState>,
    who: Authenticated,
    Form(f): Form<TemplateForm>,
) -> Result<Response, WebError> {
    match state
        .app
        .set_template(&who.actor, &f.key, [&f.ru, &f.uk, &f.en])
        .await
    {
        Ok(()) => Ok(Redirect::to("/staff/admin/templates?saved=1").into_response()),
        Err(AppError::Invalid(fields)) => {
            let t = Tr(who.user.language);
            let error = Some(field_errors(t, Some("admin"), &fields));
            show_templates(&state, &who, None, error, Some(f)).await
        }
        Err(e) => Err(e.into()),
    }
}
