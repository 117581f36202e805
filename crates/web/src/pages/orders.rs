//! The dealer's orders: the list (`/orders`), one order (`/orders/{factory}/{number}`)
//! and its files, served only through this authorised route.

use super::chrome::Chrome;
use super::render;
use crate::fmt;
use crate::i18n::Tr;
use crate::principal::Authenticated;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use dealerdesk_app::AppError;
use dealerdesk_app::order_list::OrderQuery;
use dealerdesk_domain::{AttachmentId, Money, OrderStatus};
use dealerdesk_store::order_list::Sort;
use serde::Deserialize;

pub struct Choice {
    pub code: &'static str,
    pub label: &'static str,
    pub count: String,
    pub selected: bool,
}

pub struct Row {
    pub href: String,
    pub number: String,
    pub code: &'static str,
    pub status: &'static str,
    pub accepted: String,
    pub customer: String,
    pub total: String,
    pub outstanding: String,
    pub changed: String,
}

#[derive(Template)]
#[template(path = "orders.html")]
struct OrdersPage {
    chrome: Chrome,
    q: String,
    from: String,
    to: String,
    statuses: Vec<Choice>,
    sorts: Vec<Choice>,
    rows: Vec<Row>,
    finance: bool,
    next: Option<String>,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct ListParams {
    q: Option<String>,
    status: Option<String>,
    from: Option<String>,
    to: Option<String>,
    sort: Option<String>,
    cursor: Option<String>,
}

fn status_label(t: Tr, s: OrderStatus) -> &'static str {
    t.get(&format!("status.{}", s.as_str()))
}

pub(crate) fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

pub async fn list(
    State(state): State<AppState>,
    who: Authenticated,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    if !who.user.role.is_dealer_side() {
        return Err(AppError::Forbidden.into());
    }
    let mut chrome = Chrome::for_user(&who, "orders", "");
    let t = chrome.t;
    chrome.title = t.get("orders.title").to_owned();
    let query = OrderQuery {
        status: p.status.clone(),
        q: p.q.clone(),
        from: p.from.clone(),
        to: p.to.clone(),
        sort: p.sort.clone(),
        cursor: p.cursor.clone(),
        limit: None,
    };
    let tz = state.app.timezone(who.actor.factory()).await?;
    let (page, error) = match state.app.dealer_orders(&who.actor, &query).await {
        Ok(page) => (Some(page), None),
        Err(AppError::Invalid(fields)) => {
            (None, Some(super::field_errors(t, Some("orders"), &fields)))
        }
        Err(e) => return Err(e.into()),
    };
    let counts = page.as_ref().map(|p| p.counts.clone()).unwrap_or_default();
    let selected_status = p.status.clone().unwrap_or_default();
    let selected_sort = p
        .sort
        .clone()
        .unwrap_or_else(|| Sort::default().as_str().to_owned());
    let statuses = OrderStatus::ALL
        .iter()
        .map(|s| Choice {
            code: s.as_str(),
            label: status_label(t, *s),
            count: fmt::int(
                t.0,
                counts
                    .iter()
                    .find(|(x, _)| x == s)
                    .map(|(_, n)| *n)
                    .unwrap_or(0),
            ),
            selected: selected_status == s.as_str(),
        })
        .collect();
    let sorts = [Sort::Accepted, Sort::Changed, Sort::Number, Sort::Amount]
        .into_iter()
        .map(|s| Choice {
            code: s.as_str(),
            label: t.get(&format!("orders.sort_{}", s.as_str())),
            count: String::new(),
            selected: selected_sort == s.as_str(),
        })
        .collect();
    let mut rows = Vec::new();
    let mut next = None;
    let mut finance = false;
    if let Some(page) = page {
        finance = page.finance;
        for r in &page.rows {
            rows.push(Row {
                href: format!("/orders/{}/{}", enc(&page.factory_code), enc(&r.number)),
                number: r.number.clone(),
                code: r.status.as_str(),
                status: status_label(t, r.status),
                accepted: fmt::date(t.0, r.accepted_at, &tz),
                customer: dash_if_empty(r.customer_ref.as_deref()),
                total: fmt::money(t.0, Money::new(r.total_minor, r.currency)),
                outstanding: fmt::money(t.0, Money::new(r.outstanding_minor, r.currency)),
                changed: fmt::datetime(t.0, r.status_at, &tz),
            });
        }
        next = page.next_cursor.map(|c| {
            let mut qs = vec![format!("cursor={}", enc(&c))];
            for (k, v) in [
                ("q", &p.q),
                ("status", &p.status),
                ("from", &p.from),
                ("to", &p.to),
                ("sort", &p.sort),
            ] {
                if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                    qs.push(format!("{k}={}", enc(v)));
                }
            }
            format!("/orders?{}", qs.join("&"))
        });
    }
    let page = OrdersPage {
        chrome,
        q: p.q.unwrap_or_default(),
        from: p.from.unwrap_or_default(),
        to: p.to.unwrap_or_default(),
        statuses,
        sorts,
        rows,
        finance,
        next,
        error: error.clone(),
    };
    let mut resp = render(&page)?;
    if error.is_some() {
        *resp.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(resp)
}

