//! `POST /upload`: `multipart/form-data`, each file streamed to disk.
//!
//! A `[streaming]` route: the handler is called as soon as the head is in,
//! and reads the body from a [`BodyReader`] as it arrives, 64 KiB at a
//! time. Each piece goes into [`wire::multipart::MultipartParser`], which
//! says what it was: a part's head (`name`, `filename`, `Content-Type`),
//! some of its data, its end. Each piece of data is hashed (SHA-256),
//! counted and, for a file, written to a new file in `--upload-dir` (named
//! by `server_support::file_names`, as `framework_api`'s are). No part is
//! ever held whole in memory: a 100 MB upload passes through a buffer of
//! about 64 KiB. The answer is a JSON array, one entry per part, as
//! `framework_api` writes it:
//!
//! ```json
//! [{"name":"doc","filename":"a.txt","content_type":"text/plain","size":5,"sha256":"2cf2…"}]
//! ```
//!
//! A part without a `filename` (a plain form field) is hashed and counted
//! but not saved; its `filename` is `null`, and so is a missing
//! `content_type`.
//!
//! The limits, with `framework_api`'s numbers:
//! - the whole body: `--max-upload` (default 256 MiB), counted by the
//!   connection's machine as the body arrives; past it the next read fails
//!   and the driver answers 413 in place of this handler's answer;
//! - the number of parts: [`MAX_PARTS`] (413 past it);
//! - a part's head: [`MAX_PART_HEAD`] bytes (413 past it). axum's
//!   `Multipart` (multer) caps a head at 32 lines but not in bytes: a named
//!   difference.
//!
//! On any error, the files this request had written are removed, so a
//! refused upload leaves nothing behind.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use wire::multipart::{self, Limits, MultipartError, MultipartEvent, MultipartParser, PartHead};
use wire::{StatusCode, json};

use crate::body_reader::BodyReader;
use crate::response::APPLICATION_JSON;
use crate::{Request, Response};
use server_support::file_names::{create_unique, sanitise};

/// The most parts one upload may have.
pub const MAX_PARTS: usize = 100;
/// The largest head of one part, in bytes.
pub const MAX_PART_HEAD: usize = 8 * 1024;
/// How much of the body is read at a time.
const READ_SIZE: usize = 64 * 1024;

/// One entry of the answer.
#[derive(Debug)]
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
    /// The body could not be read (too large, too slow, cut off): the
    /// driver answers with the body's own status, so ours is never sent.
    Body(io::Error),
    /// Not multipart, or multipart that breaks a rule or a limit.
    Multipart(MultipartError),
    /// Writing to `--upload-dir` failed: 500.
    Disk(io::Error),
}

impl UploadError {
    /// The one place an error becomes a status and a message.
    pub fn into_response(self) -> Response {
        match self {
            UploadError::Body(err) => Response::error(StatusCode::BAD_REQUEST, &err.to_string()),
            UploadError::Multipart(MultipartError::NotFormData) => Response::error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "POST /upload needs Content-Type: multipart/form-data; boundary=...",
            ),
            UploadError::Multipart(MultipartError::TooManyParts { limit }) => Response::error(
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!("at most {limit} parts in one upload"),
            ),
            UploadError::Multipart(err) => Response::error(err.status(), &err.to_string()),
            UploadError::Disk(err) => {
                tracing::error!("upload: {err}");
                Response::error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the file could not be saved",
                )
            }
        }
    }
}

// ANCHOR: upload
/// The handler.
pub fn upload(request: &Request, body: &mut BodyReader<'_>) -> Response {
    let content_type = request.header("Content-Type").unwrap_or_default();
    let boundary = match multipart::boundary(content_type) {
        Ok(boundary) => boundary,
        Err(err) => return UploadError::Multipart(err).into_response(),
    };
    let mut written = Vec::new();
    match receive(&request.config.upload_dir, &boundary, body, &mut written) {
        Ok(parts) => Response::new(StatusCode::OK, APPLICATION_JSON, to_json(&parts)),
        Err(err) => {
            for path in written {
                // Best effort: the error we answer with matters more.
                let _ = std::fs::remove_file(path);
            }
            err.into_response()
        }
    }
}
// ANCHOR_END: upload

