//! `GET /static/...`: files from `--dir`, with tower-http's `ServeDir`.
//!
//! `ServeDir` does most of the work a file server does: it percent-decodes
//! the path and refuses `..` in it, guesses the `Content-Type` from the
//! extension (the `mime_guess` crate), serves a directory's `index.html`
//! (and sends `/dir` to `/dir/` with a 307 first), streams the file in
//! chunks (never all of it in memory), answers a single `Range` with 206
//! and `Content-Range` (416 with `Content-Range: bytes */SIZE` when it
//! cannot), sends `Last-Modified` and answers `If-Modified-Since` (304) and
//! `If-Unmodified-Since` (412).
//!
//! What we add around it, and why:
//!
//! - **Symlinks.** `ServeDir` follows them, wherever they point: a link in
//!   `--dir` to `/etc` would serve `/etc`. Before it runs, [`resolve`]
//!   resolves the path the way the kernel will (`canonicalize`) and answers
//!   404 when the result is outside `--dir`. A production server opens the
//!   file once, relative to the folder and refusing links that leave it
//!   (Linux's `openat2` with `RESOLVE_BENEATH`), and serves what it opened;
//!   here the check and `ServeDir`'s own `open` are two steps apart, so a
//!   link swapped in between them would still be followed.
//! - **`ETag`, `If-None-Match`, `If-Range`**, which `ServeDir` lacks: see
//!   [`crate::etag`].
//! - **The prefix.** `ServeDir` sees the path without `/static`, so the
//!   `Location` of its 307 lacks it too; we put it back.
//! - **Our 404**, with a sentence, instead of `ServeDir`'s empty one.

use crate::{
    config::Config,
    etag::{etag, if_range_holds, none_match_hits},
};
use axum::{
    body::Body,
    extract::{Request, State},
    http::{
        HeaderMap, HeaderValue, StatusCode, Uri,
        header::{
            CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, IF_RANGE, LAST_MODIFIED,
            LOCATION, RANGE,
        },
    },
    response::{IntoResponse, Response},
};
use percent_encoding::percent_decode_str;
use std::{
    fs::Metadata,
    path::{Component, Path, PathBuf},
    sync::Arc,
};
use tower_http::services::ServeDir;

/// Where the files are mounted in the route table.
pub const PREFIX: &str = "/static";

/// What [`resolve`] found for a request path.
#[derive(Debug)]
pub enum Resolved {
    /// Inside `--dir`: the file's metadata (for a folder, its
    /// `index.html`'s), or `None` if there is nothing to describe.
    Inside(Option<Metadata>),
    /// The path does not exist, or cannot be a file name (a NUL byte,
    /// `..`, bytes that are not UTF-8): `ServeDir` answers 404 for all of
    /// these, and so do we.
    Missing,
    /// It exists, but through a symlink it leads outside `--dir`.
    Outside,
}

// ANCHOR: static_file
/// The handler for `/static`, `/static/` and `/static/{*path}`.
pub async fn static_file(State(config): State<Arc<Config>>, request: Request) -> Response {
    let (mut parts, _body) = request.into_parts();
    let full_path = parts.uri.path().to_owned();
    // The route table only sends paths that start with `/static` here.
    let rest = full_path.strip_prefix(PREFIX).unwrap_or(&full_path);
    if rest.is_empty() {
        // `/static` is a folder asked for without its slash: what
        // `ServeDir` does for any folder, so that `style.css` in the page
        // is fetched as `/static/style.css`, not `/style.css`.
        return redirect_to_slash(&parts.uri);
    }

    let meta = match resolve(&config.static_dir, rest).await {
        Resolved::Outside => {
            tracing::warn!(
                "{full_path}: a symlink leads outside {}",
                config.static_dir.display()
            );
            return not_found(&full_path);
        }
        Resolved::Missing => None,
        Resolved::Inside(meta) => meta,
    };
    let tag = meta.as_ref().map(etag);
    let last_modified = meta
        .as_ref()
        .and_then(|meta| meta.modified().ok())
        .map(httpdate::fmt_http_date);

    // RFC 9110 §13.2.2: with `If-None-Match`, `If-Modified-Since` is
    // ignored. `ServeDir` does not know that; we remove it before it looks.
    let if_none_match = parts.headers.get(IF_NONE_MATCH).cloned();
    if if_none_match.is_some() {
        parts.headers.remove(IF_MODIFIED_SINCE);
    }
    // `If-Range` that does not hold: the whole file, not the range.
    if let (Some(if_range), Some(tag), Some(date)) =
        (parts.headers.get(IF_RANGE), &tag, &last_modified)
    {
        if !if_range_holds(if_range, tag, date) {
            parts.headers.remove(RANGE);
        }
    }

    // `ServeDir` sees the path after `/static`, with the query, if any.
    let inner_target = match parts.uri.query() {
        Some(query) => format!("{rest}?{query}"),
        None => rest.to_owned(),
    };
    parts.uri = match inner_target.parse::<Uri>() {
        Ok(uri) => uri,
        Err(_) => return not_found(&full_path),
    };
    let request = Request::from_parts(parts, Body::empty());
    let response = match ServeDir::new(&config.static_dir).try_call(request).await {
        Ok(response) => response.map(Body::new),
        Err(err) => {
            tracing::error!("{full_path}: {err}");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "500 Internal Server Error: the file could not be read\n",
            )
                .into_response();
        }
    };

    finish(response, &full_path, if_none_match, tag, last_modified)
}
// ANCHOR_END: static_file

