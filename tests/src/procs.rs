//! The processes under tauri-driver (WebKitWebDriver, the app, WebKit's helpers), read from
//! `/proc` on Linux, so that teardown can wait for the app to exit and clean up strays.
//!
//! Why: the app is a grandchild (tauri-driver → WebKitWebDriver → app). Ending the WebDriver
//! session makes WebKitWebDriver stop the app, but it answers before the app is gone; a
//! SIGTERM to tauri-driver right then kills WebKitWebDriver first and orphans the app.
//! On other platforms these functions find nothing (tauri-driver's Windows job object ends
//! its children with it).

use std::time::{Duration, Instant};

/// A process, identified by pid and start time (so a reused pid is not mistaken for it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Proc {
    /// Process id.
    pub pid: i32,
    /// Parent's process id when found.
    pub ppid: i32,
    start: u64,
}

/// `(ppid, state, start time)` from `/proc/<pid>/stat`.
#[cfg(target_os = "linux")]
fn stat(pid: i32) -> Option<(i32, char, u64)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may hold spaces: parse after the last ')'.
    let rest = &text[text.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // Field 3 of proc(5) is fields[0]: state; 4: ppid; 22: start time.
    let state = fields.first()?.chars().next()?;
    let ppid = fields.get(1)?.parse().ok()?;
    let start = fields.get(19)?.parse().ok()?;
    Some((ppid, state, start))
}

#[cfg(not(target_os = "linux"))]
fn stat(_pid: i32) -> Option<(i32, char, u64)> {
    None
}

/// All live processes descended from `root` (not `root` itself).
pub fn descendants(root: u32) -> Vec<Proc> {
    let Ok(root) = i32::try_from(root) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let table: Vec<(i32, i32, u64)> = entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok())
        .filter_map(|pid| {
            let (ppid, state, start) = stat(pid)?;
            (!matches!(state, 'Z' | 'X')).then_some((pid, ppid, start))
        })
        .collect();
    let mut found = Vec::new();
    let mut parents = vec![root];
    while let Some(parent) = parents.pop() {
        for &(pid, ppid, start) in &table {
            if ppid == parent {
                found.push(Proc { pid, ppid, start });
                parents.push(pid);
            }
        }
    }
    found
}

/// Whether the process still runs (zombies count as gone).
pub fn alive(p: Proc) -> bool {
    matches!(stat(p.pid), Some((_, state, start)) if start == p.start && !matches!(state, 'Z' | 'X'))
}

/// Waits up to `timeout` for all of `procs` to exit; returns those still running.
pub fn wait_gone(procs: &[Proc], timeout: Duration) -> Vec<Proc> {
    let deadline = Instant::now() + timeout;
    loop {
        let left: Vec<Proc> = procs.iter().copied().filter(|p| alive(*p)).collect();
        if left.is_empty() || Instant::now() > deadline {
            return left;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Sends SIGTERM to each process that still runs.
#[cfg(unix)]
pub fn terminate(procs: &[Proc]) {
    use nix::sys::signal::{kill, Signal};
    use nix::unistd::Pid;
    for p in procs.iter().filter(|p| alive(**p)) {
        let _ = kill(Pid::from_raw(p.pid), Signal::SIGTERM);
    }
}

#[cfg(not(unix))]
pub fn terminate(_procs: &[Proc]) {}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::process::Command;

    #[test]
    fn sees_and_outlives_a_child() {
        let mut child = Command::new("sleep").arg("30").spawn().unwrap();
        let me = std::process::id();
        let kids = descendants(me);
        let proc = *kids.iter().find(|p| p.pid == child.id() as i32).unwrap();
        assert!(alive(proc));
        terminate(&[proc]);
        child.wait().unwrap();
        assert!(!alive(proc));
        assert!(wait_gone(&[proc], Duration::from_secs(1)).is_empty());
    }
}
