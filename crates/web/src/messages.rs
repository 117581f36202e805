//! The use cases explain a refused input in English (the JSON API shows
//! that text as it is, next to a stable code). Pages show it in the
//! reader's language: each known message, with `{}` where a value goes, has
//! its Russian and Ukrainian text here. A message not listed is shown in
//! English rather than lost.

use crate::i18n::Tr;
use dealerdesk_domain::model::Language;

/// (English pattern, [Russian, Ukrainian]); each `{}` stands for one value,
/// carried over in order.
#[rustfmt::skip]
static MESSAGES: &[(&str, [&str; 2])] = &[
    ("a cancelled order cannot have a reclamation", ["По отменённому заказу рекламацию подать нельзя", "За скасованим замовленням рекламацію подати не можна"]),
    ("choose at least one construction", ["Выберите хотя бы одну конструкцию", "Оберіть хоча б одну конструкцію"]),
    ("is not a construction of this order", ["Такой конструкции в заказе нет", "Такої конструкції в замовленні немає"]),
    ("add at least one photo", ["Добавьте хотя бы одну фотографию", "Додайте хоча б одну фотографію"]),
    ("at most {} photos", ["Не больше {} фотографий", "Не більше {} фотографій"]),
    ("{} is larger than 10 MB", ["{} больше 10 МБ", "{} більший за 10 МБ"]),
    ("{} is not a photo (JPEG, PNG, GIF, WebP or HEIC)", ["{} — не фотография (нужен JPEG, PNG, GIF, WebP или HEIC)", "{} — не фотографія (потрібен JPEG, PNG, GIF, WebP або HEIC)"]),
    ("at most {} files", ["Не больше {} файлов", "Не більше {} файлів"]),
    ("{} is not a file a message can carry (a photo, PDF, Office document or text)", ["{}: такой файл приложить нельзя (можно фото, PDF, документ Office или текст)", "{}: такий файл додати не можна (можна фото, PDF, документ Office або текст)"]),
    ("the upload was broken: {}", ["Загрузка прервалась: {}", "Завантаження перервалося: {}"]),
    ("this move is not possible from the reclamation's current status", ["Из текущего статуса рекламации так перейти нельзя", "З поточного статусу рекламації так перейти не можна"]),
    ("this news is already published", ["Эта новость уже опубликована", "Цю новину вже опубліковано"]),
    ("this reclamation is closed", ["Рекламация закрыта", "Рекламацію закрито"]),
    ("someone else changed this reclamation; reload the page", ["Рекламацию только что изменил другой сотрудник; обновите страницу", "Рекламацію щойно змінив інший співробітник; оновіть сторінку"]),
    ("must be an amount like 1250.50", ["Нужна сумма, например 1250,50", "Потрібна сума, наприклад 1250,50"]),
    ("must be more than zero", ["Должно быть больше нуля", "Має бути більше нуля"]),
    ("must be between 1 and 365", ["От 1 до 365", "Від 1 до 365"]),
    ("is not a defect category", ["Такой категории дефекта нет", "Такої категорії дефекту немає"]),
    ("is not a reclamation specialist of this factory", ["Это не специалист по рекламациям этого завода", "Це не спеціаліст з рекламацій цього заводу"]),
    ("must be one of: remake, repair, compensation, rejected", ["Выберите решение: переделка, ремонт, компенсация или отказ", "Оберіть рішення: переробка, ремонт, компенсація або відмова"]),
    ("{} is not an event and channel you can choose", ["{}: такое событие или канал выбрать нельзя", "{}: таку подію або канал вибрати не можна"]),
    ("{} already has an account", ["У {} уже есть учётная запись", "У {} вже є обліковий запис"]),
    ("a dealer administrator always sees finance", ["Администратор дилера видит финансы всегда", "Адміністратор дилера завжди бачить фінанси"]),
    ("is not a cursor this list gave out", ["Ссылка на страницу списка повреждена; откройте список заново", "Посилання на сторінку списку пошкоджене; відкрийте список знову"]),
    ("must be a month in the form YYYY-MM", ["Нужен месяц в виде ГГГГ-ММ", "Потрібен місяць у вигляді РРРР-ММ"]),
    ("must not be before the first month", ["Не раньше первого месяца", "Не раніше першого місяця"]),
    ("a period covers at most 60 months", ["Период — не больше 60 месяцев", "Період — не більше 60 місяців"]),
    ("must be one of: months, kinds, regions, dealers, managers", ["Таблица: months, kinds, regions, dealers или managers", "Таблиця: months, kinds, regions, dealers або managers"]),
    ("must be csv or xlsx", ["Формат: csv или xlsx", "Формат: csv або xlsx"]),
    ("must be a colour like #1f6feb (six hexadecimal digits)", ["Нужен цвет вида #1f6feb (шесть шестнадцатеричных цифр)", "Потрібен колір вигляду #1f6feb (шість шістнадцяткових цифр)"]),
    ("you cannot deactivate your own account", ["Нельзя отключить собственную учётную запись", "Не можна вимкнути власний обліковий запис"]),
    ("you cannot take away your own administration", ["Нельзя снять с себя роль администратора", "Не можна зняти з себе роль адміністратора"]),
    ("a plant person cannot take a dealer's role", ["Сотруднику завода нельзя дать роль дилера", "Співробітнику заводу не можна дати роль дилера"]),
    ("a plant role needs a factory", ["Для роли на заводе выберите завод", "Для ролі на заводі оберіть завод"]),
    ("a dealer role needs a dealer code", ["Для роли дилера укажите код дилера", "Для ролі дилера вкажіть код дилера"]),
    ("an administrator works for every factory; leave the factory out", ["Администратор работает со всеми заводами; завод не указывайте", "Адміністратор працює з усіма заводами; завод не вказуйте"]),
    ("must be add or rotate", ["Действие: add или rotate", "Дія: add або rotate"]),
    ("no live key matches", ["Такого действующего ключа нет", "Такого чинного ключа немає"]),
    ("must be 1–80 Latin letters, digits and dashes, like price-list-2027", ["Адрес — 1–80 латинских букв, цифр и дефисов, например price-list-2027", "Адреса — 1–80 латинських літер, цифр і дефісів, наприклад price-list-2027"]),
    ("must be reference, schedule or contacts", ["Раздел: справочник, график или контакты", "Розділ: довідник, графік або контакти"]),
    ("must be a whole number from 0 to 10000", ["Целое число от 0 до 10000", "Ціле число від 0 до 10000"]),
    ("another page for the same factories already has this address", ["Этот адрес уже занят другой страницей для тех же заводов", "Цю адресу вже має інша сторінка для тих самих заводів"]),
    ("choose at least one file", ["Выберите хотя бы один файл", "Оберіть хоча б один файл"]),
    ("{} is not a file a page can carry (a photo, PDF, Office document or text)", ["{}: такой файл к странице приложить нельзя (можно фото, PDF, документ Office или текст)", "{}: такий файл до сторінки додати не можна (можна фото, PDF, документ Office або текст)"]),
    ("must be logo or login", ["Нужно указать logo или login", "Потрібно вказати logo або login"]),
    ("{} is larger than 2 MB", ["{} больше 2 МБ", "{} більший за 2 МБ"]),
    ("{} is not a JPEG, PNG, GIF or WebP picture", ["{} — не картинка JPEG, PNG, GIF или WebP", "{} — не зображення JPEG, PNG, GIF або WebP"]),
    ("is not a notification text", ["Такого текста уведомления нет", "Такого тексту сповіщення немає"]),
    ("{} cannot be filled in here; this text can use: {}", ["{} здесь не подставить; в этом тексте можно: {}", "{} тут не підставити; у цьому тексті можна: {}"]),
    ("must be 1 or 0", ["Должно быть 1 или 0", "Має бути 1 або 0"]),
    ("must be a date in the form YYYY-MM-DD", ["Нужна дата в виде ГГГГ-ММ-ДД", "Потрібна дата у вигляді РРРР-ММ-ДД"]),
    ("must be a date like 2026-11-27", ["Нужна дата, например 2026-11-27", "Потрібна дата, наприклад 2026-11-27"]),
    ("must be a page number from 1", ["Нужен номер страницы, начиная с 1", "Потрібен номер сторінки, починаючи з 1"]),
    ("must be accepted, changed, number or amount", ["Сортировка: по дате приёма, изменения, номеру или сумме", "Сортування: за датою прийому, зміни, номером або сумою"]),
    ("must be at least 8 characters", ["Не короче 8 символов", "Не коротше 8 символів"]),
    ("must be at least {} characters", ["Не короче {} символов", "Не коротше {} символів"]),
    ("must be at most 254 characters", ["Не длиннее 254 символов", "Не довше 254 символів"]),
    ("must be at most {} characters", ["Не длиннее {} символов", "Не довше {} символів"]),
    ("must be between 1 and {}", ["От 1 до {}", "Від 1 до {}"]),
    ("must be one of: {}", ["Допустимые значения: {}", "Допустимі значення: {}"]),
    ("must contain '@'", ["В адресе должен быть знак @", "В адресі має бути знак @"]),
    ("must contain exactly one '@'", ["В адресе должен быть ровно один знак @", "В адресі має бути рівно один знак @"]),
    ("must not be after to", ["Дата начала не может быть позже даты окончания", "Дата початку не може бути пізніше за дату закінчення"]),
    ("must not be empty", ["Заполните это поле", "Заповніть це поле"]),
    ("must not be your e-mail address", ["Пароль не должен совпадать с e-mail", "Пароль не має збігатися з e-mail"]),
    ("must not contain control characters", ["Не должно содержать управляющих символов", "Не має містити керівних символів"]),
    ("must not contain spaces or special characters", ["Адрес не должен содержать пробелов и спецсимволов", "Адреса не має містити пробілів і спецсимволів"]),
    ("the current password is wrong", ["Текущий пароль указан неверно", "Поточний пароль указано неправильно"]),
    ("the domain after '@' is not valid", ["Неверный домен после @", "Неправильний домен після @"]),
    ("the part before '@' must be 1–64 characters", ["Часть до @ — от 1 до 64 символов", "Частина до @ — від 1 до 64 символів"]),
    ("the period must not be longer than ten years", ["Период не может быть длиннее десяти лет", "Період не може бути довшим за десять років"]),
    ("this page link is damaged; open the news list again", ["Ссылка на страницу повреждена; откройте список новостей заново", "Посилання на сторінку пошкоджене; відкрийте список новин знову"]),
    ("you cannot deactivate your own account", ["Нельзя отключить собственную учётную запись", "Не можна вимкнути власний обліковий запис"]),
    ("is not one of your dealers", ["Это не ваш дилер", "Це не ваш дилер"]),
    ("choose the dealer the task is about", ["Укажите дилера, о котором задача", "Вкажіть дилера, про якого завдання"]),
    ("must be a date and time like 2026-12-01 10:00", ["Нужны дата и время, например 2026-12-01 10:00", "Потрібні дата й час, наприклад 2026-12-01 10:00"]),
    ("must not be in the past", ["Срок не может быть в прошлом", "Термін не може бути в минулому"]),
    ("is not a manager of this factory", ["Это не менеджер этого завода", "Це не менеджер цього заводу"]),
    ("a manager sets tasks for themselves", ["Менеджер ставит задачи только себе", "Менеджер ставить завдання лише собі"]),
    ("this task is already done", ["Эта задача уже выполнена", "Це завдання вже виконано"]),
    ("may contain only digits, a leading '+', spaces, dashes and brackets", ["Только цифры, + в начале, пробелы, дефисы и скобки", "Лише цифри, + на початку, пробіли, дефіси й дужки"]),
    ("may contain only Latin letters, digits, '-', '_' and '.'", ["Только латинские буквы, цифры, «-», «_» и «.»", "Лише латинські літери, цифри, «-», «_» і «.»"]),
    ("give a phone or an e-mail", ["Укажите телефон или e-mail", "Вкажіть телефон або e-mail"]),
    ("is not a factory of this plant", ["Такого завода нет", "Такого заводу немає"]),
    ("a lead moves one stage at a time, or to lost", ["Лид переходит на один этап вперёд или в «Потерян»", "Лід переходить на один етап уперед або у «Втрачено»"]),
    ("is not a dealer of this factory", ["Такого дилера у этого завода нет", "Такого дилера в цього заводу немає"]),
    ("someone else moved this lead; reload the page", ["Лида только что переместил другой сотрудник; обновите страницу", "Ліда щойно перемістив інший співробітник; оновіть сторінку"]),
    ("must be your factory or all factories", ["Выберите свой завод или все заводы", "Оберіть свій завод або всі заводи"]),
    ("is nobody's e-mail here", ["Такого пользователя нет", "Такого користувача немає"]),
    ("is not a page this list gave out", ["Ссылка на страницу повреждена; откройте список заново", "Посилання на сторінку пошкоджене; відкрийте список знову"]),
    ("must have 6 to 15 digits", ["Нужно от 6 до 15 цифр", "Потрібно від 6 до 15 цифр"]),
    ("an international number cannot start with +0", ["Международный номер не может начинаться с +0", "Міжнародний номер не може починатися з +0"]),
];

