//! Where an uploaded file may be written: a safe name, and a new file.
//!
//! The two rules, [`sanitise`] the name the client sent and
//! [`create_unique`] a file that overwrites nothing, are
//! `server_support::file_names`'s, the very code `socket_api` runs, so the
//! two servers save the same upload under the same name (the parity test
//! compares them). axum's `Field::file_name` hands over the name as sent;
//! making it safe is our job in either server. What is ours here is only
//! that opening the file must not block the runtime.

use std::{io, path::Path, path::PathBuf};
use tokio::fs::File;

pub use server_support::file_names::{MAX_NAME, MAX_TRIES, sanitise};

// ANCHOR: create_unique
/// Create a new file in `dir` named `name`, or `name-1`, `name-2`, … (the
/// number goes before the extension), on tokio's blocking threads, as
/// `tokio::fs` itself does. Returns the file and its path.
pub async fn create_unique(dir: &Path, name: &str) -> io::Result<(File, PathBuf)> {
    let (dir, name) = (dir.to_owned(), name.to_owned());
    let (file, path) =
        tokio::task::spawn_blocking(move || server_support::file_names::create_unique(&dir, &name))
            .await
            .map_err(io::Error::other)??;
    Ok((File::from_std(file), path))
}
// ANCHOR_END: create_unique
