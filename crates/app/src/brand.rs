//! The brand's pictures (SPEC 4.2, the administrator): the logo beside the
//! name in every page's bar and the login page's picture. Each is an image
//! checked by its content (JPEG, PNG, GIF or WebP; no SVG, which can carry
//! script), kept in the blob store and named in settings as
//! `<sha256> <content type>`; without one the configured defaults apply.

use crate::uploads::Upload;
use crate::{App, AppError, Result};
use dealerdesk_domain::Actor;
use dealerdesk_domain::policy::Capability;
use dealerdesk_store::Repos;
use dealerdesk_store::audit::NewAudit;

/// The largest picture, in bytes.
pub const MAX_PICTURE_BYTES: usize = 2 * 1024 * 1024;

/// Which picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picture {
    Logo,
    Login,
}

impl Picture {
    pub fn parse(raw: &str) -> Result<Self> {
        match raw {
            "logo" => Ok(Self::Logo),
            "login" => Ok(Self::Login),
            _ => Err(AppError::invalid("which", "must be logo or login")),
        }
    }

    fn key(self) -> &'static str {
        match self {
            Self::Logo => "brand.logo",
            Self::Login => "brand.login_picture",
        }
    }
}

/// A stored picture: its blob and type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPicture {
    pub sha256: String,
    pub content_type: String,
}

impl App {
    /// The picture set by the administrator, if any.
    pub async fn brand_picture(&self, which: Picture) -> Result<Option<StoredPicture>> {
        let mut c = self.store.read().await?;
        Ok(c.settings().get(which.key()).await?.and_then(|v| {
            let (sha, ct) = v.split_once(' ')?;
            Some(StoredPicture {
                sha256: sha.to_owned(),
                content_type: ct.to_owned(),
            })
        }))
    }

    /// The picture's bytes, if one is set.
    pub async fn brand_picture_bytes(&self, which: Picture) -> Result<Option<(String, Vec<u8>)>> {
        let Some(p) = self.brand_picture(which).await? else {
            return Ok(None);
        };
        let bytes = self
            .store
            .blobs()
            .get(&p.sha256)
            .await
            .map_err(|e| AppError::Internal(format!("reading the brand picture: {e}")))?;
        Ok(Some((p.content_type, bytes)))
    }

    /// Sets a picture (`Some`) or goes back to the default (`None`).
    pub async fn set_brand_picture(
        &self,
        actor: &Actor,
        which: Picture,
        upload: Option<&Upload>,
    ) -> Result<()> {
        if !actor.can(Capability::Administration) {
            return Err(AppError::Forbidden);
        }
        let value = match upload {
            None => None,
            Some(u) => {
                if u.bytes.len() > MAX_PICTURE_BYTES {
                    return Err(AppError::invalid(
                        "file",
                        format!("{} is larger than 2 MB", u.file_name.trim()),
                    ));
                }
                let ct = dealerdesk_domain::photo::sniff_image(&u.bytes)
                    .filter(|ct| *ct != "image/heic")
                    .ok_or_else(|| {
                        AppError::invalid(
                            "file",
                            format!(
                                "{} is not a JPEG, PNG, GIF or WebP picture",
                                u.file_name.trim()
                            ),
                        )
                    })?;
                let stored = crate::uploads::store_bytes(&self.store, &u.bytes).await?;
                Some(format!("{stored} {ct}"))
            }
        };
        let before = self.brand_picture(which).await?;
        let mut tx = self.store.begin().await?;
        match &value {
            Some(v) => tx.settings().set(which.key(), v).await?,
            None => tx.settings().remove(which.key()).await?,
        }
        tx.audit()
            .record(&NewAudit {
                actor_id: Some(actor.user_id),
                action: "settings.brand_picture",
                object_type: "settings",
                object_id: which.key().to_owned(),
                before: before.map(|p| format!("{} {}", p.sha256, p.content_type)),
                after: value,
                ..Default::default()
            })
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
