//! Chapter 20, `https`: both servers speak TLS themselves.
//!
//! Each server is started as `--tls-self-signed CA_FILE` starts it: a new
//! CA, a certificate it signs for `localhost`, `127.0.0.1` and `::1`, and
//! the CA written to a file (here in a temporary folder), through
//! `socket_api::tls` and `framework_api::tls`. `get_client --cacert
//! CA_FILE` fetches `/hello` over TLS from each; without `--cacert` the
//! same command fails as curl does, exit 60. Then the mistakes learners
//! make with a server of their own: trusting the other server's CA, and
//! plain `http://` to the HTTPS port.

use std::io::Write;

use super::{DemoResult, TempDir, any_port, get_client, step};

pub const ABOUT: &str =
    "both servers over HTTPS with a CA made on the spot; --cacert, and exit 60 without it";

/// The `-v` lines that tell the story: the connection, TLS, the request
/// line and the status line.
fn verbose_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| {
            l.starts_with("* ")
                || l.starts_with("> GET")
                || l.starts_with("< HTTP/")
                || l.starts_with("> Host")
        })
        .collect()
}

/// How a failed run ended, as curl would say it.
fn failure(run: &super::ClientRun) -> String {
    match &run.result {
        Ok(()) => format!("no error: {:?}", run.stdout),
        Err(e) => format!("get_client: {e}\n    exit {}", e.exit_code()),
    }
}

pub fn run(out: &mut dyn Write) -> DemoResult {
    let temp = TempDir::new("https")?;
    let socket_ca = temp.join("socket_api-ca.pem");
    let framework_ca = temp.join("framework_api-ca.pem");
    let socket = socket_api::Running::start(
        any_port(),
        socket_api::Config {
            tls: Some(socket_api::tls::self_signed(&socket_ca)?),
            ..socket_api::Config::default()
        },
    )?;
    let framework = framework_api::Running::start_tls(
        any_port(),
        framework_api::Config::default(),
        framework_api::tls::self_signed(&framework_ca)?,
    )?;
    let each = [
        (socket_api::SERVER_NAME, socket.addr(), &socket_ca),
        (framework_api::SERVER_NAME, framework.addr(), &framework_ca),
    ];
    for (name, addr, ca) in each {
        let url = format!("https://localhost:{}/hello", addr.port());
        let ca = ca.to_string_lossy().into_owned();
        step(out, &format!("{name}: get_client -v --cacert {ca} {url}"))?;
        let pem = std::fs::read_to_string(&ca)?;
        writeln!(
            out,
            "the CA file: {} lines of PEM, starting {:?}",
            pem.lines().count(),
            pem.lines().next().unwrap_or("")
        )?;
        let run = get_client(&["-v", "--cacert", &ca, &url])?;
        for line in verbose_lines(&run.stderr) {
            writeln!(out, "    {line}")?;
        }
        writeln!(
            out,
            "body: {:?}, {}",
            run.stdout,
            match &run.result {
                Ok(()) => "exit 0".to_string(),
                Err(e) => format!("exit {}: {e}", e.exit_code()),
            }
        )?;

        writeln!(out, "\nThe same without --cacert: get_client {url}")?;
        let run = get_client(&[&url])?;
        writeln!(out, "    {}", failure(&run))?;
        if matches!(&run.result, Err(e) if e.exit_code() == 77) {
            writeln!(
                out,
                "    (this machine has no CA store at all; with one, the sentence is curl's exit 60)"
            )?;
        }
    }

    step(
        out,
        "Mistakes: the other server's CA, and http:// to the HTTPS port",
    )?;
    let url = format!("https://localhost:{}/hello", socket.addr().port());
    let other = framework_ca.to_string_lossy().into_owned();
    let run = get_client(&["--cacert", &other, &url])?;
    writeln!(
        out,
        "socket_api with framework_api's CA:\n    {}",
        failure(&run)
    )?;
    for (name, addr) in [
        (socket_api::SERVER_NAME, socket.addr()),
        (framework_api::SERVER_NAME, framework.addr()),
    ] {
        let plain = format!("http://localhost:{}/hello", addr.port());
        let run = get_client(&["-m", "2", &plain])?;
        writeln!(
            out,
            "{name}, get_client {plain}:\n    {}",
            match &run.result {
                Ok(()) => format!("body {:?}", run.stdout),
                Err(e) => format!("get_client: {e} (exit {})", e.exit_code()),
            }
        )?;
    }
    socket.shutdown()?;
    framework.shutdown()?;
    writeln!(
        out,
        "\nA certificate is trusted because a CA the client trusts signed it, for the name in the"
    )?;
    writeln!(
        out,
        "URL. The system's CAs never signed ours, hence exit 60 without --cacert; each server"
    )?;
    writeln!(
        out,
        "made its own CA, so each CA file opens one server's door only."
    )?;
    Ok(())
}
