//! Reading the `Cookie` header and writing `Set-Cookie`. Session cookies
//! are HttpOnly and SameSite=Lax, and Secure when the site is served over
//! HTTPS (directly or behind a proxy that says so).

use axum::http::HeaderMap;

pub const SESSION: &str = "dd_session";
pub const LOGIN_CSRF: &str = "dd_csrf";
pub const LANG: &str = "dd_lang";

pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"'))
        .filter(|v| !v.is_empty())
}

/// Whether the request reached us over HTTPS.
pub fn is_https(headers: &HeaderMap, always: bool) -> bool {
    always
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// A `Set-Cookie` value. `max_age: None` makes a browser-session cookie;
/// `Some(0)` deletes it.
pub fn build(
    name: &str,
    value: &str,
    max_age: Option<i64>,
    http_only: bool,
    secure: bool,
) -> String {
    let mut c = format!("{name}={value}; Path=/; SameSite=Lax");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if http_only {
        c.push_str("; HttpOnly");
    }
    if secure {
        c.push_str("; Secure");
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn parse_and_build() {
        let mut h = HeaderMap::new();
        h.append(
            "cookie",
            HeaderValue::from_static("a=1; dd_session=abc; b="),
        );
        assert_eq!(get(&h, SESSION), Some("abc"));
        assert_eq!(get(&h, "b"), None);
        assert_eq!(get(&h, "zz"), None);
        assert_eq!(
            build(SESSION, "x", Some(60), true, true),
            "dd_session=x; Path=/; SameSite=Lax; Max-Age=60; HttpOnly; Secure"
        );
        h.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert!(is_https(&h, false));
    }
}
