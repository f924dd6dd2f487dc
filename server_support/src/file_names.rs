//! Where an uploaded file may be written: a safe name, and a new file.
//!
//! The `filename` a client sends in a multipart part is whatever it likes:
//! `../../etc/passwd`, `/etc/passwd`, `C:\boot.ini`, `.bashrc`, a NUL
//! byte, 10 000 characters. Two rules keep every upload inside
//! `--upload-dir`:
//!
//! 1. [`sanitise`] keeps only the last path segment (after any `/` or
//!    `\`), replaces every character but ASCII letters, digits, `.`, `-`
//!    and `_` with `_`, drops leading dots (no hidden files, no `..`), and
//!    cuts the name to [`MAX_NAME`] bytes. What is left is one plain file
//!    name: no separator, no `..`, nothing a file system reads specially.
//! 2. [`create_unique`] never overwrites: it creates the file with
//!    `create_new` (the system refuses if the name exists, atomically, so
//!    two uploads at once cannot both get it, and a symlink planted under
//!    that name is not followed) and on a clash tries `name-1.ext`,
//!    `name-2.ext`, … up to [`MAX_TRIES`].
//!
//! Both servers apply these two rules, this one code, so the same upload
//! gets the same name on each: the names are part of what the parity test
//! compares. [`create_unique`] blocks, as opening a file does;
//! `framework_api` calls it on tokio's blocking threads.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// The longest name kept, in bytes (most file systems allow 255).
pub const MAX_NAME: usize = 100;
/// How many `-N` suffixes are tried before giving up.
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

// ANCHOR: create_unique
/// Creates a new file in `dir` named `name`, or `name-1`, `name-2`, … (the
/// number goes before the extension). Returns the file and its path.
pub fn create_unique(dir: &Path, name: &str) -> io::Result<(File, PathBuf)> {
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
        match OpenOptions::new().write(true).create_new(true).open(&path) {
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
// ANCHOR_END: create_unique

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_one_plain_segment() {
        for (sent, kept) in [
            ("photo.jpg", "photo.jpg"),
            ("../../etc/passwd", "passwd"),
            ("/etc/passwd", "passwd"),
            ("..\\..\\boot.ini", "boot.ini"),
            ("C:\\Users\\x\\notes.txt", "notes.txt"),
            ("C:boot.ini", "C_boot.ini"),
            (".bashrc", "bashrc"),
            ("..", "upload"),
            ("...", "upload"),
            ("", "upload"),
            ("a/", "upload"),
            ("a/..", "upload"),
            ("résumé 1.pdf", "r_sum__1.pdf"),
            ("nul\0byte", "nul_byte"),
            ("line\r\nbreak", "line__break"),
        ] {
            assert_eq!(sanitise(sent), kept, "{sent:?}");
        }
        assert_eq!(sanitise(&"x".repeat(300)).len(), MAX_NAME);
        assert_eq!(sanitise(&"é".repeat(300)).len(), MAX_NAME);
    }

    #[test]
    fn a_clash_gets_a_number_and_nothing_is_overwritten() {
        let dir = std::env::temp_dir().join(format!("server_support-names-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temp folder");
        let names: Vec<String> = (0..3)
            .map(|_| {
                let (_, path) = create_unique(&dir, "a.txt").expect("a new file");
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            })
            .collect();
        let (_, plain) = create_unique(&dir, "README").expect("a new file");
        let (_, plain2) = create_unique(&dir, "README").expect("a new file");
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(names, ["a.txt", "a-1.txt", "a-2.txt"]);
        assert!(plain.ends_with("README") && plain2.ends_with("README-1"));
    }
}
