//! `cargo run --release -p tutorial -- bench`: both of our servers, axum
//! and nginx, under the same load, side by side, in one run.
//!
//! Every server answers `GET /api?name=x` while [wrk](https://github.com/wg/wrk)
//! keeps 16, 256, 1000 and 10,000 connections busy. Each server runs in a
//! process of its own, so its memory can be read; the runs are
//! interleaved (a round measures every server once, then the next round
//! again), so a noisy moment hits all servers alike, and the table shows
//! each row's median. Then an idle test: 10,000 open, silent connections
//! per server, the memory each costs, and how fast a new visitor is served
//! meanwhile. The figures are printed, and written for the book
//! (`book/src/bench/results.md`, `book/src/img/bench.svg`).
//!
//! | file       | what it holds                                                   |
//! |------------|-----------------------------------------------------------------|
//! | `serve`    | `bench-serve`: one of our servers in a process of its own       |
//! | `process`  | a server as a child process: ready line, memory, stop           |
//! | `nginx`    | nginx's configuration, written to a folder of its own           |
//! | `wrk`      | running wrk, and reading its report                             |
//! | `idle`     | the idle-connections test                                       |
//! | `memory`   | RSS from `/proc`                                                |
//! | `machine`  | cores, kernel, versions, the open-files limit                   |
//! | `report`   | medians, and the Markdown tables                                |
//! | `plot`     | the SVG picture                                                 |
//!
//! A benchmark on one machine measures that machine as much as the
//! servers: wrk and the server share its cores. Read the figures as a
//! comparison, not as what a server would do in production.

pub mod idle;
pub mod machine;
pub mod memory;
pub mod nginx;
pub mod plot;
pub mod process;
pub mod report;
pub mod serve;
pub mod wrk;

use std::error::Error;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use machine::Machine;
use process::{Raised, ServerProcess};
use report::Sample;

/// The route every server is measured on: small, dynamic on our servers
/// (the query is parsed and echoed), a fixed text on nginx.
pub const BENCH_TARGET: &str = "/api?name=x";

/// What our servers answer to [`BENCH_TARGET`], and what nginx is told to.
pub const BENCH_BODY: &str = "GET request received with parameters:\nname = x\n";

/// wrk's threads: one per core of the 2-core machine the book's figures
/// come from. wrk needs at least as many connections as threads.
pub const WRK_THREADS: u32 = 2;

/// socket_api's connection cap as shipped (`--max-connections`).
const SHIPPED_CAP: u64 = 1024;

/// The servers the benchmark knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Server {
    /// socket_api --io threads: a thread per connection (its default)
    SocketThreads,
    /// socket_api --io events: the event loop
    SocketEvents,
    /// framework_api: axum on tokio
    Framework,
    /// nginx, if it is on PATH
    Nginx,
}

impl Server {
    pub const ALL: [Server; 4] = [
        Server::SocketThreads,
        Server::SocketEvents,
        Server::Framework,
        Server::Nginx,
    ];

    /// Its name in tables and in the picture.
    pub fn label(self) -> &'static str {
        match self {
            Server::SocketThreads => "socket_api threads",
            Server::SocketEvents => "socket_api events",
            Server::Framework => "framework_api",
            Server::Nginx => "nginx",
        }
    }

    /// Its name on the command line (`--servers`, `bench-serve`).
    pub fn flag_name(self) -> &'static str {
        match self {
            Server::SocketThreads => "socket-threads",
            Server::SocketEvents => "socket-events",
            Server::Framework => "framework",
            Server::Nginx => "nginx",
        }
    }

    fn is_socket_api(self) -> bool {
        matches!(self, Server::SocketThreads | Server::SocketEvents)
    }
}

