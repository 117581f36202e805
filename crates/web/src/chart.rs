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

fn day_number(ymd: &str) -> Option<i64> {
    let d: jiff::civil::Date = ymd.parse().ok()?;
    let epoch = jiff::civil::date(1970, 1, 1);
    epoch.until(d).ok().map(|s| i64::from(s.get_days()))
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

    let mut path = format!("M{:.1},{:.1}", x(d0), y(s.opening_minor));
    for (date, balance) in s.by_day {
        let Some(d) = day_number(date) else { continue };
        // The day's postings take effect at the start of the day's slot.
        let _ = write!(path, " H{:.1} V{:.1}", x(d), y(*balance));
    }
    let _ = write!(path, " H{:.1}", x(d1 + 1));
    let area = format!("{path} V{:.1} H{:.1} Z", y(0), x(d0));

    let mut out = String::with_capacity(2048);
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{label}" xmlns="http://www.w3.org/2000/svg"><title>{label}</title>"#,
        label = esc(label)
    );
    let _ = write!(
        out,
        r#"<path class="area" d="{area}"/><line class="zero" x1="{LEFT}" x2="{x2:.1}" y1="{y0:.1}" y2="{y0:.1}"/><path class="line" d="{path}"/>"#,
        x2 = W - RIGHT,
        y0 = y(0)
    );
    let text = |out: &mut String, x: f64, y: f64, anchor: &str, class: &str, body: &str| {
        let _ = write!(
            out,
            r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" class="{class}">{}</text>"#,
            esc(body)
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
