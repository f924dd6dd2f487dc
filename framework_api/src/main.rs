//! `framework_api`: the axum server, from the command line.
//!
//! Parse flags, set up logging, bind, serve until Ctrl-C or SIGTERM.
//! Everything else is in the library, where tests can reach it.

use clap::Parser;
use framework_api::{
    Config, DEFAULT_ADDR, DEFAULT_MAX_BODY, DEFAULT_MAX_UPLOAD, DEFAULT_STATIC_DIR,
    config::default_upload_dir,
};
use server_support::cli::{ListenAddr, existing_dir, sized};
use std::{ops::RangeInclusive, path::PathBuf, process::ExitCode, time::Duration};
use tokio::{net::TcpListener, sync::watch};

/// How long open connections may take to finish after Ctrl-C. axum itself
/// waits for ever; a stalled client should not be able to keep us running.
const GRACE: Duration = Duration::from_secs(5);

/// `--max-body`'s bound, as in socket_api: 0 is a real choice (no bodies at
/// all); a form is buffered in memory whole, so the top is 1 GiB. Out of
/// range is a clap error (exit 2), not a surprise later.
const MAX_BODY: RangeInclusive<u64> = 0..=1024 * 1024 * 1024;

/// `--max-upload`'s bound: an upload goes to disk, not memory, so the top
/// is a disk's worth for a classroom, 16 GiB; 0 refuses every upload.
const MAX_UPLOAD: RangeInclusive<u64> = 0..=16 * 1024 * 1024 * 1024;

/// The "HTTP by hand" routes, served by axum + tokio (compare socket_api).
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Address to listen on, HOST:PORT (a name such as localhost:8081 is looked up)
    #[arg(long, default_value = DEFAULT_ADDR, value_parser = listen_addr)]
    addr: ListenAddr,
    /// Largest request body, in bytes, 0 to 1073741824 (1 GiB): 413 past it.
    /// socket_api's other limits (head size, header count, timeouts) are
    /// hyper's own here, and axum::serve does not let us set them.
    #[arg(long, default_value_t = DEFAULT_MAX_BODY,
          value_parser = sized::<usize>(MAX_BODY))]
    max_body: usize,
    /// Folder served under /static/ (default: the project's static/ folder)
    #[arg(long, value_name = "DIR", value_parser = existing_dir)]
    dir: Option<PathBuf>,
    /// Folder POST /upload writes into (default: a new folder under the
    /// system's temporary folder, named at start-up)
    #[arg(long, value_name = "DIR")]
    upload_dir: Option<PathBuf>,
    /// Largest POST /upload body, in bytes, 0 to 17179869184 (16 GiB):
    /// 413 past it. Files stream to disk, so this bounds disk, not memory.
    #[arg(long, default_value_t = DEFAULT_MAX_UPLOAD,
          value_parser = sized::<u64>(MAX_UPLOAD))]
    max_upload: u64,
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
}

/// `--addr HOST:PORT`, resolved; a refusal names our default as an example.
/// (socket_api reads `--addr` with the very same `server_support` code.)
fn listen_addr(text: &str) -> Result<ListenAddr, String> {
    ListenAddr::parse(text, DEFAULT_ADDR)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();

    // `RUST_LOG=debug` (or `RUST_LOG=framework_api=info,hyper=trace`) shows
    // more; the default is one line per request. Logs go to stderr so that
    // stdout stays free for output a program might read. A log thread
    // writes them (see server_support::log).
    let _log = server_support::log::init();

    // TLS first: a bad certificate is a one-line error before we listen.
    let tls = match (&args.tls_cert, &args.tls_key, &args.tls_self_signed) {
        (Some(cert), Some(key), _) => Some(framework_api::tls::config_from_files(cert, key)),
        (_, _, Some(ca_file)) => Some(framework_api::tls::self_signed(ca_file).inspect(|_| {
            tracing::info!("certificate authority written to {}", ca_file.display());
        })),
        _ => None,
    };
    let tls = match tls.transpose() {
        Ok(tls) => tls,
        Err(err) => {
            eprintln!("framework_api: {err}");
            return ExitCode::FAILURE;
        }
    };
    let scheme = if tls.is_some() { "https" } else { "http" };

    // Before binding, so no signal sent after "listening" can be missed.
    let stop_signal = shutdown_signal();

    let listener = match TcpListener::bind(&args.addr.addrs[..]).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("framework_api: cannot listen on {}: {err}", args.addr.text);
            return ExitCode::FAILURE;
        }
    };
    // With `--addr 127.0.0.1:0` the real port is only known now.
    match listener.local_addr() {
        Ok(addr) => tracing::info!("listening on {scheme}://{addr}"),
        Err(_) => tracing::info!("listening on {scheme}://{}", args.addr.text),
    }

    let config = Config {
        max_body: args.max_body,
        static_dir: args
            .dir
            .unwrap_or_else(|| PathBuf::from(DEFAULT_STATIC_DIR)),
        upload_dir: args.upload_dir.unwrap_or_else(default_upload_dir),
        max_upload: args.max_upload,
        ..Config::default()
    };
    tracing::info!(
        "serving {} under /static/",
        framework_api::static_files::describe(&config.static_dir).display()
    );
    tracing::info!("uploads go to {}", config.upload_dir.display());
    // Cancelled with the first signal: open /stream and /events end.
    let streams_stop = config.shutdown.clone();
    // One signal, two listeners: `serve` starts its graceful shutdown, and
    // the grace timer starts counting. A watch channel can be awaited by
    // both; dropping the sender wakes every receiver.
    let (stop_tx, mut stop_for_serve) = watch::channel(());
    let mut stop_for_timer = stop_for_serve.clone();
    tokio::spawn(async move {
        stop_signal.await;
        tracing::info!("shutting down: finishing open requests");
        streams_stop.cancel();
        drop(stop_tx);
    });

    let app = framework_api::app_with(config);
    let stop = async move {
        let _ = stop_for_serve.changed().await;
    };
    let server = async move {
        match tls {
            Some(tls) => framework_api::serve_app_tls(listener, app, tls, stop).await,
            None => framework_api::serve_app(listener, app, stop).await,
        }
    };
    let grace = async move {
        let _ = stop_for_timer.changed().await;
        tokio::time::sleep(GRACE).await;
    };

    tokio::select! {
        result = server => match result {
            Ok(()) => {
                tracing::info!("stopped");
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("framework_api: {err}");
                ExitCode::FAILURE
            }
        },
        () = grace => {
            tracing::warn!("connections still open after {GRACE:?}; closing them");
            ExitCode::SUCCESS
        }
    }
}

