//! Reclamations of the demo plant, so the specialists' queue, its
//! statistics and the dealers' lists have something to show: a few dealers
//! of each factory (the busiest first) file one about a shipped or
//! delivered order, through the same use cases as people do, and the
//! factory's specialist takes them to different points of their life —
//! new, in review, a question to the dealer, repaired, compensated, closed.

use crate::demo::{DemoError, dealer_login};
use dealerdesk_app::App;
use dealerdesk_app::reclamations::review::Move;
use dealerdesk_app::reclamations::{Filing, Upload};
use dealerdesk_domain::{DealerScope, Email, OrderStatus};
use dealerdesk_store::Repos;

/// Dealers per factory that file one.
const PER_FACTORY: usize = 6;

/// A 1×1 PNG: the demo keeps no pictures, only their place.
const PHOTO: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

const STORIES: [(&str, &str); PER_FACTORY] = [
    (
        "glass",
        "Тріщина склопакета в правій стулці, видно після розпакування.",
    ),
    (
        "fittings",
        "Ручка не повертається до кінця, стулка не відчиняється на провітрювання.",
    ),
    (
        "profile",
        "Подряпини на профілі з вулиці, довжина близько 10 см.",
    ),
    (
        "dimensions",
        "Ширина виробу на 12 мм менша за замовлену, не стає в проріз.",
    ),
    (
        "damaged_in_transit",
        "Пошкоджено кут рами під час доставки, водій підписав акт.",
    ),
    (
        "colour",
        "Колір ламінації відрізняється від зразка, клієнт не приймає.",
    ),
];

pub(crate) async fn actor(
    app: &App,
    email: &str,
) -> Result<Option<dealerdesk_domain::Actor>, DemoError> {
    let Ok(email) = Email::parse(email) else {
        return Ok(None);
    };
    let user = app.store.read().await?.users().by_email(&email).await?;
    Ok(user.and_then(|u| u.actor()))
}

/// Files and works the demo's reclamations for one factory.
pub async fn seed(
    app: &App,
    factory_code: &str,
    dealer_codes: &[String],
) -> Result<usize, DemoError> {
    let Some(specialist) = actor(
        app,
        &format!("reclamations@{}.demo", factory_code.to_lowercase()),
    )
    .await?
    else {
        return Ok(0);
    };
    let mut filed = 0;
    for (i, code) in dealer_codes.iter().take(PER_FACTORY).enumerate() {
        let Some(dealer) = actor(app, &dealer_login("admin", code)).await? else {
            continue;
        };
        let Some(dealer_id) = dealer.own_dealer() else {
            continue;
        };
        let order = app
            .store
            .read()
            .await?
            .orders()
            .recent_changes(&DealerScope::system(dealer_id), 50)
            .await?
            .into_iter()
            .find(|o| matches!(o.status, OrderStatus::Delivered | OrderStatus::Shipped));
        let Some(order) = order else { continue };
        let (category, text) = STORIES[i % STORIES.len()];
        let number = app
            .file_reclamation(
                &dealer,
                factory_code,
                &order.number,
                Filing {
                    constructions: vec![1],
                    category: category.into(),
                    description: text.into(),
                    photos: vec![Upload {
                        file_name: "photo.png".into(),
                        bytes: PHOTO.to_vec(),
                    }],
                },
            )
            .await?;
        filed += 1;
        let step = |to: &str| Move {
            to: to.into(),
            ..Move::default()
        };
        let moves: Vec<Move> = match i {
            0 => vec![],
            1 => vec![step("in_review")],
            2 => vec![
                step("in_review"),
                Move {
                    question: "Додайте, будь ласка, фото маркування склопакета.".into(),
                    ..step("waiting_for_dealer")
                },
            ],
            3 => vec![
                step("in_review"),
                Move {
                    decision: "repair".into(),
                    ..step("decided")
                },
            ],
            4 => vec![
                step("in_review"),
                Move {
                    decision: "compensation".into(),
                    amount: "1500".into(),
                    ..step("decided")
                },
            ],
            _ => vec![
                step("in_review"),
                Move {
                    decision: "remake".into(),
                    ..step("decided")
                },
                step("closed"),
            ],
        };
        for m in &moves {
            app.move_reclamation(&specialist, &number, m).await?;
        }
    }
    Ok(filed)
}
