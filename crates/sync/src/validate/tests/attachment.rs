//! `attachment.added`: the content must match its type, base64 and the size
//! limit, and the other fields.

use super::*;

#[test]
fn attachment_content_must_match_its_type() {
    let png: &[u8] = b"\x89PNG\r\n\x1a\n....";
    let jpeg: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10];
    let pdf: &[u8] = b"%PDF-1.7\n";
    let svg: &[u8] = b"<?xml version=\"1.0\"?>\n<!-- drawing -->\n<!DOCTYPE svg>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    let cases = [
        ("image/png", png),
        ("image/jpeg", jpeg),
        ("application/pdf", pdf),
        ("image/svg+xml", svg),
    ];
    for (ct, good) in cases {
        assert!(check(&attachment_json(ct, good), P).is_ok(), "{ct}");
        for (other, bad) in cases {
            if other != ct {
                refused(
                    &attachment_json(ct, bad),
                    P,
                    RejectCode::InvalidField,
                    "/data/content_base64",
                );
            }
        }
    }
    assert!(
        check(
            &attachment_json("image/svg+xml", "\u{feff}<svg>".as_bytes()),
            P
        )
        .is_ok()
    );
    refused(
        &attachment_json("image/svg+xml", b"<svgz>"),
        P,
        RejectCode::InvalidField,
        "/data/content_base64",
    );
    refused(
        &attachment_json("image/svg+xml", b"<html><svg></svg></html>"),
        P,
        RejectCode::InvalidField,
        "/data/content_base64",
    );
    refused(
        &attachment_json("image/svg+xml", b"\xff\xfe<svg>"),
        P,
        RejectCode::InvalidField,
        "/data/content_base64",
    );
    let far = format!("<!-- {} --><svg/>", "x".repeat(5000));
    refused(
        &attachment_json("image/svg+xml", far.as_bytes()),
        P,
        RejectCode::InvalidField,
        "/data/content_base64",
    );
    refused(
        &attachment_json("image/png", b""),
        P,
        RejectCode::InvalidField,
        "/data/content_base64",
    );
}

#[test]
fn attachment_base64_and_size() {
    let raw = with(
        attachment_json("image/png", b""),
        "/data/content_base64",
        json!("not base64!"),
    );
    refused(&raw, P, RejectCode::InvalidField, "/data/content_base64");
    // Line-wrapped base64, as older systems send it, is accepted.
    let png = [b"\x89PNG\r\n\x1a\n".as_slice(), &[7u8; 100]].concat();
    let wrapped: String = b64(&png)
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join("\r\n");
    let e = check(
        &with(
            attachment_json("image/png", b""),
            "/data/content_base64",
            json!(wrapped),
        ),
        P,
    )
    .unwrap();
    let EventData::AttachmentAdded(a) = e.data else {
        panic!()
    };
    assert_eq!(a.content, png);
    let limits = Limits {
        max_attachment_bytes: 100,
        ..Limits::default()
    };
    let r = validate_event(&attachment_json("image/png", &png), P, &limits).unwrap_err();
    assert_eq!(
        (r.code, r.path.as_str()),
        (RejectCode::TooLong, "/data/content_base64")
    );
    let exact = &png[..100];
    assert!(validate_event(&attachment_json("image/png", exact), P, &limits).is_ok());
    let big = [b"%PDF-".as_slice(), &vec![b' '; 5 * 1024 * 1024]].concat();
    refused(
        &attachment_json("application/pdf", &big),
        P,
        RejectCode::TooLong,
        "/data/content_base64",
    );
}

#[test]
fn attachment_fields() {
    let png: &[u8] = b"\x89PNG\r\n\x1a\n";
    refused(
        &with(
            attachment_json("image/png", png),
            "/data/kind",
            json!("video"),
        ),
        P,
        RejectCode::InvalidField,
        "/data/kind",
    );
    refused(
        &attachment_json("image/gif", b"GIF89a"),
        P,
        RejectCode::InvalidField,
        "/data/content_type",
    );
    refused(
        &with(
            attachment_json("image/png", png),
            "/data/position",
            json!(0),
        ),
        P,
        RejectCode::InvalidField,
        "/data/position",
    );
    refused(
        &with(
            attachment_json("image/png", png),
            "/data/file_name",
            json!("C:\\креслення\\1.png"),
        ),
        P,
        RejectCode::InvalidField,
        "/data/file_name",
    );
    refused(
        &with(
            attachment_json("image/png", png),
            "/data/file_name",
            json!("../1.png"),
        ),
        P,
        RejectCode::InvalidField,
        "/data/file_name",
    );
    let e = check(
        &with(
            attachment_json("image/png", png),
            "/data/position",
            Value::Null,
        ),
        P,
    )
    .unwrap();
    let EventData::AttachmentAdded(a) = e.data else {
        panic!()
    };
    assert_eq!(a.position, None);
}