/// `bench`'s flags. Every one has a bound.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Needs wrk (Debian/Ubuntu: sudo apt-get install wrk); nginx is measured too if it is on PATH.\n\
Examples:\n  cargo run --release -p tutorial -- bench\n  cargo run --release -p tutorial -- bench --quick\n  cargo run --release -p tutorial -- bench --connections 16,256 --servers socket-events,framework"
)]
pub struct BenchArgs {
    /// Seconds each wrk run lasts, 1 to 60
    #[arg(long, default_value_t = 6, value_parser = clap::value_parser!(u32).range(1..=60))]
    pub duration: u32,
    /// Rounds, 1 to 20: every row is measured once per round; the table shows the median
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub rounds: u32,
    /// Connections wrk keeps busy, a comma-separated list, each 2 to 10000
    #[arg(long, value_delimiter = ',', default_values_t = [16, 256, 1000, 10_000],
          value_parser = clap::value_parser!(u32).range(2..=10_000))]
    pub connections: Vec<u32>,
    /// Servers to measure, a comma-separated list (default: all; nginx only if it is on PATH)
    #[arg(long, value_delimiter = ',', value_enum)]
    pub servers: Vec<Server>,
    /// Idle connections each server holds in the idle test, 0 (no idle test) to 10000
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(0..=10_000))]
    pub idle: u32,
    /// New connections made one after another while the idle ones are held, 1 to 100000
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub probes: u32,
    /// A first look in under a minute: 1 round of 2 s at 16 and 256 connections, 1000 idle; writes no files
    #[arg(long, conflicts_with_all = ["duration", "rounds", "connections", "idle"])]
    pub quick: bool,
    /// Print the results only: do not write book/src/bench/results.md and book/src/img/bench.svg
    #[arg(long)]
    pub no_save: bool,
}

/// What one run of the benchmark does, once the flags are read.
#[derive(Debug, Clone)]
struct Plan {
    duration: u32,
    rounds: u32,
    connections: Vec<u32>,
    servers: Vec<Server>,
    idle: usize,
    probes: usize,
    save: bool,
}

impl Plan {
    fn from(args: &BenchArgs, servers: Vec<Server>) -> Plan {
        let mut plan = Plan {
            duration: args.duration,
            rounds: args.rounds,
            connections: args.connections.clone(),
            servers,
            idle: args.idle as usize,
            probes: args.probes as usize,
            save: !args.no_save,
        };
        if args.quick {
            (plan.duration, plan.rounds, plan.idle, plan.save) = (2, 1, 1000, false);
            plan.connections = vec![16, 256];
        }
        plan.connections.sort_unstable();
        plan.connections.dedup();
        plan
    }

    /// A guess at the run's length, to print before it starts: wrk's
    /// time, plus starting and stopping each server, plus the idle test.
    fn estimate(&self) -> Duration {
        let runs = self.rounds as usize * self.connections.len() * self.servers.len();
        let per_run = f64::from(self.duration) + 0.6;
        let idle = if self.idle == 0 {
            0.0
        } else {
            self.servers.len() as f64 * (2.0 + self.idle as f64 / 4000.0)
        };
        Duration::from_secs_f64(runs as f64 * per_run + idle)
    }

    /// socket_api's cap for `connections` wrk connections: raised only
    /// past the shipped 1024.
    fn raised_for_load(&self, server: Server, connections: u32) -> Raised {
        let n = u64::from(connections);
        Raised {
            max_connections: (server.is_socket_api() && n > SHIPPED_CAP).then_some(n),
            idle_timeout: None,
        }
    }

    /// socket_api for the idle test: room for the held connections and
    /// the probes, and an idle timeout long enough to keep them held.
    fn raised_for_idle(&self, server: Server) -> Raised {
        let n = self.idle as u64 + IDLE_CAP_MARGIN;
        Raised {
            max_connections: (server.is_socket_api() && n > SHIPPED_CAP).then_some(n),
            idle_timeout: server.is_socket_api().then_some(IDLE_TIMEOUT_SECS),
        }
    }
}

