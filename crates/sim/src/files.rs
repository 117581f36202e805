//! Small but real files for `attachment.added`: an SVG drawing of a
//! construction, a one-page PDF specification, and a PNG "photo". Each opens
//! in a browser or viewer, not just passes the magic-byte check.

use dealerdesk_sync::events::{ConstructionData, OrderUpserted};
use std::fmt::Write as _;

/// A dimensioned drawing of one construction, as the plant's CAD exports it.
pub fn svg_drawing(order: &str, c: &ConstructionData) -> Vec<u8> {
    let (w, h) = (c.width_mm as f64, c.height_mm as f64);
    let scale = 320.0 / w.max(h);
    let (sw, sh) = (w * scale, h * scale);
    let (x0, y0) = (60.0, 40.0);
    let sashes = match c.width_mm {
        ..=900 => 1,
        901..=1600 => 2,
        _ => 3,
    };
    let mut s = String::with_capacity(1400);
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"440\" height=\"420\" viewBox=\"0 0 440 420\" font-family=\"Arial\" font-size=\"12\">\n\
         <title>{} — поз. {}: {}</title>\n\
         <rect x=\"{x0:.1}\" y=\"{y0:.1}\" width=\"{sw:.1}\" height=\"{sh:.1}\" fill=\"#eef6fb\" stroke=\"#333\" stroke-width=\"3\"/>\n",
        xml(order),
        c.position,
        xml(&c.name)
    );
    for i in 1..sashes {
        let x = x0 + sw * f64::from(i) / f64::from(sashes);
        let _ = writeln!(
            s,
            "<line x1=\"{x:.1}\" y1=\"{y0:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#333\" stroke-width=\"2\"/>",
            y0 + sh
        );
    }
    let _ = write!(
        s,
        "<line x1=\"{x0:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#c00\"/>\n\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#c00\">{}</text>\n\
         <line x1=\"{:.1}\" y1=\"{y0:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#c00\"/>\n\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#c00\" transform=\"rotate(-90 {:.1} {:.1})\">{}</text>\n\
         <text x=\"{x0:.1}\" y=\"410\">{}</text>\n</svg>\n",
        y0 + sh + 16.0,
        x0 + sw,
        y0 + sh + 16.0,
        x0 + sw / 2.0,
        y0 + sh + 30.0,
        c.width_mm,
        x0 - 16.0,
        x0 - 16.0,
        y0 + sh,
        x0 - 24.0,
        y0 + sh / 2.0,
        x0 - 24.0,
        y0 + sh / 2.0,
        c.height_mm,
        xml(&[
            c.profile_system.as_deref(),
            c.glass_unit.as_deref(),
            c.colour.as_deref()
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")),
    );
    s.into_bytes()
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A one-page PDF listing the order's constructions. The text is ASCII (the
/// standard fonts carry no Cyrillic), the structure is complete: objects,
/// cross-reference table and trailer with correct offsets.
pub fn pdf_specification(order: &OrderUpserted) -> Vec<u8> {
    let mut content = String::from("BT /F1 14 Tf 50 790 Td (Order specification ");
    content.push_str(&pdf_text(&order.number));
    content.push_str(") Tj /F1 10 Tf 0 -24 Td (Dealer ");
    content.push_str(&pdf_text(&order.dealer_code));
    content.push_str(") Tj");
    for c in order.constructions.iter().take(40) {
        let _ = write!(
            content,
            " 0 -16 Td (Pos. {}: {} {} x {} mm, qty {}, price {}.{:02} {}) Tj",
            c.position,
            c.kind.as_str(),
            c.width_mm,
            c.height_mm,
            c.quantity,
            c.price_minor / 100,
            c.price_minor % 100,
            order.currency.as_str()
        );
    }
    let _ = write!(
        content,
        " 0 -24 Td (Total: {}.{:02} {}) Tj ET",
        order.total_minor / 100,
        order.total_minor % 100,
        order.currency.as_str()
    );

    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        let _ = write!(out, "{} 0 obj\n{body}\nendobj\n", i + 1);
    }
    let xref = out.len();
    let _ = write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for o in offsets {
        let _ = writeln!(out, "{o:010} 00000 n ");
    }
    let _ = write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out.into_bytes()
}

fn pdf_text(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii() && !matches!(c, '(' | ')' | '\\') && !c.is_ascii_control() {
                c
            } else {
                '?'
            }
        })
        .collect()
}

/// A small RGB PNG (a blurred "photo" of a packed stack of frames), with
/// stored (uncompressed) deflate blocks, so it needs no compression library.
pub fn png_photo(seed: u64) -> Vec<u8> {
    const W: u32 = 64;
    const H: u32 = 48;
    let mut raw = Vec::with_capacity(((W * 3 + 1) * H) as usize);
    let mut s = seed | 1;
    for y in 0..H {
        raw.push(0); // filter: none
        for x in 0..W {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let noise = (s % 24) as u8;
            let frame = (x / 8 + y / 12) % 2 == 0;
            let base: [u8; 3] = if frame {
                [214, 220, 226]
            } else {
                [120, 160, 190]
            };
            let shade = (y * 40 / H) as u8;
            raw.push(base[0].saturating_sub(shade).saturating_add(noise));
            raw.push(base[1].saturating_sub(shade).saturating_add(noise));
            raw.push(base[2].saturating_sub(shade / 2).saturating_add(noise));
        }
    }
    let mut zlib = vec![0x78, 0x01];
    let mut chunks = raw.chunks(65_535).peekable();
    while let Some(block) = chunks.next() {
        zlib.push(u8::from(chunks.peek().is_none()));
        let len = block.len() as u16;
        zlib.extend_from_slice(&len.to_le_bytes());
        zlib.extend_from_slice(&(!len).to_le_bytes());
        zlib.extend_from_slice(block);
    }
    zlib.extend_from_slice(&adler32(&raw).to_be_bytes());

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&W.to_be_bytes());
    ihdr.extend_from_slice(&H.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in bytes {
        a = (a + u32::from(x)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums() {
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
    }

    #[test]
    fn pdf_offsets_point_at_objects() {
        let order = OrderUpserted {
            number: "KH-25-000001".into(),
            dealer_code: "KH-D0001".into(),
            accepted_at: dealerdesk_domain::Timestamp(0),
            customer_ref: None,
            planned_ship_date: None,
            currency: dealerdesk_domain::Currency::UAH,
            total_minor: 100,
            constructions: vec![],
        };
        let pdf = String::from_utf8(pdf_specification(&order)).unwrap();
        let xref = pdf.find("xref\n").unwrap();
        let table: Vec<usize> = pdf[xref..]
            .lines()
            .skip(3)
            .take(5)
            .map(|l| l[..10].parse().unwrap())
            .collect();
        for (i, off) in table.into_iter().enumerate() {
            assert!(pdf[off..].starts_with(&format!("{} 0 obj", i + 1)));
        }
        let start: usize = pdf.lines().rev().nth(1).unwrap().parse().unwrap();
        assert_eq!(start, xref);
    }
}