// ANCHOR: receive
/// The part being received: what its head said, and its data so far.
struct Receiving {
    head: PartHead,
    file: Option<File>,
    hasher: Sha256,
    size: u64,
}

/// Every part, in order; `written` collects the paths of files created.
fn receive(
    dir: &Path,
    boundary: &str,
    body: &mut BodyReader<'_>,
    written: &mut Vec<PathBuf>,
) -> Result<Vec<Part>, UploadError> {
    std::fs::create_dir_all(dir).map_err(UploadError::Disk)?;
    let limits = Limits {
        max_parts: MAX_PARTS,
        max_head_bytes: MAX_PART_HEAD,
    };
    let mut parser = MultipartParser::new(boundary, limits);
    // What has been read and not yet taken by the parser: at most a piece,
    // a part's head, or the few bytes that may start a boundary.
    let mut buf = Vec::with_capacity(READ_SIZE);
    let mut piece = vec![0; READ_SIZE];
    let mut eof = false;
    let mut parts = Vec::new();
    let mut current: Option<Receiving> = None;
    loop {
        match parser
            .next_event(&mut buf, eof)
            .map_err(UploadError::Multipart)?
        {
            MultipartEvent::NeedMore => {
                let n = body.read(&mut piece).map_err(UploadError::Body)?;
                eof = n == 0;
                buf.extend_from_slice(&piece[..n]);
            }
            MultipartEvent::PartHead(head) => {
                let file = match &head.filename {
                    Some(sent) => {
                        let (file, path) =
                            create_unique(dir, &sanitise(sent)).map_err(UploadError::Disk)?;
                        tracing::info!(
                            "upload: {} ({sent:?}) saved as {}",
                            head.name,
                            path.display()
                        );
                        written.push(path);
                        Some(file)
                    }
                    None => None,
                };
                let hasher = Sha256::new();
                current = Some(Receiving {
                    head,
                    file,
                    hasher,
                    size: 0,
                });
            }
            MultipartEvent::Data(data) => {
                if let Some(part) = &mut current {
                    part.hasher.update(&data);
                    part.size += data.len() as u64;
                    if let Some(file) = &mut part.file {
                        file.write_all(&data).map_err(UploadError::Disk)?;
                    }
                }
            }
            MultipartEvent::PartEnd => {
                // A `File` has no buffer of its own: each `write_all` above
                // reached the system, and its error, if any, was seen there.
                if let Some(part) = current.take() {
                    parts.push(Part {
                        name: part.head.name,
                        filename: part.head.filename,
                        content_type: part.head.content_type,
                        size: part.size,
                        sha256: hex(&part.hasher.finalize()),
                    });
                }
            }
            // What follows the last boundary is left to the driver to drain.
            MultipartEvent::End => return Ok(parts),
        }
    }
}
// ANCHOR_END: receive

/// The answer: `[{...},{...}]`, fields in `framework_api`'s order.
fn to_json(parts: &[Part]) -> String {
    let or_null = |value: &Option<String>| value.as_deref().map_or("null".into(), json::string);
    let entries: Vec<String> = parts
        .iter()
        .map(|part| {
            format!(
                "{{\"name\":{},\"filename\":{},\"content_type\":{},\"size\":{},\"sha256\":{}}}",
                json::string(&part.name),
                or_null(&part.filename),
                or_null(&part.content_type),
                part.size,
                json::string(&part.sha256),
            )
        })
        .collect();
    format!("[{}]", entries.join(","))
}

/// Lowercase hex, two digits a byte: what `sha256sum` prints.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
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

    #[test]
    fn json_like_serde_json() {
        let parts = [Part {
            name: "a\"b".into(),
            filename: None,
            content_type: Some("text/plain".into()),
            size: 0,
            sha256: "e3".into(),
        }];
        assert_eq!(
            to_json(&parts),
            r#"[{"name":"a\"b","filename":null,"content_type":"text/plain","size":0,"sha256":"e3"}]"#
        );
    }
}
