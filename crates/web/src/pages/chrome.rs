//! What every page around its content needs: the language, the title, the
//! menu for the person's role with the current section marked, the CSRF
//! token for forms.

use crate::i18n::Tr;
use crate::principal::Principal;
use dealerdesk_domain::Role;
use dealerdesk_domain::model::Language;

#[derive(Debug, Clone)]
pub struct MenuItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

#[derive(Debug, Clone)]
pub struct Chrome {
    pub t: Tr,
    pub title: String,
    pub user_name: String,
    pub role_label: &'static str,
    pub menu: Vec<MenuItem>,
    pub csrf: String,
    pub asset_v: &'static str,
    pub logged_in: bool,
}

/// The sections of the menu, per role. A section appears only once its
/// pages exist.
fn sections(
    user: &dealerdesk_domain::model::User,
) -> Vec<(&'static str, &'static str, &'static str)> {
    let role = user.role;
    let mut s = Vec::new();
    if role.is_dealer_side() {
        s.push(("dashboard", "/", "menu.dashboard"));
        s.push(("orders", "/orders", "menu.orders"));
        s.push(("reclamations", "/reclamations", "menu.reclamations"));
        s.push(("messages", "/messages", "menu.messages"));
        // The same rule as the policy's: a dealer user needs the grant.
        if role == Role::DealerAdmin || user.finance_allowed {
            s.push(("finance", "/finance", "menu.finance"));
        }
    } else {
        s.push(("staff", "/staff", "menu.staff"));
        if matches!(role, Role::Manager | Role::HeadOfSales | Role::Admin) {
            s.push(("dealers", "/staff/dealers", "menu.dealers"));
            s.push(("tasks", "/staff/tasks", "menu.tasks"));
            s.push(("attention", "/staff/attention", "menu.attention"));
            s.push(("leads", "/staff/leads", "menu.leads"));
            s.push(("analytics", "/staff/analytics", "menu.analytics"));
            if role != Role::Manager {
                s.push(("import", "/staff/import", "menu.import"));
            }
            s.push(("inbox", "/staff/inbox", "menu.inbox"));
        }
        if matches!(role, Role::ContentManager | Role::Admin) {
            s.push(("news_desk", "/staff/news", "menu.news_desk"));
            s.push(("info_desk", "/staff/info", "menu.info_desk"));
        }
        if matches!(role, Role::Finance | Role::Admin) {
            s.push(("receivables", "/staff/finance", "menu.receivables"));
        }
        if matches!(role, Role::ReclamationSpecialist | Role::Admin) {
            s.push((
                "reclamation_queue",
                "/staff/reclamations",
                "menu.reclamation_queue",
            ));
        }
    }
    if role == Role::DealerAdmin {
        s.push(("company", "/company", "menu.company"));
    }
    s.push(("notifications", "/notifications", "menu.notifications"));
    s.push(("news", "/news", "menu.news"));
    s.push(("info", "/info", "menu.info"));
    if role == Role::Admin {
        s.push(("sync", "/staff/sync", "menu.sync"));
        s.push(("admin", "/staff/admin/users", "menu.admin"));
        s.push(("audit", "/staff/audit", "menu.audit"));
    }
    s.push(("profile", "/profile", "menu.profile"));
    s
}

impl Chrome {
    pub fn anonymous(t: Tr, title: &str) -> Self {
        Chrome {
            t,
            title: title.to_owned(),
            user_name: String::new(),
            role_label: "",
            menu: Vec::new(),
            csrf: String::new(),
            asset_v: crate::assets::version(),
            logged_in: false,
        }
    }

    /// The chrome of a page for a logged-in person.
    pub fn for_user(who: &crate::principal::Authenticated, section: &str, title: &str) -> Self {
        let csrf = who
            .session
            .as_ref()
            .map(|s| s.csrf_token.clone())
            .unwrap_or_default();
        Self::build(&who.user, csrf, section, title)
    }

    /// `section` names the menu entry to mark as current.
    pub fn for_principal(p: &Principal, section: &str, title: &str) -> Self {
        let Some(user) = p.user() else {
            return Self::anonymous(Tr(Language::default()), title);
        };
        let csrf = match p {
            Principal::Session(s) => s.csrf_token.clone(),
            _ => String::new(),
        };
        Self::build(user, csrf, section, title)
    }

    fn build(
        user: &dealerdesk_domain::model::User,
        csrf: String,
        section: &str,
        title: &str,
    ) -> Self {
        let t = Tr(user.language);
        let menu = sections(user)
            .into_iter()
            .map(|(key, href, label)| MenuItem {
                href,
                label: t.get(label),
                current: key == section,
            })
            .collect();
        Chrome {
            t,
            title: title.to_owned(),
            user_name: user.display_name.clone(),
            role_label: t.get(&format!("role.{}", user.role.as_str())),
            menu,
            csrf,
            asset_v: crate::assets::version(),
            logged_in: true,
        }
    }
}
