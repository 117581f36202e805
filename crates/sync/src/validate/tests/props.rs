//! Property tests: valid events built as typed values round-trip through
//! their wire form, random JSON never panics the validator, and a valid
//! event with any one value replaced by junk is refused at a real pointer
//! (or still round-trips).

use super::*;
use crate::validate::fields::escape_pointer;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    "\\PC{1,30}".prop_filter_map("blank", |s| {
        let t = s.trim();
        (!t.is_empty()).then(|| t.to_owned())
    })
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text())
}

fn ident() -> impl Strategy<Value = String> {
    "[A-Za-zА-я0-9][A-Za-zА-я0-9/ -]{0,40}[A-Za-z0-9]"
}

fn code() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_.-]{1,64}"
}

fn instant() -> impl Strategy<Value = Timestamp> {
    (0i64..4_102_444_800_000).prop_map(Timestamp)
}

fn date() -> impl Strategy<Value = String> {
    (1990i32..2100, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

fn currency() -> impl Strategy<Value = Currency> {
    "[A-Z]{3}".prop_map(|s| Currency::parse(&s).unwrap())
}

fn email() -> impl Strategy<Value = Email> {
    "[a-z0-9.]{1,12}@[a-z]{1,10}\\.(ua|com|demo)"
        .prop_filter_map("email", |s| Email::parse(&s).ok())
}

fn status() -> impl Strategy<Value = OrderStatus> {
    prop::sample::select(OrderStatus::ALL)
}

fn dealer() -> impl Strategy<Value = EventData> {
    (
        code(),
        text(),
        opt_text(),
        opt_text(),
        opt_text(),
        opt_text(),
        opt_text(),
        opt_text(),
        proptest::option::of(email()),
        proptest::option::of(email()),
        any::<bool>(),
    )
        .prop_map(
            |(
                code,
                name,
                short_name,
                tax_id,
                region,
                city,
                address,
                phone,
                email,
                manager_email,
                active,
            )| {
                EventData::DealerUpserted(DealerUpserted {
                    code,
                    name,
                    short_name,
                    tax_id,
                    region,
                    city,
                    address,
                    phone,
                    email,
                    manager_email,
                    active,
                })
            },
        )
}

fn construction(position: i64) -> impl Strategy<Value = ConstructionData> {
    (
        prop::sample::select(ConstructionKind::ALL),
        text(),
        100i64..=10_000,
        100i64..=10_000,
        opt_text(),
        opt_text(),
        opt_text(),
        opt_text(),
        1i64..=1000,
        0i64..1_000_000_000,
    )
        .prop_map(
            move |(
                kind,
                name,
                width_mm,
                height_mm,
                profile_system,
                glass_unit,
                colour,
                fittings,
                quantity,
                price_minor,
            )| ConstructionData {
                position,
                kind,
                name,
                width_mm,
                height_mm,
                profile_system,
                glass_unit,
                colour,
                fittings,
                quantity,
                price_minor,
            },
        )
}

fn order() -> impl Strategy<Value = EventData> {
    let constructions = prop::collection::btree_set(1i64..10_000, 1..6)
        .prop_flat_map(|ps| ps.into_iter().map(construction).collect::<Vec<_>>());
    (
        ident(),
        code(),
        instant(),
        opt_text(),
        proptest::option::of(date()),
        currency(),
        0i64..i64::MAX,
        constructions,
    )
        .prop_map(
            |(
                number,
                dealer_code,
                accepted_at,
                customer_ref,
                planned_ship_date,
                currency,
                total_minor,
                constructions,
            )| {
                EventData::OrderUpserted(OrderUpserted {
                    number,
                    dealer_code,
                    accepted_at,
                    customer_ref,
                    planned_ship_date,
                    currency,
                    total_minor,
                    constructions,
                })
            },
        )
}

fn status_changed() -> impl Strategy<Value = EventData> {
    let progress =
        prop::collection::btree_map(1i64..1000, (status(), instant()), 0..5).prop_map(|m| {
            m.into_iter()
                .map(|(position, (status, at))| ConstructionProgress {
                    position,
                    status,
                    at,
                })
                .collect::<Vec<_>>()
        });
    (ident(), status(), instant(), progress).prop_map(|(number, status, at, constructions)| {
        EventData::OrderStatusChanged(OrderStatusChanged {
            number,
            status,
            at,
            constructions,
        })
    })
}

fn shipment() -> impl Strategy<Value = EventData> {
    let phone = "\\+380[0-9]{9}|0[0-9]{9}".prop_map(|s| Phone::parse(&s).unwrap());
    let orders =
        prop::collection::btree_set(ident(), 1..20).prop_map(|s| s.into_iter().collect::<Vec<_>>());
    (
        ident(),
        opt_text(),
        text(),
        phone,
        proptest::option::of(instant()),
        proptest::option::of(date()),
        proptest::option::of(instant()),
        orders,
    )
        .prop_map(
            |(
                trip,
                vehicle,
                driver_name,
                driver_phone,
                departed_at,
                planned_delivery_date,
                delivered_at,
                orders,
            )| {
                EventData::ShipmentUpserted(ShipmentUpserted {
                    trip,
                    vehicle,
                    driver_name,
                    driver_phone,
                    departed_at,
                    planned_delivery_date,
                    delivered_at,
                    orders,
                })
            },
        )
}

fn attachment() -> impl Strategy<Value = EventData> {
    let content = (
        prop::sample::select(ContentType::ALL.to_vec()),
        prop::collection::vec(any::<u8>(), 0..200),
    )
        .prop_map(|(ct, tail)| {
            let head: Vec<u8> = match ct {
                ContentType::Png => b"\x89PNG\r\n\x1a\n".to_vec(),
                ContentType::Jpeg => vec![0xFF, 0xD8, 0xFF],
                ContentType::Pdf => b"%PDF-1.4\n".to_vec(),
                ContentType::Svg => {
                    let body: String = tail.iter().map(|b| char::from(b'a' + b % 26)).collect();
                    return (
                        ct,
                        format!(
                            "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>{body}</title></svg>"
                        )
                        .into_bytes(),
                    );
                }
            };
            (ct, [head, tail].concat())
        });
    let name = "[A-Za-zА-я0-9 _.-]{1,30}".prop_filter_map("blank", |s| {
        let t = s.trim();
        (!t.is_empty()).then(|| t.to_owned())
    });
    (
        text(),
        ident(),
        proptest::option::of(1i64..100),
        prop::sample::select(AttachmentKind::ALL.to_vec()),
        name,
        content,
    )
        .prop_map(
            |(attachment_id, order_number, position, kind, file_name, (content_type, content))| {
                EventData::AttachmentAdded(AttachmentAdded {
                    attachment_id,
                    order_number,
                    position,
                    kind,
                    file_name,
                    content_type,
                    content,
                })
            },
        )
}

fn ledger() -> impl Strategy<Value = EventData> {
    let opening = (code(), date(), any::<i64>(), currency()).prop_map(
        |(dealer_code, as_of, amount_minor, currency)| {
            EventData::LedgerOpeningBalance(LedgerOpeningBalance {
                dealer_code,
                as_of,
                amount_minor,
                currency,
            })
        },
    );
    let posted = (
        text(),
        code(),
        prop::sample::select(LedgerKind::ALL.to_vec()),
        1i64..i64::MAX,
        any::<bool>(),
        currency(),
        date(),
        proptest::option::of(ident()),
        opt_text(),
    )
        .prop_map(
            |(
                entry_id,
                dealer_code,
                kind,
                amount,
                negative,
                currency,
                posted_on,
                order_number,
                description,
            )| {
                let amount_minor = if kind == LedgerKind::Adjustment && negative {
                    -amount
                } else {
                    amount
                };
                EventData::LedgerEntryPosted(LedgerEntryPosted {
                    entry_id,
                    dealer_code,
                    kind,
                    amount_minor,
                    currency,
                    posted_on,
                    order_number,
                    description,
                })
            },
        );
    let voided = (text(), text()).prop_map(|(entry_id, reason)| {
        EventData::LedgerEntryVoided(LedgerEntryVoided { entry_id, reason })
    });
    prop_oneof![opening, posted, voided]
}

/// A valid event of any type, built directly as a typed value.
fn valid_event() -> impl Strategy<Value = Event> {
    let data = prop_oneof![
        dealer(),
        order(),
        status_changed(),
        shipment(),
        attachment(),
        ledger()
    ];
    ("[ -~]{0,126}[!-~]", instant(), 1i64..=i64::MAX, data).prop_map(
        |(event_id, occurred_at, version, data)| Event {
            event_id,
            occurred_at,
            version,
            data,
        },
    )
}

fn source_of(e: &Event) -> SourceKind {
    if e.data.allowed_for(P) { P } else { A }
}

fn any_json() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "event_id",
        "type",
        "occurred_at",
        "version",
        "data",
        "number",
        "constructions",
        "position",
        "width_mm",
        "status",
        "at",
        "orders",
        "content_base64",
        "content_type",
        "kind",
        "amount_minor",
        "code",
        "name",
        "active",
        "x",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        "\\PC{0,20}".prop_map(Value::from),
        prop::sample::select(
            EventType::ALL
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
        )
        .prop_map(Value::from),
        prop::sample::select(vec![
            "2026-11-20T08:15:00Z",
            "2025-01-01",
            "image/svg+xml",
            "iVBORw0KGgo=",
            "PHN2Zz4=",
            "window",
            "ready"
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..8).prop_map(|kv| Value::Object(
                kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
            )),
        ]
    })
}

