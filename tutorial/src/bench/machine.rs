//! What the figures were measured on: a benchmark without its machine
//! means little. Cores, kernel, CPU, the open-files limit, the tools'
//! versions, and the date.

use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

/// The machine and the tools, as one line of text.
#[derive(Debug, Clone)]
pub struct Machine {
    pub cores: usize,
    pub kernel: String,
    pub cpu: Option<String>,
    pub open_files: Option<u64>,
    pub wrk: Option<String>,
    pub nginx: Option<String>,
    pub date: String,
}

impl Machine {
    /// Reads it from this machine. `open_files` is the limit in force
    /// (see [`raise_open_files_limit`]).
    pub fn here(wrk: &Path, nginx: Option<&Path>, open_files: Option<u64>) -> Machine {
        let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
        Machine {
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            kernel: format!(
                "{} {} {}",
                std::env::consts::OS,
                release.trim(),
                std::env::consts::ARCH
            ),
            cpu: std::fs::read_to_string("/proc/cpuinfo")
                .ok()
                .and_then(|text| cpu_model(&text)),
            open_files,
            wrk: wrk_version(wrk),
            nginx: nginx.and_then(super::nginx::version),
            date: wire::date::http_date(SystemTime::now()),
        }
    }

    /// `2 cores (AMD EPYC 7763), linux 6.1.0 x86_64, open files 20000, wrk 4.1.0, nginx/1.22.1; Tue, 01 Dec 2026 02:37:26 GMT`
    pub fn describe(&self) -> String {
        let mut parts = vec![match &self.cpu {
            Some(cpu) => format!("{} cores ({cpu})", self.cores),
            None => format!("{} cores", self.cores),
        }];
        parts.push(self.kernel.clone());
        if let Some(n) = self.open_files {
            parts.push(format!("open files limit {n}"));
        }
        parts.push(format!("wrk {}", self.wrk.as_deref().unwrap_or("?")));
        if let Some(nginx) = &self.nginx {
            parts.push(nginx.clone());
        }
        format!("{}; {}", parts.join(", "), self.date)
    }
}

/// The `model name` line of `/proc/cpuinfo`.
pub fn cpu_model(cpuinfo: &str) -> Option<String> {
    let line = cpuinfo.lines().find(|l| l.starts_with("model name"))?;
    let (_, model) = line.split_once(':')?;
    let model = model.split_whitespace().collect::<Vec<_>>().join(" ");
    (!model.is_empty()).then_some(model)
}

/// `wrk -v` prints `wrk 4.1.0 [epoll] Copyright ...` (Debian's build:
/// `wrk debian/4.1.0-3+b2 [epoll] ...`), and exits with 1.
pub fn wrk_version(wrk: &Path) -> Option<String> {
    let output = Command::new(wrk).arg("-v").output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let word = text.split_whitespace().nth(1)?;
    let version = word.strip_prefix("debian/").unwrap_or(word);
    Some(version.split('-').next().unwrap_or(version).to_string())
}

/// Raises this process's open-files limit (RLIMIT_NOFILE) to the most it
/// may ask for, and returns the limit now in force.
///
/// Every connection is a file descriptor, on both ends: 10,000 connections
/// need 10,000 in wrk and as many in the server (socket_api's threads
/// driver: two each, see `socket_api::server`). The usual soft limit is
/// 1024. Raising it up to the hard limit needs no privilege, and child
/// processes (servers, wrk) inherit it.
#[cfg(unix)]
pub fn raise_open_files_limit() -> Option<u64> {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE).ok()?;
    if soft < hard && setrlimit(Resource::RLIMIT_NOFILE, hard, hard).is_ok() {
        return Some(hard);
    }
    Some(soft)
}

#[cfg(not(unix))]
pub fn raise_open_files_limit() -> Option<u64> {
    None
}

/// Where `program` is on `PATH`, if it is.
pub fn on_path(program: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bench_machine_reads_the_cpu_model() {
        let text = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC   7763 64-Core Processor\n";
        assert_eq!(
            cpu_model(text).as_deref(),
            Some("AMD EPYC 7763 64-Core Processor")
        );
        assert_eq!(cpu_model("processor\t: 0\n"), None);
    }

    #[test]
    fn bench_machine_describes_itself() {
        let machine = Machine {
            cores: 2,
            kernel: "linux 6.1.0 x86_64".into(),
            cpu: None,
            open_files: Some(20_000),
            wrk: Some("4.1.0".into()),
            nginx: None,
            date: "Tue, 01 Dec 2026 02:37:26 GMT".into(),
        };
        assert_eq!(
            machine.describe(),
            "2 cores, linux 6.1.0 x86_64, open files limit 20000, wrk 4.1.0; Tue, 01 Dec 2026 02:37:26 GMT"
        );
    }
}
