//! The writes a power loss can take: per file, every write and truncate since its last
//! completed sync, with the bytes each replaced, so the file can be put back as it was at
//! that sync and then given any part of them again.

use std::collections::HashMap;
use std::fs::OpenOptions;
use std::os::unix::fs::FileExt;
use std::path::PathBuf;

/// The smallest part of a write a disk can take or leave (a sector).
const SECTOR: usize = 512;

/// A file's writes since its last sync.
pub(crate) struct Pending {
    /// Its length at that sync.
    pub len: u64,
    pub ops: Vec<Op>,
}

pub(crate) enum Op {
    /// `new` written at `at` over `old` (shorter when the write went past the end).
    Write { at: u64, old: Vec<u8>, new: Vec<u8> },
    /// Cut to `len`, losing `tail`.
    Truncate { len: u64, tail: Vec<u8> },
}

/// What a power cut did to the unsynced writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LossReport {
    /// Files with writes since their last sync: database files, and logs (`-wal`, `-journal`).
    pub databases: usize,
    pub logs: usize,
    /// Their writes and truncates since then.
    pub unsynced: usize,
    /// Of those, kept whole, and kept in part (some sectors of a write).
    pub kept: usize,
    pub torn: usize,
}

/// How a cut treats the unsynced writes: all lost; each kept or lost; each kept, lost or torn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    AllLost,
    Some,
    Torn,
}

/// A small seeded generator (splitmix64): a cut is reproducible from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Puts every file back to its last sync, then replays a seeded part of its unsynced writes
/// in their order (a disk that took a later write may have lost an earlier one).
pub(crate) fn apply(pending: HashMap<PathBuf, Pending>, seed: u64) -> std::io::Result<LossReport> {
    let mut rng = Rng(seed);
    let mode = match rng.below(3) {
        0 => Mode::AllLost,
        1 => Mode::Some,
        _ => Mode::Torn,
    };
    let mut report = LossReport::default();
    // In path order, so a seed means the same cut every run.
    let mut files: Vec<_> = pending.into_iter().collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, p) in files {
        if p.ops.is_empty() {
            continue;
        }
        let name = path.to_string_lossy();
        if name.ends_with("-wal") || name.ends_with("-journal") {
            report.logs += 1;
        } else {
            report.databases += 1;
        }
        report.unsynced += p.ops.len();
        let file = OpenOptions::new().write(true).open(&path)?;
        for op in p.ops.iter().rev() {
            match op {
                Op::Write { at, old, .. } => file.write_all_at(old, *at)?,
                Op::Truncate { len, tail } => file.write_all_at(tail, *len)?,
            }
        }
        file.set_len(p.len)?;
        if mode == Mode::AllLost {
            continue;
        }
        for op in &p.ops {
            if rng.below(2) == 0 {
                continue;
            }
            match op {
                Op::Truncate { len, .. } => {
                    file.set_len(*len)?;
                    report.kept += 1;
                }
                Op::Write { at, new, .. } if mode == Mode::Torn && rng.below(2) == 0 => {
                    for (i, sector) in new.chunks(SECTOR).enumerate() {
                        if rng.below(2) == 0 {
                            file.write_all_at(sector, at + (i * SECTOR) as u64)?;
                        }
                    }
                    report.torn += 1;
                }
                Op::Write { at, new, .. } => {
                    file.write_all_at(new, *at)?;
                    report.kept += 1;
                }
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_goes_back_to_its_last_sync_and_some_writes_come_again() {
        let dir = std::env::temp_dir().join(format!("faultvfs-loss-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("f");
        // Synced: 1024 bytes of 1. Then 512 of 2 over the start, 512 of 3 appended, a cut to
        // 1200, all on disk now and none synced.
        std::fs::write(&path, vec![1u8; 1024]).unwrap();
        let f = OpenOptions::new().write(true).open(&path).unwrap();
        f.write_all_at(&[2; 512], 0).unwrap();
        f.write_all_at(&[3; 512], 1024).unwrap();
        f.set_len(1200).unwrap();
        let ops = vec![
            Op::Write {
                at: 0,
                old: vec![1; 512],
                new: vec![2; 512],
            },
            Op::Write {
                at: 1024,
                old: vec![],
                new: vec![3; 512],
            },
            Op::Truncate {
                len: 1200,
                tail: vec![3; 336],
            },
        ];
        let mut seen = std::collections::HashSet::new();
        for seed in 0..64 {
            let one = |ops: Vec<Op>| {
                let mut m = HashMap::new();
                m.insert(path.clone(), Pending { len: 1024, ops });
                apply(m, seed).unwrap()
            };
            let clone = |ops: &[Op]| -> Vec<Op> {
                ops.iter()
                    .map(|o| match o {
                        Op::Write { at, old, new } => Op::Write {
                            at: *at,
                            old: old.clone(),
                            new: new.clone(),
                        },
                        Op::Truncate { len, tail } => Op::Truncate {
                            len: *len,
                            tail: tail.clone(),
                        },
                    })
                    .collect()
            };
            let r = one(clone(&ops));
            let bytes = std::fs::read(&path).unwrap();
            assert_eq!((r.databases, r.logs, r.unsynced), (1, 0, 3));
            // Every byte is the synced one or one of the unsynced writes' at its place.
            assert!(bytes.len() == 1024 || bytes.len() == 1200 || bytes.len() == 1536);
            assert!(bytes[..512].iter().all(|b| *b == 1 || *b == 2));
            assert!(bytes[512..1024].iter().all(|b| *b == 1));
            assert!(bytes[1024..].iter().all(|b| *b == 3 || *b == 0));
            if r.kept + r.torn == 0 {
                assert_eq!(bytes, vec![1; 1024], "seed {seed}: all lost");
            }
            seen.insert((r.kept + r.torn == 0, r.torn > 0));
            // The same seed is the same loss.
            let again = bytes.clone();
            std::fs::write(&path, {
                let mut now = vec![2u8; 512];
                now.extend([1; 512]);
                now.extend([3; 176]);
                now
            })
            .unwrap();
            assert_eq!(one(clone(&ops)), r);
            assert_eq!(std::fs::read(&path).unwrap(), again, "seed {seed}");
            // Back to the state before the cut for the next seed.
            std::fs::write(&path, {
                let mut now = vec![2u8; 512];
                now.extend([1; 512]);
                now.extend([3; 176]);
                now
            })
            .unwrap();
        }
        assert_eq!(seen.len(), 3, "all lost, some kept, some torn: {seen:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
