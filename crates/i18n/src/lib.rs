//! The interface in Russian (the default), Ukrainian and English. Every
//! string a page, an e-mail or a notification shows comes from this table;
//! the web crate's tests check that each key a template asks for exists, so
//! a missing translation fails the tests rather than showing a raw key.
//! Its own crate because pages (web), notifications (app) and e-mails
//! (notify) all speak to people in their language.

pub mod fmt;

use dealerdesk_domain::model::Language;

/// Translations, sorted by key (a test checks the order; lookup is a
/// binary search). One entry per line: ru, uk, en.
#[rustfmt::skip]
static TABLE: &[(&str, [&str; 3])] = &[
    ("app.name", ["DealerDesk", "DealerDesk", "DealerDesk"]),
    ("common.back_home", ["На главную", "На головну", "Back to the start page"]),
    ("common.save", ["Сохранить", "Зберегти", "Save"]),
    ("company.activate", ["Включить снова", "Увімкнути знову", "Reactivate"]),
    ("company.allow_finance", ["Разрешить финансы", "Дозволити фінанси", "Allow finance"]),
    ("company.col.finance", ["Финансы", "Фінанси", "Finance"]),
    ("company.col.role", ["Роль", "Роль", "Role"]),
    ("company.col.status", ["Состояние", "Стан", "Status"]),
    ("company.deactivate", ["Отключить", "Вимкнути", "Deactivate"]),
    ("company.deny_finance", ["Скрыть финансы", "Приховати фінанси", "Hide finance"]),
    ("company.field.display_name", ["Имя и фамилия", "Ім'я та прізвище", "Full name"]),
    ("company.field.email", ["E-mail сотрудника", "E-mail співробітника", "Colleague's e-mail"]),
    ("company.field.user", ["Сотрудник", "Співробітник", "Colleague"]),
    ("company.field.value", ["Значение", "Значення", "Value"]),
    ("company.finance.always", ["Всегда (администратор)", "Завжди (адміністратор)", "Always (administrator)"]),
    ("company.finance.no", ["Скрыты", "Приховано", "Hidden"]),
    ("company.finance.yes", ["Разрешены", "Дозволено", "Allowed"]),
    ("company.invite", ["Пригласить сотрудника", "Запросити співробітника", "Invite a colleague"]),
    ("company.invite_hint", ["Мы отправим письмо со ссылкой, по которой сотрудник задаст себе пароль. Финансы ему видны, только если вы это разрешите.", "Ми надішлемо лист із посиланням, за яким співробітник задасть собі пароль. Фінанси йому видно, лише якщо ви це дозволите.", "We send an e-mail with a link to set a password. Finance stays hidden from them until you allow it."]),
    ("company.invited", ["Приглашение отправлено на {email}", "Запрошення надіслано на {email}", "The invitation was sent to {email}"]),
    ("company.mail_failed", ["Учётная запись для {email} создана, но письмо отправить не удалось. Передайте сотруднику эту ссылку сами:", "Обліковий запис для {email} створено, але лист надіслати не вдалося. Передайте співробітнику це посилання самі:", "The account for {email} was created, but the e-mail could not be sent. Give your colleague this link yourself:"]),
    ("company.people", ["Сотрудники", "Співробітники", "People"]),
    ("company.saved", ["Изменения сохранены", "Зміни збережено", "Saved"]),
    ("company.send", ["Отправить приглашение", "Надіслати запрошення", "Send the invitation"]),
    ("company.status.active", ["Работает", "Працює", "Active"]),
    ("company.status.deactivated", ["Отключён", "Вимкнено", "Deactivated"]),
    ("company.status.invited", ["Приглашён, пароль ещё не задан", "Запрошено, пароль ще не задано", "Invited, no password yet"]),
    ("company.title", ["Сотрудники компании", "Співробітники компанії", "Company users"]),
    ("company.you", ["это вы", "це ви", "you"]),
    ("dash.balance", ["Баланс", "Баланс", "Balance"]),
    ("dash.balance_hidden", ["Финансы скрыты администратором дилера", "Фінанси приховано адміністратором дилера", "Finance is hidden by your dealer administrator"]),
    ("dash.balance_owed", ["ваш долг заводу", "ваш борг заводу", "you owe the plant"]),
    ("dash.balance_prepaid", ["переплата", "переплата", "paid in advance"]),
    ("dash.news", ["Новости завода", "Новини заводу", "Plant news"]),
    ("dash.no_news", ["Новостей пока нет", "Новин поки немає", "No news yet"]),
    ("dash.no_orders", ["Заказов пока нет", "Замовлень поки немає", "No orders yet"]),
    ("dash.open_reclamations", ["Открытые рекламации", "Відкриті рекламації", "Open reclamations"]),
    ("dash.orders_by_status", ["Заказы по статусам", "Замовлення за статусами", "Orders by status"]),
    ("dash.recent", ["Последние изменения статусов", "Останні зміни статусів", "Latest status changes"]),
    ("dash.title", ["Главная", "Головна", "Dashboard"]),
    ("dash.total_orders", ["Всего заказов", "Усього замовлень", "Orders in total"]),
    ("dash.unread_messages", ["Непрочитанные сообщения", "Непрочитані повідомлення", "Unread messages"]),
    ("error.csrf", ["Форма устарела. Обновите страницу и повторите.", "Форма застаріла. Оновіть сторінку й повторіть.", "The form has expired. Reload the page and try again."]),
    ("error.forbidden", ["Этот раздел вам недоступен.", "Цей розділ вам недоступний.", "This section is not available to you."]),
    ("error.internal", ["Что-то пошло не так. Мы уже знаем об этом; попробуйте ещё раз через минуту.", "Щось пішло не так. Ми вже знаємо про це; спробуйте ще раз за хвилину.", "Something went wrong. We have been told; please try again in a minute."]),
    ("error.not_found", ["Страница не найдена.", "Сторінку не знайдено.", "Page not found."]),
    ("error.title", ["Ошибка", "Помилка", "Error"]),
    ("file.document", ["Документ", "Документ", "Document"]),
    ("file.drawing", ["Чертёж", "Креслення", "Drawing"]),
    ("file.photo", ["Фото", "Фото", "Photo"]),
    ("finance.brought_forward", ["Сальдо на начало страницы", "Сальдо на початок сторінки", "Brought forward"]),
    ("finance.by_order", ["Расчёты по заказам", "Розрахунки за замовленнями", "By order"]),
    ("finance.by_order_hint", ["Заказы с операциями на этой странице; суммы — за весь период.", "Замовлення з операціями на цій сторінці; суми — за весь період.", "Orders with entries on this page; the sums cover the whole period."]),
    ("finance.chart", ["Баланс за период", "Баланс за період", "Balance over the period"]),
    ("finance.closing", ["Сальдо на конец", "Сальдо на кінець", "Closing balance"]),
    ("finance.col.balance", ["Сальдо", "Сальдо", "Balance"]),
    ("finance.col.charged", ["Начислено", "Нараховано", "Charged"]),
    ("finance.col.compensated", ["Компенсации", "Компенсації", "Compensated"]),
    ("finance.col.credit", ["Кредит (оплаты)", "Кредит (оплати)", "Credit (paid)"]),
    ("finance.col.date", ["Дата", "Дата", "Date"]),
    ("finance.col.debit", ["Дебет (начисления)", "Дебет (нарахування)", "Debit (charged)"]),
    ("finance.col.description", ["Описание", "Опис", "Description"]),
    ("finance.col.kind", ["Операция", "Операція", "Entry"]),
    ("finance.col.net", ["Изменение сальдо", "Зміна сальдо", "Net change"]),
    ("finance.col.order", ["Заказ", "Замовлення", "Order"]),
    ("finance.col.outstanding_now", ["К оплате сейчас", "До сплати зараз", "Outstanding now"]),
    ("finance.col.paid", ["Оплачено", "Сплачено", "Paid"]),
    ("finance.col.void_reason", ["Причина аннулирования", "Причина анулювання", "Reason voided"]),
    ("finance.col.voided_amount", ["Аннулированная сумма", "Анульована сума", "Voided amount"]),
    ("finance.download", ["Скачать выписку", "Завантажити виписку", "Download the statement"]),
    ("finance.entries", ["Операции", "Операції", "Entries"]),
    ("finance.field.cursor", ["Страница выписки", "Сторінка виписки", "Statement page"]),
    ("finance.field.from", ["Дата начала", "Дата початку", "Start date"]),
    ("finance.field.to", ["Дата окончания", "Дата закінчення", "End date"]),
    ("finance.from", ["С", "З", "From"]),
    ("finance.lines_shown", ["Строки {first}–{last} из {total}", "Рядки {first}–{last} з {total}", "Lines {first}–{last} of {total}"]),
    ("finance.no_entries", ["За этот период операций нет", "За цей період операцій немає", "No entries in this period"]),
    ("finance.no_orders", ["За этот период нет операций по заказам", "За цей період немає операцій за замовленнями", "No order entries in this period"]),
    ("finance.opening", ["Сальдо на начало", "Сальдо на початок", "Opening balance"]),
    ("finance.page_first", ["« В начало", "« На початок", "« First"]),
    ("finance.page_last", ["В конец »", "В кінець »", "Last »"]),
    ("finance.page_next", ["Следующие ›", "Наступні ›", "Next ›"]),
    ("finance.page_prev", ["‹ Предыдущие", "‹ Попередні", "‹ Previous"]),
    ("finance.pages", ["Страницы выписки", "Сторінки виписки", "Statement pages"]),
    ("finance.pending_compensations", ["Компенсации, ожидающие проведения", "Компенсації, що чекають на проведення", "Compensations awaiting posting"]),
    ("finance.pending_hint", ["Решение о компенсации принято; сумма появится в выписке, когда бухгалтерия проведёт её с номером рекламации.", "Рішення про компенсацію ухвалено; сума з'явиться у виписці, коли бухгалтерія проведе її з номером рекламації.", "A compensation was decided; it appears in the statement once accounting posts it with the reclamation's number."]),
    ("finance.period", ["Период", "Період", "Period"]),
    ("finance.show", ["Показать", "Показати", "Show"]),
    ("finance.sign_hint", ["Положительное сальдо — ваш долг заводу, отрицательное — переплата.", "Додатне сальдо — ваш борг заводу, від’ємне — переплата.", "A positive balance is what you owe the plant; a negative one is paid in advance."]),
    ("finance.title", ["Взаиморасчёты", "Взаєморозрахунки", "Statement of account"]),
    ("finance.to", ["По", "По", "To"]),
    ("finance.total", ["Итого", "Разом", "Total"]),
    ("finance.voided", ["аннулирована", "анульовано", "voided"]),
    ("info.contacts", ["Контакты", "Контакти", "Contacts"]),
    ("info.empty", ["Здесь пока ничего не опубликовано", "Тут поки нічого не опубліковано", "Nothing has been published here yet"]),
    ("info.reference", ["Справочник", "Довідник", "Reference directory"]),
    ("info.schedule", ["График работы", "Графік роботи", "Work schedule"]),
    ("info.title", ["Информация завода", "Інформація заводу", "Plant information"]),
    ("info.topic.colours", ["Цвета и ламинация", "Кольори та ламінація", "Colours and laminates"]),
    ("info.topic.documents", ["Документы", "Документи", "Documents"]),
    ("info.topic.other", ["Другое", "Інше", "Other"]),
    ("info.topic.products", ["Продукция", "Продукція", "Products"]),
    ("info.topic.profile_systems", ["Профильные системы", "Профільні системи", "Profile systems"]),
    ("info.your_manager", ["Ваш менеджер", "Ваш менеджер", "Your manager"]),
    ("invite.expired", ["Ссылка устарела или уже использована. Попросите новое приглашение.", "Посилання застаріло або вже використане. Попросіть нове запрошення.", "This link has expired or was already used. Ask for a new invitation."]),
    ("invite.intro", ["Придумайте пароль для входа в DealerDesk.", "Придумайте пароль для входу в DealerDesk.", "Choose a password to sign in to DealerDesk."]),
    ("invite.submit", ["Сохранить пароль и войти", "Зберегти пароль і увійти", "Save the password and sign in"]),
    ("invite.title", ["Приглашение", "Запрошення", "Invitation"]),
    ("kind.aluminium", ["Алюминиевая конструкция", "Алюмінієва конструкція", "Aluminium structure"]),
    ("kind.balcony_door", ["Балконная дверь", "Балконні двері", "Balcony door"]),
    ("kind.door", ["Дверь", "Двері", "Door"]),
    ("kind.other", ["Другое", "Інше", "Other"]),
    ("kind.roller_shutter", ["Роллета", "Ролета", "Roller shutter"]),
    ("kind.window", ["Окно", "Вікно", "Window"]),
    ("ledger.adjustment", ["Корректировка", "Коригування", "Adjustment"]),
    ("ledger.charge", ["Начисление за заказ", "Нарахування за замовлення", "Order charge"]),
    ("ledger.compensation", ["Компенсация", "Компенсація", "Compensation"]),
    ("ledger.delivery_charge", ["Доставка", "Доставка", "Delivery charge"]),
    ("ledger.payment", ["Оплата", "Оплата", "Payment"]),
    ("ledger.refund", ["Возврат оплаты", "Повернення оплати", "Refund"]),
    ("login.bad_credentials", ["Неверный e-mail или пароль.", "Невірний e-mail або пароль.", "The e-mail or the password is wrong."]),
    ("login.deactivated", ["Учётная запись отключена. Обратитесь к администратору.", "Обліковий запис вимкнено. Зверніться до адміністратора.", "This account is deactivated. Please contact your administrator."]),
    ("login.email", ["E-mail", "E-mail", "E-mail"]),
    ("login.password", ["Пароль", "Пароль", "Password"]),
    ("login.submit", ["Войти", "Увійти", "Sign in"]),
    ("login.throttled", ["Слишком много неудачных попыток. Повторите через {n} с.", "Забагато невдалих спроб. Повторіть через {n} с.", "Too many failed attempts. Try again in {n} seconds."]),
    ("login.title", ["Вход в DealerDesk", "Вхід до DealerDesk", "Sign in to DealerDesk"]),
    ("login.welcome", ["Портал дилеров завода", "Портал дилерів заводу", "The plant's dealer portal"]),
    ("mail.invite.body", ["{name} приглашает вас в портал дилера DealerDesk: заказы, отгрузки и расчёты с заводом в одном месте.\n\nЗадайте пароль по ссылке (она действует {days} дн.):\n{link}\n\nЕсли вы не ждали этого письма, просто удалите его.", "{name} запрошує вас до порталу дилера DealerDesk: замовлення, відвантаження та розрахунки із заводом в одному місці.\n\nЗадайте пароль за посиланням (воно діє {days} дн.):\n{link}\n\nЯкщо ви не чекали цього листа, просто видаліть його.", "{name} invites you to the DealerDesk dealer portal: orders, shipments and the account with the plant in one place.\n\nSet your password with this link (valid for {days} days):\n{link}\n\nIf you did not expect this e-mail, just delete it."]),
    ("mail.invite.subject", ["Приглашение в портал дилера DealerDesk", "Запрошення до порталу дилера DealerDesk", "Your invitation to the DealerDesk dealer portal"]),
    ("mail.notify.footer", ["Что приходит по e-mail, вы выбираете в профиле: {url}", "Що надходить електронною поштою, ви обираєте в профілі: {url}", "You choose what reaches you by e-mail in your profile: {url}"]),
    ("mail.notify.greeting", ["Здравствуйте, {name}!", "Вітаємо, {name}!", "Hello {name},"]),
    ("mail.notify.subject_many", ["Новые уведомления DealerDesk ({count})", "Нові сповіщення DealerDesk ({count})", "New DealerDesk notifications ({count})"]),
    ("menu.company", ["Сотрудники", "Співробітники", "Company users"]),
    ("menu.dashboard", ["Главная", "Головна", "Dashboard"]),
    ("menu.finance", ["Финансы", "Фінанси", "Finance"]),
    ("menu.info", ["Информация завода", "Інформація заводу", "Plant information"]),
    ("menu.logout", ["Выйти", "Вийти", "Sign out"]),
    ("menu.news", ["Новости", "Новини", "News"]),
    ("menu.notifications", ["Уведомления", "Сповіщення", "Notifications"]),
    ("menu.open", ["Меню", "Меню", "Menu"]),
    ("menu.orders", ["Заказы", "Замовлення", "Orders"]),
    ("menu.profile", ["Профиль", "Профіль", "Profile"]),
    ("menu.reclamation_queue", ["Очередь рекламаций", "Черга рекламацій", "Reclamation queue"]),
    ("menu.reclamations", ["Рекламации", "Рекламації", "Reclamations"]),
    ("menu.staff", ["Рабочее место", "Робоче місце", "Workspace"]),
    ("menu.sync", ["Синхронизация", "Синхронізація", "Sync"]),
    ("news.all", ["Все новости", "Усі новини", "All news"]),
    ("news.newest", ["← К последним новостям", "← До останніх новин", "← Latest news"]),
    ("news.older", ["Более ранние новости →", "Раніші новини →", "Older news →"]),
    ("news.pages", ["Страницы новостей", "Сторінки новин", "News pages"]),
    ("news.title", ["Новости завода", "Новини заводу", "Plant news"]),
    ("notifications.mark_read", ["Отметить все прочитанными", "Позначити всі прочитаними", "Mark all as read"]),
    ("notifications.new", ["новое", "нове", "new"]),
    ("notifications.none", ["Уведомлений пока нет", "Сповіщень поки немає", "No notifications yet"]),
    ("notifications.settings", ["Что и как сообщать — в профиле", "Що і як повідомляти — у профілі", "Choose what reaches you in your profile"]),
    ("notifications.title", ["Уведомления", "Сповіщення", "Notifications"]),
    ("notifications.unread", ["Непрочитанных: {n}", "Непрочитаних: {n}", "Unread: {n}"]),
    ("notify.body.delivered", ["Заказ доставлен. Если что-то не так, оформите рекламацию со страницы заказа.", "Замовлення доставлено. Якщо щось не так, оформіть рекламацію зі сторінки замовлення.", "The order was delivered. If anything is wrong, file a reclamation from the order's page."]),
    ("notify.body.order_status_changed", ["Статус изменился: {from} → {to}.", "Статус змінився: {from} → {to}.", "The status changed: {from} → {to}."]),
    ("notify.body.payment_posted", ["Оплата от {date} учтена в вашем балансе.", "Оплату від {date} враховано у вашому балансі.", "The payment of {date} is now in your balance."]),
    ("notify.body.payment_posted_order", ["Оплата от {date} по заказу {number} учтена в вашем балансе.", "Оплату від {date} за замовленням {number} враховано у вашому балансі.", "The payment of {date} for order {number} is now in your balance."]),
    ("notify.body.reclamation_comment", ["{author}: {excerpt}", "{author}: {excerpt}", "{author}: {excerpt}"]),
    ("notify.body.reclamation_decided", ["Решение: {decision}.", "Рішення: {decision}.", "Decision: {decision}."]),
    ("notify.body.reclamation_filed", ["{dealer}: заказ {order}, {category}.", "{dealer}: замовлення {order}, {category}.", "{dealer}: order {order}, {category}."]),
    ("notify.body.reclamation_question", ["Специалист спрашивает: {question}", "Спеціаліст питає: {question}", "The specialist asks: {question}"]),
    ("notify.body.reclamation_status_changed", ["Статус изменился: {from} → {to}.", "Статус змінився: {from} → {to}.", "The status changed: {from} → {to}."]),
    ("notify.body.shipment_scheduled", ["Водитель {driver}, тел. {phone}, машина {vehicle}. Плановая доставка: {date}.", "Водій {driver}, тел. {phone}, машина {vehicle}. Планова доставка: {date}.", "Driver {driver}, phone {phone}, vehicle {vehicle}. Planned delivery: {date}."]),
    ("notify.channel.email", ["По e-mail", "Електронною поштою", "By e-mail"]),
    ("notify.channel.in_app", ["В DealerDesk", "У DealerDesk", "In DealerDesk"]),
    ("notify.kind.delivered", ["Заказ доставлен", "Замовлення доставлено", "An order was delivered"]),
    ("notify.kind.new_message", ["Новое сообщение", "Нове повідомлення", "A new message"]),
    ("notify.kind.news_published", ["Новости завода", "Новини заводу", "Factory news"]),
    ("notify.kind.order_status_changed", ["Статус заказа изменился", "Статус замовлення змінився", "An order's status changed"]),
    ("notify.kind.payment_posted", ["Поступила оплата", "Надійшла оплата", "A payment was posted"]),
    ("notify.kind.reclamation_status_changed", ["Рекламации: статус, вопросы, ответы", "Рекламації: статус, питання, відповіді", "Reclamations: status, questions, answers"]),
    ("notify.kind.shipment_scheduled", ["Назначен рейс доставки", "Призначено рейс доставки", "A delivery trip was scheduled"]),
    ("notify.kind.task_reminder", ["Напоминание о задаче", "Нагадування про завдання", "A task reminder"]),
    ("notify.title.delivered", ["Заказ {number} доставлен", "Замовлення {number} доставлено", "Order {number} was delivered"]),
    ("notify.title.order_status_changed", ["Заказ {number}: {to}", "Замовлення {number}: {to}", "Order {number}: {to}"]),
    ("notify.title.payment_posted", ["Поступила оплата {amount}", "Надійшла оплата {amount}", "Payment received: {amount}"]),
    ("notify.title.reclamation_comment", ["Рекламация {number}: новый комментарий", "Рекламація {number}: новий коментар", "Reclamation {number}: a new comment"]),
    ("notify.title.reclamation_filed", ["Новая рекламация {number}", "Нова рекламація {number}", "New reclamation {number}"]),
    ("notify.title.reclamation_status_changed", ["Рекламация {number}: {to}", "Рекламація {number}: {to}", "Reclamation {number}: {to}"]),
    ("notify.title.shipment_scheduled", ["Заказ {number}: рейс {trip}", "Замовлення {number}: рейс {trip}", "Order {number}: trip {trip}"]),
    ("notify.unknown", ["не указано", "не вказано", "not given"]),
    ("order.colour", ["Цвет", "Колір", "Colour"]),
    ("order.compensation", ["Компенсации", "Компенсації", "Compensations"]),
    ("order.constructions", ["Конструкции", "Конструкції", "Constructions"]),
    ("order.delivered", ["Доставлен", "Доставлено", "Delivered"]),
    ("order.delivery_charge", ["Доставка", "Доставка", "Delivery charge"]),
    ("order.departed", ["Выехал", "Виїхав", "Departed"]),
    ("order.documents", ["Документы заказа", "Документи замовлення", "Order documents"]),
    ("order.driver", ["Водитель", "Водій", "Driver"]),
    ("order.driver_phone", ["Телефон водителя", "Телефон водія", "Driver's phone"]),
    ("order.fittings", ["Фурнитура", "Фурнітура", "Fittings"]),
    ("order.glass", ["Стеклопакет", "Склопакет", "Glass unit"]),
    ("order.kind", ["Тип", "Тип", "Type"]),
    ("order.mm", ["мм", "мм", "mm"]),
    ("order.money", ["Расчёты по заказу", "Розрахунки за замовленням", "The order's money"]),
    ("order.no_shipment", ["Рейс ещё не назначен.", "Рейс ще не призначено.", "No trip assigned yet."]),
    ("order.paid", ["Оплачено", "Сплачено", "Paid"]),
    ("order.planned_delivery", ["Плановая доставка", "Планова доставка", "Planned delivery"]),
    ("order.planned_ship", ["Плановая отгрузка", "Планове відвантаження", "Planned shipping"]),
    ("order.price", ["Цена", "Ціна", "Price"]),
    ("order.profile", ["Профильная система", "Профільна система", "Profile system"]),
    ("order.quantity", ["Количество", "Кількість", "Quantity"]),
    ("order.shipment", ["Отгрузка", "Відвантаження", "Shipment"]),
    ("order.size", ["Размеры", "Розміри", "Size"]),
    ("order.timeline", ["Ход заказа", "Перебіг замовлення", "Progress"]),
    ("order.trip", ["Рейс", "Рейс", "Trip"]),
    ("order.vehicle", ["Машина", "Машина", "Vehicle"]),
    ("orders.accepted", ["Принят", "Прийнято", "Accepted"]),
    ("orders.amount", ["Сумма", "Сума", "Amount"]),
    ("orders.any_status", ["Все статусы", "Усі статуси", "Every status"]),
    ("orders.apply", ["Показать", "Показати", "Show"]),
    ("orders.changed", ["Статус изменён", "Статус змінено", "Status changed"]),
    ("orders.customer", ["Клиент", "Клієнт", "Customer"]),
    ("orders.field.cursor", ["Страница", "Сторінка", "Page"]),
    ("orders.field.from", ["Дата «с»", "Дата «з»", "From date"]),
    ("orders.field.limit", ["Размер страницы", "Розмір сторінки", "Page size"]),
    ("orders.field.sort", ["Сортировка", "Сортування", "Sort"]),
    ("orders.field.status", ["Статус", "Статус", "Status"]),
    ("orders.field.to", ["Дата «по»", "Дата «по»", "To date"]),
    ("orders.from", ["Принят с", "Прийнято з", "Accepted from"]),
    ("orders.next_page", ["Следующая страница →", "Наступна сторінка →", "Next page →"]),
    ("orders.none", ["Заказов не найдено.", "Замовлень не знайдено.", "No orders found."]),
    ("orders.number", ["Номер", "Номер", "Number"]),
    ("orders.outstanding", ["К оплате", "До сплати", "Outstanding"]),
    ("orders.search", ["Поиск", "Пошук", "Search"]),
    ("orders.search_hint", ["Номер заказа, клиент, профиль…", "Номер замовлення, клієнт, профіль…", "Order number, customer, profile…"]),
    ("orders.sort", ["Сортировка", "Сортування", "Sort by"]),
    ("orders.sort_accepted", ["Сначала новые", "Спочатку нові", "Newest first"]),
    ("orders.sort_amount", ["Сначала крупные", "Спочатку великі", "Largest amount first"]),
    ("orders.sort_changed", ["Последнее изменение статуса", "Остання зміна статусу", "Latest status change"]),
    ("orders.sort_number", ["По номеру", "За номером", "By number"]),
    ("orders.status", ["Статус", "Статус", "Status"]),
    ("orders.title", ["Заказы", "Замовлення", "Orders"]),
    ("orders.to", ["по", "по", "to"]),
    ("profile.change_password", ["Смена пароля", "Зміна пароля", "Change password"]),
    ("profile.current_password", ["Текущий пароль", "Поточний пароль", "Current password"]),
    ("profile.language", ["Язык интерфейса", "Мова інтерфейсу", "Interface language"]),
    ("profile.language_saved", ["Язык сохранён.", "Мову збережено.", "Language saved."]),
    ("profile.new_password", ["Новый пароль (не короче 8 символов)", "Новий пароль (не коротше 8 символів)", "New password (at least 8 characters)"]),
    ("profile.notifications", ["Уведомления", "Сповіщення", "Notifications"]),
    ("profile.notifications_hint", ["Отметьте, о чём и как сообщать. Всё, что не отмечено, приходить не будет.", "Позначте, про що і як повідомляти. Усе, що не позначено, надходити не буде.", "Tick what you want to hear about, and how. Anything left unticked will not reach you."]),
    ("profile.notifications_saved", ["Настройки уведомлений сохранены.", "Налаштування сповіщень збережено.", "Notification settings saved."]),
    ("profile.password_changed", ["Пароль изменён. Другие сеансы завершены.", "Пароль змінено. Інші сеанси завершено.", "Password changed. Your other sessions were signed out."]),
    ("profile.role", ["Роль", "Роль", "Role"]),
    ("profile.title", ["Профиль", "Профіль", "Profile"]),
    ("queue.dealers", ["Дилеры", "Дилери", "Dealers"]),
    ("queue.dealers_in_debt", ["Дилеры с задолженностью", "Дилери із заборгованістю", "Dealers in debt"]),
    ("queue.my_dealers", ["Мои дилеры", "Мої дилери", "My dealers"]),
    ("queue.news_drafts", ["Черновики новостей", "Чернетки новин", "News drafts"]),
    ("queue.open_reclamations", ["Открытые рекламации", "Відкриті рекламації", "Open reclamations"]),
    ("queue.receivable_minor", ["Дебиторская задолженность", "Дебіторська заборгованість", "Receivables"]),
    ("queue.unread_messages", ["Непрочитанные сообщения", "Непрочитані повідомлення", "Unread messages"]),
    ("queue.users", ["Пользователи", "Користувачі", "Users"]),
    ("reclamation.assign", ["Назначить", "Призначити", "Assign"]),
    ("reclamation.assigned", ["Ответственный", "Відповідальний", "Assigned to"]),
    ("reclamation.by_category", ["По категориям дефектов", "За категоріями дефектів", "By defect category"]),
    ("reclamation.by_kind", ["По видам изделий", "За видами виробів", "By kind of product"]),
    ("reclamation.category.colour", ["Цвет", "Колір", "Colour"]),
    ("reclamation.category.damaged_in_transit", ["Повреждение при доставке", "Пошкодження під час доставки", "Damaged in transit"]),
    ("reclamation.category.dimensions", ["Размеры", "Розміри", "Dimensions"]),
    ("reclamation.category.fittings", ["Фурнитура", "Фурнітура", "Fittings"]),
    ("reclamation.category.glass", ["Стеклопакет", "Склопакет", "Glass unit"]),
    ("reclamation.category.missing_parts", ["Некомплект", "Некомплект", "Missing parts"]),
    ("reclamation.category.other", ["Другое", "Інше", "Other"]),
    ("reclamation.category.profile", ["Профиль", "Профіль", "Profile"]),
    ("reclamation.choose_category", ["Выберите категорию", "Оберіть категорію", "Choose a category"]),
    ("reclamation.col.days", ["Дней до решения (в среднем)", "Днів до рішення (в середньому)", "Days to a decision (average)"]),
    ("reclamation.col.open", ["Открыто", "Відкрито", "Open"]),
    ("reclamation.col.total", ["Всего", "Усього", "Total"]),
    ("reclamation.deadline", ["Срок рассмотрения", "Термін розгляду", "Deadline"]),
    ("reclamation.dealer", ["Дилер", "Дилер", "Dealer"]),
    ("reclamation.decision", ["Решение", "Рішення", "Decision"]),
    ("reclamation.decision.compensation", ["Компенсация", "Компенсація", "Compensation"]),
    ("reclamation.decision.rejected", ["Отклонена", "Відхилена", "Rejected"]),
    ("reclamation.decision.remake", ["Переделка", "Переробка", "Remake"]),
    ("reclamation.decision.repair", ["Ремонт", "Ремонт", "Repair"]),
    ("reclamation.done.assigned", ["Ответственный назначен.", "Відповідального призначено.", "The assignee was set."]),
    ("reclamation.done.comment", ["Комментарий отправлен.", "Коментар надіслано.", "The comment was sent."]),
    ("reclamation.done.filed", ["Рекламация подана. Специалист завода рассмотрит её в срок.", "Рекламацію подано. Спеціаліст заводу розгляне її вчасно.", "The reclamation was filed. A specialist of the plant will review it by the deadline."]),
    ("reclamation.done.moved", ["Статус изменён.", "Статус змінено.", "The status was changed."]),
    ("reclamation.done.norm", ["Норматив сохранён.", "Норматив збережено.", "The norm was saved."]),
    ("reclamation.field.amount", ["Сумма компенсации", "Сума компенсації", "Compensation amount"]),
    ("reclamation.field.assignee", ["Ответственный", "Відповідальний", "Assignee"]),
    ("reclamation.field.body", ["Комментарий", "Коментар", "Comment"]),
    ("reclamation.field.category", ["Категория дефекта", "Категорія дефекту", "Defect category"]),
    ("reclamation.field.constructions", ["Конструкции", "Конструкції", "Constructions"]),
    ("reclamation.field.days", ["Срок, дней", "Термін, днів", "Deadline, days"]),
    ("reclamation.field.decision", ["Решение", "Рішення", "Decision"]),
    ("reclamation.field.description", ["Описание", "Опис", "Description"]),
    ("reclamation.field.form", ["Форма", "Форма", "Form"]),
    ("reclamation.field.order", ["Заказ", "Замовлення", "Order"]),
    ("reclamation.field.photos", ["Фотографии", "Фотографії", "Photos"]),
    ("reclamation.field.question", ["Вопрос дилеру", "Питання дилеру", "Question to the dealer"]),
    ("reclamation.field.reason", ["Причина отказа", "Причина відмови", "Reason for rejection"]),
    ("reclamation.field.status", ["Статус", "Статус", "Status"]),
    ("reclamation.field.to", ["Статус", "Статус", "Status"]),
    ("reclamation.filed", ["Подана", "Подана", "Filed"]),
    ("reclamation.filter.all", ["Все", "Усі", "All"]),
    ("reclamation.filter.any_category", ["Любая категория", "Будь-яка категорія", "Any category"]),
    ("reclamation.filter.anyone", ["Все", "Усі", "Anyone"]),
    ("reclamation.filter.me", ["Мои", "Мої", "Mine"]),
    ("reclamation.filter.nobody", ["Без ответственного", "Без відповідального", "Unassigned"]),
    ("reclamation.filter.open", ["Открытые", "Відкриті", "Open"]),
    ("reclamation.filter.overdue", ["Только просроченные", "Лише прострочені", "Overdue only"]),
    ("reclamation.history", ["История", "Історія", "History"]),
    ("reclamation.new", ["Подать рекламацию", "Подати рекламацію", "File a reclamation"]),
    ("reclamation.no_comments", ["Комментариев пока нет.", "Коментарів поки немає.", "No comments yet."]),
    ("reclamation.norms", ["Нормативы сроков", "Нормативи термінів", "Deadline norms"]),
    ("reclamation.norms_hint", ["Срок рассмотрения в днях для каждой категории; действует для новых рекламаций.", "Термін розгляду в днях для кожної категорії; діє для нових рекламацій.", "Days to review each category; applies to reclamations filed from now on."]),
    ("reclamation.order", ["Заказ", "Замовлення", "Order"]),
    ("reclamation.overdue", ["Просрочена", "Прострочена", "Overdue"]),
    ("reclamation.overdue_count", ["Просрочено: {n}", "Прострочено: {n}", "Overdue: {n}"]),
    ("reclamation.photos_again", ["Выберите фотографии ещё раз.", "Оберіть фотографії ще раз.", "Choose the photos again."]),
    ("reclamation.photos_hint", ["От 1 до 10 фотографий (JPEG, PNG, GIF, WebP, HEIC), каждая не больше {mb} МБ.", "Від 1 до 10 фотографій (JPEG, PNG, GIF, WebP, HEIC), кожна не більше {mb} МБ.", "1 to 10 photos (JPEG, PNG, GIF, WebP, HEIC), each at most {mb} MB."]),
    ("reclamation.position", ["Позиция", "Позиція", "Position"]),
    ("reclamation.queue", ["Очередь рекламаций", "Черга рекламацій", "Reclamation queue"]),
    ("reclamation.review", ["Рассмотрение", "Розгляд", "Review"]),
    ("reclamation.save", ["Сохранить", "Зберегти", "Save"]),
    ("reclamation.send", ["Отправить", "Надіслати", "Send"]),
    ("reclamation.stats", ["Статистика рекламаций", "Статистика рекламацій", "Reclamation statistics"]),
    ("reclamation.status.closed", ["Закрыта", "Закрита", "Closed"]),
    ("reclamation.status.decided", ["Решение принято", "Рішення ухвалено", "Decided"]),
    ("reclamation.status.in_review", ["На рассмотрении", "На розгляді", "In review"]),
    ("reclamation.status.submitted", ["Подана", "Подана", "Submitted"]),
    ("reclamation.status.waiting_for_dealer", ["Ждёт ответа дилера", "Чекає відповіді дилера", "Waiting for the dealer"]),
    ("reclamation.submit", ["Подать", "Подати", "File it"]),
    ("reclamation.thread", ["Переписка", "Листування", "Conversation"]),
    ("reclamation.title", ["Рекламация", "Рекламація", "Reclamation"]),
    ("reclamation.to.closed", ["Закрыть", "Закрити", "Close"]),
    ("reclamation.to.decided", ["Принять решение", "Ухвалити рішення", "Decide"]),
    ("reclamation.to.in_review", ["Взять в работу", "Взяти в роботу", "Take into review"]),
    ("reclamation.to.waiting_for_dealer", ["Запросить у дилера", "Запитати в дилера", "Ask the dealer"]),
    ("reclamations.hint", ["Рекламацию подают со страницы заказа.", "Рекламацію подають зі сторінки замовлення.", "A reclamation is filed from the order's page."]),
    ("reclamations.none", ["Рекламаций нет.", "Рекламацій немає.", "No reclamations."]),
    ("reclamations.none_for_order", ["По этому заказу рекламаций нет.", "За цим замовленням рекламацій немає.", "No reclamations for this order."]),
    ("reclamations.title", ["Рекламации", "Рекламації", "Reclamations"]),
    ("role.admin", ["Администратор", "Адміністратор", "Administrator"]),
    ("role.content_manager", ["Контент-менеджер", "Контент-менеджер", "Content manager"]),
    ("role.dealer_admin", ["Администратор дилера", "Адміністратор дилера", "Dealer administrator"]),
    ("role.dealer_user", ["Сотрудник дилера", "Співробітник дилера", "Dealer staff member"]),
    ("role.finance", ["Финансист", "Фінансист", "Finance"]),
    ("role.head_of_sales", ["Руководитель отдела продаж", "Керівник відділу продажів", "Head of sales"]),
    ("role.manager", ["Менеджер", "Менеджер", "Manager"]),
    ("role.reclamation_specialist", ["Специалист по рекламациям", "Спеціаліст з рекламацій", "Reclamation specialist"]),
    ("staff.orders_by_status", ["Заказы дилеров по статусам", "Замовлення дилерів за статусами", "Dealers' orders by status"]),
    ("staff.title", ["Рабочее место", "Робоче місце", "Workspace"]),
    ("status.accepted", ["Принят", "Прийнято", "Accepted"]),
    ("status.cancelled", ["Отменён", "Скасовано", "Cancelled"]),
    ("status.delivered", ["Доставлен", "Доставлено", "Delivered"]),
    ("status.in_production", ["Запущен в производство", "Запущено у виробництво", "In production"]),
    ("status.manufactured", ["Изготовлен", "Виготовлено", "Manufactured"]),
    ("status.ready", ["Готов к отгрузке", "Готове до відвантаження", "Ready for shipment"]),
    ("status.shipped", ["Отгружен", "Відвантажено", "Shipped"]),
    ("sync.accepted", ["Принято", "Прийнято", "Accepted"]),
    ("sync.applied", ["Применено", "Застосовано", "Applied"]),
    ("sync.attempts", ["Попыток", "Спроб", "Attempts"]),
    ("sync.discard", ["Отбросить", "Відкинути", "Discard"]),
    ("sync.lag", ["Отставание", "Відставання", "Lag"]),
    ("sync.no_sources", ["Источников пока нет: dealerdesk source add.", "Джерел поки немає: dealerdesk source add.", "No sources yet: dealerdesk source add."]),
    ("sync.oldest_waiting", ["Дольше всех ожидает", "Найдовше очікує", "Waiting longest"]),
    ("sync.quarantine", ["Карантин", "Карантин", "Quarantine"]),
    ("sync.quarantine_empty", ["Карантин пуст.", "Карантин порожній.", "The quarantine is empty."]),
    ("sync.quarantined", ["В карантине", "У карантині", "Quarantined"]),
    ("sync.retry", ["Повторить", "Повторити", "Retry"]),
    ("sync.sources", ["Источники", "Джерела", "Sources"]),
    ("sync.title", ["Состояние синхронизации", "Стан синхронізації", "Sync health"]),
    ("sync.waiting", ["Ожидают", "Очікують", "Waiting"]),
];

