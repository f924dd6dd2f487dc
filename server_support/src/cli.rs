//! Command-line values both servers read the same way: `--addr HOST:PORT`,
//! `--dir`, and sizes within bounds.
//!
//! Each is a clap value parser, so a bad value is a one-line error and exit
//! code 2, as for any other bad flag, before anything starts. The bounds
//! themselves are each server's: they say what its own limits can be.

use std::net::{SocketAddr, ToSocketAddrs};
use std::ops::RangeInclusive;
use std::path::PathBuf;

use clap::builder::RangedU64ValueParser;

// ANCHOR: listen_addr
/// `--addr`: what the user typed, and the addresses it names. A host name
/// may name several (`localhost` is often `::1` and `127.0.0.1`); binding
/// tries them in order, as `TcpListener::bind` does with a string.
#[derive(Debug, Clone)]
pub struct ListenAddr {
    /// As typed, for messages (`cannot listen on localhost:8080`).
    pub text: String,
    /// What it resolved to, never empty.
    pub addrs: Vec<SocketAddr>,
}

impl ListenAddr {
    /// Resolves `HOST:PORT` with the system's resolver (`ToSocketAddrs`),
    /// as `TcpListener::bind` would. A refusal names `example` (the
    /// server's default address) as what was expected.
    pub fn parse(text: &str, example: &str) -> Result<ListenAddr, String> {
        let addrs: Vec<SocketAddr> = match text.to_socket_addrs() {
            Ok(addrs) => addrs.collect(),
            Err(e) => return Err(format!("expected HOST:PORT, such as {example} ({e})")),
        };
        if addrs.is_empty() {
            return Err(format!("{text} names no address"));
        }
        Ok(ListenAddr {
            text: text.to_owned(),
            addrs,
        })
    }
}
// ANCHOR_END: listen_addr

/// `--dir`: a folder that exists now, or every file under /static/ would
/// be a 404 without saying why.
pub fn existing_dir(text: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(text);
    if path.is_dir() {
        Ok(path)
    } else {
        Err(format!("{text} is not a folder"))
    }
}

/// A clap parser for a count or a size in `range`, as a `T` (`usize` or
/// `u64`). clap writes the error itself: `0 is not in 1..=1024`.
pub fn sized<T>(range: RangeInclusive<u64>) -> RangedU64ValueParser<T>
where
    T: TryFrom<u64> + Clone + Send + Sync + 'static,
    <T as TryFrom<u64>>::Error: std::error::Error + Send + Sync + 'static,
{
    RangedU64ValueParser::new().range(range)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{Arg, Command, error::ErrorKind};

    #[test]
    fn addr_takes_a_host_name() {
        let addr = ListenAddr::parse("localhost:9001", "127.0.0.1:8080");
        let addr = addr.expect("localhost resolves");
        assert_eq!(addr.text, "localhost:9001");
        assert!(!addr.addrs.is_empty());
        assert!(
            addr.addrs
                .iter()
                .all(|a| a.ip().is_loopback() && a.port() == 9001),
            "{:?}",
            addr.addrs
        );
    }

    #[test]
    fn bad_addresses_are_a_one_line_error() {
        for text in [
            "localhost",
            "127.0.0.1:99999",
            ":8080",
            "127.0.0.1:http",
            "",
        ] {
            let refused = ListenAddr::parse(text, "127.0.0.1:8080").expect_err(text);
            assert!(
                refused.starts_with("expected HOST:PORT, such as 127.0.0.1:8080 ("),
                "{text}: {refused}"
            );
            assert!(!refused.contains('\n'), "{text}: {refused}");
        }
    }

    #[test]
    fn dir_must_be_a_folder() {
        let here = env!("CARGO_MANIFEST_DIR");
        assert_eq!(existing_dir(here), Ok(PathBuf::from(here)));
        assert_eq!(
            existing_dir("/no/such/folder"),
            Err("/no/such/folder is not a folder".to_owned())
        );
    }

    #[test]
    fn sizes_out_of_their_bounds_are_a_clap_error() {
        let command = Command::new("t").arg(
            Arg::new("n")
                .long("n")
                .value_parser(sized::<usize>(1..=1024)),
        );
        let parse = |flag: &str| command.clone().try_get_matches_from(["t", flag]);
        let matches = parse("--n=1024").expect("at the bound");
        assert_eq!(matches.get_one::<usize>("n"), Some(&1024));
        for flag in ["--n=0", "--n=1025", "--n=-1", "--n=many"] {
            let error = parse(flag).expect_err(flag);
            assert_eq!(error.kind(), ErrorKind::ValueValidation, "{flag}");
            assert_eq!(error.exit_code(), 2, "{flag}");
        }
    }
}
