//! The demo plant's factory information: the reference directory, the work
//! schedules and the contacts, as a content manager would have written them
//! (Markdown, Ukrainian — the plant's working language).

use crate::demo::DemoError;
use dealerdesk_app::App;
use dealerdesk_domain::Timestamp;
use dealerdesk_domain::model::{Factory, InfoSection};
use dealerdesk_store::Repos;
use dealerdesk_store::info::NewInfoPage;
use std::collections::HashMap;

/// (factory, section, topic, slug, title, body)
type Page = (
    Option<&'static str>,
    InfoSection,
    Option<&'static str>,
    &'static str,
    &'static str,
    &'static str,
);

const PAGES: &[Page] = &[
    (
        None,
        InfoSection::Reference,
        Some("products"),
        "windows",
        "Металопластикові вікна",
        "Вікна з профілів WDS та REHAU, однокамерні та двокамерні склопакети, фурнітура Maco та Siegenia.\n\n\
      | Тип | Стулки | Максимальний розмір, мм |\n|---|---|---|\n| Глухе | — | 2000 × 2400 |\n| Поворотно-відкидне | 1 | 1400 × 2200 |\n| Балконний блок | 2 | 2100 × 2400 |\n\n\
      Нестандартні розміри — за погодженням з технологом.",
    ),
    (
        Some("KH"),
        InfoSection::Reference,
        Some("products"),
        "doors",
        "Вхідні та міжкімнатні двері",
        "Двері з профілю WDS 7S і алюмінієві вхідні групи. Заповнення: склопакет, сендвіч-панель, комбіноване.\n\n\
      Поріг — алюмінієвий, 20 мм. Петлі — Dr. Hahn, три на стулку.",
    ),
    (
        Some("KH"),
        InfoSection::Reference,
        Some("products"),
        "roller-shutters",
        "Ролети",
        "Захисні ролети з алюмінієвого профілю 39 та 55 мм, ручне та електричне керування (Somfy, Nice).\n\n\
      Мінімальна ширина — 600 мм, максимальна площа полотна — 12 м².",
    ),
    (
        Some("PL"),
        InfoSection::Reference,
        Some("products"),
        "aluminium",
        "Алюмінієві системи",
        "Фасади, вітрини, розсувні системи та вхідні групи на профілях Aluprof і Reynaers.\n\n\
      | Система | Ширина, мм | Терморозрив |\n|---|---|---|\n| MB-45 | 45 | ні |\n| MB-70 | 70 | так |\n| MB-86 SI | 86 | так |",
    ),
    (
        None,
        InfoSection::Reference,
        Some("profile_systems"),
        "wds-6s",
        "WDS 6S",
        "Шестикамерний профіль, монтажна ширина 70 мм, склопакет до 42 мм. \
      Коефіцієнт теплопередачі профілю Uf = 1,1 Вт/(м²·К).\n\n\
      Рекомендуємо для житлових приміщень з високими вимогами до енергоощадності.",
    ),
    (
        None,
        InfoSection::Reference,
        Some("profile_systems"),
        "rehau-synego",
        "REHAU Synego",
        "Семикамерний профіль, 80 мм, склопакет до 51 мм. Uf = 0,94 Вт/(м²·К). \
      Підходить для пасивних будинків.",
    ),
    (
        None,
        InfoSection::Reference,
        Some("colours"),
        "colours",
        "Кольори та ламінація",
        "| Код | Назва | Строк виготовлення |\n|---|---|---|\n| 9016 | Білий | стандартний |\n| 7016 | Антрацит | +3 робочі дні |\n\
      | 2178001 | Золотий дуб | +3 робочі дні |\n| 2052089 | Горіх | +3 робочі дні |\n| 3081 | Махагон | +5 робочих днів |\n\n\
      Ламінація одно- та двостороння. Колір ущільнювача — чорний або сірий.",
    ),
    (
        None,
        InfoSection::Reference,
        Some("documents"),
        "warranty",
        "Гарантійні умови",
        "Гарантія на профіль — **10 років**, на склопакети — 5 років, на фурнітуру — 3 роки.\n\n\
      Гарантія не поширюється на пошкодження під час монтажу та на конструкції, встановлені з порушенням ДСТУ Б В.2.6-23.\n\n\
      Рекламацію подавайте з картки замовлення в порталі, з фото дефекту.",
    ),
    (
        None,
        InfoSection::Reference,
        Some("documents"),
        "measuring",
        "Як виміряти віконний проріз",
        "1. Виміряйте ширину прорізу у трьох місцях і візьміть найменшу.\n\
      2. Так само — висоту.\n3. Від ширини відніміть 30–40 мм, від висоти — 40–50 мм на монтажний шов.\n\
      4. Перевірте діагоналі: різниця більше 10 мм — проріз треба вирівняти.",
    ),
    (
        Some("KH"),
        InfoSection::Schedule,
        None,
        "kh-schedule",
        "Графік роботи Харківського заводу",
        "| Підрозділ | Пн–Пт | Сб | Нд |\n|---|---|---|---|\n| Відділ продажу | 8:00–18:00 | 9:00–14:00 | вихідний |\n\
      | Склад готової продукції | 7:00–19:00 | 8:00–15:00 | вихідний |\n| Бухгалтерія | 9:00–17:00 | вихідний | вихідний |\n\n\
      **Відвантаження по області** — щодня, крім неділі; **по Україні** — вівторок і п'ятниця.\n\n\
      31 грудня та 1 січня завод не працює.",
    ),
    (
        Some("PL"),
        InfoSection::Schedule,
        None,
        "pl-schedule",
        "Графік роботи Полтавського заводу",
        "| Підрозділ | Пн–Пт | Сб | Нд |\n|---|---|---|---|\n| Відділ продажу | 8:30–17:30 | вихідний | вихідний |\n\
      | Склад | 8:00–18:00 | 9:00–13:00 | вихідний |\n\n\
      Відвантаження — понеділок, середа, п'ятниця.",
    ),
    (
        Some("KH"),
        InfoSection::Contacts,
        None,
        "kh-contacts",
        "Харківський завод",
        "Харків, вул. Заводська, 12.\n\n\
      | Відділ | Телефон | Пошта |\n|---|---|---|\n\
      | Відділ продажу | [+380 57 700 10 10](tel:+380577001010) | [sales@kh.demo](mailto:sales@kh.demo) |\n\
      | Рекламації | [+380 57 700 10 20](tel:+380577001020) | [claims@kh.demo](mailto:claims@kh.demo) |\n\
      | Бухгалтерія | [+380 57 700 10 30](tel:+380577001030) | [buh@kh.demo](mailto:buh@kh.demo) |\n\
      | Логістика | [+380 57 700 10 40](tel:+380577001040) | [logistics@kh.demo](mailto:logistics@kh.demo) |",
    ),
    (
        Some("PL"),
        InfoSection::Contacts,
        None,
        "pl-contacts",
        "Полтавський завод",
        "Полтава, вул. Промислова, 5.\n\n\
      | Відділ | Телефон | Пошта |\n|---|---|---|\n\
      | Відділ продажу | [+380 53 260 20 10](tel:+380532602010) | [sales@pl.demo](mailto:sales@pl.demo) |\n\
      | Рекламації | [+380 53 260 20 20](tel:+380532602020) | [claims@pl.demo](mailto:claims@pl.demo) |",
    ),
];

/// Writes the pages, published a month ago, in the order listed.
pub async fn seed(app: &App, factories: &HashMap<String, Factory>) -> Result<(), DemoError> {
    let published = Timestamp::now().plus_seconds(-30 * 86_400);
    let mut tx = app.store.begin().await?;
    for (position, (factory, section, topic, slug, title, body)) in PAGES.iter().enumerate() {
        let factory_id = match factory {
            Some(code) => match factories.get(*code) {
                Some(f) => Some(f.id),
                None => continue,
            },
            None => None,
        };
        tx.info()
            .insert(&NewInfoPage {
                factory_id,
                section: *section,
                topic: *topic,
                slug,
                title,
                body_markdown: body,
                position: i64::try_from(position).unwrap_or(i64::MAX),
                published_at: Some(published),
                author_id: None,
            })
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
