//! Who hears about what, and where: the notification channels and each
//! person's choices per event type and channel (SPEC 4.4). Everything is on
//! until the person turns it off; only the differences are stored.

use crate::Role;
use crate::model::NotificationKind;
use std::collections::BTreeMap;

/// Where a notification goes. The notification centre and the live push
/// to open tabs are one channel (`InApp`): a live push is the centre's
/// entry arriving without a reload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Channel {
    InApp,
    Email,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Channel::InApp, Channel::Email];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::InApp => "in_app",
            Channel::Email => "email",
        }
    }

    pub fn parse(raw: &str) -> Option<Channel> {
        Self::ALL.into_iter().find(|c| c.as_str() == raw)
    }
}

impl NotificationKind {
    /// The events a person of this role can be told about: dealers hear
    /// about their orders, money, reclamations, messages and news; the
    /// plant's people about messages, reclamations, news and their tasks.
    pub fn for_role(role: Role) -> Vec<NotificationKind> {
        use NotificationKind::*;
        if role.is_dealer_side() {
            vec![
                OrderStatusChanged,
                ShipmentScheduled,
                Delivered,
                PaymentPosted,
                ReclamationStatusChanged,
                NewMessage,
                NewsPublished,
            ]
        } else {
            vec![
                ReclamationStatusChanged,
                NewMessage,
                NewsPublished,
                TaskReminder,
            ]
        }
    }
}

/// A person's choices: every (event, channel) not listed is on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotificationPrefs {
    off: BTreeMap<(NotificationKind, Channel), bool>,
}

impl NotificationPrefs {
    /// From stored rows `(event, channel, enabled)`.
    pub fn from_rows(rows: impl IntoIterator<Item = (NotificationKind, Channel, bool)>) -> Self {
        let mut p = NotificationPrefs::default();
        for (k, c, on) in rows {
            p.set(k, c, on);
        }
        p
    }

    pub fn enabled(&self, kind: NotificationKind, channel: Channel) -> bool {
        self.off.get(&(kind, channel)).copied().unwrap_or(true)
    }

    pub fn set(&mut self, kind: NotificationKind, channel: Channel, on: bool) {
        if on {
            self.off.remove(&(kind, channel));
        } else {
            self.off.insert((kind, channel), false);
        }
    }

    /// The rows to store: only what is off.
    pub fn rows(&self) -> Vec<(NotificationKind, Channel, bool)> {
        self.off.iter().map(|((k, c), on)| (*k, *c, *on)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_is_on_until_turned_off() {
        let mut p = NotificationPrefs::default();
        assert!(p.enabled(NotificationKind::Delivered, Channel::Email));
        p.set(NotificationKind::Delivered, Channel::Email, false);
        assert!(!p.enabled(NotificationKind::Delivered, Channel::Email));
        assert!(p.enabled(NotificationKind::Delivered, Channel::InApp));
        assert_eq!(
            p.rows(),
            vec![(NotificationKind::Delivered, Channel::Email, false)]
        );
        assert_eq!(NotificationPrefs::from_rows(p.rows()), p);
        p.set(NotificationKind::Delivered, Channel::Email, true);
        assert!(p.rows().is_empty());
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(c));
        }
    }

    #[test]
    fn roles_hear_about_their_own_events() {
        let dealer = NotificationKind::for_role(Role::DealerUser);
        assert!(dealer.contains(&NotificationKind::PaymentPosted));
        assert!(!dealer.contains(&NotificationKind::TaskReminder));
        let manager = NotificationKind::for_role(Role::Manager);
        assert!(manager.contains(&NotificationKind::TaskReminder));
        assert!(!manager.contains(&NotificationKind::PaymentPosted));
    }
}
