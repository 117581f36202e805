//! Dealers: who they are (generated once with the plant: name, legal form,
//! region, contacts, how they pay, whether they change or close), the
//! people and phone numbers that go with them, and the runtime side — the
//! `dealer.upserted` events and which dealer places the next order.

use super::PlantEvents;
use super::clock::*;
use crate::names::{self, REGIONS};
use crate::rng::Rng;
use dealerdesk_domain::Email;
use dealerdesk_domain::ledger::Posting;
use dealerdesk_domain::model::SourceKind;
use dealerdesk_sync::events::*;
use std::sync::Arc;

/// How a dealer pays what the prepayment left open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Payer {
    /// Pays the rest around shipping.
    Prompt,
    /// Pays the rest weeks after delivery.
    Slow,
    /// Pays part of the rest months later, or never.
    Late,
}

/// What happens to a dealer during the history, decided when it is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Change {
    None,
    /// Contact details or the manager change at this instant.
    Update(i64),
    /// The dealer closes at this instant.
    Deactivate(i64),
}

/// A dealer as generated with the plant.
#[derive(Debug)]
pub(super) struct DealerStatic {
    pub(super) factory: u16,
    pub(super) code: String,
    pub(super) name: String,
    short_name: Option<String>,
    tax_id: String,
    pub(super) region: usize,
    city: String,
    pub(super) address: String,
    pub(super) phone: String,
    email: Option<Email>,
    pub(super) manager: usize,
    pub(super) payer: Payer,
    pub(super) russian: bool,
    /// Preferred profile system (index in `names::PROFILE_SYSTEMS`).
    pub(super) profile: usize,
    pub(super) fittings: usize,
    pub(super) change: Change,
    pub(super) opening: i64,
}

/// A dealer's state while the history runs: what may change after the
/// first `dealer.upserted`, and its ledger.
#[derive(Debug)]
pub(super) struct DealerRt {
    pub(super) version: i64,
    pub(super) active: bool,
    pub(super) manager: usize,
    pub(super) phone: String,
    pub(super) address: String,
    pub(super) opening: i64,
    pub(super) postings: Vec<Posting>,
}

/// A random person: full name, surname with initials, the surname in Latin
/// letters (for e-mail addresses), and whether male.
pub(super) fn person(rng: &mut Rng) -> (String, String, &'static str, bool) {
    let male = rng.chance(0.7);
    let s = rng.pick(names::SURNAMES);
    let (first, father) = if male {
        let n = rng.pick(names::MALE_NAMES);
        (n.0, rng.pick(names::MALE_NAMES).1)
    } else {
        (
            *rng.pick(names::FEMALE_NAMES),
            rng.pick(names::MALE_NAMES).2,
        )
    };
    let surname = if male { s.0 } else { s.1 };
    let initials = format!(
        "{}. {}.",
        first.chars().next().unwrap_or('О'),
        father.chars().next().unwrap_or('О')
    );
    (
        format!("{surname} {first} {father}"),
        format!("{surname} {initials}"),
        s.2,
        male,
    )
}

/// A mobile number as `+380` and nine digits.
pub(super) fn mobile(rng: &mut Rng) -> String {
    format!("+380{}{}", rng.pick(names::MOBILE_CODES), rng.digits(7))
}

/// A dealer's phone as people write it: mobile or landline, in a few formats.
fn pretty_phone(rng: &mut Rng, region: &names::Region) -> String {
    if rng.chance(0.65) {
        let op = rng.pick(names::MOBILE_CODES);
        let d = rng.digits(7);
        if rng.chance(0.5) {
            format!("+38 (0{op}) {}-{}-{}", &d[..3], &d[3..5], &d[5..])
        } else {
            format!("+380{op}{d}")
        }
    } else {
        let rest = rng.digits(9 - region.area_code.len());
        format!("+38 (0{}) {rest}", region.area_code)
    }
}

