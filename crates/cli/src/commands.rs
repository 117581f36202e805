//! The one-shot commands. Results go to standard output (a key or link
//! alone on the last line, for scripts); logs go to standard error.

use crate::settings::Settings;
use anyhow::{Context, Result, anyhow};
use dealerdesk_app::users::{Created, NewUserInput};
use dealerdesk_app::{App, AppError};
use dealerdesk_store::{Store, StoreOptions};

pub async fn open(settings: &Settings) -> Result<App> {
    let options = StoreOptions {
        blob_dir: settings.data_dir.join("blobs"),
        ..StoreOptions::default()
    };
    let store = Store::connect(&settings.database_url.0, &options)
        .await
        .with_context(|| {
            format!(
                "opening the database {}",
                dealerdesk_store::redact_url(&settings.database_url.0)
            )
        })?;
    store.migrate().await.context("applying migrations")?;
    Ok(App::new(store, settings.app_config()))
}

/// Turns a use case's refusal into a message a person can act on.
pub fn explain(e: AppError) -> anyhow::Error {
    match e {
        AppError::Invalid(fields) => anyhow!(
            fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        other => anyhow!(other),
    }
}

pub async fn migrate(settings: &Settings) -> Result<()> {
    let app = open(settings).await?;
    println!("database is up to date ({})", app.store.backend().name());
    Ok(())
}

pub async fn demo(settings: &Settings) -> Result<()> {
    let app = open(settings).await?;
    crate::serve::seed_demo(&app, settings).await
}

pub async fn factory_add(
    settings: &Settings,
    code: &str,
    name: &str,
    timezone: &str,
) -> Result<()> {
    let app = open(settings).await?;
    let f = app
        .add_factory(code, name, Some(timezone))
        .await
        .map_err(explain)?;
    println!("factory {} added: {}", f.code, f.name);
    Ok(())
}

pub struct UserAdd {
    pub email: String,
    pub role: String,
    pub dealer: Option<String>,
    pub factory: Option<String>,
    pub password: Option<String>,
    pub name: Option<String>,
    pub language: Option<String>,
}

pub async fn user_add(settings: &Settings, u: UserAdd) -> Result<()> {
    let language = match u.language.as_deref() {
        None => None,
        Some(l) => Some(
            dealerdesk_domain::model::Language::parse(l)
                .ok_or_else(|| anyhow!("language must be ru, uk or en"))?,
        ),
    };
    let app = open(settings).await?;
    let input = NewUserInput {
        email: u.email,
        display_name: u.name,
        role: u.role,
        dealer_code: u.dealer,
        factory_code: u.factory,
        password: u.password,
        language,
    };
    match app.create_user(&input, None).await.map_err(explain)? {
        Created::WithPassword(user) => println!("user {} ({}) added", user.email, user.role),
        Created::Invited { user, link } => {
            println!(
                "user {} ({}) added; send them this link to set a password (valid {} hours, once):",
                user.email, user.role, settings.auth.invitation_ttl_hours
            );
            println!("{link}");
        }
    }
    Ok(())
}

pub async fn user_token(settings: &Settings, email: &str, label: &str) -> Result<()> {
    let app = open(settings).await?;
    let token = app
        .create_personal_token(email, label)
        .await
        .map_err(|e| match e {
            AppError::NotFound => anyhow!("no user with e-mail {email}"),
            other => explain(other),
        })?;
    println!("personal API token for {email} (shown once; use as Authorization: Bearer):");
    println!("{token}");
    Ok(())
}

pub async fn source_add(
    settings: &Settings,
    factory: &str,
    kind: &str,
    rotate: bool,
) -> Result<()> {
    let app = open(settings).await?;
    let issued = if rotate {
        app.rotate_source(factory, kind).await
    } else {
        app.add_source(factory, kind).await
    }
    .map_err(explain)?;
    println!(
        "{} key for the {} system of factory {factory} (shown once; send it as Authorization: Bearer to /api/sync/v1):",
        if rotate { "A new" } else { "The" },
        issued.source.kind.as_str()
    );
    println!("{}", issued.key);
    Ok(())
}

pub async fn source_revoke(
    settings: &Settings,
    factory: &str,
    kind: &str,
    which: &dealerdesk_app::sources::Revoke,
) -> Result<()> {
    let app = open(settings).await?;
    let revoked = app
        .revoke_source(factory, kind, which)
        .await
        .map_err(explain)?;
    println!("revoked {} key(s): {}", revoked.len(), revoked.join(", "));
    Ok(())
}
