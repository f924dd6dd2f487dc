//! The benchmark's figures as Markdown: what is printed, and what the book
//! includes from `tutorial/book/src/bench/results.md`.
//!
//! One measurement is noisy: a compile in the background, a timer tick in
//! the wrong place. So every row is measured once per round, rounds
//! interleave the servers, and a row shows the median of its rounds (the
//! middle value: one bad round moves it little, where it would drag a
//! mean). Errors are summed: one error in any round is worth seeing.

use std::fmt::Write;
use std::time::Duration;

use super::Server;
use super::idle::IdleResult;
use super::wrk::{SocketErrors, WrkRun};

/// One wrk run: which row, and what it measured (or why it failed).
#[derive(Debug, Clone)]
pub struct Sample {
    pub connections: u32,
    pub server: Server,
    pub run: Result<WrkRun, String>,
    /// The server's memory just after the run, in KiB.
    pub rss_kib: Option<u64>,
}

/// A table row: one server at one number of connections, over every round.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub connections: u32,
    pub server: Server,
    /// Rounds that gave a figure.
    pub rounds: usize,
    /// Medians over those rounds.
    pub per_sec: f64,
    pub p50: Duration,
    pub p99: Duration,
    pub rss_kib: Option<u64>,
    /// Summed over every round: all errors, then by kind.
    pub errors: u64,
    pub socket_errors: SocketErrors,
    pub non_2xx_3xx: u64,
    /// Why a round gave no figure, if one did not.
    pub failure: Option<String>,
}

/// The rows, in the order of `connections`, then of `servers`.
pub fn rows(samples: &[Sample], connections: &[u32], servers: &[Server]) -> Vec<Row> {
    let mut rows = Vec::new();
    for &n in connections {
        for &server in servers {
            let mine: Vec<&Sample> = samples
                .iter()
                .filter(|s| s.connections == n && s.server == server)
                .collect();
            if mine.is_empty() {
                continue;
            }
            let runs: Vec<&WrkRun> = mine.iter().filter_map(|s| s.run.as_ref().ok()).collect();
            let failure = mine.iter().find_map(|s| s.run.as_ref().err().cloned());
            let rss: Vec<u64> = mine.iter().filter_map(|s| s.rss_kib).collect();
            rows.push(Row {
                connections: n,
                server,
                rounds: runs.len(),
                per_sec: median_f64(runs.iter().map(|r| r.good_per_sec()).collect()),
                p50: median_duration(runs.iter().map(|r| r.p50).collect()),
                p99: median_duration(runs.iter().map(|r| r.p99).collect()),
                rss_kib: (!rss.is_empty()).then(|| median_u64(rss)),
                errors: runs.iter().map(|r| r.errors()).sum(),
                socket_errors: runs
                    .iter()
                    .fold(SocketErrors::default(), |sum, r| sum.plus(r.socket_errors)),
                non_2xx_3xx: runs.iter().map(|r| r.non_2xx_3xx).sum(),
                failure,
            });
        }
    }
    rows
}