pub struct TimelineRow {
    pub code: &'static str,
    pub label: &'static str,
    pub at: String,
    pub reached: bool,
}

pub struct FileLink {
    pub href: String,
    pub label: String,
}

pub struct ConstructionBlock {
    pub position: i64,
    pub name: String,
    pub code: &'static str,
    pub status: &'static str,
    pub kind: &'static str,
    pub size: String,
    pub profile: String,
    pub glass: String,
    pub colour: String,
    pub fittings: String,
    pub quantity: String,
    pub price: String,
    pub files: Vec<FileLink>,
}

pub struct ShipmentBlock {
    pub trip: String,
    pub vehicle: String,
    pub driver: String,
    pub phone: String,
    pub tel: String,
    pub departed: String,
    pub planned: String,
    pub delivered: String,
}

pub struct MoneyBlock {
    pub total: String,
    pub delivery: String,
    pub paid: String,
    pub compensation: String,
    pub outstanding: String,
}

#[derive(Template)]
#[template(path = "order.html")]
struct OrderPage {
    chrome: Chrome,
    number: String,
    status_code: &'static str,
    status: &'static str,
    accepted: String,
    customer: String,
    planned_ship: String,
    total: String,
    timeline: Vec<TimelineRow>,
    constructions: Vec<ConstructionBlock>,
    files: Vec<FileLink>,
    shipment: Option<ShipmentBlock>,
    money: Option<MoneyBlock>,
    reclamations: Vec<ReclamationLink>,
    /// Where a dealer files a reclamation about this order.
    file_reclamation: Option<String>,
}

struct ReclamationLink {
    number: String,
    href: String,
    status: String,
    code: &'static str,
}

fn dash_if_empty(s: Option<&str>) -> String {
    s.filter(|s| !s.trim().is_empty()).unwrap_or("—").to_owned()
}

