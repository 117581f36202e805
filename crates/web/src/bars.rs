//! Column and bar charts for the analytics, drawn on the server as SVG
//! like the balance chart ([`crate::chart`]): no script, readable on a
//! phone, printable. Every bar carries a `<title>` with its label and
//! value, so a pointer or a screen reader gets the exact figure.

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

/// One horizontal bar per row, the label above its bar and the figure at
/// the right end, so long names (regions, dealers) need no rotation.
pub fn bars_svg(rows: &[(String, i64)], label: &str, value: &dyn Fn(i64) -> String) -> String {
    const ROW: f64 = 36.0;
    if rows.is_empty() {
        return String::new();
    }
    let hi = rows.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let h = rows.len() as f64 * ROW + 4.0;
    let mut out = String::with_capacity(256 + rows.len() * 200);
    open(&mut out, h, label);
    for (i, (name, v)) in rows.iter().enumerate() {
        let top = i as f64 * ROW;
        let width = (v.max(&0).to_owned() as f64 / hi as f64 * W).max(2.0);
        let figure = value(*v);
        let _ = write!(
            out,
            r#"<text x="0" y="{ty:.1}" class="name">{n}</text><text x="{W}" y="{ty:.1}" text-anchor="end" class="end">{f}</text><rect class="bar" x="0" y="{by:.1}" width="{width:.1}" height="12"><title>{n}: {f}</title></rect>"#,
            ty = top + 15.0,
            by = top + 20.0,
            n = esc(name),
            f = esc(&figure)
        );
    }
    out.push_str("</svg>");
    out
}

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
        assert!(bars_svg(&[], "x", &|v| v.to_string()).is_empty());
        let zero = columns_svg(&[("a".into(), 0)], "x", &|v| v.to_string(), &|m| {
            m.to_owned()
        });
        assert!(!zero.contains("NaN") && !zero.contains("inf"), "{zero}");
    }

    #[test]
    fn bars_are_as_long_as_their_share_of_the_largest() {
        let rows = vec![("Kyiv & region".to_owned(), 300), ("Lviv".to_owned(), 150)];
        let svg = bars_svg(&rows, "Regions", &|v| format!("{v} UAH"));
        assert!(svg.contains("Kyiv &amp; region"));
        assert!(
            svg.contains(r#"width="720.0""#) && svg.contains(r#"width="360.0""#),
            "{svg}"
        );
        assert!(svg.contains(">150 UAH</text>"));
    }
}
