//! What the command line can change about the app, in one value.
//!
//! [`crate::app_with`] takes a [`Config`]; `main.rs` fills one from its
//! flags, and tests fill one with a temporary folder of their own. Every
//! number here has a bound, checked by `main.rs` before it gets this far.

use std::path::PathBuf;
use tokio_util::sync::CancellationToken;

/// The largest request body `app()` reads, outside `/upload`: 1 MiB, as in
/// `socket_api` (axum's own default is 2 MB).
pub const DEFAULT_MAX_BODY: usize = 1024 * 1024;

/// The largest `/upload` body: 256 MiB (`--max-upload`). It goes to disk as
/// it arrives, so this bounds the disk used, not the memory.
pub const DEFAULT_MAX_UPLOAD: u64 = 256 * 1024 * 1024;

/// The folder the project ships for `/static/`: `static/` at the top of the
/// workspace, with an HTML page, its CSS and an image. The path is fixed at
/// compile time, so `cargo run -p framework_api` finds it from any folder.
pub const DEFAULT_STATIC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../static");

/// The settings of one app.
#[derive(Debug, Clone)]
pub struct Config {
    /// `--max-body`: the largest body of `/api` and `/mirror` (413 past it).
    pub max_body: usize,
    /// `--dir`: the folder served under `/static/`.
    pub static_dir: PathBuf,
    /// `--upload-dir`: where `/upload` writes the files it receives.
    pub upload_dir: PathBuf,
    /// `--max-upload`: the largest `/upload` body, in bytes (413 past it).
    pub max_upload: u64,
    /// Cancelled when the server starts shutting down, so that open
    /// `/stream` and `/events` responses end instead of holding it up.
    pub shutdown: CancellationToken,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            max_body: DEFAULT_MAX_BODY,
            static_dir: PathBuf::from(DEFAULT_STATIC_DIR),
            upload_dir: default_upload_dir(),
            max_upload: DEFAULT_MAX_UPLOAD,
            shutdown: CancellationToken::new(),
        }
    }
}

/// `--upload-dir`'s default: a folder of this process under the system's
/// temporary folder, e.g. `/tmp/framework_api-uploads-4242`. It is created
/// by the first upload; `main.rs` says where it is at start-up.
pub fn default_upload_dir() -> PathBuf {
    std::env::temp_dir().join(format!("framework_api-uploads-{}", std::process::id()))
}
