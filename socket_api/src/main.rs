//! `socket_api`: the from-scratch server. Parses flags, then calls the library.
//!
//! Every size and time flag has a bound, checked here, before anything
//! starts: an absurd value (`--idle-timeout 1e20`, `--max-headers 0`) is a
//! one-line error and exit code 2, as for any other bad flag, not a panic
//! deep inside the server. The bounds are wide: they are there to catch
//! typos and nonsense, not to second-guess an experiment.

use std::ops::RangeInclusive;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use server_support::cli::{ListenAddr, existing_dir, sized};
use socket_api::{Config, DEFAULT_ADDR, DEFAULT_STATIC_DIR, HeadLimits, Io, Shutdown};

/// An HTTP/1.1 server written from scratch on std::net.
///
/// Try it: curl -v http://127.0.0.1:8080/api?name=knsock
///
/// HTTPS: socket_api --addr 127.0.0.1:8443 --tls-self-signed ca.pem,
/// then curl --cacert ca.pem https://localhost:8443/hello
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Address to listen on, HOST:PORT (a name such as localhost:8080 is looked up)
    #[arg(long, default_value = DEFAULT_ADDR, value_parser = listen_addr)]
    addr: ListenAddr,
    /// Largest request head (request line and fields), in bytes, 64 to 1048576: 431 past it
    #[arg(long, default_value_t = 16 * 1024, value_parser = sized::<usize>(MAX_HEAD))]
    max_head: usize,
    /// Most header fields in a request, 1 to 1024: 431 past it
    #[arg(long, default_value_t = 64, value_parser = sized::<usize>(MAX_HEADERS))]
    max_headers: usize,
    /// Largest request body, in bytes, 0 to 1073741824 (1 GiB): 413 past it
    #[arg(long, default_value_t = 1024 * 1024, value_parser = sized::<usize>(MAX_BODY))]
    max_body: usize,
    /// Largest body a streaming route (an upload, saved to disk as it arrives) reads, in bytes, 0 to 17179869184 (16 GiB): 413 past it
    #[arg(long, default_value_t = 256 * 1024 * 1024, value_parser = sized::<usize>(MAX_UPLOAD))]
    max_upload: usize,
    /// Folder POST /upload saves files into, created if missing; not an existing file (default: a new folder under the system's temporary folder, said at start-up)
    #[arg(long, value_parser = upload_dir)]
    upload_dir: Option<PathBuf>,
    /// Seconds a request head may take to arrive, or a body may stall, 0.001 to 3600: 408 and close
    #[arg(long, default_value = "10", value_parser = seconds)]
    header_timeout: Duration,
    /// Seconds a keep-alive connection may sit idle before it is closed, 0.001 to 3600
    #[arg(long, default_value = "5", value_parser = seconds)]
    idle_timeout: Duration,
    /// Connections served at once, 1 to 10000; one more gets 503 and is closed
    #[arg(long, default_value_t = 1024, value_parser = sized::<usize>(MAX_CONNECTIONS))]
    max_connections: usize,
    /// Folder served under /static/ (default: the project's static/ folder)
    #[arg(long, value_name = "DIR", value_parser = existing_dir)]
    dir: Option<PathBuf>,
    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The private key (PEM) of --tls-cert
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Serve HTTPS with a certificate for localhost, 127.0.0.1 and ::1,
    /// signed by a CA made at start-up; the CA's certificate is written to
    /// CA_FILE, for `curl --cacert CA_FILE` or `get_client --cacert CA_FILE`
    #[arg(long, value_name = "CA_FILE", conflicts_with_all = ["tls_cert", "tls_key"])]
    tls_self_signed: Option<PathBuf>,
    /// How connections are driven: `threads`, a thread per connection; or
    /// `events`, an event loop per core (requests that wait on purpose,
    /// uploads and streams, get a thread each)
    #[arg(long, value_enum, default_value_t = Io::Threads)]
    io: Io,
}

