//! wrk, the load generator: running it, and reading its `--latency` report.
//!
//! wrk keeps N connections busy for D seconds: each sends a request as
//! soon as the answer to the previous one has arrived (keep-alive, no
//! pipelining). It prints a report for people, not for programs, so this
//! file reads the few lines we need out of it:
//!
//! ```text
//!   Latency Distribution
//!      50%  112.00us
//!      99%    1.43ms
//!   527491 requests in 6.00s, 77.48MB read
//!   Socket errors: connect 0, read 12, write 0, timeout 3
//!   Non-2xx or 3xx responses: 5
//! Requests/sec:  87910.83
//! ```
//!
//! The last two error lines appear only when there were errors. Times
//! come with a unit of wrk's choosing (`us`, `ms`, `s`, `m`, `h`).

use std::fmt;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// What one wrk run measured.
#[derive(Debug, Clone, PartialEq)]
pub struct WrkRun {
    /// Every response read, whatever its status.
    pub requests: u64,
    /// How long the run took, as wrk measured it.
    pub elapsed: Duration,
    /// wrk's own `Requests/sec`: `requests / elapsed`.
    pub requests_per_sec: f64,
    /// The median and the 99th percentile of the time to an answer.
    pub p50: Duration,
    pub p99: Duration,
    pub socket_errors: SocketErrors,
    /// Answers that were not 2xx or 3xx (a `503` past a connection cap).
    pub non_2xx_3xx: u64,
}

/// wrk's `Socket errors:` line: connections it could not open, reads and
/// writes that failed, and requests with no answer within its timeout (2 s).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SocketErrors {
    pub connect: u64,
    pub read: u64,
    pub write: u64,
    pub timeout: u64,
}

impl SocketErrors {
    /// Both counts together: errors summed over rounds.
    pub fn plus(self, other: SocketErrors) -> SocketErrors {
        SocketErrors {
            connect: self.connect + other.connect,
            read: self.read + other.read,
            write: self.write + other.write,
            timeout: self.timeout + other.timeout,
        }
    }
}

impl WrkRun {
    /// Every request that went wrong: socket errors and error statuses.
    pub fn errors(&self) -> u64 {
        let s = self.socket_errors;
        s.connect + s.read + s.write + s.timeout + self.non_2xx_3xx
    }

    /// Good answers per second. wrk's `Requests/sec` counts a `503` like a
    /// `200`, and a server that turns clients away fast would look fast.
    pub fn good_per_sec(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds <= 0.0 {
            return 0.0;
        }
        self.requests.saturating_sub(self.non_2xx_3xx) as f64 / seconds
    }
}

/// A report we could not read: which line was missing or what was in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// A line every report has was not there (wrk failed, or changed).
    Missing(&'static str),
    /// The line was there, but its value was not a number with a unit.
    BadValue { what: &'static str, text: String },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Missing(what) => write!(f, "wrk's report has no {what} line"),
            ParseError::BadValue { what, text } => {
                write!(f, "wrk's {what} is not a number we can read: {text:?}")
            }
        }
    }
}

impl std::error::Error for ParseError {}

/// Reads a wrk `--latency` report.
pub fn parse(report: &str) -> Result<WrkRun, ParseError> {
    let mut run = WrkRun {
        requests: 0,
        elapsed: Duration::ZERO,
        requests_per_sec: 0.0,
        p50: Duration::ZERO,
        p99: Duration::ZERO,
        socket_errors: SocketErrors::default(),
        non_2xx_3xx: 0,
    };
    let (mut p50, mut p99, mut totals, mut rate) = (None, None, None, None);
    for line in report.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("50%") {
            p50 = Some(time(rest.trim(), "50th percentile")?);
        } else if let Some(rest) = line.strip_prefix("99%") {
            p99 = Some(time(rest.trim(), "99th percentile")?);
        } else if let Some((count, rest)) = line.split_once(" requests in ") {
            // `527491 requests in 6.00s, 77.48MB read`
            let requests = number(count, "request count")?;
            let elapsed = rest.split(',').next().unwrap_or_default();
            totals = Some((requests, time(elapsed, "run time")?));
        } else if let Some(rest) = line.strip_prefix("Requests/sec:") {
            rate = Some(float(rest.trim(), "Requests/sec")?);
        } else if let Some(rest) = line.strip_prefix("Socket errors:") {
            run.socket_errors = socket_errors(rest)?;
        } else if let Some(rest) = line.strip_prefix("Non-2xx or 3xx responses:") {
            run.non_2xx_3xx = number(rest, "Non-2xx or 3xx count")?;
        }
    }
    run.p50 = p50.ok_or(ParseError::Missing("50% (run wrk with --latency)"))?;
    run.p99 = p99.ok_or(ParseError::Missing("99% (run wrk with --latency)"))?;
    (run.requests, run.elapsed) = totals.ok_or(ParseError::Missing("\"requests in\""))?;
    run.requests_per_sec = rate.ok_or(ParseError::Missing("Requests/sec"))?;
    Ok(run)
}

/// `connect 0, read 12, write 0, timeout 3`.
fn socket_errors(text: &str) -> Result<SocketErrors, ParseError> {
    let mut errors = SocketErrors::default();
    for part in text.split(',') {
        let (name, value) = part.trim().split_once(' ').unwrap_or((part.trim(), ""));
        let value = number(value, "socket error count")?;
        match name {
            "connect" => errors.connect = value,
            "read" => errors.read = value,
            "write" => errors.write = value,
            "timeout" => errors.timeout = value,
            // A kind a later wrk adds still counts as an error.
            _ => errors.read += value,
        }
    }
    Ok(errors)
}