/// Generates the factory's `k`-th dealer, located in region `region_ix`.
pub(super) fn dealer(
    rng: &mut Rng,
    factory: u16,
    factory_code: &str,
    k: usize,
    region_ix: usize,
    start_day: i64,
    end_day: i64,
) -> DealerStatic {
    let region = &REGIONS[region_ix];
    let city = if rng.chance(0.6) {
        region.centre
    } else {
        rng.pick(region.towns)
    };
    let form = rng.weighted(&[55, 35, 10]);
    let suffix = if rng.chance(0.3) {
        rng.digits(2)
    } else {
        String::new()
    };
    let (name, short_name, tax_id, email) = match form {
        1 => {
            let (_, short, latin, _) = person(rng);
            let brand = rng
                .chance(0.5)
                .then(|| rng.pick(names::BRANDS).0.to_owned());
            let domain = *rng.pick(&["gmail.com", "ukr.net", "i.ua"]);
            (
                format!("ФОП {short}"),
                brand.or(Some(short)),
                rng.digits(10),
                format!("{latin}{suffix}@{domain}"),
            )
        }
        _ => {
            let (brand, slug) = if rng.chance(0.35) {
                (
                    format!("Вікна {}", region.land),
                    format!("vikna-{}", region.land_latin),
                )
            } else {
                let b = rng.pick(names::BRANDS);
                (b.0.to_owned(), b.1.to_owned())
            };
            let prefix = if form == 0 { "ТОВ" } else { "ПП" };
            let tax = format!("{}{}", rng.pick(&["3", "4"]), rng.digits(7));
            let mailbox = *rng.pick(&["info", "office", "sales", "zakaz"]);
            let tld = *rng.pick(&["com.ua", "ua", "kh.ua", "net.ua"]);
            (
                format!("{prefix} «{brand}»"),
                Some(brand),
                tax,
                format!("{mailbox}@{slug}{suffix}.{tld}"),
            )
        }
    };
    let office = if rng.chance(0.3) {
        format!(", оф. {}", rng.range(1, 40))
    } else {
        String::new()
    };
    let address = format!(
        "{}{}, м. {city}, {}, {}{office}",
        region.postal,
        rng.digits(3),
        rng.pick(names::STREETS),
        rng.range(1, 180)
    );
    let change = match rng.weighted(&[82, 15, 3]) {
        1 if end_day - start_day > 14 => Change::Update(
            (start_day + rng.range(7, end_day - start_day)) * DAY + rng.range(hm(10, 0), hm(17, 0)),
        ),
        2 if end_day - start_day > 14 => {
            let mid = (start_day + end_day) / 2;
            Change::Deactivate((rng.range(mid, end_day)) * DAY + rng.range(hm(10, 0), hm(17, 0)))
        }
        _ => Change::None,
    };
    let opening = match rng.weighted(&[40, 45, 15]) {
        0 => 0,
        1 => rng.range(500_000, 30_000_000),
        _ => -rng.range(10_000, 5_000_000),
    };
    DealerStatic {
        factory,
        code: format!("{factory_code}-D{k:04}"),
        name,
        short_name,
        tax_id,
        region: region_ix,
        city: city.to_owned(),
        address,
        phone: pretty_phone(rng, region),
        email: Email::parse(&email).ok(),
        manager: rng.below(6) as usize,
        payer: match rng.weighted(&[65, 25, 10]) {
            0 => Payer::Prompt,
            1 => Payer::Slow,
            _ => Payer::Late,
        },
        russian: rng.chance(0.25),
        profile: rng.weighted(&[30, 20, 12, 20, 18]),
        fittings: rng.below(names::FITTINGS.len() as u64) as usize,
        change,
        opening,
    }
}

impl PlantEvents {
    pub(super) fn dealer_upsert(&mut self, d: u32) {
        let st = Arc::clone(&self.st);
        let ds = &st.dealers[d as usize];
        let f = &st.factories[ds.factory as usize];
        let rt = &mut self.dealers[d as usize];
        rt.version += 1;
        let data = EventData::DealerUpserted(DealerUpserted {
            code: ds.code.clone(),
            name: ds.name.clone(),
            short_name: ds.short_name.clone(),
            tax_id: Some(ds.tax_id.clone()),
            region: Some(REGIONS[ds.region].name.to_owned()),
            city: Some(ds.city.clone()),
            address: Some(rt.address.clone()),
            phone: Some(rt.phone.clone()),
            email: ds.email.clone(),
            manager_email: Email::parse(&f.managers[rt.manager]).ok(),
            active: rt.active,
        });
        let version = rt.version;
        self.emit(ds.factory, SourceKind::Production, version, data);
    }

    pub(super) fn dealer_change(&mut self, d: u32) {
        let st = Arc::clone(&self.st);
        let ds = &st.dealers[d as usize];
        match ds.change {
            Change::Deactivate(_) => self.dealers[d as usize].active = false,
            _ => match self.rng.weighted(&[50, 30, 20]) {
                0 => {
                    self.dealers[d as usize].phone =
                        pretty_phone(&mut self.rng, &REGIONS[ds.region])
                }
                1 => {
                    let m = (self.dealers[d as usize].manager + 1 + self.rng.below(5) as usize) % 6;
                    self.dealers[d as usize].manager = m;
                }
                _ => {
                    let a = format!(
                        "{}{}, м. {}, {}, {}",
                        REGIONS[ds.region].postal,
                        self.rng.digits(3),
                        ds.city,
                        self.rng.pick(names::STREETS),
                        self.rng.range(1, 180)
                    );
                    self.dealers[d as usize].address = a;
                }
            },
        }
        self.dealer_upsert(d);
    }

    pub(super) fn pick_dealer(&mut self, f: usize) -> u32 {
        let st = Arc::clone(&self.st);
        let fs = &st.factories[f];
        let total = fs.cumulative.last().copied().unwrap_or(0.0);
        for _ in 0..10 {
            let x = self.rng.f64() * total;
            let i = fs
                .cumulative
                .partition_point(|c| *c <= x)
                .min(fs.cumulative.len() - 1);
            let d = fs.dealers.0 + i as u32;
            if self.dealers[d as usize].active {
                return d;
            }
        }
        fs.anchor
    }
}
