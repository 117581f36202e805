//! Files people upload (a reclamation's photos, a message's attachments):
//! each checked by its content and size before anything is stored, every
//! refusal named at once, then the accepted ones written to the blob store
//! and made durable before the transaction that names them commits.

use crate::{AppError, FieldError, Result};
use dealerdesk_store::Store;

/// A file as it was uploaded.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// An upload that passed its check, ready to store.
pub(crate) struct Accepted<'a> {
    pub bytes: &'a [u8],
    pub content_type: &'static str,
    /// The name with the extension of its content (`domain::file::stored_name`).
    pub file_name: String,
}

/// What a kind of upload may be.
pub(crate) struct Rules {
    pub field: &'static str,
    pub min: usize,
    pub max: usize,
    pub max_bytes: usize,
    /// The type of acceptable bytes (by content; the name may only pick
    /// between formats sharing a container).
    pub sniff: fn(&[u8], &str) -> Option<&'static str>,
    /// What fewer than `min` files are told ("add at least one photo").
    pub too_few: &'static str,
    /// The plural in "at most 10 photos".
    pub plural: &'static str,
    /// "a photo (JPEG, PNG, …)": what a refused file is not.
    pub what: &'static str,
    pub fallback: &'static str,
}

/// Checks every upload against the rules, adding one error per problem.
pub(crate) fn check<'a>(
    rules: &Rules,
    files: &'a [Upload],
    errors: &mut Vec<FieldError>,
) -> Vec<Accepted<'a>> {
    let mut err = |message: String| {
        errors.push(FieldError {
            field: rules.field.to_owned(),
            message,
        })
    };
    if files.len() < rules.min {
        err(rules.too_few.to_owned());
    }
    if files.len() > rules.max {
        err(format!("at most {} {}", rules.max, rules.plural));
    }
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        let name = f.file_name.trim();
        if f.bytes.len() > rules.max_bytes {
            err(format!(
                "{name} is larger than {} MB",
                rules.max_bytes / (1024 * 1024)
            ));
        } else if let Some(content_type) = (rules.sniff)(&f.bytes, name) {
            out.push(Accepted {
                bytes: &f.bytes,
                content_type,
                file_name: dealerdesk_domain::file::stored_name(name, content_type, rules.fallback),
            });
        } else {
            err(format!("{name} is not {}", rules.what));
        }
    }
    out
}

/// Writes the accepted files and makes them durable; their SHA-256 names
/// in the same order.
pub(crate) async fn store(store: &Store, files: &[Accepted<'_>]) -> Result<Vec<String>> {
    let blobs = store.blobs();
    let mut names = Vec::with_capacity(files.len());
    let mut created = Vec::new();
    for f in files {
        let s = blobs
            .put(f.bytes)
            .await
            .map_err(|e| AppError::Internal(format!("storing a file: {e}")))?;
        created.extend(s.created);
        names.push(s.sha256);
    }
    blobs
        .persist(&created)
        .await
        .map_err(|e| AppError::Internal(format!("storing a file: {e}")))?;
    Ok(names)
}

/// Writes one checked file and makes it durable; its SHA-256 name.
pub(crate) async fn store_bytes(st: &Store, bytes: &[u8]) -> Result<String> {
    let one = [Accepted {
        bytes,
        content_type: "",
        file_name: String::new(),
    }];
    store(st, &one)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| AppError::Internal("storing a file: no name came back".into()))
}
