//! Static files, embedded in the binary (no CDN, nothing to deploy beside
//! it), and the brand's stylesheet and login picture.

use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use dealerdesk_app::brand::Picture;
use dealerdesk_store::Repos;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

static ASSETS: &[Asset] = &[
    Asset {
        name: "app.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../assets/app.css"),
    },
    Asset {
        name: "login-background.svg",
        content_type: "image/svg+xml",
        body: include_bytes!("../assets/login-background.svg"),
    },
    Asset {
        name: "menu.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/menu.js"),
    },
    Asset {
        name: "live.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/live.js"),
    },
    Asset {
        name: "upload.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/upload.js"),
    },
    Asset {
        name: "favicon.svg",
        content_type: "image/svg+xml",
        body: include_bytes!("../assets/favicon.svg"),
    },
];

/// A short hash of all assets, appended to their URLs (`?v=`) so browsers
/// may cache them for a year and still see a new release at once.
pub fn version() -> &'static str {
    static V: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    V.get_or_init(|| {
        // FNV-1a: stable across builds and platforms, no dependency.
        let mut h: u64 = 0xcbf29ce484222325;
        for a in ASSETS {
            for b in a.body {
                h ^= u64::from(*b);
                h = h.wrapping_mul(0x100000001b3);
            }
        }
        format!("{:08x}", h >> 32)
    })
}

pub async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|a| a.name == name) {
        Some(a) => (
            [
                (header::CONTENT_TYPE, a.content_type),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            a.body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Accepts `#rgb` / `#rrggbb` only, so a setting cannot inject CSS.
fn colour(value: Option<String>, default: &str) -> String {
    match value {
        Some(v)
            if (v.len() == 4 || v.len() == 7)
                && v.starts_with('#')
                && v[1..].chars().all(|c| c.is_ascii_hexdigit()) =>
        {
            v
        }
        _ => default.to_owned(),
    }
}

/// The brand colours as CSS variables, from settings (`brand.primary`,
/// `brand.accent`) or the configured defaults.
pub async fn brand_css(State(state): State<AppState>) -> Response {
    let (primary, accent) = match state.app.store.read().await {
        Ok(mut c) => {
            let p = c.settings().get("brand.primary").await.ok().flatten();
            let a = c.settings().get("brand.accent").await.ok().flatten();
            (p, a)
        }
        Err(_) => (None, None),
    };
    let mut css = format!(
        ":root {{ --primary: {}; --accent: {}; }}\n",
        colour(primary, &state.brand.primary),
        colour(accent, &state.brand.accent)
    );
    // The administrator's logo beside the name; its hash in the address,
    // so a new logo is fetched at once despite caching.
    if let Ok(Some(logo)) = state.app.brand_picture(Picture::Logo).await {
        let v: String = logo.sha256.chars().take(12).collect();
        css.push_str(&format!(
            ".brand::before {{ content: \"\"; display: inline-block; width: 1.6em; height: 1.6em; margin-right: .4em; \
             vertical-align: middle; background: url(/brand/logo?v={v}) center / contain no-repeat; }}\n"
        ));
    }
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        css,
    )
        .into_response()
}

/// The login page's background picture: the administrator's, the
/// configured file, or the embedded drawing.
pub async fn login_background(State(state): State<AppState>) -> Response {
    if let Some(r) = picture(&state, Picture::Login).await {
        return r;
    }
    if let Some(path) = &state.brand.login_background {
        let content_type = match path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref()
        {
            Some("jpg" | "jpeg") => Some("image/jpeg"),
            Some("png") => Some("image/png"),
            Some("webp") => Some("image/webp"),
            Some("svg") => Some("image/svg+xml"),
            _ => None,
        };
        match (content_type, tokio::fs::read(path).await) {
            (Some(ct), Ok(bytes)) => {
                return (
                    [
                        (header::CONTENT_TYPE, ct),
                        (header::CACHE_CONTROL, "public, max-age=3600"),
                    ],
                    bytes,
                )
                    .into_response();
            }
            (_, Err(e)) => {
                tracing::warn!(path = %path.display(), error = %e, "login background unreadable; using the default")
            }
            (None, _) => {
                tracing::warn!(path = %path.display(), "login background must be .jpg, .png, .webp or .svg; using the default")
            }
        }
    }
    asset(Path("login-background.svg".to_owned())).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_checked() {
        assert_eq!(colour(Some("#12ab9F".into()), "#000"), "#12ab9F");
        assert_eq!(
            colour(Some("red; } body { display:none".into()), "#000"),
            "#000"
        );
        assert_eq!(colour(None, "#fff"), "#fff");
        assert_eq!(version().len(), 8);
    }
}

#[cfg(test)]
mod contrast {
    /// WCAG relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let c = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex")) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
    }

    /// Every status pill's text reaches 4.5:1 against its background.
    #[test]
    fn status_pills_are_readable() {
        let css = std::str::from_utf8(include_bytes!("../assets/app.css")).expect("utf8");
        let (mut seen, mut reclamations) = (0, 0);
        for line in css
            .lines()
            .filter(|l| l.starts_with(".st-") || l.starts_with(".rst-"))
        {
            let get = |prop: &str| {
                line.split(prop)
                    .nth(1)
                    .and_then(|r| r.trim_start().get(..7))
                    .expect("colour")
                    .to_owned()
            };
            let (bg, fg) = (get("background:"), get(" color:"));
            let (a, b) = (luminance(&bg), luminance(&fg));
            let ratio = (a.max(b) + 0.05) / (a.min(b) + 0.05);
            assert!(ratio >= 4.5, "{line}: contrast {ratio:.2}");
            if line.starts_with(".rst-") {
                reclamations += 1;
            } else {
                seen += 1;
            }
        }
        assert_eq!(reclamations, 5, "one pill style per reclamation status");
        assert_eq!(
            seen,
            dealerdesk_domain::OrderStatus::ALL.len(),
            "one pill style per status"
        );
    }
}

/// A brand picture the administrator set, as a response.
async fn picture(state: &AppState, which: Picture) -> Option<Response> {
    match state.app.brand_picture_bytes(which).await {
        Ok(Some((content_type, bytes))) => Some(
            (
                [
                    (header::CONTENT_TYPE, content_type),
                    (header::CACHE_CONTROL, "public, max-age=300".to_owned()),
                ],
                bytes,
            )
                .into_response(),
        ),
        Ok(None) => None,
        Err(e) => {
            tracing::warn!(error = %e, "brand picture unreadable; using the default");
            None
        }
    }
}

/// `GET /brand/logo`: the administrator's logo (404 when none is set).
pub async fn logo(State(state): State<AppState>) -> Response {
    picture(&state, Picture::Logo)
        .await
        .unwrap_or_else(|| StatusCode::NOT_FOUND.into_response())
}