/// Above the held connections, room for the probes: each closes before the
/// next opens, but the server may not have noticed the close yet.
const IDLE_CAP_MARGIN: u64 = 64;

/// socket_api closes a keep-alive connection idle for 5 s; opening 10,000
/// takes longer than that, so the idle test gives it 5 minutes.
const IDLE_TIMEOUT_SECS: u64 = 300;

/// Runs the benchmark, printing its progress on stderr and its results on `out`.
pub fn run(args: &BenchArgs, out: &mut dyn Write) -> Result<(), Box<dyn Error>> {
    if !cfg!(target_os = "linux") {
        return Err("the benchmark reads memory from /proc, so it runs on Linux only".into());
    }
    let wrk = machine::on_path("wrk").ok_or(
        "wrk is not installed: on Debian or Ubuntu, `sudo apt-get install wrk` (see the README)",
    )?;
    let nginx = machine::on_path("nginx");
    let mut notes = Vec::new();
    let servers = if args.servers.is_empty() {
        if nginx.is_none() {
            notes.push("nginx is not on PATH, so it was not measured (Debian/Ubuntu: `sudo apt-get install nginx`).".to_string());
        }
        Server::ALL
            .into_iter()
            .filter(|&s| s != Server::Nginx || nginx.is_some())
            .collect()
    } else {
        let mut chosen: Vec<Server> = Vec::new();
        for &server in &args.servers {
            if !chosen.contains(&server) {
                chosen.push(server);
            }
        }
        if chosen.contains(&Server::Nginx) && nginx.is_none() {
            return Err("--servers names nginx, but nginx is not on PATH (Debian/Ubuntu: `sudo apt-get install nginx`)".into());
        }
        chosen
    };
    let plan = Plan::from(args, servers);
    let open_files = machine::raise_open_files_limit();
    let machine = Machine::here(&wrk, nginx.as_deref(), open_files);
    let exe = std::env::current_exe()?;
    let mut progress = std::io::stderr();
    if cfg!(debug_assertions) {
        let _ = writeln!(
            progress,
            "warning: this is a debug build, whose figures say little; use `cargo run --release -p tutorial -- bench`"
        );
    }
    let _ = writeln!(
        progress,
        "Benchmark: {} servers × {} connection counts × {} rounds of {} s, then the idle test; about {} min.",
        plan.servers.len(),
        plan.connections.len(),
        plan.rounds,
        plan.duration,
        plan.estimate().as_secs().div_ceil(60)
    );
    let started = Instant::now();

    let samples = load_rounds(&plan, &exe, &wrk, nginx.as_deref(), &mut notes)?;
    let idle = if plan.idle > 0 {
        idle_test(&plan, &exe, nginx.as_deref(), &mut notes)?
    } else {
        Vec::new()
    };
    notes.extend(plan_notes(&plan, open_files));

    let rows = report::rows(&samples, &plan.connections, &plan.servers);
    let text = results_markdown(&plan, &machine, &rows, &idle, &notes, started.elapsed());
    writeln!(out, "{text}")?;
    if plan.save {
        let (md, svg) = (results_path(), svg_path());
        for path in [&md, &svg] {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
        }
        std::fs::write(&md, &text)?;
        std::fs::write(&svg, plot::draw(&rows, &machine.describe()))?;
        writeln!(out, "wrote {}\nwrote {}", md.display(), svg.display())?;
    }
    Ok(())
}

/// Where the book includes the tables from.
pub fn results_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("book/src/bench/results.md")
}

/// The picture, beside the book's other pictures.
pub fn svg_path() -> PathBuf {
    crate::diagrams::img_dir().join("bench.svg")
}

