//! Money, dates and numbers as each language writes them. Instants are
//! shown in the factory's time zone (stored in UTC).

use dealerdesk_domain::model::Language;
use dealerdesk_domain::{Money, Timestamp};

/// Groups thousands: `1 234 567` (ru, uk: narrow no-break space) or
/// `1,234,567` (en).
pub fn int(lang: Language, n: i64) -> String {
    let mut out = String::with_capacity(24);
    push_int(&mut out, lang, n);
    out
}

/// [`int`] written onto `out`. Digits are made in a stack buffer: a
/// statement page formats about a thousand amounts, and `format!` with its
/// temporary strings was 6 % of the server's CPU there (`perf`).
fn push_int(out: &mut String, lang: Language, n: i64) {
    let sep = match lang {
        Language::En => ',',
        _ => '\u{202f}',
    };
    if n < 0 {
        out.push('−');
    }
    let mut v = n.unsigned_abs();
    let mut buf = [0u8; 20];
    let mut len = 0;
    loop {
        buf[len] = b'0' + (v % 10) as u8;
        len += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for i in (0..len).rev() {
        out.push(char::from(buf[i]));
        if i > 0 && i % 3 == 0 {
            out.push(sep);
        }
    }
}

/// `12 345,67 ₴` (ru, uk) or `UAH 12,345.67` (en). Exact: integer arithmetic only.
pub fn money(lang: Language, m: Money) -> String {
    let digits = m.currency.minor_digits();
    let scale = 10i64.pow(digits);
    let whole = m.minor / scale;
    let frac = (m.minor % scale).unsigned_abs();
    let code = m.currency.as_str();
    let mut out = String::with_capacity(32);
    if lang == Language::En {
        out.push_str(code);
        out.push('\u{a0}');
    }
    if m.minor < 0 && whole == 0 {
        out.push('−');
    }
    push_int(&mut out, lang, whole);
    if digits > 0 {
        out.push(if lang == Language::En { '.' } else { ',' });
        let mut place = scale / 10;
        let mut rest = frac;
        while place > 0 {
            let place_u = place.unsigned_abs();
            out.push(char::from(b'0' + (rest / place_u) as u8));
            rest %= place_u;
            place /= 10;
        }
    }
    match (lang, code) {
        (Language::En, _) => {}
        (_, "UAH") => out.push_str("\u{a0}₴"),
        (_, code) => {
            out.push('\u{a0}');
            out.push_str(code);
        }
    }
    out
}

fn zoned(t: Timestamp, tz: &str) -> Option<jiff::Zoned> {
    let ts = jiff::Timestamp::from_millisecond(t.0).ok()?;
    let zone = jiff::tz::TimeZone::get(tz).unwrap_or(jiff::tz::TimeZone::UTC);
    Some(ts.to_zoned(zone))
}

/// `27.11.2026 14:05` (ru, uk) or `27 Nov 2026, 14:05` (en).
pub fn datetime(lang: Language, t: Timestamp, tz: &str) -> String {
    match zoned(t, tz) {
        Some(z) => match lang {
            Language::En => z.strftime("%-d %b %Y, %H:%M").to_string(),
            _ => z.strftime("%d.%m.%Y %H:%M").to_string(),
        },
        None => String::new(),
    }
}

/// `27.11.2026` (ru, uk) or `27 Nov 2026` (en).
pub fn date(lang: Language, t: Timestamp, tz: &str) -> String {
    match zoned(t, tz) {
        Some(z) => match lang {
            Language::En => z.strftime("%-d %b %Y").to_string(),
            _ => z.strftime("%d.%m.%Y").to_string(),
        },
        None => String::new(),
    }
}

/// A calendar day given as `YYYY-MM-DD` (as the plant's systems send
/// them), written the language's way; anything else is shown as it is.
pub fn day(lang: Language, ymd: &str) -> String {
    match ymd.parse::<jiff::civil::Date>() {
        Ok(d) => match lang {
            Language::En => d.strftime("%-d %b %Y").to_string(),
            _ => d.strftime("%d.%m.%Y").to_string(),
        },
        Err(_) => ymd.to_owned(),
    }
}

/// A month (`YYYY-MM`) as the reader writes it: `11.2026`, `Nov 2026`.
pub fn month(lang: Language, ym: &str) -> String {
    match format!("{ym}-01").parse::<jiff::civil::Date>() {
        Ok(d) => match lang {
            Language::En => d.strftime("%b %Y").to_string(),
            _ => d.strftime("%m.%Y").to_string(),
        },
        Err(_) => ym.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dealerdesk_domain::Currency;

    /// The first, obvious versions: the fast ones must write the same.
    fn int_reference(lang: Language, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let sep = if lang == Language::En {
            ","
        } else {
            "\u{202f}"
        };
        let mut out = String::new();
        if n < 0 {
            out.push('−');
        }
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(ch);
        }
        out
    }

    fn money_reference(lang: Language, m: Money) -> String {
        let digits = m.currency.minor_digits();
        let scale = 10i64.pow(digits);
        let whole = m.minor / scale;
        let frac = (m.minor % scale).unsigned_abs();
        let sign_fix = if m.minor < 0 && whole == 0 { "−" } else { "" };
        let number = if digits == 0 {
            int_reference(lang, whole)
        } else {
            let dec = if lang == Language::En { "." } else { "," };
            format!(
                "{sign_fix}{}{dec}{frac:0width$}",
                int_reference(lang, whole),
                width = digits as usize
            )
        };
        match (lang, m.currency.as_str()) {
            (Language::En, code) => format!("{code}\u{a0}{number}"),
            (_, "UAH") => format!("{number}\u{a0}₴"),
            (_, code) => format!("{number}\u{a0}{code}"),
        }
    }

    #[test]
    fn fast_formatting_writes_what_the_reference_does() {
        let mut values = vec![
            0,
            1,
            -1,
            9,
            10,
            99,
            100,
            999,
            1000,
            -1000,
            12_345,
            999_999,
            1_000_000,
            i64::MAX,
            i64::MIN,
            i64::MIN + 1,
        ];
        // A spread of magnitudes and signs, and every edge around a power of ten.
        let mut x: i64 = 7;
        for _ in 0..2000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            values.push(x >> (x.unsigned_abs() % 60));
        }
        for p in 0..18 {
            let t = 10i64.pow(p);
            values.extend([t - 1, t, t + 1, -t + 1, -t, -t - 1]);
        }
        let currencies =
            ["UAH", "EUR", "JPY", "KWD"].map(|c| Currency::parse(c).expect("currency"));
        for lang in [Language::Ru, Language::Uk, Language::En] {
            for &v in &values {
                assert_eq!(int(lang, v), int_reference(lang, v), "{v}");
                for c in currencies {
                    let m = Money::new(v, c);
                    assert_eq!(money(lang, m), money_reference(lang, m), "{v} {c:?}");
                }
            }
        }
    }

    #[test]
    fn money_per_language() {
        let m = Money::new(1_234_567, Currency::UAH);
        assert_eq!(money(Language::Ru, m), "12\u{202f}345,67\u{a0}₴");
        assert_eq!(money(Language::En, m), "UAH\u{a0}12,345.67");
        assert_eq!(
            money(Language::Uk, Money::new(-5, Currency::UAH)),
            "−0,05\u{a0}₴"
        );
        assert_eq!(
            money(Language::En, Money::new(-123_456, Currency::EUR)),
            "EUR\u{a0}−1,234.56"
        );
        assert_eq!(int(Language::En, 1000), "1,000");
        assert_eq!(int(Language::Ru, 999), "999");
    }

    #[test]
    fn dates_in_the_plant_zone() {
        // 2026-11-27 12:05 UTC is 14:05 in Kyiv (EET, UTC+2).
        let t = Timestamp(1_795_781_100_000);
        assert_eq!(datetime(Language::Uk, t, "Europe/Kyiv"), "27.11.2026 14:05");
        assert_eq!(
            datetime(Language::En, t, "Europe/Kyiv"),
            "27 Nov 2026, 14:05"
        );
        assert_eq!(date(Language::Ru, t, "Europe/Kyiv"), "27.11.2026");
        assert_eq!(month(Language::Uk, "2026-11"), "11.2026");
        assert_eq!(month(Language::En, "2026-11"), "Nov 2026");
        assert_eq!(month(Language::En, "2026-13"), "2026-13");
        assert_eq!(day(Language::Uk, "2026-11-25"), "25.11.2026");
        assert_eq!(day(Language::En, "2026-11-25"), "25 Nov 2026");
        assert_eq!(day(Language::En, "soon"), "soon");
    }
}
