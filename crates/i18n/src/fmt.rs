//! Money, dates and numbers as each language writes them. Instants are
//! shown in the factory's time zone (stored in UTC).

use dealerdesk_domain::model::Language;
use dealerdesk_domain::{Money, Timestamp};

/// Groups thousands: `1 234 567` (ru, uk: narrow no-break space) or
/// `1,234,567` (en).
pub fn int(lang: Language, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let sep = match lang {
        Language::En => ",",
        _ => "\u{202f}",
    };
    let mut out = String::with_capacity(digits.len() + 8);
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

/// `12 345,67 ₴` (ru, uk) or `UAH 12,345.67` (en). Exact: integer arithmetic only.
pub fn money(lang: Language, m: Money) -> String {
    let digits = m.currency.minor_digits();
    let scale = 10i64.pow(digits);
    let whole = m.minor / scale;
    let frac = (m.minor % scale).unsigned_abs();
    let sign_fix = if m.minor < 0 && whole == 0 { "−" } else { "" };
    let number = if digits == 0 {
        int(lang, whole)
    } else {
        let dec = if lang == Language::En { "." } else { "," };
        format!(
            "{sign_fix}{}{dec}{frac:0width$}",
            int(lang, whole),
            width = digits as usize
        )
    };
    match (lang, m.currency.as_str()) {
        (Language::En, code) => format!("{code}\u{a0}{number}"),
        (_, "UAH") => format!("{number}\u{a0}₴"),
        (_, code) => format!("{number}\u{a0}{code}"),
    }
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
