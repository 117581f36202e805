//! `attachment.added`: a file attached to an order. Besides the fields, the
//! content itself is checked — base64, the size limit, and that the bytes
//! really are what `content_type` claims (magic numbers; for SVG, the root
//! element after the prolog) — so DealerDesk never serves a file under a
//! type it does not have.

use super::fields::{Lines, NUMBER_MAX, Obj};
use super::{RejectCode, Rejection, Res};
use crate::events::*;
use base64::Engine as _;
use dealerdesk_domain::InvalidValue;

/// How far into an SVG file its root element may start (after the prolog).
const SVG_ROOT_WITHIN: usize = 4096;

pub(super) fn attachment(o: &Obj) -> Res<AttachmentAdded> {
    o.only(&[
        "attachment_id",
        "order_number",
        "position",
        "kind",
        "file_name",
        "content_type",
        "content_base64",
    ])?;
    let max = o.limits.max_string_chars;
    let attachment_id = o.text("attachment_id", max, Lines::One)?;
    let order_number = o.text("order_number", NUMBER_MAX, Lines::One)?;
    let position = match o.get("position") {
        None => None,
        Some(_) => Some(o.position("position")?),
    };
    let kind = o.parsed("kind", |s| {
        AttachmentKind::parse(s)
            .ok_or_else(|| InvalidValue::new("kind", "must be one of: drawing photo document"))
    })?;
    let file_name = o.text("file_name", max, Lines::One)?;
    if file_name.contains(['/', '\\']) {
        return Err(o.invalid(
            "file_name",
            "file_name must be a bare file name without folders ('/' or '\\')",
        ));
    }
    let content_type = o.parsed("content_type", |s| {
        ContentType::parse(s).ok_or_else(|| {
            InvalidValue::new(
                "content_type",
                "must be one of: image/png image/jpeg image/svg+xml application/pdf",
            )
        })
    })?;
    let content = o.content("content_base64", content_type)?;
    Ok(AttachmentAdded {
        attachment_id,
        order_number,
        position,
        kind,
        file_name,
        content_type,
        content,
    })
}

impl Obj<'_> {
    /// Decodes base64 (line breaks tolerated, padding optional), checks the
    /// size limit and that the bytes are what `content_type` says.
    fn content(&self, key: &str, content_type: ContentType) -> Res<Vec<u8>> {
        let s = self.string(key)?;
        let max = self.limits.max_attachment_bytes;
        let clean: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        let too_big = || {
            Rejection::new(
                RejectCode::TooLong,
                self.at(key),
                format!(
                    "the decoded content must be at most {max} bytes ({} MiB)",
                    max as f64 / (1024.0 * 1024.0)
                ),
            )
        };
        // Refuse before decoding what cannot fit anyway.
        if clean.len() / 4 * 3 > max.saturating_add(3) {
            return Err(too_big());
        }
        let engine = base64::engine::GeneralPurpose::new(
            &base64::alphabet::STANDARD,
            base64::engine::GeneralPurposeConfig::new()
                .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
        );
        let bytes = engine
            .decode(&clean)
            .map_err(|e| self.invalid(key, format!("{key} is not valid base64 ({e})")))?;
        if bytes.len() > max {
            return Err(too_big());
        }
        if bytes.is_empty() {
            return Err(self.invalid(key, format!("{key} must not be empty")));
        }
        check_magic(&bytes, content_type).map_err(|m| self.invalid(key, m))?;
        Ok(bytes)
    }
}

/// Checks the file starts the way its content type says.
fn check_magic(bytes: &[u8], content_type: ContentType) -> Result<(), String> {
    match content_type {
        ContentType::Png if bytes.starts_with(b"\x89PNG\r\n\x1a\n") => Ok(()),
        ContentType::Png => Err("content_base64 is not a PNG image (it must start with the PNG signature 89 50 4E 47 0D 0A 1A 0A)".into()),
        ContentType::Jpeg if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) => Ok(()),
        ContentType::Jpeg => Err("content_base64 is not a JPEG image (it must start with FF D8 FF)".into()),
        ContentType::Pdf if bytes.starts_with(b"%PDF-") => Ok(()),
        ContentType::Pdf => Err("content_base64 is not a PDF document (it must start with %PDF-)".into()),
        ContentType::Svg => check_svg(bytes),
    }
}

/// An SVG is UTF-8 text whose root element `<svg` comes right after an
/// optional prolog (byte-order mark, XML declaration, comments, doctype).
fn check_svg(bytes: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "content_base64 is not an SVG image (it is not UTF-8 text)".to_owned())?;
    let mut rest = text.strip_prefix('\u{feff}').unwrap_or(text);
    let not_svg = || {
        format!(
            "content_base64 is not an SVG image (no <svg> root element within the first {SVG_ROOT_WITHIN} bytes)"
        )
    };
    loop {
        rest = rest.trim_start();
        if text.len() - rest.len() > SVG_ROOT_WITHIN {
            return Err(not_svg());
        }
        let next = if rest.starts_with("<?") {
            skip_to(rest, "?>")
        } else if rest.starts_with("<!--") {
            skip_to(rest, "-->")
        } else if rest.starts_with("<!DOCTYPE") || rest.starts_with("<!doctype") {
            match (rest.find('['), rest.find('>')) {
                (Some(open), Some(close)) if open < close => {
                    skip_to(&rest[open..], "]>").or_else(|| skip_to(&rest[open..], ">"))
                }
                _ => skip_to(rest, ">"),
            }
        } else {
            break;
        };
        rest = next.ok_or_else(not_svg)?;
    }
    let root = rest.strip_prefix("<svg").ok_or_else(not_svg)?;
    match root.chars().next() {
        Some(c) if c.is_whitespace() || c == '>' || c == '/' => Ok(()),
        _ => Err(not_svg()),
    }
}

/// What follows the first `end` in `from`.
fn skip_to<'s>(from: &'s str, end: &str) -> Option<&'s str> {
    from.find(end).map(|i| &from[i + end.len()..])
}
