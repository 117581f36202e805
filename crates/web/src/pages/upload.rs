//! Reading uploaded files from a multipart form. A file past the limit is
//! cut one byte past it (the use case then names it as too large) instead
//! of being held whole in memory; a file input left empty is skipped.

use crate::WebError;
use axum::extract::multipart::{Field, MultipartError};
use dealerdesk_app::AppError;
use dealerdesk_app::uploads::Upload;

/// The refusal for a multipart body that broke off or is malformed.
pub fn broken(e: MultipartError) -> WebError {
    WebError(AppError::invalid(
        "form",
        format!("the upload was broken: {e}"),
    ))
}

/// One file part, at most `max + 1` bytes of it; `None` for an empty input.
pub async fn file(mut field: Field<'_>, max: usize) -> Result<Option<Upload>, WebError> {
    let file_name = field.file_name().unwrap_or_default().to_owned();
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(broken)? {
        if bytes.len() <= max {
            let room = max + 1 - bytes.len();
            bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
        }
    }
    Ok((!(file_name.is_empty() && bytes.is_empty())).then_some(Upload { file_name, bytes }))
}

/// A stored file as a response: photos shown (`inline`), anything else
/// downloaded, under its stored name, sandboxed so it can run nothing.
pub fn serve(f: &dealerdesk_store::blobs::StoredFile, bytes: Vec<u8>) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    let how = if dealerdesk_domain::file::inline(&f.content_type) {
        "inline"
    } else {
        "attachment"
    };
    let disposition = format!(
        "{how}; filename*=UTF-8''{}",
        super::orders::enc(&f.file_name)
    );
    let mut resp = (
        [
            (header::CONTENT_TYPE, f.content_type.clone()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
        ],
        bytes,
    )
        .into_response();
    resp.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    resp
}
