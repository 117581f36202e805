//! The demo's CRM, per factory: prospective dealers at every stage of the
//! funnel (from the website, import and managers), a few logged calls on
//! the first manager's dealers and their tasks (one overdue), so "my
//! dealers", the card, the task list and the funnel have something to
//! show. Everything goes through the use cases people use.

use crate::demo::DemoError;
use crate::demo_reclamations::actor;
use dealerdesk_app::App;
use dealerdesk_app::leads::PublicLead;
use dealerdesk_app::tasks::TaskInput;
use dealerdesk_domain::lead::LeadFields;

/// (company, contact, phone, city, region, how far it got: stages moved).
const LEADS: [(&str, &str, &str, &str, &str, usize); 8] = [
    (
        "ТОВ «Вікна Поділля»",
        "Ігор Мельник",
        "+380671112201",
        "Вінниця",
        "Вінницька область",
        0,
    ),
    (
        "ФОП Петренко О. В.",
        "Олег Петренко",
        "+380501112202",
        "Полтава",
        "Полтавська область",
        1,
    ),
    (
        "ТОВ «Тепла оселя»",
        "Марія Бондар",
        "+380631112203",
        "Суми",
        "Сумська область",
        2,
    ),
    (
        "ТОВ «Світлий дім»",
        "Андрій Ковальчук",
        "+380971112204",
        "Черкаси",
        "Черкаська область",
        3,
    ),
    (
        "ФОП Іваненко С. М.",
        "Світлана Іваненко",
        "+380661112205",
        "Чернігів",
        "Чернігівська область",
        1,
    ),
    (
        "ТОВ «Профіль-Схід»",
        "Дмитро Шевчук",
        "+380951112206",
        "Дніпро",
        "Дніпропетровська область",
        0,
    ),
    (
        "ТОВ «Балкон Сервіс»",
        "Наталія Кравець",
        "+380681112207",
        "Запоріжжя",
        "Запорізька область",
        9,
    ),
    (
        "ФОП Сидоренко Р. І.",
        "Роман Сидоренко",
        "+380731112208",
        "Кременчук",
        "Полтавська область",
        2,
    ),
];

pub async fn seed(
    app: &App,
    factory_code: &str,
    manager_email: Option<&str>,
) -> Result<(), DemoError> {
    let lower = factory_code.to_lowercase();
    let Some(head) = actor(app, &format!("head@{lower}.demo")).await? else {
        return Ok(());
    };
    let stages = ["qualified", "negotiation", "contract_signed"];
    for (i, (company, contact, phone, city, region, moves)) in LEADS.iter().enumerate() {
        let fields = LeadFields {
            company: (*company).into(),
            contact_name: (*contact).into(),
            phone: (*phone).into(),
            city: (*city).into(),
            region: (*region).into(),
            note: "Хоче стати дилером: має салон і монтажну бригаду.".into(),
            ..Default::default()
        };
        let id = if i % 2 == 0 {
            app.submit_public_lead(
                &PublicLead {
                    fields,
                    factory: factory_code.into(),
                    website: String::new(),
                },
                None,
            )
            .await?
        } else {
            Some(app.create_lead(&head, &fields).await?)
        };
        let Some(id) = id else { continue };
        if *moves == 9 {
            app.move_lead(&head, id, "lost", "Обрали іншого виробника", "")
                .await?;
            continue;
        }
        for to in stages.iter().take(*moves) {
            app.move_lead(&head, id, to, "", "").await?;
        }
    }
    let Some(manager) = (match manager_email {
        Some(m) => actor(app, m).await?,
        None => None,
    }) else {
        return Ok(());
    };
    let dealers = app
        .crm_dealers(&manager, &dealerdesk_app::crm::DealerListQuery::default())
        .await?;
    for (i, d) in dealers.lines.iter().take(3).enumerate() {
        app.log_dealer_activity(
            &manager,
            &d.code,
            ["call", "meeting", "note"][i % 3],
            "Обговорили графік поставок на наступний місяць і знижку за обсяг.",
        )
        .await?;
        let day = time::OffsetDateTime::now_utc().date() + time::Duration::days(i as i64 + 1);
        let due = format!("{}T10:00", dealerdesk_domain::time::format_date(day));
        app.create_task(
            &manager,
            &TaskInput {
                title: format!("Передзвонити: {}", d.name),
                due,
                dealer_code: d.code.clone(),
                assignee: String::new(),
            },
        )
        .await?;
    }
    Ok(())
}
