//! What a reclamation's photos must be: images, known by their first bytes
//! (a text file renamed `.jpg` is refused; a JPEG named `.txt` is fine),
//! at most [`MAX_PHOTO_BYTES`] each, between one and [`MAX_PHOTOS`].

/// 10 MB per photo.
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;
pub const MAX_PHOTOS: usize = 10;

/// The image type of these bytes, by their signature; `None` when they are
/// not an image a browser shows (JPEG, PNG, GIF, WebP, HEIC from phones).
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    let starts = |sig: &[u8]| bytes.len() > sig.len() && bytes.starts_with(sig);
    if starts(&[0xFF, 0xD8, 0xFF]) {
        return Some("image/jpeg");
    }
    if starts(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        return Some("image/png");
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return Some("image/gif");
    }
    if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some("image/webp");
    }
    if bytes.len() > 12 && &bytes[4..8] == b"ftyp" {
        let brand = &bytes[8..12];
        if [b"heic", b"heix", b"mif1", b"msf1", b"hevc"]
            .iter()
            .any(|b| brand == *b)
        {
            return Some("image/heic");
        }
    }
    None
}

/// The file extension for a sniffed type (for downloads).
pub fn extension(content_type: &str) -> &'static str {
    match content_type {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "image/heic" => "heic",
        _ => "bin",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_known_by_content() {
        assert_eq!(
            sniff_image(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some("image/jpeg")
        );
        assert_eq!(
            sniff_image(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some("image/png")
        );
        assert_eq!(sniff_image(b"GIF89a\x01\x00"), Some("image/gif"));
        assert_eq!(sniff_image(b"RIFF\x24\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(
            sniff_image(b"\0\0\0\x18ftypheic\0\0\0\0"),
            Some("image/heic")
        );
        // A text file, an empty one, a bare signature, a PDF, an MP4.
        assert_eq!(sniff_image(b"this is not a photo.jpg"), None);
        assert_eq!(sniff_image(b""), None);
        assert_eq!(sniff_image(&[0xFF, 0xD8, 0xFF]), None);
        assert_eq!(sniff_image(b"%PDF-1.7\n"), None);
        assert_eq!(sniff_image(b"\0\0\0\x18ftypisom\0\0\0\0"), None);
        assert_eq!(extension("image/png"), "png");
    }
}
