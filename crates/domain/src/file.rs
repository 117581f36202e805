//! What a message's attachments may be, known by their first bytes (a
//! script renamed `.pdf` is refused): photos (see [`crate::photo`]), PDF,
//! Office documents (the zip-based `.docx`/`.xlsx`/`.pptx`/`.odt`/`.ods`
//! and the older `.doc`/`.xls`) and plain text such as CSV. At most
//! [`MAX_FILE_BYTES`] each and [`MAX_FILES`] per message.
//!
//! The name decides only between formats that share a container (a zip is
//! a `.docx` or an `.xlsx`); it never makes unknown bytes acceptable.

/// 10 MB per file, the same as a reclamation's photo.
pub const MAX_FILE_BYTES: usize = crate::photo::MAX_PHOTO_BYTES;
pub const MAX_FILES: usize = 5;

fn ext(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// The type these bytes are served as, or `None` when they are not a kind
/// of file a message may carry.
pub fn sniff_file(bytes: &[u8], name: &str) -> Option<&'static str> {
    if let Some(image) = crate::photo::sniff_image(bytes) {
        return Some(image);
    }
    let starts = |sig: &[u8]| bytes.len() > sig.len() && bytes.starts_with(sig);
    if starts(b"%PDF-") {
        return Some("application/pdf");
    }
    let e = ext(name);
    if starts(b"PK\x03\x04") {
        return Some(match e.as_str() {
            "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "odt" => "application/vnd.oasis.opendocument.text",
            "ods" => "application/vnd.oasis.opendocument.spreadsheet",
            // Any other zip may hold anything (a .jar, an .apk, programs).
            _ => return None,
        });
    }
    if starts(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return match e.as_str() {
            "doc" => Some("application/msword"),
            "xls" => Some("application/vnd.ms-excel"),
            _ => None,
        };
    }
    // Text: only for a text name, valid UTF-8 with no control characters
    // other than line breaks and tabs.
    if matches!(e.as_str(), "txt" | "csv")
        && !bytes.is_empty()
        && std::str::from_utf8(bytes).is_ok_and(|s| {
            !s.chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        })
    {
        return Some(if e == "csv" { "text/csv" } else { "text/plain" });
    }
    None
}

/// The extension a file of this type is stored and served under, whatever
/// the uploader named it: `Рахунок.bat` holding a PDF is kept as
/// `Рахунок.pdf`, so a download never opens as something else.
pub fn extension(content_type: &str) -> &'static str {
    match content_type {
        "application/pdf" => "pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "xlsx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation" => "pptx",
        "application/vnd.oasis.opendocument.text" => "odt",
        "application/vnd.oasis.opendocument.spreadsheet" => "ods",
        "application/msword" => "doc",
        "application/vnd.ms-excel" => "xls",
        "text/csv" => "csv",
        "text/plain" => "txt",
        other => crate::photo::extension(other),
    }
}

/// `name` with the extension of `content_type` (its own one replaced),
/// trimmed, at most 200 characters with the extension kept, `fallback`
/// as the stem when nothing is left.
pub fn stored_name(name: &str, content_type: &str, fallback: &str) -> String {
    let ext = extension(content_type);
    let name = name.trim();
    // Only what looks like an extension is replaced ("v2.5 final" keeps
    // its dot).
    let stem = match name.rsplit_once('.') {
        Some((stem, e))
            if !e.is_empty() && e.len() <= 8 && e.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            stem
        }
        _ => name,
    };
    let stem: String = stem.trim().chars().take(200 - ext.len() - 1).collect();
    let stem = if stem.is_empty() {
        fallback
    } else {
        stem.as_str()
    };
    format!("{stem}.{ext}")
}

/// Whether a browser may show this type in the page (photos); everything
/// else is downloaded.
pub fn inline(content_type: &str) -> bool {
    content_type.starts_with("image/") && content_type != "image/heic"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_known_by_content() {
        assert_eq!(sniff_file(b"%PDF-1.7\n", "x.bin"), Some("application/pdf"));
        assert_eq!(
            sniff_file(b"PK\x03\x04\x14\0", "Price.XLSX"),
            Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        );
        assert_eq!(sniff_file(b"PK\x03\x04\x14\0", "a"), None, "a bare zip");
        assert_eq!(sniff_file(b"PK\x03\x04\x14\0", "update.jar"), None);
        assert_eq!(
            sniff_file(
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0],
                "old.xls"
            ),
            Some("application/vnd.ms-excel")
        );
        assert_eq!(
            sniff_file(
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0],
                "x.msi"
            ),
            None
        );
        assert_eq!(sniff_file(b"a;b\n1;2\n", "sizes.csv"), Some("text/csv"));
        assert_eq!(
            sniff_file(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "scan.pdf"),
            Some("image/png"),
            "the bytes decide, not the name"
        );
        // A script or an executable, whatever its name.
        assert_eq!(sniff_file(b"MZ\x90\0\x03", "invoice.pdf"), None);
        assert_eq!(sniff_file(b"#!/bin/sh\nrm -rf /\n", "run.pdf"), None);
        assert_eq!(sniff_file(b"<html>", "page.html"), None);
        assert_eq!(sniff_file(b"bin\0ary", "notes.txt"), None);
        assert_eq!(sniff_file(b"", "empty.txt"), None);
        assert!(inline("image/png") && !inline("application/pdf") && !inline("image/heic"));
    }

    #[test]
    fn a_stored_name_says_what_the_file_is() {
        assert_eq!(
            stored_name("Рахунок.bat", "application/pdf", "file"),
            "Рахунок.pdf"
        );
        assert_eq!(
            stored_name(" Рахунок 17.PDF ", "application/pdf", "file"),
            "Рахунок 17.pdf"
        );
        assert_eq!(stored_name("scan", "image/png", "file"), "scan.png");
        assert_eq!(
            stored_name("v2.5 final", "text/plain", "file"),
            "v2.5 final.txt"
        );
        assert_eq!(stored_name(".pdf", "application/pdf", "file"), "file.pdf");
        assert_eq!(stored_name("", "image/jpeg", "photo"), "photo.jpg");
        let long = stored_name(
            &format!("{}.pdf", "я".repeat(300)),
            "application/pdf",
            "file",
        );
        assert_eq!(long.chars().count(), 200);
        assert!(long.ends_with(".pdf"));
    }
}
