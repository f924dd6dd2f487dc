//! Where an uploaded file may be written: a safe name, and a new file.
//!
//! The `filename` a client sends in a multipart part is whatever it likes:
//! `../../etc/passwd`, `C:\boot.ini`, `.bashrc`, a NUL byte, 10 000
//! characters. Two rules keep every upload inside `--upload-dir`:
//!
//! 1. [`sanitise`] keeps only the last path segment (after any `/` or
//!    `\`), replaces every byte but ASCII letters, digits, `.`, `-` and `_`
//!    with `_`, drops leading dots (no hidden files, no `..`), and cuts the
//!    name to [`MAX_NAME`] bytes. What is left is one plain file name.
//! 2. [`create_unique`] never overwrites: it creates the file with
//!    `create_new` (the system refuses if the name exists, atomically, so
//!    two uploads at once cannot both get it) and on a clash tries
//!    `name-1.ext`, `name-2.ext`, … up to [`MAX_TRIES`].
//!
//! axum's `Field::file_name` hands over the name as sent; making it safe
//! is our job in either server.

use std::{io, path::Path, path::PathBuf};
use tokio::fs::{File, OpenOptions};

/// The longest name we keep, in bytes (most file systems allow 255).
pub const MAX_NAME: usize = 100;
/// How many `-N` suffixes we try before giving up.
pub const MAX_TRIES: u32 = 1000;

// ANCHOR: sanitise
/// A plain file name made from what the client sent (see the module doc).
pub fn sanitise(sent: &str) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let trimmed = cleaned.trim_start_matches('.');
    // All ASCII now, so any byte index is a character boundary.
    let cut = &trimmed[..trimmed.len().min(MAX_NAME)];
    if cut.is_empty() {
        "upload".to_owned()
    } else {
        cut.to_owned()
    }
}
// ANCHOR_END: sanitise

/// Create a new file in `dir` named `name`, or `name-1`, `name-2`, … (the
/// number goes before the extension). Returns the file and its path.
pub async fn create_unique(dir: &Path, name: &str) -> io::Result<(File, PathBuf)> {
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem, Some(extension)),
        _ => (name, None),
    };
    for attempt in 0..=MAX_TRIES {
        let candidate = match (attempt, extension) {
            (0, _) => name.to_owned(),
            (n, Some(extension)) => format!("{stem}-{n}.{extension}"),
            (n, None) => format!("{stem}-{n}"),
        };
        let path = dir.join(&candidate);
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .await
        {
            Ok(file) => return Ok((file, path)),
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(err) => return Err(err),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{name} and {MAX_TRIES} variants of it exist already"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_one_plain_segment() {
        for (sent, kept) in [
            ("photo.jpg", "photo.jpg"),
            ("../../etc/passwd", "passwd"),
            ("..\\..\\boot.ini", "boot.ini"),
            ("C:\\Users\\x\\notes.txt", "notes.txt"),
            (".bashrc", "bashrc"),
            ("..", "upload"),
            ("", "upload"),
            ("a/", "upload"),
            ("résumé 1.pdf", "r_sum__1.pdf"),
            ("nul\0byte", "nul_byte"),
        ] {
            assert_eq!(sanitise(sent), kept, "{sent:?}");
        }
        assert_eq!(sanitise(&"x".repeat(300)).len(), MAX_NAME);
    }
}
