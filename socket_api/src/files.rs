//! `GET /static/...`: files from `--dir`, by hand, and not one byte from
//! outside it.
//!
//! A request goes through four steps, each a function below:
//!
//! ```text
//! /static/css/site.css
//!   1. wire::path::relative_path   ["css", "site.css"]      or 404: `..`, `%2e%2e`, `%2f`, `\`, `//`, NUL
//!   2. locate                      /srv/site/css/site.css   or 404: missing, or a symlink that leads out
//!   3. wire::conditional           304 if the client's copy is current
//!   4. wire::range                 206 for a part, 416 past the end, else 200 with the whole
//! ```
//!
//! Step 1 refuses every name that is not a plain file name, before the file
//! system sees it. Step 2 lets the operating system resolve what step 1
//! cannot see, symbolic links, and checks the answer is still inside
//! `--dir`. The body is read from disk 64 KiB at a time as it is sent
//! ([`Response::from_reader`]), so a 1 GB file never sits in memory.
//!
//! `framework_api` does this with tower-http's `ServeDir`; where the two
//! differ (which odd paths are a 404, several ranges), the parity list
//! says so.

use std::fs::{File, Metadata};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use wire::StatusCode;
use wire::conditional::{Outcome, Strength, Validators, evaluate, file_etag};
use wire::path::{RelativePath, relative_path};
use wire::range::{RangeAnswer, if_range_allows, parse_range, unsatisfied_content_range};

use crate::response::Body;
use crate::{Request, Response};

/// Where the files are mounted in the route table.
pub const MOUNT: &str = "/static/";

/// The file a folder is served by.
const INDEX: &str = "index.html";

/// What [`locate`] found.
#[derive(Debug)]
pub enum Located {
    /// A regular file inside the folder: its real path, and the name whose
    /// extension gives its type (`index.html` for a folder).
    File { path: PathBuf, name: String },
    /// A folder asked for without its final `/`: send the client there, so
    /// that the page's relative links (`style.css`) resolve inside it.
    AddSlash,
    /// Nothing to serve: missing, not a regular file, or a folder with no
    /// `index.html`.
    Missing,
    /// It exists, but through a symbolic link it leads outside the folder.
    Outside,
}

// ANCHOR: files
/// The handler for `/static`, `/static/` and `/static/{*path}`.
pub fn files(request: &Request) -> Response {
    let path = request.path();
    // `/static` is the folder without its slash, like any other folder.
    if path == "/static" {
        return add_slash(request);
    }
    // Step 1: plain file names only, or nothing.
    let relative = match relative_path(path, MOUNT) {
        Ok(relative) => relative,
        Err(why) => {
            tracing::debug!("{path}: refused: {why}");
            return not_found(path);
        }
    };
    // Step 2: where that is on disk, if it is inside the folder.
    let (file, name) = match locate(&request.config.static_dir, &relative) {
        Located::File { path, name } => (path, name),
        Located::AddSlash => return add_slash(request),
        Located::Missing => return not_found(path),
        Located::Outside => {
            tracing::warn!("{path}: a symbolic link leads outside the folder: refused");
            return not_found(path);
        }
    };
    match File::open(&file).and_then(|f| f.metadata().map(|m| (f, m))) {
        Ok((file, meta)) if meta.is_file() => serve(request, file, &meta, &name),
        Ok(_) => not_found(path),
        Err(e) => {
            tracing::warn!("{path}: cannot open {}: {e}", file.display());
            not_found(path)
        }
    }
}
// ANCHOR_END: files

// ANCHOR: locate
/// Where `relative` leads under `dir`, resolved the way the kernel will
/// open it.
///
/// `canonicalize` follows every symbolic link and removes every `.`/`..`;
/// the result must still start with the canonical `dir`. A link inside
/// `dir` that points inside is followed; one that points out is refused.
///
/// A production server opens the file once, relative to the folder, with
/// the kernel refusing to leave it (Linux's `openat2` with
/// `RESOLVE_BENEATH`). Here the check and the `open` are two steps, so a
/// link swapped in between them by someone who can write in `dir` would
/// still be followed: fine for a classroom, not for a shared host.
///
/// ```
/// use socket_api::files::{locate, Located};
/// let relative = wire::path::relative_path("/static/", "/static/").unwrap();
/// let found = locate(socket_api::DEFAULT_STATIC_DIR.as_ref(), &relative);
/// assert!(matches!(found, Located::File { name, .. } if name == "index.html"));
/// ```
pub fn locate(dir: &Path, relative: &RelativePath) -> Located {
    let Ok(root) = dir.canonicalize() else {
        tracing::warn!("the static folder {} is not there", dir.display());
        return Located::Missing;
    };
    let joined = relative
        .segments
        .iter()
        .fold(root.clone(), |path, segment| path.join(segment));
    let Ok(real) = joined.canonicalize() else {
        return Located::Missing;
    };
    if !real.starts_with(&root) {
        return Located::Outside;
    }
    if real.is_dir() {
        if !relative.trailing_slash {
            return Located::AddSlash;
        }
        // A folder is served by its index.html, which may be a link too.
        return match real.join(INDEX).canonicalize() {
            Ok(index) if !index.starts_with(&root) => Located::Outside,
            Ok(index) if index.is_file() => Located::File {
                path: index,
                name: INDEX.into(),
            },
            _ => Located::Missing,
        };
    }
    // `a.txt/` names a folder, and a.txt is not one. Devices, sockets and
    // pipes are not served: opening a pipe would wait for a writer.
    if relative.trailing_slash || !real.is_file() {
        return Located::Missing;
    }
    let name = relative.segments.last().cloned().unwrap_or_default();
    Located::File { path: real, name }
}
// ANCHOR_END: locate