/// `ServeDir`'s answer, with what it lacks added.
fn finish(
    mut response: Response,
    full_path: &str,
    if_none_match: Option<HeaderValue>,
    tag: Option<String>,
    last_modified: Option<String>,
) -> Response {
    let status = response.status();
    if status == StatusCode::NOT_FOUND {
        return not_found(full_path);
    }
    add_charset(&mut response);
    if status == StatusCode::TEMPORARY_REDIRECT {
        // `Location: /sub/` → `Location: /static/sub/`.
        if let Some(location) = response.headers().get(LOCATION).cloned() {
            let prefixed = format!("{PREFIX}{}", String::from_utf8_lossy(location.as_bytes()));
            if let Ok(value) = HeaderValue::from_str(&prefixed) {
                response.headers_mut().insert(LOCATION, value);
            }
        }
        return response;
    }
    let Some(tag) = tag else {
        return response;
    };
    // The conditions are checked before the range (RFC 9110 §13.2.2): a
    // tag that matches gives 304 even for a range we could not serve.
    let served = matches!(
        status,
        StatusCode::OK | StatusCode::PARTIAL_CONTENT | StatusCode::RANGE_NOT_SATISFIABLE
    );
    let hit = if_none_match.is_some_and(|value| none_match_hits(&value, &tag));
    if status == StatusCode::NOT_MODIFIED || (served && hit) {
        // A 304 has no body, and carries the validators a 200 would
        // (RFC 9110 §15.4.5); `ServeDir`'s own 304 carries none.
        let mut headers = HeaderMap::new();
        insert(&mut headers, ETAG, &tag);
        if let Some(date) = &last_modified {
            insert(&mut headers, LAST_MODIFIED, date);
        }
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    if served {
        insert(response.headers_mut(), ETAG, &tag);
    }
    response
}

/// `ServeDir` (through `mime_guess`) names a text type without its
/// charset, `text/css`; a browser then guesses the encoding. The files
/// here are UTF-8, and socket_api says so (`wire::mime`): so do we.
fn add_charset(response: &mut Response) {
    let Some(value) = response.headers().get(CONTENT_TYPE) else {
        return;
    };
    let text = String::from_utf8_lossy(value.as_bytes()).into_owned();
    if text.starts_with("text/") && !text.contains(';') {
        insert(
            response.headers_mut(),
            CONTENT_TYPE,
            &format!("{text}; charset=utf-8"),
        );
    }
}

fn insert(headers: &mut HeaderMap, name: axum::http::HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}

// ANCHOR: resolve
/// Where `rest` (the path after `/static`, still percent-encoded) leads
/// under `root`, decoded as `ServeDir` decodes it.
pub async fn resolve(root: &Path, rest: &str) -> Resolved {
    let Ok(decoded) = percent_decode_str(rest.trim_start_matches('/')).decode_utf8() else {
        return Resolved::Missing;
    };
    let mut joined = root.to_path_buf();
    for component in Path::new(&*decoded).components() {
        match component {
            Component::Normal(name) => joined.push(name),
            Component::CurDir => {}
            // `..`, a root or a drive: `ServeDir` refuses them with a 404.
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => {
                return Resolved::Missing;
            }
        }
    }
    let (Ok(root), Ok(real)) = (
        tokio::fs::canonicalize(root).await,
        tokio::fs::canonicalize(&joined).await,
    ) else {
        return Resolved::Missing;
    };
    if !real.starts_with(&root) {
        return Resolved::Outside;
    }
    let file = if real.is_dir() {
        // A folder is served by its `index.html`, which may be a link too.
        match tokio::fs::canonicalize(real.join("index.html")).await {
            Ok(index) if !index.starts_with(&root) => return Resolved::Outside,
            Ok(index) => index,
            Err(_) => return Resolved::Inside(None),
        }
    } else {
        real
    };
    Resolved::Inside(tokio::fs::metadata(&file).await.ok())
}
// ANCHOR_END: resolve

/// 307 to the same target with a `/` after the path, as `ServeDir` does.
fn redirect_to_slash(uri: &Uri) -> Response {
    let location = match uri.query() {
        Some(query) => format!("{}/?{query}", uri.path()),
        None => format!("{}/", uri.path()),
    };
    (StatusCode::TEMPORARY_REDIRECT, [(LOCATION, location)]).into_response()
}

/// Our 404 for a file that is not there (or must not be seen).
fn not_found(path: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        format!("404 Not Found: no file for {path}\n"),
    )
        .into_response()
}

/// The folder a test or `main.rs` names, as an absolute path for messages.
pub fn describe(dir: &Path) -> PathBuf {
    std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
}