/// Every round: every number of connections, every server, one wrk run
/// each on a server just started. The servers take turns going first.
fn load_rounds(
    plan: &Plan,
    exe: &Path,
    wrk: &Path,
    nginx: Option<&Path>,
    notes: &mut Vec<String>,
) -> Result<Vec<Sample>, Box<dyn Error>> {
    let total = plan.rounds as usize * plan.connections.len() * plan.servers.len();
    let mut samples = Vec::with_capacity(total);
    let mut progress = std::io::stderr();
    for round in 0..plan.rounds {
        for &connections in &plan.connections {
            let mut order = plan.servers.clone();
            let first = round as usize % order.len().max(1);
            order.rotate_left(first);
            for server in order {
                let mut process = start(
                    server,
                    exe,
                    nginx,
                    plan.raised_for_load(server, connections),
                )?;
                let url = format!("http://{}{BENCH_TARGET}", process.addr());
                let run = wrk::run(wrk, &url, WRK_THREADS, connections, plan.duration)
                    .map_err(|e| e.to_string());
                let rss_kib = process.rss_kib();
                if process.has_exited() {
                    notes.push(format!(
                        "{} exited during round {} at {connections} connections.",
                        server.label(),
                        round + 1
                    ));
                }
                process.stop();
                let line = match &run {
                    Ok(r) => format!(
                        "{} req/s, p99 {}, {} errors",
                        report::thousands(r.good_per_sec().round() as u64),
                        report::millis(r.p99),
                        report::thousands(r.errors())
                    ),
                    Err(e) => format!("failed: {e}"),
                };
                samples.push(Sample {
                    connections,
                    server,
                    run,
                    rss_kib,
                });
                let _ = writeln!(
                    progress,
                    "[{}/{total}] round {}, {connections} connections, {}: {line}",
                    samples.len(),
                    round + 1,
                    server.label(),
                );
            }
        }
    }
    Ok(samples)
}

/// The idle test, one server after the other, each freshly started.
fn idle_test(
    plan: &Plan,
    exe: &Path,
    nginx: Option<&Path>,
    notes: &mut Vec<String>,
) -> Result<Vec<(Server, idle::IdleResult)>, Box<dyn Error>> {
    let mut results = Vec::new();
    let mut progress = std::io::stderr();
    for &server in &plan.servers {
        let process = start(server, exe, nginx, plan.raised_for_idle(server))?;
        let result = idle::measure(&process, plan.idle, plan.probes)?;
        process.stop();
        let _ = writeln!(
            progress,
            "idle: {}: {} held, {} KiB each",
            server.label(),
            result.held,
            result
                .kib_per_connection()
                .map_or("?".into(), |k| format!("{k:.1}"))
        );
        if result.held < result.asked {
            notes.push(format!(
                "Idle test: {} held {} of {} connections; the others were refused or failed.",
                server.label(),
                report::thousands(result.held as u64),
                report::thousands(result.asked as u64)
            ));
        }
        if result.probe_errors > 0 {
            notes.push(format!(
                "Idle test: {} failed {} of the new connections made while the others were held{}.",
                server.label(),
                report::thousands(result.probe_errors as u64),
                if result.probe_times.is_empty() {
                    format!(
                        " (every one: the test stopped after {} failures in a row)",
                        idle::GIVE_UP_AFTER
                    )
                } else {
                    String::new()
                }
            ));
        }
        results.push((server, result));
    }
    Ok(results)
}

fn start(
    server: Server,
    exe: &Path,
    nginx: Option<&Path>,
    raised: Raised,
) -> Result<ServerProcess, Box<dyn Error>> {
    match (server, nginx) {
        (Server::Nginx, Some(nginx)) => nginx::start(nginx),
        (Server::Nginx, None) => Err("nginx is not on PATH".into()),
        _ => ServerProcess::start(exe, server, raised),
    }
}