// ANCHOR: serve
/// Steps 3 and 4: the validators, the conditions, the range, and the body
/// streamed from disk.
fn serve(request: &Request, mut file: File, meta: &Metadata, name: &str) -> Response {
    let size = meta.len();
    let modified = meta.modified().unwrap_or(UNIX_EPOCH);
    let modified_secs = modified
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let etag = file_etag(size, modified_secs, Strength::Strong);
    let last_modified = wire::date::http_date(modified);
    let validators = |response: Response| {
        response
            .with_header("ETag", &etag)
            .with_header("Last-Modified", &last_modified)
    };

    // Step 3 (RFC 9110 §13.2.2: the conditions come before the range).
    let current = Validators {
        etag: Some(&etag),
        last_modified: Some(modified_secs),
    };
    match evaluate(request.method(), &request.head.headers, current) {
        Outcome::Proceed => {}
        // A 304 carries the validators a 200 would, and no body.
        Outcome::NotModified => return validators(empty(StatusCode::NOT_MODIFIED)),
        Outcome::PreconditionFailed => return empty(StatusCode::PRECONDITION_FAILED),
    }

    // Step 4. `If-Range` that does not hold means: ignore `Range`.
    let range = request.header("Range").filter(|_| {
        request
            .header("If-Range")
            .is_none_or(|value| if_range_allows(value, Some(&etag), Some(modified_secs)))
    });
    let content_type = wire::mime::content_type(name);
    let answer = range.map(|value| parse_range(value, size));
    let response = match answer {
        Some(RangeAnswer::Partial(range)) => {
            // Seek to the first byte asked for; read only as many as asked.
            if let Err(e) = file.seek(SeekFrom::Start(range.start)) {
                return read_failed(request.path(), &e);
            }
            let part = file.take(range.len());
            Response::from_reader(StatusCode::PARTIAL_CONTENT, content_type, range.len(), part)
                .with_header("Content-Range", &range.content_range(size))
        }
        // No body, but the type of what was asked for, as `ServeDir` says it.
        Some(RangeAnswer::NotSatisfiable) => empty(StatusCode::RANGE_NOT_SATISFIABLE)
            .with_header("Content-Type", content_type)
            .with_header("Content-Range", &unsatisfied_content_range(size)),
        // No `Range`, or one this server ignores (several ranges, another
        // unit, nonsense): the whole file, as RFC 9110 §14.2 allows.
        Some(RangeAnswer::Whole(_)) | None => {
            Response::from_reader(StatusCode::OK, content_type, size, file)
        }
    };
    // `Accept-Ranges` tells the client it may ask for parts next time.
    validators(response.with_header("Accept-Ranges", "bytes"))
}
// ANCHOR_END: serve

/// A 307 to the same target with a `/` after the path, as `ServeDir` does.
/// 307, not 301: a browser would cache a 301 forever.
fn add_slash(request: &Request) -> Response {
    let location = match request.query() {
        "" => format!("{}/", request.path()),
        query => format!("{}/?{query}", request.path()),
    };
    empty(StatusCode::TEMPORARY_REDIRECT).with_header("Location", &location)
}

/// A response with no body and no `Content-Type`.
fn empty(status: StatusCode) -> Response {
    Response {
        status,
        headers: Vec::new(),
        body: Body::Full(Vec::new()),
    }
}

/// The same 404 for a file that is not there and for one that must not be
/// seen: a client learns nothing about what lies outside the folder.
fn not_found(path: &str) -> Response {
    Response::text(
        StatusCode::NOT_FOUND,
        format!("404 Not Found: no file for {path}\n"),
    )
}

fn read_failed(path: &str, error: &io::Error) -> Response {
    tracing::error!("{path}: {error}");
    Response::error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "the file could not be read",
    )
}
