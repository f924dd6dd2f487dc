//! The servers under test, each a child process: started, measured, stopped.
//!
//! Our two servers run as `tutorial bench-serve ...` (see [`super::serve`]);
//! nginx runs as itself (see [`super::nginx`]). Either way the benchmark
//! holds a [`ServerProcess`]: the address to send load to, the process id
//! to read memory from, and the way to stop it.

use std::error::Error;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use super::{Server, memory};
use crate::demos::TempDir;

/// How long a server may take to say it is ready. Starting takes
/// milliseconds; this only stops a broken one from hanging the benchmark.
pub const READY_WAIT: Duration = Duration::from_secs(10);

/// How long a server may take to stop before it is killed. socket_api
/// gives requests in flight 5 s; after a wrk run there are none.
const STOP_WAIT: Duration = Duration::from_secs(10);

/// What a server is allowed past its shipped defaults, for one measurement.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Raised {
    /// socket_api's connection cap (default 1024).
    pub max_connections: Option<u64>,
    /// socket_api's idle keep-alive timeout, in seconds (default 5).
    pub idle_timeout: Option<u64>,
}

/// A server running in a child process.
#[derive(Debug)]
pub struct ServerProcess {
    pub server: Server,
    addr: SocketAddr,
    child: Option<Child>,
    /// Ours stop when this closes; nginx gets a signal instead.
    stdin: Option<ChildStdin>,
    /// nginx's configuration, pid file and logs; removed after it stops.
    _dir: Option<TempDir>,
}

impl ServerProcess {
    /// Starts `exe bench-serve SERVER --addr 127.0.0.1:0` and waits for
    /// the line with its address. `exe` is this program (or, in tests,
    /// the `tutorial` binary cargo built).
    pub fn start(
        exe: &Path,
        server: Server,
        raised: Raised,
    ) -> Result<ServerProcess, Box<dyn Error>> {
        let mut command = Command::new(exe);
        command
            .arg("bench-serve")
            .arg(server.flag_name())
            .args(["--addr", "127.0.0.1:0"]);
        if let Some(n) = raised.max_connections {
            command.arg(format!("--max-connections={n}"));
        }
        if let Some(seconds) = raised.idle_timeout {
            command.arg(format!("--idle-timeout={seconds}"));
        }
        // The log line per request goes nowhere, cheaply: as shipped, a
        // server writes it; nobody here reads it.
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take();
        let mut process = ServerProcess {
            server,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            child: Some(child),
            stdin,
            _dir: None,
        };
        let stdout = stdout.ok_or("the server's stdout was not piped")?;
        process.addr = ready_line(stdout, server)?;
        Ok(process)
    }

    /// A process already started that answers on `addr` (nginx).
    pub(super) fn adopt(
        server: Server,
        child: Child,
        addr: SocketAddr,
        dir: TempDir,
    ) -> ServerProcess {
        ServerProcess {
            server,
            addr,
            child: Some(child),
            stdin: None,
            _dir: Some(dir),
        }
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its process id (nginx: the master's).
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Its memory now, in KiB; for nginx, the master's and its workers'.
    pub fn rss_kib(&self) -> Option<u64> {
        let pid = self.pid()?;
        match self.server {
            Server::Nginx => memory::rss_with_children_kib(pid),
            _ => memory::rss_kib(pid),
        }
    }

    /// Has it exited on its own (crashed, or failed to start)?
    pub(super) fn has_exited(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|child| !matches!(child.try_wait(), Ok(None)))
    }

    /// Stops it and waits, killing it if it takes longer than 10 s.
    pub fn stop(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        // Ours: end of stdin, as Ctrl-C. nginx: SIGTERM, and its master
        // stops its workers before it exits.
        drop(self.stdin.take());
        let pid = child.id();
        if self.server == Server::Nginx {
            signal::terminate(pid);
        }
        // `Child::wait` has no timeout, so a thread waits and tells us.
        let (done_tx, done_rx) = mpsc::channel();
        let waiter = std::thread::Builder::new()
            .name("wait".into())
            .spawn(move || {
                let _ = child.wait();
                let _ = done_tx.send(());
            });
        match waiter {
            Ok(waiter) => {
                if done_rx.recv_timeout(STOP_WAIT).is_err() {
                    signal::kill(pid);
                }
                let _ = waiter.join();
            }
            // No thread: the closure (and the child in it) is gone; make
            // sure the process is too.
            Err(_) => signal::kill(pid),
        }
    }
}

impl Drop for ServerProcess {
    /// An error halfway through the benchmark leaves no server behind.
    fn drop(&mut self) {
        self.stop_now();
    }
}

/// Reads the first line the server prints, its address, within [`READY_WAIT`].
fn ready_line(
    stdout: std::process::ChildStdout,
    server: Server,
) -> Result<SocketAddr, Box<dyn Error>> {
    let (line_tx, line_rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("ready".into())
        .spawn(move || {
            let mut line = String::new();
            let read = BufReader::new(stdout).read_line(&mut line).map(|_| line);
            let _ = line_tx.send(read);
        })?;
    let how_to_see = format!(
        "run `cargo run --release -p tutorial -- bench-serve {}` to see why",
        server.flag_name()
    );
    match line_rx.recv_timeout(READY_WAIT) {
        Ok(Ok(line)) if line.is_empty() => Err(format!(
            "{} exited before it was ready; {how_to_see}",
            server.label()
        )
        .into()),
        Ok(Ok(line)) => line.trim().parse().map_err(|_| {
            format!("{} said {:?}, not its address", server.label(), line.trim()).into()
        }),
        Ok(Err(e)) => Err(format!("reading {}'s address: {e}", server.label()).into()),
        Err(_) => Err(format!(
            "{} said nothing within {} s; {how_to_see}",
            server.label(),
            READY_WAIT.as_secs()
        )
        .into()),
    }
}

/// Signals by process id: nginx's polite stop, and the last resort.
#[cfg(unix)]
mod signal {
    use nix::sys::signal::{Signal, kill as send};
    use nix::unistd::Pid;

    fn to(pid: u32, signal: Signal) {
        if let Ok(pid) = i32::try_from(pid) {
            // Already gone is fine: that is what we wanted.
            let _ = send(Pid::from_raw(pid), signal);
        }
    }

    pub fn terminate(pid: u32) {
        to(pid, Signal::SIGTERM);
    }

    pub fn kill(pid: u32) {
        to(pid, Signal::SIGKILL);
    }
}

/// The benchmark refuses to start off Unix ([`super::run`]); these only
/// keep the crate building there.
#[cfg(not(unix))]
mod signal {
    pub fn terminate(_pid: u32) {}
    pub fn kill(_pid: u32) {}
}
