//! The app's processes as `/proc` shows them: the process tree under the app, each one's
//! name, resident and proportional memory.

use std::fs;

use super::Proc;

/// What `/proc/<pid>/stat` says about a process.
#[derive(Debug, PartialEq)]
pub(super) struct Stat {
    pub(super) comm: String,
    pub(super) state: char,
    pub(super) ppid: u32,
}

/// Parses `/proc/<pid>/stat`: `pid (comm) state ppid …`, where `comm` may itself hold spaces
/// and parentheses (so the last `)` ends it).
pub(super) fn parse_stat(text: &str) -> Option<Stat> {
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let comm = text.get(open + 1..close)?.to_string();
    let mut fields = text.get(close + 1..)?.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let ppid = fields.next()?.parse().ok()?;
    Some(Stat { comm, state, ppid })
}

/// The value in kB of `key` in `/proc/<pid>/status` or `smaps_rollup` text (`VmRSS:  1234 kB`).
pub(super) fn parse_kb(text: &str, key: &str) -> Option<u64> {
    text.lines().find_map(|line| {
        let (k, v) = line.split_once(':')?;
        if k.trim() != key {
            return None;
        }
        let mut parts = v.split_whitespace();
        let n = parts.next()?.parse().ok()?;
        (parts.next() == Some("kB")).then_some(n)
    })
}

/// `root` and all its descendants (root first), from the parent links in `/proc/*/stat`.
pub(super) fn process_tree(root: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    if let Ok(dir) = fs::read_dir("/proc") {
        for entry in dir.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|s| s.parse::<u32>().ok())
            else {
                continue;
            };
            if let Some(st) = fs::read_to_string(entry.path().join("stat"))
                .ok()
                .and_then(|s| parse_stat(&s))
            {
                parents.push((pid, st.ppid));
            }
        }
    }
    descendants(root, &parents)
}

/// `root` and everything below it in `(pid, parent)` links, breadth first.
pub(super) fn descendants(root: u32, links: &[(u32, u32)]) -> Vec<u32> {
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        let parent = out[i];
        let mut children: Vec<u32> = links
            .iter()
            .filter(|(pid, ppid)| *ppid == parent && *pid != parent)
            .map(|(pid, _)| *pid)
            .collect();
        children.sort_unstable();
        out.extend(children);
        i += 1;
    }
    out
}

/// Name and memory of one process; `None` if it is gone or a zombie.
pub(super) fn read_proc(pid: u32) -> Option<Proc> {
    let stat = parse_stat(&fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)?;
    if stat.state == 'Z' {
        return None;
    }
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    // `comm` is cut at 15 bytes ("WebKitWebProces"); the executable's name is not.
    let name = fs::read(format!("/proc/{pid}/cmdline"))
        .ok()
        .and_then(|c| {
            let argv0 = c.split(|b| *b == 0).next()?;
            let argv0 = String::from_utf8_lossy(argv0).into_owned();
            let base = argv0.rsplit('/').next()?.to_string();
            (!base.is_empty()).then_some(base)
        })
        .unwrap_or(stat.comm);
    Some(Proc {
        pid,
        name,
        rss_kb: parse_kb(&status, "VmRSS")?,
        pss_kb: fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
            .ok()
            .and_then(|s| parse_kb(&s, "Pss")),
    })
}
