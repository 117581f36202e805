//! Telling people: e-mail (over SMTP, or as `.eml` files when no SMTP
//! server is configured, so a demo still shows what would be sent) and the
//! sync alerts to administrators; and the loop that turns domain events
//! into notification-centre entries (`fanout`). Live pushes and e-mailed
//! notifications build on this.

pub mod email_worker;
pub mod fanout;
pub mod mailer;
pub mod reminders;
pub mod sync_alerts;

pub use mailer::{Mail, MailError, Mailer};