/// Every pointer to a value inside `v` (not the root).
fn pointers(v: &Value, base: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{base}/{}", escape_pointer(k));
                out.push(p.clone());
                pointers(x, p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let p = format!("{base}/{i}");
                out.push(p.clone());
                pointers(x, p, out);
            }
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Whatever a source sends, validation answers and never panics; an
    /// event it accepts validates again to itself from its wire form.
    #[test]
    fn random_json_never_panics(raw in any_json()) {
        for source in [P, A] {
            if let Ok(e) = validate_event(&raw, source, &Limits::default()) {
                prop_assert_eq!(validate_event(&e.to_json(), source, &Limits::default()), Ok(e));
            }
        }
    }

    /// A valid event survives the wire: validate(to_json(e)) == e.
    #[test]
    fn valid_events_round_trip(e in valid_event()) {
        let source = source_of(&e);
        prop_assert_eq!(validate_event(&e.to_json(), source, &Limits::default()), Ok(e.clone()));
        let other = if source == P { A } else { P };
        let r = validate_event(&e.to_json(), other, &Limits::default());
        prop_assert_eq!(r.map_err(|r| r.code), Err(RejectCode::ForbiddenEventType));
    }

    /// Replacing any one value of a valid event with junk never panics,
    /// a refusal points at a real place in the event (or at where a
    /// required field belongs), and anything still accepted round-trips.
    #[test]
    fn mutated_events(e in valid_event(), pick in any::<prop::sample::Index>(), junk in any_json()) {
        let source = source_of(&e);
        let mut raw = e.to_json();
        let mut ps = Vec::new();
        pointers(&raw, String::new(), &mut ps);
        let target = ps[pick.index(ps.len())].clone();
        if let Some(slot) = raw.pointer_mut(&target) {
            *slot = junk;
        }
        match validate_event(&raw, source, &Limits::default()) {
            Ok(back) => prop_assert_eq!(validate_event(&back.to_json(), source, &Limits::default()), Ok(back)),
            Err(r) => {
                prop_assert!(r.path.is_empty() || raw.pointer(&r.path).is_some() || r.code == RejectCode::MissingField, "{:?}", r);
                prop_assert!(!r.message.is_empty());
                prop_assert!(r.code != RejectCode::ConflictingDuplicate);
            }
        }
    }
}
