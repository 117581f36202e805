//! What a reclamation's events say in notifications and e-mails, in the
//! reader's language: filed (to the specialists), moved or decided (to the
//! dealer), a comment (to the other side).

use crate::notifications::Text;
use dealerdesk_domain::model::Language;
use dealerdesk_domain::{Currency, Money};
use dealerdesk_i18n::{Tr, fmt};
use serde_json::Value;

/// The page of a reclamation (the same for both sides).
pub fn link(number: &str) -> String {
    format!(
        "/reclamations/{}",
        form_urlencoded::byte_serialize(number.as_bytes()).collect::<String>()
    )
}

/// The words for a decision: "Remake", "Compensation 1,250.00 ₴", ….
pub fn decision(t: Tr, kind: &str, amount: Option<Money>, reason: Option<&str>) -> String {
    let name = t.get(&format!("reclamation.decision.{kind}")).to_owned();
    match (kind, amount, reason) {
        ("compensation", Some(a), _) => format!("{name} {}", fmt::money(t.0, a)),
        ("rejected", _, Some(r)) if !r.is_empty() => format!("{name}: {r}"),
        _ => name,
    }
}

pub fn describe(
    event: &str,
    p: &Value,
    lang: Language,
    tpl: &crate::templates::Templates,
) -> Option<Text> {
    let t = Tr(lang);
    let s = |k: &str| p.get(k).and_then(Value::as_str);
    let number = s("number")?.to_owned();
    let status = |k: &str| {
        s(k).map(|v| t.get(&format!("reclamation.status.{v}")).to_owned())
            .unwrap_or_default()
    };
    let (title_key, body_key, values): (&str, &str, Vec<(&str, String)>) = match event {
        "reclamation_filed" => (
            "notify.title.reclamation_filed",
            "notify.body.reclamation_filed",
            vec![
                ("number", number.clone()),
                ("dealer", s("dealer_name").unwrap_or_default().to_owned()),
                ("order", s("order_number").unwrap_or_default().to_owned()),
                (
                    "category",
                    t.get(&format!("reclamation.category.{}", s("category")?))
                        .to_owned(),
                ),
            ],
        ),
        "reclamation_status_changed" => {
            let to = s("to")?;
            let body_key = match to {
                "decided" => "notify.body.reclamation_decided",
                "waiting_for_dealer" => "notify.body.reclamation_question",
                _ => "notify.body.reclamation_status_changed",
            };
            let amount = p
                .get("amount_minor")
                .and_then(Value::as_i64)
                .zip(s("currency").and_then(|c| Currency::parse(c).ok()))
                .map(|(m, c)| Money::new(m, c));
            (
                "notify.title.reclamation_status_changed",
                body_key,
                vec![
                    ("number", number.clone()),
                    ("from", status("from")),
                    ("to", status("to")),
                    (
                        "decision",
                        s("decision")
                            .map(|d| decision(t, d, amount, s("reason")))
                            .unwrap_or_default(),
                    ),
                    ("question", s("question").unwrap_or_default().to_owned()),
                ],
            )
        }
        "reclamation_comment" => (
            "notify.title.reclamation_comment",
            "notify.body.reclamation_comment",
            vec![
                ("number", number.clone()),
                ("author", s("author").unwrap_or_default().to_owned()),
                ("excerpt", s("excerpt").unwrap_or_default().to_owned()),
            ],
        ),
        _ => return None,
    };
    Some(Text {
        title: tpl.fill(t, title_key, &values),
        body: tpl.fill(t, body_key, &values),
        link: Some(link(&number)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_event_in_each_language() {
        let filed = json!({"number": "KH-R-00001", "order_number": "KH-1", "category": "glass", "dealer_name": "ТОВ «Вікна»"});
        let en = describe(
            "reclamation_filed",
            &filed,
            Language::En,
            &crate::templates::Templates::default(),
        )
        .expect("text");
        assert_eq!(en.title, "New reclamation KH-R-00001");
        assert_eq!(en.body, "ТОВ «Вікна»: order KH-1, Glass unit.");
        assert_eq!(en.link.as_deref(), Some("/reclamations/KH-R-00001"));
        let decided = json!({"number": "KH-R-00001", "from": "in_review", "to": "decided", "decision": "compensation", "amount_minor": 125_050, "currency": "UAH"});
        let ru = describe(
            "reclamation_status_changed",
            &decided,
            Language::Ru,
            &crate::templates::Templates::default(),
        )
        .expect("text");
        assert_eq!(ru.title, "Рекламация KH-R-00001: Решение принято");
        assert_eq!(ru.body, "Решение: Компенсация 1\u{202f}250,50\u{a0}₴.");
        let asked = json!({"number": "KH-R-00001", "from": "in_review", "to": "waiting_for_dealer", "question": "Фото маркировки?"});
        let uk = describe(
            "reclamation_status_changed",
            &asked,
            Language::Uk,
            &crate::templates::Templates::default(),
        )
        .expect("text");
        assert_eq!(uk.body, "Спеціаліст питає: Фото маркировки?");
        let c = json!({"number": "KH-R-00001", "author": "Олена", "excerpt": "Додала фото"});
        assert_eq!(
            describe(
                "reclamation_comment",
                &c,
                Language::En,
                &crate::templates::Templates::default()
            )
            .expect("text")
            .body,
            "Олена: Додала фото"
        );
        assert!(
            describe(
                "reclamation_filed",
                &json!({}),
                Language::En,
                &crate::templates::Templates::default()
            )
            .is_none()
        );
    }
}
