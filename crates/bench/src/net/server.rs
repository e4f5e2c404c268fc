//! The real `chainbook-server` as a child process comes from `chainbook-testkit` (finding or
//! building the binary in this build's profile, starting it on a free port of 127.0.0.1, its
//! admin CLI, its sequence head read from its database); here is what the kernel says about a
//! process's memory and CPU time (`/proc`).

use std::path::Path;

pub use chainbook_testkit::{create_org, server_bin, Server, PASSWORD};

use crate::Result;

/// A `kB` line of `/proc/<pid>/status` (`pid` or `self`), e.g. `VmHWM` (peak resident set)
/// or `VmRSS`, in bytes.
pub fn proc_status_bytes(pid: &str, key: &str) -> Result<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .ok_or_else(|| format!("no {key} in /proc/{pid}/status"))?;
    let kb: u64 = line.trim().trim_end_matches("kB").trim().parse()?;
    Ok(kb * 1024)
}

/// Resets the process's peak resident set (`VmHWM`) to its current size, so the next reading
/// is the peak of what follows. False where the kernel does not allow it.
pub fn reset_peak(pid: &str) -> bool {
    std::fs::write(format!("/proc/{pid}/clear_refs"), "5").is_ok()
}

/// User + system CPU seconds the process has used (`/proc/<pid>/stat`; Linux counts in
/// USER_HZ, 100 per second on every architecture it supports).
pub fn cpu_seconds(pid: &str) -> Result<f64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // The command name is in parentheses and may hold spaces; the fields follow the last ')'.
    let rest = text.rsplit_once(')').map(|(_, r)| r).unwrap_or_default();
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| -> Result<f64> {
        Ok(fields.get(i).ok_or("short /proc stat")?.parse::<u64>()? as f64)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name and state.
    Ok((ticks(11)? + ticks(12)?) / 100.0)
}

/// Bytes of an SQLite file with its `-wal` (0 for a missing part).
pub fn file_bytes(db: &Path) -> u64 {
    ["", "-wal"]
        .iter()
        .filter_map(|ext| std::fs::metadata(format!("{}{ext}", db.display())).ok())
        .map(|m| m.len())
        .sum()
}