pub async fn one(
    State(state): State<AppState>,
    who: Authenticated,
    Path((factory, number)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let tz = state.app.timezone(who.actor.factory()).await?;
    let v = state.app.order(&who.actor, &factory, &number).await?;
    let mut chrome = Chrome::for_user(
        &who,
        if who.user.role.is_dealer_side() {
            "orders"
        } else {
            "staff"
        },
        "",
    );
    let t = chrome.t;
    let o = &v.order;
    chrome.title = o.number.clone();
    let money = |m: i64| fmt::money(t.0, Money::new(m, o.currency));
    let file_link = |a: &dealerdesk_domain::model::Attachment| FileLink {
        href: format!(
            "/orders/{}/{}/files/{}",
            enc(&v.factory_code),
            enc(&o.number),
            a.id
        ),
        label: format!("{} · {}", t.get(&format!("file.{}", a.kind)), a.file_name),
    };
    // The stages an order goes through; reached ones carry their date.
    let line: &[OrderStatus] = if o.status == OrderStatus::Cancelled {
        &[OrderStatus::Accepted, OrderStatus::Cancelled]
    } else {
        &[
            OrderStatus::Accepted,
            OrderStatus::InProduction,
            OrderStatus::Manufactured,
            OrderStatus::Ready,
            OrderStatus::Shipped,
            OrderStatus::Delivered,
        ]
    };
    let timeline = line
        .iter()
        .map(|s| {
            let at = o.timeline.iter().find(|(x, _)| x == s).map(|(_, at)| *at);
            let reached =
                at.is_some() || s.stage().zip(o.status.stage()).is_some_and(|(a, b)| a <= b);
            TimelineRow {
                code: s.as_str(),
                label: status_label(t, *s),
                at: at.map(|a| fmt::datetime(t.0, a, &tz)).unwrap_or_default(),
                reached,
            }
        })
        .collect();
    let constructions = v
        .constructions
        .iter()
        .map(|c| ConstructionBlock {
            position: c.position,
            name: c.name.clone(),
            code: c.status.as_str(),
            status: status_label(t, c.status),
            kind: t.get(&format!("kind.{}", c.kind.as_str())),
            size: format!(
                "{} × {} {}",
                fmt::int(t.0, c.width_mm),
                fmt::int(t.0, c.height_mm),
                t.get("order.mm")
            ),
            profile: dash_if_empty(c.profile_system.as_deref()),
            glass: dash_if_empty(c.glass_unit.as_deref()),
            colour: dash_if_empty(c.colour.as_deref()),
            fittings: dash_if_empty(c.fittings.as_deref()),
            quantity: fmt::int(t.0, c.quantity),
            price: money(c.price_minor),
            files: v
                .attachments
                .iter()
                .filter(|a| a.position == Some(c.position))
                .map(file_link)
                .collect(),
        })
        .collect();
    let shipment = v.shipment.as_ref().map(|s| ShipmentBlock {
        trip: s.trip.clone(),
        vehicle: dash_if_empty(s.vehicle.as_deref()),
        driver: s.driver_name.clone(),
        phone: s.driver_phone.to_string(),
        tel: s.driver_phone.tel_uri(),
        departed: s
            .departed_at
            .map(|d| fmt::datetime(t.0, d, &tz))
            .unwrap_or_else(|| "—".into()),
        planned: s
            .planned_delivery_date
            .as_deref()
            .map(|d| fmt::day(t.0, d))
            .unwrap_or_else(|| "—".into()),
        delivered: s
            .delivered_at
            .map(|d| fmt::datetime(t.0, d, &tz))
            .unwrap_or_else(|| "—".into()),
    });
    let page = OrderPage {
        number: o.number.clone(),
        status_code: o.status.as_str(),
        status: status_label(t, o.status),
        accepted: fmt::datetime(t.0, o.accepted_at, &tz),
        customer: dash_if_empty(o.customer_ref.as_deref()),
        planned_ship: o
            .planned_ship_date
            .as_deref()
            .map(|d| fmt::day(t.0, d))
            .unwrap_or_else(|| "—".into()),
        total: money(o.total_minor),
        timeline,
        constructions,
        files: v
            .attachments
            .iter()
            .filter(|a| a.position.is_none())
            .map(file_link)
            .collect(),
        shipment,
        money: v.money.map(|m| MoneyBlock {
            total: fmt::money(t.0, m.total),
            delivery: fmt::money(t.0, m.delivery_charge),
            paid: fmt::money(t.0, m.paid),
            compensation: fmt::money(t.0, m.compensation),
            outstanding: fmt::money(t.0, m.outstanding),
        }),
        reclamations: v
            .reclamations
            .iter()
            .map(|r| ReclamationLink {
                number: r.number.clone(),
                href: format!("/reclamations/{}", enc(&r.number)),
                status: t
                    .get(&format!("reclamation.status.{}", r.status.as_str()))
                    .to_owned(),
                code: r.status.as_str(),
            })
            .collect(),
        file_reclamation: (who.user.role.is_dealer_side() && o.status != OrderStatus::Cancelled)
            .then(|| {
                format!(
                    "/orders/{}/{}/reclamation",
                    enc(&v.factory_code),
                    enc(&o.number)
                )
            }),
        chrome,
    };
    render(&page)
}

/// A drawing, photo or document. SVG can carry scripts, so every file is
/// served under a CSP that allows none, and never as HTML.
pub async fn file(
    State(state): State<AppState>,
    who: Authenticated,
    Path((factory, number, id)): Path<(String, String, i64)>,
) -> Result<Response, WebError> {
    let (a, bytes) = state
        .app
        .order_file(&who.actor, &factory, &number, AttachmentId(id))
        .await?;
    let disposition = format!("inline; filename*=UTF-8''{}", enc(&a.file_name));
    let mut resp = (
        [
            (header::CONTENT_TYPE, a.content_type.clone()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
        ],
        bytes,
    )
        .into_response();
    if let Ok(v) = "default-src 'none'; style-src 'unsafe-inline'; sandbox".parse() {
        resp.headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, v);
    }
    Ok(resp)
}
