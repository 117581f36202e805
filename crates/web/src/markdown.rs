//! Markdown written by the plant's content managers, turned into HTML that is
//! safe to put into a page: raw HTML in the source is shown as text, links
//! and images keep only harmless destinations (web, mail, phone, this site),
//! and headings move one level down so a page keeps a single `<h1>`.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// Whether a link may point there: `http(s)`, `mailto`, `tel`, a path or a
/// fragment on this site. Anything else (`javascript:`, `data:`, `vbscript:`,
/// protocol-relative `//host`) is replaced by `#`.
fn safe_link(dest: &str) -> bool {
    let d = dest.trim().to_ascii_lowercase();
    if d.starts_with("//") {
        return false;
    }
    if d.starts_with('/') || d.starts_with('#') || d.starts_with('?') {
        return true;
    }
    match d.split_once(':') {
        Some((scheme, _)) => matches!(scheme, "http" | "https" | "mailto" | "tel"),
        // A relative path with no scheme at all.
        None => true,
    }
}

/// Images may come from the web over HTTPS or from this site.
fn safe_image(dest: &str) -> bool {
    let d = dest.trim().to_ascii_lowercase();
    (d.starts_with('/') && !d.starts_with("//")) || d.starts_with("https://")
}

fn lower(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

fn options() -> Options {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts
}

/// The HTML of a Markdown text (tables and strikethrough included).
pub fn to_html(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, options()).map(|e| match e {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: if safe_link(&dest_url) {
                dest_url
            } else {
                CowStr::Borrowed("#")
            },
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: if safe_image(&dest_url) {
                dest_url
            } else {
                CowStr::Borrowed("")
            },
            title,
            id,
        }),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: lower(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(lower(level))),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// The first words of a text as plain text, for a list of news: at most
/// `max` characters, cut at a word, with an ellipsis when cut.
pub fn excerpt(markdown: &str, max: usize) -> String {
    let mut text = String::new();
    // Tables say little in one line: an excerpt skips them.
    let mut in_table = false;
    for e in Parser::new_ext(markdown, options()) {
        match e {
            Event::Start(Tag::Table(_)) => in_table = true,
            Event::End(TagEnd::Table) => {
                in_table = false;
                text.push(' ');
            }
            _ if in_table => {}
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => text.push(' '),
            _ => {}
        }
        if text.chars().count() > max {
            break;
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_plain_and_cut_at_a_word() {
        assert_eq!(excerpt("# Hi\n\nShort **text**.", 100), "Hi Short text.");
        let e = excerpt("Одна два три чотири п'ять шість сім вісім", 20);
        assert!(e.ends_with('…') && e.chars().count() <= 21, "{e}");
        assert!(!e.contains("  "));
        assert_eq!(
            excerpt("<b>x</b>", 10),
            "<b>x</b>",
            "raw HTML becomes text, escaped by the template"
        );
        assert_eq!(
            excerpt("Before.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter.", 100),
            "Before. After."
        );
    }

    #[test]
    fn ordinary_markdown_renders() {
        let h = to_html(
            "# Title\n\nSome **bold** text, a [link](https://example.com/a?b=1&c=2).\n\n| Day | Hours |\n|---|---|\n| Mon | 8–17 |\n",
        );
        assert!(h.contains("<h2>Title</h2>"), "{h}");
        assert!(h.contains("<strong>bold</strong>"));
        assert!(
            h.contains(r#"<a href="https://example.com/a?b=1&amp;c=2">link</a>"#),
            "{h}"
        );
        assert!(h.contains("<table>") && h.contains("<td>Mon</td>"), "{h}");
    }

    #[test]
    fn phone_and_mail_links_stay() {
        let h =
            to_html("[+380 57 700 00 00](tel:+380577000000), [sales](mailto:sales@plant.example)");
        assert!(h.contains(r#"href="tel:+380577000000""#), "{h}");
        assert!(h.contains(r#"href="mailto:sales@plant.example""#), "{h}");
    }

    #[test]
    fn raw_html_and_dangerous_links_are_defused() {
        let h = to_html(
            "<script>alert(1)</script>\n\nHi <img src=x onerror=alert(2)> there\n\n[x](javascript:alert(3)) [y]( JAVASCRIPT:alert(4)) [z](//evil.example/) [d](data:text/html,hi)\n\n![i](javascript:alert(5)) ![j](http://plain.example/a.png)",
        );
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("<img src=x"), "{h}");
        assert!(h.contains("&lt;script&gt;"), "{h}");
        assert!(!h.to_ascii_lowercase().contains("javascript:"), "{h}");
        assert!(
            !h.contains("//evil.example") && !h.contains("data:text"),
            "{h}"
        );
        assert!(!h.contains("http://plain.example"), "{h}");
        assert_eq!(h.matches(r##"href="#""##).count(), 4, "{h}");
    }

    #[test]
    fn headings_never_reach_h1() {
        for level in 1..=6 {
            let h = to_html(&format!("{} x", "#".repeat(level)));
            assert!(!h.contains("<h1"), "{h}");
        }
    }
}
