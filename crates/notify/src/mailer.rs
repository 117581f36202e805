//! Sending e-mail. With `smtp_url` set (`smtp://user:pass@host:587?tls=required`,
//! `smtps://…`, or plain `smtp://host:25` for a local relay) messages go
//! through a pooled SMTP connection; without it each message is written as
//! an `.eml` file under the data folder and a warning says so.

use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    /// `<…@…>`; set when a retry must be recognisable as the same message
    /// (notification e-mails), otherwise lettre makes one up.
    pub message_id: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("e-mail address {0:?}: {1}")]
    Address(String, String),
    #[error("building the message: {0}")]
    Build(String),
    #[error("SMTP: {message}")]
    Smtp {
        message: String,
        /// The server refused for good (a 5xx reply): trying again would
        /// get the same answer.
        permanent: bool,
    },
    #[error("writing the e-mail file: {0}")]
    Io(#[from] std::io::Error),
}

impl MailError {
    /// Whether sending this message again cannot help: a bad address, a
    /// message that cannot be built, a 5xx refusal.
    pub fn is_permanent(&self) -> bool {
        match self {
            MailError::Address(..) | MailError::Build(_) => true,
            MailError::Smtp { permanent, .. } => *permanent,
            MailError::Io(_) => false,
        }
    }
}

#[derive(Clone)]
pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    Files {
        dir: PathBuf,
        from: Mailbox,
    },
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Smtp { from, .. } => write!(f, "Mailer::Smtp(from {from})"),
            Mailer::Files { dir, from } => {
                write!(f, "Mailer::Files({}, from {from})", dir.display())
            }
        }
    }
}

impl Mailer {
    /// The mailer the settings ask for. `smtp_url` empty: files under
    /// `data_dir/mail`.
    pub fn new(smtp_url: &str, from: &str, data_dir: &Path) -> Result<Self, MailError> {
        let from: Mailbox = from.parse().map_err(|e: lettre::address::AddressError| {
            MailError::Address(from.to_owned(), e.to_string())
        })?;
        if smtp_url.trim().is_empty() {
            let dir = data_dir.join("mail");
            tracing::warn!(dir = %dir.display(), "no SMTP server configured (DEALERDESK_SMTP_URL): e-mails are written as .eml files");
            return Ok(Mailer::Files { dir, from });
        }
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| MailError::Smtp {
                message: e.to_string(),
                permanent: true,
            })?
            .build();
        Ok(Mailer::Smtp { transport, from })
    }

    /// The domain of the From address (for Message-IDs).
    pub fn from_domain(&self) -> String {
        let (Mailer::Smtp { from, .. } | Mailer::Files { from, .. }) = self;
        from.email.domain().to_owned()
    }

    fn message(from: &Mailbox, m: &Mail) -> Result<Message, MailError> {
        let mut b = Message::builder()
            .from(from.clone())
            .subject(m.subject.clone())
            .header(ContentType::TEXT_PLAIN);
        if let Some(id) = &m.message_id {
            b = b.message_id(Some(id.clone()));
        }
        for to in &m.to {
            b = b.to(to.parse().map_err(|e: lettre::address::AddressError| {
                MailError::Address(to.clone(), e.to_string())
            })?);
        }
        b.body(m.text.clone())
            .map_err(|e| MailError::Build(e.to_string()))
    }

    /// Sends one message (to all its recipients).
    pub async fn send(&self, m: &Mail) -> Result<(), MailError> {
        match self {
            Mailer::Smtp { transport, from } => {
                let msg = Self::message(from, m)?;
                transport.send(msg).await.map_err(|e| MailError::Smtp {
                    permanent: e.is_permanent(),
                    message: e.to_string(),
                })?;
            }
            Mailer::Files { dir, from } => {
                let msg = Self::message(from, m)?;
                tokio::fs::create_dir_all(dir).await?;
                let millis = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_millis())
                    .unwrap_or(0);
                let name = format!("{millis}-{:08x}.eml", rand::random::<u32>());
                tokio::fs::write(dir.join(name), msg.formatted()).await?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn without_smtp_mail_becomes_files() {
        let dir = std::env::temp_dir().join(format!("dd-mail-{}", rand::random::<u32>()));
        let m = Mailer::new("", "DealerDesk <noreply@dealerdesk.example>", &dir).expect("mailer");
        m.send(&Mail {
            to: vec!["admin@plant.test".into()],
            subject: "Тест".into(),
            text: "Привіт".into(),
            message_id: Some("<n-1@dealerdesk.test>".into()),
        })
        .await
        .expect("send");
        let files: Vec<_> = std::fs::read_dir(dir.join("mail")).expect("dir").collect();
        assert_eq!(files.len(), 1);
        let text = std::fs::read_to_string(files[0].as_ref().expect("entry").path()).expect("read");
        assert!(
            text.contains("To: admin@plant.test")
                && text.contains("Subject:")
                && text.contains("Message-ID: <n-1@dealerdesk.test>"),
            "{text}"
        );
        assert!(Mailer::new("", "not an address", &dir).is_err());
        assert!(
            m.send(&Mail {
                to: vec!["nope".into()],
                subject: "x".into(),
                text: "y".into(),
                message_id: None,
            })
            .await
            .is_err()
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}
