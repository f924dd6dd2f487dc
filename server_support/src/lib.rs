//! What both servers need that is not HTTP: certificates, safe file names,
//! command-line values, the log. `socket_api` and `framework_api` serve the same
//! routes, and both make a self-signed CA, keep an upload's name inside
//! `--upload-dir`, and read `--addr HOST:PORT`; each of those is one piece
//! of code here rather than a copy in each server. The protocol is
//! `wire`'s, and `framework_api` never uses `wire`, so this crate holds no
//! HTTP at all and depends on neither.
//!
//! | Module | What it holds |
//! |---|---|
//! | [`tls`] | PEM files to a rustls configuration; the self-signed CA and its certificate (rcgen) |
//! | [`cli`] | `--addr HOST:PORT` ([`cli::ListenAddr`]), `--dir`, sizes within bounds, as clap value parsers |
//! | [`log`] | The log on stderr, written by a thread of its own so serving never waits for it |
//! | [`file_names`] | A safe, plain file name from what a client sent; a new file under it that overwrites nothing |

pub mod cli;
pub mod file_names;
pub mod log;
pub mod tls;