fn number(text: &str, what: &'static str) -> Result<u64, ParseError> {
    text.trim().parse().map_err(|_| ParseError::BadValue {
        what,
        text: text.trim().to_string(),
    })
}

fn float(text: &str, what: &'static str) -> Result<f64, ParseError> {
    match text.trim().parse::<f64>() {
        Ok(value) if value.is_finite() && value >= 0.0 => Ok(value),
        _ => Err(ParseError::BadValue {
            what,
            text: text.trim().to_string(),
        }),
    }
}

/// A time as wrk prints it: `112.00us`, `1.43ms`, `2.00s`, `1.50m`, `1.00h`.
pub fn time(text: &str, what: &'static str) -> Result<Duration, ParseError> {
    let bad = || ParseError::BadValue {
        what,
        text: text.to_string(),
    };
    let split = text
        .find(|c: char| c.is_ascii_alphabetic())
        .ok_or_else(bad)?;
    let (value, unit) = text.split_at(split);
    let seconds_per_unit = match unit {
        "us" => 1e-6,
        "ms" => 1e-3,
        "s" => 1.0,
        "m" => 60.0,
        "h" => 3600.0,
        _ => return Err(bad()),
    };
    let value = float(value, what).map_err(|_| bad())?;
    // `try_from_secs_f64` refuses what `from_secs_f64` would panic on.
    Duration::try_from_secs_f64(value * seconds_per_unit).map_err(|_| bad())
}

/// Runs `wrk -t<threads> -c<connections> -d<seconds>s --latency url` and
/// reads its report.
pub fn run(
    wrk: &Path,
    url: &str,
    threads: u32,
    connections: u32,
    seconds: u32,
) -> Result<WrkRun, Box<dyn std::error::Error>> {
    let output = Command::new(wrk)
        .arg(format!("-t{threads}"))
        .arg(format!("-c{connections}"))
        .arg(format!("-d{seconds}s"))
        .arg("--latency")
        .arg(url)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", wrk.display()))?;
    let report = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        let why = String::from_utf8_lossy(&output.stderr);
        return Err(format!("wrk failed ({}): {}", output.status, why.trim()).into());
    }
    Ok(parse(&report)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A whole report, as wrk 4.1.0 prints it, with no errors.
    const CLEAN: &str = "Running 6s test @ http://127.0.0.1:40123/api?name=x
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   181.10us  130.33us   6.79ms   94.03%
    Req/Sec    44.19k     2.52k   49.06k    70.83%
  Latency Distribution
     50%  152.00us
     75%  191.00us
     90%  250.00us
     99%  682.00us
  527491 requests in 6.00s, 77.48MB read
Requests/sec:  87910.83
Transfer/sec:     12.91MB
";

    /// 10,000 connections, a cap reached: both error lines, times in ms and s.
    const ERRORS: &str = "Running 6s test @ http://127.0.0.1:40123/api?name=x
  2 threads and 10000 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   512.33ms  301.20ms   1.99s    70.00%
    Req/Sec    10.01k     3.00k   20.00k    65.00%
  Latency Distribution
     50%  420.50ms
     75%  700.00ms
     90%    1.10s
     99%    1.85s
  120000 requests in 6.02s, 17.60MB read
  Socket errors: connect 3, read 17, write 0, timeout 250
  Non-2xx or 3xx responses: 4000
Requests/sec:  19933.55
Transfer/sec:      2.92MB
";

    #[test]
    fn bench_wrk_reads_a_clean_report() {
        let run = parse(CLEAN).expect("a whole report");
        assert_eq!(run.requests, 527_491);
        assert_eq!(run.elapsed, Duration::from_secs(6));
        assert!((run.requests_per_sec - 87_910.83).abs() < 1e-6);
        assert_eq!(run.p50, Duration::from_micros(152));
        assert_eq!(run.p99, Duration::from_micros(682));
        assert_eq!(run.errors(), 0);
        assert!((run.good_per_sec() - 527_491.0 / 6.0).abs() < 1e-6);
    }

    #[test]
    fn bench_wrk_reads_socket_errors_and_error_statuses() {
        let run = parse(ERRORS).expect("a report with errors");
        assert_eq!(run.p50, Duration::from_micros(420_500));
        assert_eq!(run.p99, Duration::from_millis(1850));
        assert_eq!(
            run.socket_errors,
            SocketErrors {
                connect: 3,
                read: 17,
                write: 0,
                timeout: 250
            }
        );
        assert_eq!(run.non_2xx_3xx, 4000);
        assert_eq!(run.errors(), 3 + 17 + 250 + 4000);
        // The 503s are not counted as throughput.
        assert!((run.good_per_sec() - 116_000.0 / 6.02).abs() < 1e-6);
    }

    #[test]
    fn bench_wrk_times_in_every_unit() {
        for (text, expected) in [
            ("152.00us", Duration::from_micros(152)),
            ("1.43ms", Duration::from_micros(1430)),
            ("2.00s", Duration::from_secs(2)),
            ("1.50m", Duration::from_secs(90)),
            ("1.00h", Duration::from_secs(3600)),
            ("0.00us", Duration::ZERO),
        ] {
            assert_eq!(time(text, "t"), Ok(expected), "{text}");
        }
        for text in ["", "12", "ms", "1.0xs", "-1.00ms", "nanus", "1e400s"] {
            assert!(time(text, "t").is_err(), "{text:?} was accepted");
        }
    }

    #[test]
    fn bench_wrk_a_report_without_latency_is_an_error() {
        let without: String = CLEAN
            .lines()
            .filter(|l| !l.trim_start().starts_with("99%"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(
            parse(&without),
            Err(ParseError::Missing("99% (run wrk with --latency)"))
        );
        assert!(parse("").is_err());
        assert!(parse("unable to connect to 127.0.0.1:1 Connection refused").is_err());
    }
}