/// The translations for one language, handed to templates as `t`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr(pub Language);

impl Tr {
    pub fn get(&self, key: &str) -> &'static str {
        let col = match self.0 {
            Language::Ru => 0,
            Language::Uk => 1,
            Language::En => 2,
        };
        match TABLE.binary_search_by(|(k, _)| (*k).cmp(key)) {
            Ok(i) => TABLE[i].1[col],
            Err(_) => {
                tracing::warn!(key, "missing translation");
                "?"
            }
        }
    }

    /// `get` with `{n}` replaced.
    pub fn with_n(&self, key: &str, n: impl std::fmt::Display) -> String {
        self.get(key).replace("{n}", &n.to_string())
    }

    pub fn lang(&self) -> &'static str {
        self.0.as_str()
    }

    /// The language to greet an anonymous visitor in: a `lang` cookie if
    /// set, else the first of ours in `Accept-Language`, else Russian.
    pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>) -> Self {
        if let Some(l) = cookie.and_then(Language::parse) {
            return Tr(l);
        }
        let found = accept_language
            .into_iter()
            .flat_map(|h| h.split(','))
            .find_map(|part| {
                let tag = part
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                Language::parse(tag.split('-').next().unwrap_or(""))
            });
        Tr(found.unwrap_or_default())
    }
}

pub fn has_key(key: &str) -> bool {
    TABLE.binary_search_by(|(k, _)| (*k).cmp(key)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_complete() {
        for w in TABLE.windows(2) {
            assert!(w[0].0 < w[1].0, "{} must come before {}", w[1].0, w[0].0);
        }
        for (k, v) in TABLE {
            assert!(
                v.iter().all(|s| !s.is_empty()),
                "{k} has an empty translation"
            );
        }
    }

    #[test]
    fn negotiation() {
        assert_eq!(
            Tr::negotiate(None, Some("uk-UA,uk;q=0.9,en;q=0.8")).0,
            Language::Uk
        );
        assert_eq!(Tr::negotiate(Some("en"), Some("uk")).0, Language::En);
        assert_eq!(Tr::negotiate(None, Some("de-DE, en;q=0.5")).0, Language::En);
        assert_eq!(Tr::negotiate(None, None).0, Language::Ru);
    }
}