/// What a reader must know to read the tables right.
fn plan_notes(plan: &Plan, open_files: Option<u64>) -> Vec<String> {
    let mut notes = Vec::new();
    let socket = plan.servers.iter().any(|s| s.is_socket_api());
    let raised: Vec<String> = plan
        .connections
        .iter()
        .filter(|&&n| u64::from(n) > SHIPPED_CAP)
        .map(|n| report::thousands(u64::from(*n)))
        .collect();
    if socket && !raised.is_empty() {
        notes.push(format!(
            "socket_api's connection cap (`--max-connections`, 1024 as shipped) was raised to the number of connections for the {} rows; everything else runs as shipped.",
            raised.join(", ")
        ));
    }
    if socket && plan.idle > 0 {
        notes.push(format!(
            "Idle test: socket_api's cap was raised to {} and its idle timeout from 5 s to {IDLE_TIMEOUT_SECS} s, so that every connection stays held while the others open.",
            plan.idle as u64 + IDLE_CAP_MARGIN
        ));
    }
    // The threads driver holds two descriptors per connection.
    if let (Some(limit), true) = (open_files, plan.servers.contains(&Server::SocketThreads)) {
        let most = plan.connections.iter().copied().max().unwrap_or(0) as usize;
        let need = 2 * most.max(plan.idle) + 16;
        if need as u64 > limit {
            notes.push(format!(
                "socket_api threads holds two file descriptors per connection (the socket, and the handle that closes it at shutdown): {} connections need about {}, above this machine's open-files limit of {limit}. Past it, `accept` fails with \"Too many open files\" and the accept loop tries again every 10 ms, while the connections it cannot take wait unanswered (wrk's timeouts) or get `503`.",
                report::thousands(most.max(plan.idle) as u64),
                report::thousands(need as u64),
            ));
        }
    }
    notes
}

/// Everything printed, and what `results.md` holds.
fn results_markdown(
    plan: &Plan,
    machine: &Machine,
    rows: &[report::Row],
    idle: &[(Server, idle::IdleResult)],
    notes: &[String],
    took: Duration,
) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "<!-- Written by `cargo run --release -p tutorial -- bench`: run it again to replace. -->\n"
    );
    let _ = writeln!(text, "Measured on {}.\n", machine.describe());
    let _ = writeln!(
        text,
        "**Under load**: `wrk -t{WRK_THREADS} -cN -d{}s --latency http://ADDR{BENCH_TARGET}`, {} round{} interleaved. \
         req/s counts good answers (2xx, 3xx); req/s, p50, p99 and RSS (the server's memory just after the run) are medians over the rounds; errors are summed.\n",
        plan.duration,
        plan.rounds,
        if plan.rounds == 1 { "" } else { "s" }
    );
    text.push_str(&report::throughput_table(rows));
    let ratios = report::ratio_table(rows, &plan.connections);
    if !ratios.is_empty() {
        text.push_str(
            "\n**socket_api's event loop against the others** (req/s divided by req/s):\n\n",
        );
        text.push_str(&ratios);
    }
    if !idle.is_empty() {
        let _ = writeln!(
            text,
            "\n**Idle connections**: each server holds {} keep-alive connections (each sent one `GET` and read its answer); \
             \"per connection\" is (RSS after − RSS before) / held. Meanwhile a new client makes {} exchanges one after another \
             (connect, `GET`, answer, close): their p50 and p99.\n",
            report::thousands(plan.idle as u64),
            report::thousands(plan.probes as u64)
        );
        text.push_str(&report::idle_table(idle));
    }
    text.push_str("\nNotes:\n\n");
    let mut all =
        vec!["Our servers log one line per request, as shipped (to /dev/null here).".to_string()];
    if plan.servers.contains(&Server::Nginx) {
        all.push("nginx: `worker_processes 2`, `access_log off`, and `return 200` with the same body as our `/api`. Its RSS (master and workers) includes the connection tables each worker allocates up front for `worker_connections 16384`.".to_string());
    }
    all.extend(report::error_notes(rows));
    all.extend(notes.iter().cloned());
    all.push(format!("The whole run took {} s.", took.as_secs()));
    for note in all {
        let _ = writeln!(text, "- {note}");
    }
    text
}
