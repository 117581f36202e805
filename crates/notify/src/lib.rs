//! Telling people: e-mail (over SMTP, or as `.eml` files when no SMTP
//! server is configured, so a demo still shows what would be sent) and the
//! sync alerts to administrators. The notification centre and live pushes
//! build on this.

pub mod mailer;
pub mod sync_alerts;

pub use mailer::{Mail, MailError, Mailer};
