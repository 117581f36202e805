//! The balance-over-time chart, drawn on the server as SVG: no script, no
//! chart library, readable on a phone, printable. A step line (the balance
//! holds between postings), a zero line, the highest and lowest balance and
//! the period's ends as labels.

use std::fmt::Write;

/// What the chart needs: the balance at the start of the period, then the
/// balance at the end of each day it moved, all within `[from, to]`.
pub struct BalanceSeries<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub opening_minor: i64,
    pub by_day: &'a [(String, i64)],
}

const W: f64 = 720.0;
const H: f64 = 220.0;
const LEFT: f64 = 8.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 22.0;
const BOTTOM: f64 = 26.0;

/// Days since 1970-01-01 of a `YYYY-MM-DD` date, or `None` for anything
/// else (a wrong shape, month 13, February 30th). Plain integer arithmetic
/// (Howard Hinnant's `days_from_civil`): a year's chart reads 365 dates per
/// page, and a calendar parser per point was a tenth of the page's time.
fn day_number(ymd: &str) -> Option<i64> {
    let b = ymd.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        b[r].iter().try_fold(0i64, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))
        })
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let month_days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if !(1..=month_days).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// A coordinate written with one decimal, as `{:.1}` would, but through
/// integer formatting: a year's chart writes some 750 of them per page.
struct Tenths(f64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = (self.0 * 10.0).round() as i64;
        let sign = if t < 0 { "-" } else { "" };
        let t = t.unsigned_abs();
        write!(f, "{sign}{}.{}", t / 10, t % 10)
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The SVG markup. `money` and `day` write amounts and dates in the
/// reader's language; `label` is the accessible description.
pub fn balance_svg(
    s: &BalanceSeries<'_>,
    label: &str,
    money: &dyn Fn(i64) -> String,
    day: &dyn Fn(&str) -> String,
) -> String {
    let (Some(d0), Some(d1)) = (day_number(s.from), day_number(s.to)) else {
        return String::new();
    };
    // The last day counts whole: the line runs to the end of `to`.
    let span = (d1 - d0 + 1).max(1) as f64;
    let x = |d: i64| LEFT + (d - d0) as f64 / span * (W - LEFT - RIGHT);
    let closing = s.by_day.last().map(|(_, b)| *b).unwrap_or(s.opening_minor);
    let values = std::iter::once(s.opening_minor).chain(s.by_day.iter().map(|(_, b)| *b));
    let (mut lo, mut hi) = (0i64, 0i64);
    for v in values {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if lo == hi {
        hi = lo + 1;
    }
    let y = |v: i64| TOP + (hi - v) as f64 / (hi - lo) as f64 * (H - TOP - BOTTOM);

    let mut path = String::with_capacity(16 + 16 * s.by_day.len());
    let _ = write!(path, "M{},{}", Tenths(x(d0)), Tenths(y(s.opening_minor)));
    for (date, balance) in s.by_day {
        let Some(d) = day_number(date) else { continue };
        // The day's postings take effect at the start of the day's slot.
        let _ = write!(path, " H{} V{}", Tenths(x(d)), Tenths(y(*balance)));
    }
    let _ = write!(path, " H{}", Tenths(x(d1 + 1)));
    let area = format!("{path} V{} H{} Z", Tenths(y(0)), Tenths(x(d0)));

    let mut out = String::with_capacity(2048);
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{label}" xmlns="http://www.w3.org/2000/svg"><title>{label}</title>"#,
        label = esc(label)
    );
    let _ = write!(
        out,
        r#"<path class="area" d="{area}"/><line class="zero" x1="{LEFT}" x2="{x2}" y1="{y0}" y2="{y0}"/><path class="line" d="{path}"/>"#,
        x2 = Tenths(W - RIGHT),
        y0 = Tenths(y(0))
    );
    let text = |out: &mut String, x: f64, y: f64, anchor: &str, class: &str, body: &str| {
        let _ = write!(
            out,
            r#"<text x="{x}" y="{y}" text-anchor="{anchor}" class="{class}">{}</text>"#,
            esc(body),
            x = Tenths(x),
            y = Tenths(y)
        );
    };
    text(&mut out, LEFT, 14.0, "start", "hi", &money(hi));
    if lo < 0 {
        text(&mut out, LEFT, H - BOTTOM + 14.0, "start", "lo", &money(lo));
    }
    text(&mut out, LEFT, H - 4.0, "start", "day", &day(s.from));
    text(&mut out, W - RIGHT, H - 4.0, "end", "day", &day(s.to));
    text(&mut out, W - RIGHT, 14.0, "end", "end", &money(closing));
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(v: i64) -> String {
        format!("{v}")
    }

    #[test]
    fn draws_steps_within_the_box() {
        let by_day = vec![
            ("2026-11-10".to_owned(), 500),
            ("2026-11-20".to_owned(), -250),
        ];
        let svg = balance_svg(
            &BalanceSeries {
                from: "2026-11-01",
                to: "2026-11-30",
                opening_minor: 100,
                by_day: &by_day,
            },
            "Balance <1>",
            &m,
            &|d| d.to_owned(),
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("aria-label=\"Balance &lt;1&gt;\""), "{svg}");
        // Highest and lowest values are labelled, and the line ends at the closing balance.
        assert!(svg.contains(">500</text>") && svg.contains(">-250</text>"));
        // Every coordinate lies inside the view box.
        let nums: Vec<f64> = svg
            .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
            .filter_map(|t| t.parse().ok())
            .filter(|v: &f64| v.fract() != 0.0)
            .collect();
        assert!(nums.iter().all(|v| (0.0..=W).contains(v)), "{nums:?}");
        // A step: horizontal then vertical moves only after the start.
        assert!(svg.contains(" H") && svg.contains(" V"));
    }

    #[test]
    fn day_numbers_agree_with_the_calendar() {
        let epoch = jiff::civil::date(1970, 1, 1);
        let mut day = jiff::civil::date(1899, 12, 25);
        while day.year() < 2101 {
            let expected = i64::from(epoch.until(day).expect("span").get_days());
            assert_eq!(day_number(&day.to_string()), Some(expected), "{day}");
            day = day.tomorrow().expect("tomorrow");
        }
        for bad in [
            "2026-02-29",
            "2024-02-30",
            "1900-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "2026-01-00",
            "2026-1-01",
            "2026/01/01",
            "20260101xx",
            "",
            "２０２６-01-01",
        ] {
            assert_eq!(day_number(bad), None, "{bad}");
        }
        assert_eq!(day_number("2000-02-29"), Some(11_016));
    }

    #[test]
    fn tenths_write_what_one_decimal_would() {
        for i in 0..40_000 {
            let v = f64::from(i) * 0.037 + 0.001;
            // Values within a hair of a half may round either way.
            let tenths = v * 10.0;
            if (tenths - tenths.floor() - 0.5).abs() < 1e-6 {
                continue;
            }
            assert_eq!(Tenths(v).to_string(), format!("{v:.1}"), "{v}");
        }
        assert_eq!(Tenths(712.0).to_string(), "712.0");
        assert_eq!(Tenths(-2.5).to_string(), "-2.5");
    }

    #[test]
    fn bad_dates_draw_nothing_and_flat_lines_do_not_divide_by_zero() {
        let none = balance_svg(
            &BalanceSeries {
                from: "x",
                to: "2026-11-30",
                opening_minor: 0,
                by_day: &[],
            },
            "b",
            &m,
            &|d| d.to_owned(),
        );
        assert!(none.is_empty());
        let flat = balance_svg(
            &BalanceSeries {
                from: "2026-11-30",
                to: "2026-11-30",
                opening_minor: 0,
                by_day: &[],
            },
            "b",
            &m,
            &|d| d.to_owned(),
        );
        assert!(!flat.contains("NaN") && !flat.contains("inf"), "{flat}");
    }
}