/// The message in the reader's language.
/// The values a message puts where its pattern has `{}` (each at least one
/// character), in order; `None` if the message is not of this pattern.
fn values_of<'m>(pattern: &str, message: &'m str) -> Option<Vec<&'m str>> {
    let parts: Vec<&str> = pattern.split("{}").collect();
    let (first, rest) = parts.split_first()?;
    let mut left = message.strip_prefix(first)?;
    let mut values = Vec::new();
    for (i, part) in rest.iter().enumerate() {
        let last = i + 1 == rest.len();
        let at = if last {
            left.len()
                .checked_sub(part.len())
                .filter(|at| left.get(*at..) == Some(*part))?
        } else if part.is_empty() {
            return None;
        } else {
            // A value is never empty: look for the separator after the
            // first character (whole characters: names may be Cyrillic).
            let skip = left.chars().next()?.len_utf8();
            left.get(skip..)?.find(part)? + skip
        };
        if at == 0 {
            return None;
        }
        values.push(left.get(..at)?);
        left = left.get(at + part.len()..)?;
    }
    (left.is_empty()).then_some(values)
}

pub fn translate(t: Tr, message: &str) -> String {
    let col = match t.0 {
        Language::En => return message.to_owned(),
        Language::Ru => 0,
        Language::Uk => 1,
    };
    for (pattern, tr) in MESSAGES {
        if let Some(values) = values_of(pattern, message) {
            let mut out = tr[col].to_owned();
            for v in values {
                out = out.replacen("{}", v, 1);
            }
            return out;
        }
    }
    tracing::debug!(message, "no translation for this message");
    message.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_is_complete() {
        for (pattern, tr) in MESSAGES {
            let holes = pattern.matches("{}").count();
            assert!(holes <= 2, "{pattern}");
            assert!(
                !pattern.contains("{}{}"),
                "two values side by side cannot be told apart: {pattern}"
            );
            for s in tr {
                assert!(!s.is_empty(), "{pattern}");
                assert_eq!(s.matches("{}").count(), holes, "{pattern} → {s}");
            }
        }
    }

    #[test]
    fn values_are_carried_over() {
        let ru = Tr(Language::Ru);
        assert_eq!(
            translate(ru, "olena@dealer.ua already has an account"),
            "У olena@dealer.ua уже есть учётная запись"
        );
        assert_eq!(
            translate(Tr(Language::Uk), "must be at most 200 characters"),
            "Не довше 200 символів"
        );
        assert_eq!(translate(ru, "must not be empty"), "Заполните это поле");
        assert_eq!(
            translate(Tr(Language::En), "must not be empty"),
            "must not be empty"
        );
        assert_eq!(translate(ru, "something new"), "something new");
        // Cyrillic values and messages: the matcher cuts whole characters.
        assert_eq!(
            translate(ru, "фото-ванная.jpg is larger than 10 MB"),
            "фото-ванная.jpg больше 10 МБ"
        );
        for odd in ["ф", "Заполните это поле", "ё is larger than 10 MBё", "ёё"]
        {
            assert_eq!(translate(ru, odd), odd);
        }
        assert_eq!(
            translate(
                ru,
                "{x} cannot be filled in here; this text can use: {number}, {to}"
            ),
            "{x} здесь не подставить; в этом тексте можно: {number}, {to}"
        );
    }

    /// The messages the portal's pages can show, written out where the use
    /// cases and domain types make them; if one is reworded there, this
    /// fails until the table follows.
    #[test]
    fn the_portals_messages_are_translated() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let files = [
            "domain/src/email.rs",
            "domain/src/text.rs",
            "app/src/company.rs",
            "app/src/order_list.rs",
            "app/src/finance/mod.rs",
            "app/src/password.rs",
            "app/src/info.rs",
            "app/src/finance/page.rs",
            "app/src/notification_prefs.rs",
            "app/src/reclamations/mod.rs",
            "app/src/reclamations/review.rs",
            "app/src/messages.rs",
            "app/src/uploads.rs",
            "app/src/content.rs",
            "app/src/crm.rs",
            "app/src/tasks.rs",
            "domain/src/crm.rs",
            "domain/src/phone.rs",
            "domain/src/lead.rs",
            "app/src/leads.rs",
            "app/src/attention.rs",
            "app/src/audit_log.rs",
            "app/src/finance/receivables.rs",
            "app/src/analytics/mod.rs",
            "web/src/pages/analytics.rs",
            "app/src/admin.rs",
            "app/src/info_desk.rs",
            "app/src/brand.rs",
            "app/src/templates.rs",
        ];
        let mut missing = Vec::new();
        for f in files {
            let text = std::fs::read_to_string(root.join(f)).expect(f);
            let text = text.split("#[cfg(test)]").next().unwrap_or_default();
            for piece in text.split('"').skip(1).step_by(2) {
                let looks_like_message = [
                    "must ",
                    "the ",
                    "you ",
                    "this ",
                    "is not",
                    "a dealer",
                    "a manager",
                    "choose ",
                    "may ",
                    "an international",
                ]
                .iter()
                .any(|p| piece.starts_with(p));
                if !looks_like_message || piece.contains('{') {
                    continue;
                }
                if translate(Tr(Language::Ru), piece) == piece {
                    missing.push(format!("{f}: {piece}"));
                }
            }
        }
        assert!(missing.is_empty(), "untranslated: {missing:#?}");
    }
}