/// The bounds. A head must hold at least a request line and a `Host`
/// field; hyper's own cap is about 400 KiB, nginx's 8 KiB per line.
const MAX_HEAD: RangeInclusive<u64> = 64..=1024 * 1024;
/// `HTTP/1.1` needs `Host`, so 0 would refuse every request; each field is
/// a slot allocated per request, so the top stays modest (hyper: 100).
const MAX_HEADERS: RangeInclusive<u64> = 1..=1024;
/// 0 is a real choice (no bodies at all). A body is held in memory whole,
/// so the top is 1 GiB.
const MAX_BODY: RangeInclusive<u64> = 0..=1024 * 1024 * 1024;
/// Read piece by piece, never held whole: the bound is the disk's, not
/// memory's. 16 GiB keeps a typo from filling one.
const MAX_UPLOAD: RangeInclusive<u64> = 0..=16 * 1024 * 1024 * 1024;
/// A thread each, so tens of thousands is already more than a laptop likes.
const MAX_CONNECTIONS: RangeInclusive<u64> = 1..=10_000;
/// Timeouts, in seconds. 0 is not "no timeout" (std refuses a zero read
/// timeout), and past an hour a timeout no longer protects anything.
const TIMEOUT_SECONDS: RangeInclusive<f64> = 0.001..=3600.0;

/// A number of seconds within [`TIMEOUT_SECONDS`], as a `Duration`.
/// `Duration::from_secs_f64` panics on a negative, NaN or huge value, so
/// this check is what keeps `--idle-timeout 1e20` from being a panic trace.
fn seconds(text: &str) -> Result<Duration, String> {
    let (low, high) = (TIMEOUT_SECONDS.start(), TIMEOUT_SECONDS.end());
    let out_of_range = || format!("expected a number of seconds from {low} to {high}");
    let value: f64 = text.trim().parse().map_err(|_| out_of_range())?;
    // `contains` is false for NaN, so NaN is refused here too.
    if !TIMEOUT_SECONDS.contains(&value) {
        return Err(out_of_range());
    }
    Ok(Duration::from_secs_f64(value))
}

/// `--upload-dir`: a folder, or a path where one can be made. An empty
/// path, or one naming a file, is refused now rather than at the first
/// upload. Where the folder is, is the user's choice: the server only
/// promises that nothing is written outside it.
fn upload_dir(text: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(text);
    if text.is_empty() {
        return Err("expected a folder".into());
    }
    if path.exists() && !path.is_dir() {
        return Err(format!("{text} exists and is not a folder"));
    }
    Ok(path)
}

/// `--addr HOST:PORT`, resolved; a refusal names our default as an example.
fn listen_addr(text: &str) -> Result<ListenAddr, String> {
    ListenAddr::parse(text, DEFAULT_ADDR)
}

