//! `POST /upload`: `multipart/form-data`, each file streamed to disk.
//!
//! axum's `Multipart` extractor (the `multer` crate underneath) splits the
//! body into parts as it arrives. For each part we read its head (`name`,
//! `filename`, `Content-Type` from its `Content-Disposition` and
//! `Content-Type` lines), then its bytes a chunk at a time: each chunk is
//! hashed (SHA-256), counted and, for a file, written to a new file in
//! `--upload-dir` (named by [`crate::file_names`]). No part is ever held
//! whole in memory. The answer is a JSON array, one entry per part:
//!
//! ```json
//! [{"name":"doc","filename":"a.txt","content_type":"text/plain","size":5,"sha256":"2cf2…"}]
//! ```
//!
//! A part without a `filename` (a plain form field) is hashed and counted
//! but not saved; its `filename` is `null`, and so is a missing
//! `content_type`.
//!
//! The limits, and who enforces them:
//! - the whole body: `--max-upload` (default 256 MiB), through axum's
//!   `DefaultBodyLimit` on this route, which `Multipart` obeys: past it the
//!   next read fails and we answer 413;
//! - the number of parts: [`MAX_PARTS`], counted here (413 past it);
//!   multer has no such limit of its own;
//! - a part's head: multer refuses more than 32 header lines in one part
//!   (400), but it has no limit in bytes: it buffers a head until it finds
//!   its blank line, up to the whole body's limit. axum's `Multipart` does
//!   not let us set multer's `Constraints` either (they bound sizes of
//!   fields, not of heads). That is a named difference: `socket_api`'s
//!   parser caps a part head at 8 KiB.
//!
//! On any error, the files this request had written are removed, so a
//! refused upload leaves nothing behind.

use crate::{
    config::Config,
    file_names::{create_unique, sanitise},
};
use axum::{
    Json,
    extract::{
        Multipart, State,
        multipart::{Field, MultipartError, MultipartRejection},
    },
    http::{HeaderMap, StatusCode, header::CONTENT_TYPE},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::{fmt::Write as _, path::PathBuf, sync::Arc};
use tokio::io::AsyncWriteExt;

/// The most parts one upload may have.
pub const MAX_PARTS: usize = 100;

/// One entry of the answer, in this order.
#[derive(Debug, Serialize)]
pub struct Part {
    pub name: String,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub size: u64,
    pub sha256: String,
}

/// Why an upload failed: one variant per kind, one status each (in
/// [`UploadError::into_response`]).
#[derive(Debug)]
pub enum UploadError {
    /// `multipart/form-data` without a usable boundary: 400, as axum says.
    NotMultipart(MultipartRejection),
    /// The body broke, went over `--max-upload` (413) or is not valid
    /// multipart (400): multer's status, through axum.
    Multipart(MultipartError),
    /// More than [`MAX_PARTS`] parts: 413.
    TooManyParts,
    /// Writing to `--upload-dir` failed: 500.
    Disk(std::io::Error),
}

impl IntoResponse for UploadError {
    fn into_response(self) -> Response {
        let (status, why) = match self {
            UploadError::NotMultipart(rejection) => (rejection.status(), rejection.body_text()),
            UploadError::Multipart(err) => (err.status(), err.body_text()),
            UploadError::TooManyParts => (
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("at most {MAX_PARTS} parts in one upload"),
            ),
            UploadError::Disk(err) => {
                tracing::error!("upload: {err}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the file could not be saved".to_owned(),
                )
            }
        };
        (status, format!("{status}: {why}\n")).into_response()
    }
}

// ANCHOR: upload
/// The handler.
pub async fn upload(
    State(config): State<Arc<Config>>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    // axum answers 400 ("invalid boundary") for any other type; a body of
    // the wrong type is 415 (RFC 9110 §15.5.16), as `/api` says too.
    if !is_form_data(&headers) {
        return (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "415 Unsupported Media Type: POST /upload needs Content-Type: multipart/form-data; boundary=...\n",
        )
            .into_response();
    }
    let mut multipart = match multipart {
        Ok(multipart) => multipart,
        Err(rejection) => return UploadError::NotMultipart(rejection).into_response(),
    };
    let mut written = Vec::new();
    match receive(&config, &mut multipart, &mut written).await {
        Ok(parts) => Json(parts).into_response(),
        Err(err) => {
            for path in written {
                // Best effort: the error we answer with matters more.
                let _ = tokio::fs::remove_file(path).await;
            }
            err.into_response()
        }
    }
}
// ANCHOR_END: upload

/// Is the body's type `multipart/form-data` (any case, any parameters)?
fn is_form_data(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media_type| {
            media_type
                .trim()
                .eq_ignore_ascii_case("multipart/form-data")
        })
}

/// Every part, in order; `written` collects the paths of files created.
async fn receive(
    config: &Config,
    multipart: &mut Multipart,
    written: &mut Vec<PathBuf>,
) -> Result<Vec<Part>, UploadError> {
    tokio::fs::create_dir_all(&config.upload_dir)
        .await
        .map_err(UploadError::Disk)?;
    let mut parts = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(UploadError::Multipart)?
    {
        if parts.len() == MAX_PARTS {
            return Err(UploadError::TooManyParts);
        }
        parts.push(receive_part(config, field, written).await?);
    }
    Ok(parts)
}

// ANCHOR: receive_part
/// One part: its head, then its bytes, chunk by chunk.
async fn receive_part(
    config: &Config,
    mut field: Field<'_>,
    written: &mut Vec<PathBuf>,
) -> Result<Part, UploadError> {
    let name = field.name().unwrap_or_default().to_owned();
    let filename = field.file_name().map(str::to_owned);
    let content_type = field.content_type().map(str::to_owned);

    let mut file = match &filename {
        Some(sent) => {
            let (file, path) = create_unique(&config.upload_dir, &sanitise(sent))
                .await
                .map_err(UploadError::Disk)?;
            tracing::info!("upload: {name} ({sent:?}) saved as {}", path.display());
            written.push(path);
            Some(file)
        }
        None => None,
    };

    let mut hasher = Sha256::new();
    let mut size = 0u64;
    while let Some(chunk) = field.chunk().await.map_err(UploadError::Multipart)? {
        hasher.update(&chunk);
        size += chunk.len() as u64;
        if let Some(file) = &mut file {
            file.write_all(&chunk).await.map_err(UploadError::Disk)?;
        }
    }
    if let Some(file) = &mut file {
        // tokio's `File` writes on a background thread; `flush` waits for
        // the last write, so an error is seen here and not lost.
        file.flush().await.map_err(UploadError::Disk)?;
    }
    Ok(Part {
        name,
        filename,
        content_type,
        size,
        sha256: hex(&hasher.finalize()),
    })
}
// ANCHOR_END: receive_part

/// Lowercase hex, two digits a byte: what `sha256sum` prints.
pub fn hex(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        // Writing into a String cannot fail.
        let _ = write!(text, "{byte:02x}");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_hello_in_hex() {
        assert_eq!(
            hex(&Sha256::digest(b"hello")),
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
    }
}
