//! How much memory a server holds: its resident set size (RSS), read from
//! Linux's `/proc/PID/status`.
//!
//! RSS is the memory a process has touched and that is in RAM now: heap,
//! thread stacks in use, the code itself. It is what `top` shows in its
//! RES column. A server that allocates per connection grows it; one that
//! allocated up front (nginx's connection array) shows it from the start.
//! Each server runs in a process of its own so that its RSS is its own.

use std::fs;

/// `VmRSS` of process `pid`, in KiB; `None` when it cannot be read (the
/// process has gone, or this is not Linux).
pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    vm_rss(&status)
}

/// The `VmRSS:     12345 kB` line of a `/proc/PID/status` text.
pub fn vm_rss(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let value = line.strip_prefix("VmRSS:")?.trim().strip_suffix("kB")?;
    value.trim().parse().ok()
}

/// The RSS of `pid` and of its children, summed: nginx's master and its
/// worker processes.
pub fn rss_with_children_kib(pid: u32) -> Option<u64> {
    let own = rss_kib(pid)?;
    Some(own + children(pid).into_iter().filter_map(rss_kib).sum::<u64>())
}

/// The processes whose parent is `pid`, found by reading every
/// `/proc/N/stat` (the 4th field is the parent's id).
pub fn children(pid: u32) -> Vec<u32> {
    let Ok(dir) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&child| {
            fs::read_to_string(format!("/proc/{child}/stat"))
                .ok()
                .and_then(|stat| parent_of(&stat))
                == Some(pid)
        })
        .collect()
}

/// The parent's id in a `/proc/N/stat` line: `N (name) S PPID ...`. The
/// name may hold spaces and parentheses, so we count from the last `)`.
pub fn parent_of(stat: &str) -> Option<u32> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bench_memory_reads_vm_rss() {
        let status = "Name:\tsocket_api\nVmPeak:\t  99999 kB\nVmRSS:\t    4312 kB\nThreads:\t3\n";
        assert_eq!(vm_rss(status), Some(4312));
        assert_eq!(vm_rss("Name:\tx\n"), None);
        assert_eq!(vm_rss("VmRSS:\tmany kB\n"), None);
    }

    #[test]
    fn bench_memory_reads_the_parent_past_an_odd_name() {
        assert_eq!(parent_of("4242 (nginx) S 4200 4242 ..."), Some(4200));
        assert_eq!(parent_of("77 (a (b) c) R 1 77 77 0"), Some(1));
        assert_eq!(parent_of("garbage"), None);
    }

    #[test]
    fn bench_memory_this_process_has_an_rss() {
        if cfg!(target_os = "linux") {
            let kib = rss_kib(std::process::id()).unwrap_or(0);
            assert!(kib > 100, "{kib} KiB");
        }
    }
}
