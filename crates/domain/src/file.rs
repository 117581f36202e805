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
            _ => "application/zip",
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
        assert_eq!(
            sniff_file(b"PK\x03\x04\x14\0", "a"),
            Some("application/zip")
        );
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
}
