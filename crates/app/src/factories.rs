use crate::{App, AppError, Result};
use dealerdesk_domain::model::Factory;
use dealerdesk_domain::text;
use dealerdesk_store::Repos;
use dealerdesk_store::audit::NewAudit;

impl App {
    /// Every factory, by code (for choosing one in a form).
    pub async fn factories(&self) -> Result<Vec<Factory>> {
        let mut c = self.store.read().await?;
        Ok(c.factories().list().await?)
    }

    /// Adds a factory (CLI `factory add`, the demo).
    pub async fn add_factory(
        &self,
        code: &str,
        name: &str,
        timezone: Option<&str>,
    ) -> Result<Factory> {
        let mut errors = Vec::new();
        let code = text::code("code", code)
            .map_err(|e| errors.push(e.into()))
            .ok();
        let name = text::bounded("name", name, 1, 200)
            .map_err(|e| errors.push(e.into()))
            .ok();
        let tz = timezone.unwrap_or("Europe/Kyiv");
        if !tz.split('/').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-+".contains(c))
        }) {
            errors.push(crate::FieldError {
                field: "timezone".into(),
                message: "must be an IANA zone name like Europe/Kyiv".into(),
            });
        }
        let (Some(code), Some(name), true) = (code, name, errors.is_empty()) else {
            return Err(AppError::Invalid(errors));
        };
        let mut tx = self.store.begin().await?;
        let f = tx
            .factories()
            .insert(&code, &name, tz)
            .await
            .map_err(|e| match e {
                dealerdesk_store::StoreError::Conflict(_) => {
                    AppError::invalid("code", format!("a factory with code {code} already exists"))
                }
                other => other.into(),
            })?;
        tx.audit()
            .record(&NewAudit {
                action: "factory.created",
                object_type: "factory",
                object_id: f.id.to_string(),
                after: Some(serde_json::json!({"code": f.code, "name": f.name}).to_string()),
                ..Default::default()
            })
            .await?;
        tx.commit().await?;
        Ok(f)
    }
}