/// The middle value; the mean of the two middle ones for an even count.
pub fn median_f64(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

pub fn median_duration(values: Vec<Duration>) -> Duration {
    Duration::from_secs_f64(median_f64(
        values.iter().map(Duration::as_secs_f64).collect(),
    ))
}

fn median_u64(values: Vec<u64>) -> u64 {
    median_f64(values.iter().map(|&v| v as f64).collect()).round() as u64
}

/// The value below which `percent` of `sorted` lie (nearest rank).
pub fn percentile(sorted: &[Duration], percent: usize) -> Option<Duration> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (sorted.len() * percent).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// `87910` as `87,910`: easier to compare down a column.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A latency in milliseconds, with as many decimals as it deserves.
pub fn millis(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 100.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

/// KiB as MiB, one decimal.
pub fn mib(kib: Option<u64>) -> String {
    kib.map_or("?".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

/// The throughput table, in Markdown.
pub fn throughput_table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| connections | server | req/s | p50 | p99 | errors | RSS after |\n\
         |---:|---|---:|---:|---:|---:|---:|\n",
    );
    for row in rows {
        if row.rounds == 0 {
            let why = row.failure.as_deref().unwrap_or("no figure");
            let _ = writeln!(
                out,
                "| {} | {} | failed: {} | | | | |",
                thousands(u64::from(row.connections)),
                row.server.label(),
                why.replace('|', "/")
            );
            continue;
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            thousands(u64::from(row.connections)),
            row.server.label(),
            thousands(row.per_sec.round() as u64),
            millis(row.p50),
            millis(row.p99),
            thousands(row.errors),
            mib(row.rss_kib),
        );
    }
    out
}

/// What each row's errors were, one line per row that had any:
/// `10,000 connections, nginx: 250 timeouts, 3 connect`.
pub fn error_notes(rows: &[Row]) -> Vec<String> {
    rows.iter()
        .filter(|r| r.errors > 0)
        .map(|r| {
            let s = r.socket_errors;
            let kinds: Vec<String> = [
                (r.non_2xx_3xx, "answers not 2xx or 3xx"),
                (s.timeout, "timeouts (no answer within wrk's 2 s)"),
                (s.connect, "failed connects"),
                (s.read, "failed reads"),
                (s.write, "failed writes"),
            ]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{} {what}", thousands(n)))
            .collect();
            format!(
                "Errors at {} connections, {}: {}.",
                thousands(u64::from(r.connections)),
                r.server.label(),
                kinds.join(", ")
            )
        })
        .collect()
}

/// How socket_api's event loop compares, row by row: its req/s divided by
/// framework_api's and by nginx's. Empty when it or both others are absent.
pub fn ratio_table(rows: &[Row], connections: &[u32]) -> String {
    let find = |n: u32, server: Server| {
        rows.iter()
            .find(|r| r.connections == n && r.server == server && r.rounds > 0)
            .map(|r| r.per_sec)
    };
    let others: Vec<Server> = [Server::Framework, Server::Nginx]
        .into_iter()
        .filter(|&s| rows.iter().any(|r| r.server == s))
        .collect();
    if others.is_empty() || !rows.iter().any(|r| r.server == Server::SocketEvents) {
        return String::new();
    }
    let mut out = String::from("| connections |");
    for other in &others {
        let _ = write!(out, " events ÷ {} |", other.label());
    }
    out.push_str("\n|---:|");
    out.push_str(&"---:|".repeat(others.len()));
    out.push('\n');
    for &n in connections {
        let _ = write!(out, "| {} |", thousands(u64::from(n)));
        for &other in &others {
            match (find(n, Server::SocketEvents), find(n, other)) {
                (Some(events), Some(them)) if them > 0.0 => {
                    let _ = write!(out, " {:.2}× |", events / them);
                }
                _ => out.push_str(" - |"),
            }
        }
        out.push('\n');
    }
    out
}

/// The idle-connections table, in Markdown.
pub fn idle_table(results: &[(Server, IdleResult)]) -> String {
    let mut out = String::from(
        "| server | held | RSS before | RSS after | per connection | still open after | new connection p50 | p99 | failed |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for (server, r) in results {
        let per = r
            .kib_per_connection()
            .map_or("?".into(), |k| format!("{k:.1} KiB"));
        let time = |p| percentile(&r.probe_times, p).map_or("-".into(), millis);
        let _ = writeln!(
            out,
            "| {} | {} of {} | {} | {} | {} | {} | {} | {} | {} |",
            server.label(),
            thousands(r.held as u64),
            thousands(r.asked as u64),
            mib(r.rss_before_kib),
            mib(r.rss_after_kib),
            per,
            thousands(r.still_open as u64),
            time(50),
            time(99),
            thousands(r.probe_errors as u64),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::wrk::SocketErrors;

    fn run(per_sec: f64, p99_ms: u64, non_2xx: u64) -> WrkRun {
        WrkRun {
            requests: (per_sec * 6.0) as u64,
            elapsed: Duration::from_secs(6),
            requests_per_sec: per_sec,
            p50: Duration::from_micros(150),
            p99: Duration::from_millis(p99_ms),
            socket_errors: SocketErrors::default(),
            non_2xx_3xx: non_2xx,
        }
    }

    fn sample(connections: u32, server: Server, run: Result<WrkRun, String>) -> Sample {
        Sample {
            connections,
            server,
            run,
            rss_kib: Some(10 * 1024),
        }
    }

    #[test]
    fn bench_report_rows_take_medians_and_sum_errors() {
        let samples = vec![
            sample(16, Server::SocketEvents, Ok(run(90_000.0, 1, 0))),
            sample(16, Server::SocketEvents, Ok(run(30_000.0, 9, 6))),
            sample(16, Server::SocketEvents, Ok(run(60_000.0, 2, 0))),
            sample(16, Server::Framework, Ok(run(40_000.0, 3, 0))),
            sample(16, Server::Nginx, Err("wrk failed".into())),
        ];
        let servers = [Server::SocketEvents, Server::Framework, Server::Nginx];
        let rows = rows(&samples, &[16], &servers);
        assert_eq!(rows.len(), 3);
        let events = &rows[0];
        assert_eq!(events.rounds, 3);
        // 30,000 req/s with 6 of them 503s: (180,000 − 6) / 6 s.
        assert!(
            (events.per_sec - 60_000.0).abs() < 1e-6,
            "{}",
            events.per_sec
        );
        assert_eq!(events.p99, Duration::from_millis(2));
        assert_eq!(events.errors, 6);
        assert_eq!(rows[2].rounds, 0);

        let table = throughput_table(&rows);
        assert!(
            table.starts_with("| connections | server | req/s |"),
            "{table}"
        );
        assert!(
            table
                .contains("| 16 | socket_api events | 60,000 | 0.15 ms | 2.00 ms | 6 | 10.0 MiB |"),
            "{table}"
        );
        assert!(
            table.contains("| 16 | nginx | failed: wrk failed |"),
            "{table}"
        );
        // Every line has as many cells as the header.
        let cells = |line: &str| line.matches('|').count();
        assert!(table.lines().all(|l| cells(l) == 8), "{table}");

        assert_eq!(
            error_notes(&rows),
            ["Errors at 16 connections, socket_api events: 6 answers not 2xx or 3xx."]
        );

        let ratios = ratio_table(&rows, &[16]);
        assert!(
            ratios.contains("| events ÷ framework_api | events ÷ nginx |"),
            "{ratios}"
        );
        assert!(ratios.contains("| 16 | 1.50× | - |"), "{ratios}");
    }

    #[test]
    fn bench_report_formats_numbers_for_people() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(millis(Duration::from_micros(152)), "0.15 ms");
        assert_eq!(millis(Duration::from_micros(12_340)), "12.3 ms");
        assert_eq!(millis(Duration::from_millis(1850)), "1850 ms");
        assert_eq!(mib(Some(1536)), "1.5 MiB");
        assert_eq!(mib(None), "?");
    }

    #[test]
    fn bench_report_medians_and_percentiles() {
        assert_eq!(median_f64(vec![]), 0.0);
        assert_eq!(median_f64(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median_f64(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
        let times: Vec<Duration> = (1..=1000).map(Duration::from_micros).collect();
        assert_eq!(percentile(&times, 50), Some(Duration::from_micros(500)));
        assert_eq!(percentile(&times, 99), Some(Duration::from_micros(990)));
        assert_eq!(percentile(&times[..1], 99), Some(Duration::from_micros(1)));
        assert_eq!(percentile(&[], 50), None);
    }

    #[test]
    fn bench_report_idle_table() {
        let result = IdleResult {
            asked: 10_000,
            held: 10_000,
            rss_before_kib: Some(4096),
            rss_after_kib: Some(4096 + 100_000),
            still_open: 10_000,
            probe_times: (1..=100).map(|n| Duration::from_micros(100 + n)).collect(),
            probe_errors: 0,
        };
        let table = idle_table(&[(Server::SocketThreads, result)]);
        assert!(
            table.contains("| socket_api threads | 10,000 of 10,000 | 4.0 MiB | 101.7 MiB | 10.0 KiB | 10,000 | 0.15 ms | 0.20 ms | 0 |"),
            "{table}"
        );
    }
}
