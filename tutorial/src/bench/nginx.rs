//! nginx as a yardstick: the C server most of the web's traffic meets,
//! answering the bench route with a fixed text.
//!
//! It runs the way production runs it, a master and one worker process
//! per core (`worker_processes 2` on the 2-core machine the figures come
//! from), each worker an event loop; everything it writes (pid file,
//! error log, temporary folders) goes to a folder of its own, so it needs
//! no set-up and no root. (Started as root, its workers drop to `nobody`.)

use std::error::Error;
use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::process::{READY_WAIT, ServerProcess};
use super::{BENCH_BODY, BENCH_TARGET, Server};
use crate::demos::{Answer, TempDir, ask};

/// Connections each worker may hold. The kernel does not share 10,000
/// connections evenly between two workers, so each gets room for all.
const WORKER_CONNECTIONS: u32 = 16_384;

/// The configuration for a server on `addr`, writing its files under `dir`.
pub fn config(addr: SocketAddr, dir: &Path) -> String {
    let d = dir.display();
    // `return 200 "..."` sends the same body as our /api; nginx escapes
    // `\n` inside the quotes itself.
    let body = BENCH_BODY.replace('\n', "\\n");
    format!(
        "# Written by `tutorial bench`; removed when nginx stops.
worker_processes 2;
daemon off;
master_process on;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{
    worker_connections {WORKER_CONNECTIONS};
}}
http {{
    access_log off;
    client_body_temp_path {d}/client_body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    server {{
        listen {addr};
        location = {path} {{
            default_type \"text/plain; charset=utf-8\";
            return 200 \"{body}\";
        }}
    }}
}}
",
        path = BENCH_TARGET.split('?').next().unwrap_or(BENCH_TARGET),
    )
}

/// Starts nginx on a free port, and returns once it answers the bench route.
pub fn start(nginx: &Path) -> Result<ServerProcess, Box<dyn Error>> {
    let dir = TempDir::new("bench-nginx")?;
    // nginx cannot be told "any port", so we ask the system for a free
    // one and hand it over. Another program could take it in between;
    // then nginx fails to start and we say so.
    let addr = TcpListener::bind(("127.0.0.1", 0))?.local_addr()?;
    let conf = dir.join("nginx.conf");
    std::fs::write(&conf, config(addr, &dir.path))?;
    let log = dir.join("error.log");
    // `-e`: the error log before the configuration is read, which would
    // otherwise be /var/log/nginx/error.log, not ours to write.
    let child = Command::new(nginx)
        .arg("-p")
        .arg(&dir.path)
        .arg("-c")
        .arg(&conf)
        .arg("-e")
        .arg(&log)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", nginx.display()))?;
    let mut process = ServerProcess::adopt(Server::Nginx, child, addr, dir);
    wait_until_it_answers(&mut process, &log)?;
    Ok(process)
}

/// nginx prints no "ready" line, so we ask until it answers: a real GET
/// of the bench route, which also proves the route is there.
fn wait_until_it_answers(process: &mut ServerProcess, log: &Path) -> Result<(), Box<dyn Error>> {
    let request = format!("GET {BENCH_TARGET} HTTP/1.1\r\nHost: bench\r\n\r\n");
    let deadline = Instant::now() + READY_WAIT;
    loop {
        if process.has_exited() {
            let why = std::fs::read_to_string(log).unwrap_or_default();
            let why = why.lines().last().unwrap_or("no error logged");
            return Err(format!("nginx stopped at start-up: {why}").into());
        }
        if let Ok(Answer::Reply(reply)) =
            ask(process.addr(), request.as_bytes(), Duration::from_secs(1))
        {
            if reply.head.status == 200 && reply.body == BENCH_BODY.as_bytes() {
                return Ok(());
            }
            return Err(format!(
                "nginx answered {} with {}",
                BENCH_TARGET,
                reply.status_line()
            )
            .into());
        }
        if Instant::now() > deadline {
            return Err(format!("nginx did not answer within {} s", READY_WAIT.as_secs()).into());
        }
        // The one pause in the benchmark: nginx has no other way to say
        // it is listening. A refused connect comes back at once, so wait a
        // little before the next try.
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `nginx -v` says `nginx version: nginx/1.22.1`, on stderr.
pub fn version(nginx: &Path) -> Option<String> {
    let output = Command::new(nginx).arg("-v").output().ok()?;
    let text = String::from_utf8_lossy(&output.stderr);
    text.trim()
        .strip_prefix("nginx version: ")
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bench_nginx_config_keeps_everything_in_its_folder() {
        let dir = Path::new("/tmp/bench-x");
        let text = config(SocketAddr::from(([127, 0, 0, 1], 4321)), dir);
        for line in [
            "worker_processes 2;",
            "daemon off;",
            "master_process on;",
            "pid /tmp/bench-x/nginx.pid;",
            "error_log /tmp/bench-x/error.log warn;",
            "worker_connections 16384;",
            "access_log off;",
            "client_body_temp_path /tmp/bench-x/client_body;",
            "listen 127.0.0.1:4321;",
            "location = /api {",
        ] {
            assert!(text.contains(line), "{line} missing from:\n{text}");
        }
        // The body, with its newlines as nginx's escapes, on one line.
        assert!(
            text.contains(r#"return 200 "GET request received with parameters:\nname = x\n";"#)
        );
        // Braces balance, or nginx would refuse it.
        assert_eq!(text.matches('{').count(), text.matches('}').count());
    }
}