fn main() -> ExitCode {
    let args = Args::parse();
    // One line per request on stderr, from a log thread (see server_support::log).
    let _log = server_support::log::init();
    // ANCHOR: tls
    // TLS first: a bad certificate is a one-line error before we listen.
    let tls = match (&args.tls_cert, &args.tls_key, &args.tls_self_signed) {
        (Some(cert), Some(key), _) => Some(socket_api::tls::config_from_files(cert, key)),
        (_, _, Some(ca_file)) => Some(socket_api::tls::self_signed(ca_file).inspect(|_| {
            tracing::info!("certificate authority written to {}", ca_file.display());
        })),
        _ => None,
    };
    let tls = match tls.transpose() {
        Ok(tls) => tls,
        Err(e) => {
            eprintln!("socket_api: {e}");
            return ExitCode::FAILURE;
        }
    };
    // ANCHOR_END: tls
    let config = Config {
        limits: HeadLimits {
            max_head_bytes: args.max_head,
            max_headers: args.max_headers,
        },
        max_body: args.max_body,
        max_upload: args.max_upload,
        header_timeout: args.header_timeout,
        idle_timeout: args.idle_timeout,
        max_connections: args.max_connections,
        io: args.io,
        static_dir: args
            .dir
            .unwrap_or_else(|| PathBuf::from(DEFAULT_STATIC_DIR)),
        tls,
        upload_dir: args
            .upload_dir
            .unwrap_or_else(socket_api::default_upload_dir),
        ..Config::default()
    };
    let shown = config.static_dir.canonicalize();
    let shown = shown.as_deref().unwrap_or(&config.static_dir);
    tracing::info!("serving {} under /static/", shown.display());
    tracing::info!("uploads go to {}", config.upload_dir.display());
    // ANCHOR: bind
    let listener = match socket_api::listen(&args.addr.addrs) {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("socket_api: cannot listen on {}: {e}", args.addr.text);
            return ExitCode::FAILURE;
        }
    };
    // ANCHOR_END: bind
    // ANCHOR: ctrlc
    let shutdown = Shutdown::new();
    let on_signal = shutdown.clone();
    // Ctrl-C (SIGINT) and, with ctrlc's "termination" feature, SIGTERM.
    if let Err(e) = ctrlc::set_handler(move || on_signal.trigger()) {
        eprintln!("socket_api: cannot handle Ctrl-C: {e}");
    }
    // ANCHOR_END: ctrlc
    match socket_api::run(listener, config, shutdown) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("socket_api: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::error::ErrorKind;
    use std::net::SocketAddr;

    fn parse(flags: &[&str]) -> Result<Args, clap::Error> {
        Args::try_parse_from(std::iter::once("socket_api").chain(flags.iter().copied()))
    }

    /// The error clap reports, as its user sees it: `(kind, first line)`.
    fn refused(flags: &[&str]) -> (ErrorKind, String) {
        match parse(flags) {
            Ok(args) => panic!("{flags:?} was accepted: {args:?}"),
            Err(e) => (
                e.kind(),
                e.to_string().lines().next().unwrap_or("").to_owned(),
            ),
        }
    }

    #[test]
    fn the_defaults_are_within_their_own_bounds() {
        let args = parse(&[]).expect("no flags at all");
        assert_eq!(args.max_head, 16 * 1024);
        assert_eq!(args.max_headers, 64);
        assert_eq!(args.max_body, 1024 * 1024);
        assert_eq!(args.header_timeout, Duration::from_secs(10));
        assert_eq!(args.idle_timeout, Duration::from_secs(5));
        assert_eq!(args.max_connections, 1024);
        assert_eq!(
            args.addr.addrs,
            vec![SocketAddr::from(([127, 0, 0, 1], 8080))]
        );
    }

    #[test]
    fn values_at_the_bounds_are_accepted() {
        let args = parse(&[
            "--max-head=64",
            "--max-headers=1024",
            "--max-body=0",
            "--header-timeout=0.001",
            "--idle-timeout=3600",
            "--max-connections=1",
        ])
        .expect("every value is at a bound");
        assert_eq!(args.max_head, 64);
        assert_eq!(args.max_headers, 1024);
        assert_eq!(args.max_body, 0);
        assert_eq!(args.header_timeout, Duration::from_millis(1));
        assert_eq!(args.idle_timeout, Duration::from_secs(3600));
        assert_eq!(args.max_connections, 1);
    }

    #[test]
    fn absurd_sizes_and_counts_are_a_clear_error() {
        // `=` keeps a negative value a value: alone, clap takes `-1` for a
        // flag it does not know (also a one-line error, exit 2).
        for flag in [
            "--max-head=63",
            "--max-head=1048577",
            "--max-headers=0",
            "--max-headers=1000000000000",
            "--max-body=1073741825",
            "--max-body=-1",
            "--max-connections=0",
            "--max-connections=many",
        ] {
            let flags = [flag];
            let (kind, line) = refused(&flags);
            assert_eq!(kind, ErrorKind::ValueValidation, "{flags:?}: {line}");
            assert!(
                line.starts_with("error: invalid value"),
                "{flags:?}: {line}"
            );
        }
    }

    #[test]
    fn absurd_timeouts_are_a_clear_error_not_a_panic() {
        for value in ["1e20", "0", "-1", "NaN", "inf", "3600.5", "ten", ""] {
            for flag in ["--header-timeout", "--idle-timeout"] {
                let (kind, line) = refused(&[&format!("{flag}={value}")]);
                assert_eq!(kind, ErrorKind::ValueValidation, "{flag} {value}: {line}");
                assert!(
                    line.contains("expected a number of seconds from 0.001 to 3600"),
                    "{flag} {value}: {line}"
                );
            }
        }
    }

    #[test]
    fn upload_dir_is_a_folder_or_a_new_path() {
        let args = parse(&[]).expect("no flags");
        assert!(args.upload_dir.is_none(), "the default is made at start-up");
        let dir = std::env::temp_dir();
        let given = parse(&["--upload-dir", &dir.display().to_string()]).expect("a folder");
        assert_eq!(given.upload_dir, Some(dir.clone()));
        let new = dir.join("socket_api-not-there-yet");
        assert!(parse(&["--upload-dir", &new.display().to_string()]).is_ok());
        let file = dir.join(format!("socket_api-flag-test-{}", std::process::id()));
        std::fs::write(&file, b"x").expect("a temp file");
        let (kind, line) = refused(&["--upload-dir", &file.display().to_string()]);
        let _ = std::fs::remove_file(&file);
        assert_eq!(kind, ErrorKind::ValueValidation, "{line}");
        assert!(line.contains("is not a folder"), "{line}");
        assert_eq!(refused(&["--upload-dir="]).0, ErrorKind::ValueValidation);
    }

    #[test]
    fn clap_exits_with_2_on_a_bad_value() {
        let error = parse(&["--idle-timeout", "1e20"]).expect_err("out of range");
        assert_eq!(error.exit_code(), 2);
    }

    #[test]
    fn dir_must_be_a_folder() {
        let args = parse(&["--dir", DEFAULT_STATIC_DIR]).expect("the shipped folder");
        assert_eq!(args.dir, Some(PathBuf::from(DEFAULT_STATIC_DIR)));
        let (kind, line) = refused(&["--dir", "/no/such/folder"]);
        assert_eq!(kind, ErrorKind::ValueValidation, "{line}");
        assert!(line.contains("/no/such/folder is not a folder"), "{line}");
    }

    #[test]
    fn tls_flags_go_together() {
        let args = parse(&["--tls-cert", "c.pem", "--tls-key", "k.pem"]).expect("a pair");
        assert_eq!(args.tls_cert, Some(PathBuf::from("c.pem")));
        assert_eq!(args.tls_key, Some(PathBuf::from("k.pem")));
        let args = parse(&["--tls-self-signed", "ca.pem"]).expect("self-signed");
        assert_eq!(args.tls_self_signed, Some(PathBuf::from("ca.pem")));
        let (kind, _) = refused(&["--tls-cert", "c.pem"]);
        assert_eq!(kind, ErrorKind::MissingRequiredArgument);
        let (kind, _) = refused(&["--tls-key", "k.pem"]);
        assert_eq!(kind, ErrorKind::MissingRequiredArgument);
        let (kind, _) = refused(&[
            "--tls-self-signed",
            "ca.pem",
            "--tls-cert",
            "c.pem",
            "--tls-key",
            "k.pem",
        ]);
        assert_eq!(kind, ErrorKind::ArgumentConflict);
    }

    #[test]
    fn addr_is_resolved_and_a_bad_one_names_our_default() {
        let args = parse(&["--addr", "localhost:9001"]).expect("localhost resolves");
        assert_eq!(args.addr.text, "localhost:9001");
        let (kind, line) = refused(&["--addr", "localhost"]);
        assert_eq!(kind, ErrorKind::ValueValidation, "{line}");
        assert!(
            line.contains("expected HOST:PORT, such as 127.0.0.1:8080"),
            "{line}"
        );
    }
}
