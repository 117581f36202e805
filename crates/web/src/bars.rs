//! Column and bar charts for the analytics, drawn on the server like the
//! balance chart ([`crate::chart`]): no script, printable. Columns are SVG,
//! every column carrying a `<title>` with its label and value, so a pointer
//! or a screen reader gets the exact figure; horizontal bars are HTML rows
//! with a strip of SVG each, so their text stays readable on a phone.

use std::fmt::Write;

const W: f64 = 720.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn open(out: &mut String, h: f64, label: &str) {
    let _ = write!(
        out,
        r#"<svg class="chart bars" viewBox="0 0 {W} {h}" role="img" aria-label="{l}" xmlns="http://www.w3.org/2000/svg"><title>{l}</title>"#,
        l = esc(label)
    );
}

/// One column per point (the months of a period), zero at the bottom.
/// `value` writes a figure for the labels; `tick` shortens a point's label
/// under its column. Labels thin out so they never overlap.
pub fn columns_svg(
    points: &[(String, i64)],
    label: &str,
    value: &dyn Fn(i64) -> String,
    tick: &dyn Fn(&str) -> String,
) -> String {
    const H: f64 = 240.0;
    const TOP: f64 = 24.0;
    const BOTTOM: f64 = 26.0;
    const SIDE: f64 = 4.0;
    if points.is_empty() {
        return String::new();
    }
    let hi = points.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let slot = (W - 2.0 * SIDE) / points.len() as f64;
    let y = |v: i64| TOP + (1.0 - v.max(0) as f64 / hi as f64) * (H - TOP - BOTTOM);
    // About 70 px per label at full width.
    let every = ((points.len() as f64 * 70.0 / W).ceil() as usize).max(1);
    let mut out = String::with_capacity(256 + points.len() * 160);
    open(&mut out, H, label);
    let _ = write!(
        out,
        r#"<line class="zero" x1="{SIDE}" x2="{x2}" y1="{y0:.1}" y2="{y0:.1}"/>"#,
        x2 = W - SIDE,
        y0 = y(0)
    );
    for (i, (name, v)) in points.iter().enumerate() {
        let x = SIDE + i as f64 * slot + slot * 0.15;
        let top = y(*v);
        let _ = write!(
            out,
            r#"<rect class="bar" x="{x:.1}" y="{top:.1}" width="{w:.1}" height="{h:.1}"><title>{t}</title></rect>"#,
            w = slot * 0.7,
            h = (y(0) - top).max(0.0),
            t = esc(&format!("{name}: {}", value(*v)))
        );
        if i % every == 0 {
            let _ = write!(
                out,
                r#"<text x="{cx:.1}" y="{ty}" text-anchor="middle" class="day">{t}</text>"#,
                cx = x + slot * 0.35,
                ty = H - 8.0,
                t = esc(&tick(name))
            );
        }
    }
    let _ = write!(
        out,
        r#"<text x="{SIDE}" y="14" text-anchor="start" class="hi">{}</text></svg>"#,
        esc(&value(hi))
    );
    out
}

/// One horizontal bar per row, as HTML: the label and the figure are the
/// page's own text (readable at a phone's width, where a 720-unit drawing
/// would shrink them to a few pixels), the bar a strip of SVG as long as
/// the row's share of the largest. The strip is SVG rather than a styled
/// element because the page's security policy allows no inline styles.
pub fn bars_html(rows: &[(String, i64)], label: &str, value: &dyn Fn(i64) -> String) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let hi = rows.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let mut out = String::with_capacity(64 + rows.len() * 320);
    let _ = write!(out, r#"<ul class="hbars" aria-label="{}">"#, esc(label));
    for (name, v) in rows {
        let share = (*v).max(0) as f64 / hi as f64 * BAR;
        let _ = write!(
            out,
            r#"<li><span class="name">{n}</span><span class="end">{f}</span><svg class="hbar" viewBox="0 0 {BAR} 1" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect class="bar" x="0" y="0" width="{w:.1}" height="1"/></svg></li>"#,
            n = esc(name),
            f = esc(&value(*v)),
            w = share.max(2.0)
        );
    }
    out.push_str("</ul>");
    out
}

/// The length of a full bar in the strip's own units.
const BAR: f64 = 1000.0;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every coordinate attribute (`x="…"`, `width="…"`, …) of the markup.
    fn numbers(svg: &str) -> Vec<f64> {
        svg.split("=\"")
            .skip(1)
            .filter_map(|r| r.split('"').next())
            .filter_map(|v| v.parse().ok())
            .collect()
    }

    #[test]
    fn columns_scale_to_the_highest_and_stay_in_the_box() {
        let points: Vec<(String, i64)> = (1..=24)
            .map(|m| (format!("2026-{m:02}"), m * 100))
            .collect();
        let svg = columns_svg(&points, "Sales <by month>", &|v| v.to_string(), &|m| {
            m[5..].to_owned()
        });
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("aria-label=\"Sales &lt;by month&gt;\""));
        assert_eq!(svg.matches("<rect").count(), 24);
        // Every bar names its figure; the highest is labelled.
        assert!(svg.contains("<title>2026-24: 2400</title>"));
        assert!(svg.contains(">2400</text>"));
        // 24 labels would overlap at 720 px: every third is written.
        assert_eq!(svg.matches("class=\"day\"").count(), 8);
        assert!(numbers(&svg).iter().all(|v| (-0.01..=W).contains(v)));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn empty_and_all_zero_series_draw_safely() {
        assert!(columns_svg(&[], "x", &|v| v.to_string(), &|m| m.to_owned()).is_empty());
        assert!(bars_html(&[], "x", &|v| v.to_string()).is_empty());
        let zero = bars_html(&[("a".into(), 0)], "x", &|v| v.to_string());
        assert!(
            zero.contains(r#"width="2.0""#),
            "a zero keeps a sliver: {zero}"
        );
        let zero = columns_svg(&[("a".into(), 0)], "x", &|v| v.to_string(), &|m| {
            m.to_owned()
        });
        assert!(!zero.contains("NaN") && !zero.contains("inf"), "{zero}");
    }

    #[test]
    fn bars_are_as_long_as_their_share_of_the_largest() {
        let rows = vec![("Kyiv & region".to_owned(), 300), ("Lviv".to_owned(), 150)];
        let html = bars_html(&rows, "Regions <all>", &|v| format!("{v} UAH"));
        assert!(html.starts_with(r#"<ul class="hbars" aria-label="Regions &lt;all&gt;">"#));
        assert_eq!(html.matches("<li>").count(), 2);
        assert!(
            html.contains(
                r#"<span class="name">Kyiv &amp; region</span><span class="end">300 UAH</span>"#
            ),
            "{html}"
        );
        assert!(
            html.contains(r#"width="1000.0""#) && html.contains(r#"width="500.0""#),
            "{html}"
        );
        // Text is the page's, never inside the drawing; no inline style.
        assert!(
            !html.contains("<text") && !html.contains("style="),
            "{html}"
        );
    }
}