/// A future that completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM (what
/// `kill` and service managers send).
///
/// On Unix both handlers are registered by this call, not when the future is
/// first polled: `tokio::signal::ctrl_c()` registers lazily, and a signal
/// that arrives before that is lost (or, for a background job whose shell
/// ignores SIGINT, silently ignored). Registering before we print
/// "listening" means a script may signal us as soon as it reads that line.
fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{Signal, SignalKind, signal};

        async fn first(registered: std::io::Result<Signal>, name: &str) {
            match registered {
                Ok(mut signal) => {
                    signal.recv().await;
                }
                Err(err) => {
                    // We can still be stopped by the other signal, or SIGKILL.
                    tracing::error!("cannot listen for {name}: {err}");
                    std::future::pending::<()>().await;
                }
            }
        }

        // SIGINT is what Ctrl-C sends; `tokio::signal::ctrl_c()` is this
        // same signal on Unix.
        let interrupt = signal(SignalKind::interrupt());
        let terminate = signal(SignalKind::terminate());
        async move {
            tokio::select! {
                () = first(interrupt, "Ctrl-C (SIGINT)") => {}
                () = first(terminate, "SIGTERM") => {}
            }
        }
    }

    #[cfg(not(unix))]
    async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for Ctrl-C: {err}");
            std::future::pending::<()>().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::error::ErrorKind;
    use std::net::SocketAddr;

    fn parse(flags: &[&str]) -> Result<Args, clap::Error> {
        Args::try_parse_from(std::iter::once("framework_api").chain(flags.iter().copied()))
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
        assert_eq!(args.max_body, DEFAULT_MAX_BODY);
        assert_eq!(args.max_upload, DEFAULT_MAX_UPLOAD);
        assert!(args.dir.is_none() && args.upload_dir.is_none());
        assert!(
            PathBuf::from(DEFAULT_STATIC_DIR)
                .join("index.html")
                .is_file()
        );
        assert_eq!(
            args.addr.addrs,
            vec![SocketAddr::from(([127, 0, 0, 1], 8081))]
        );
    }

    #[test]
    fn max_body_has_a_bound() {
        assert_eq!(parse(&["--max-body=0"]).expect("no bodies").max_body, 0);
        let top = parse(&["--max-body=1073741824"]).expect("1 GiB");
        assert_eq!(top.max_body, 1 << 30);
        // `=` keeps `-1` a value; alone, clap would take it for a flag.
        for flag in [
            "--max-body=1073741825",
            "--max-body=-1",
            "--max-body=1e20",
            "--max-body=big",
        ] {
            let (kind, line) = refused(&[flag]);
            assert_eq!(kind, ErrorKind::ValueValidation, "{flag}: {line}");
            assert!(line.starts_with("error: invalid value"), "{flag}: {line}");
        }
        let error = parse(&["--max-body=1073741825"]).expect_err("over 1 GiB");
        assert_eq!(error.exit_code(), 2);
    }

    #[test]
    fn max_upload_has_a_bound() {
        assert_eq!(parse(&["--max-upload=0"]).expect("none").max_upload, 0);
        let top = parse(&["--max-upload=17179869184"]).expect("16 GiB");
        assert_eq!(top.max_upload, 16 << 30);
        for flag in [
            "--max-upload=17179869185",
            "--max-upload=-1",
            "--max-upload=1G",
        ] {
            let (kind, line) = refused(&[flag]);
            assert_eq!(kind, ErrorKind::ValueValidation, "{flag}: {line}");
        }
    }

    #[test]
    fn dir_must_be_a_folder() {
        let args = parse(&["--dir", DEFAULT_STATIC_DIR]).expect("the shipped folder");
        assert_eq!(args.dir, Some(PathBuf::from(DEFAULT_STATIC_DIR)));
        let (kind, line) = refused(&["--dir", "/no/such/folder"]);
        assert_eq!(kind, ErrorKind::ValueValidation, "{line}");
        assert!(line.contains("is not a folder"), "{line}");
    }

    #[test]
    fn tls_flags_go_together() {
        let args = parse(&["--tls-cert", "c.pem", "--tls-key", "k.pem"]).expect("a pair");
        assert_eq!(args.tls_cert, Some(PathBuf::from("c.pem")));
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
            line.contains("expected HOST:PORT, such as 127.0.0.1:8081"),
            "{line}"
        );
    }
}
