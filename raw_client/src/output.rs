//! `-o FILE`: the body goes to a file, and the file is not touched before
//! there is something to write in it.
//!
//! Opening the file first (`File::create` truncates) would be simpler, and
//! wrong: a refused connection, a timeout, or `-f` on a `404` would leave
//! the user's existing file empty, for a transfer that never delivered a
//! byte. curl creates the file when the first byte arrives, and so does
//! [`OutputFile`]. A transfer that succeeds with an empty body (a `200`
//! with `Content-Length: 0`) still leaves an empty file behind, as curl's
//! does: the user asked for the body in that file, and the body was empty.
//!
//! What it does not do, like curl: a transfer that fails half-way keeps the
//! half that arrived. A download manager would write to a temporary name
//! and rename it at the end.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A file that is created (or truncated) on the first write, not before.
#[derive(Debug)]
pub struct OutputFile {
    path: PathBuf,
    file: Option<File>,
}

impl OutputFile {
    /// Names the file; nothing happens on disk yet.
    pub fn new(path: &Path) -> OutputFile {
        OutputFile {
            path: path.to_path_buf(),
            file: None,
        }
    }

    /// The file, created the first time it is needed.
    fn open(&mut self) -> io::Result<&mut File> {
        let file = match self.file.take() {
            Some(file) => file,
            None => File::create(&self.path)?,
        };
        Ok(self.file.insert(file))
    }

    /// The transfer succeeded: make sure the file exists, even if no byte
    /// was written (an empty body), and flush it.
    pub fn finish(mut self) -> io::Result<()> {
        self.open()?.flush()
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0); // nothing to write is not a reason to create the file
        }
        self.open()?.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some(file) => file.flush(),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_created_by_the_first_byte_or_by_finish() {
        let dir = std::env::temp_dir().join(format!("raw_client_output_{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("out.txt");
        let _ = std::fs::write(&path, "old");
        let mut out = OutputFile::new(&path);
        assert!(out.write_all(b"").and_then(|()| out.flush()).is_ok());
        drop(out);
        assert_eq!(
            std::fs::read(&path).ok().as_deref(),
            Some(&b"old"[..]),
            "untouched"
        );
        let mut out = OutputFile::new(&path);
        assert!(out.write_all(b"new").and_then(|()| out.finish()).is_ok());
        assert_eq!(std::fs::read(&path).ok().as_deref(), Some(&b"new"[..]));
        assert!(OutputFile::new(&path).finish().is_ok());
        assert_eq!(
            std::fs::read(&path).ok().as_deref(),
            Some(&b""[..]),
            "empty body"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
