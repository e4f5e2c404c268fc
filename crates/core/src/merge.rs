//! The merge rules of sync: how a value written on another device meets the local one.
//!
//! Every field of a record carries a [`Stamp`]: the HLC of the write that set it and the
//! device that wrote it. Field by field, the value with the greater stamp wins (last writer
//! wins by HLC, ties broken by device id), so every device that has seen the same writes holds
//! the same value, whatever order the writes arrived in. A tombstone (`deleted`) is a field
//! like any other. Insert-only facts never change after insert, so devices merge them by
//! union; derived numbers (stock on hand, totals, counts) are never merged, only recomputed
//! from the merged rows.
//!
//! A write also names the stamp of the value it replaced (its *base*). Two writes of one field
//! are **concurrent** when neither was made on top of the other: the remote write's base is
//! not the local value, and (when the local value is a local edit not yet sent) the local
//! write's base is not the remote value. The rule still picks the winner by stamp; a concurrent
//! edit with different values is a [`Decision::conflict`], kept for review with the losing
//! value. Fields where a silent loss hurts (prices, credit limits, statuses, any money) are
//! shown to the user; the store's table registry says which.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::hlc::Hlc;

/// When and where a field's value was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stamp {
    pub hlc: Hlc,
    pub device: Uuid,
}

impl Ord for Stamp {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.hlc, self.device).cmp(&(other.hlc, other.device))
    }
}

impl PartialOrd for Stamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// One row's change as devices exchange it: the fields written, each with its stamp and the
/// stamp of the value it replaced. An insert carries every column and the row's `created_at`;
/// a fact is only ever inserted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowChange {
    pub table: String,
    pub row_id: String,
    /// The schema version of the device that wrote it: a change from a newer schema waits
    /// until this device understands it.
    pub schema: u32,
    /// `Some` for the row's insert (the whole row).
    pub created_at: Option<String>,
    pub fields: BTreeMap<String, FieldWrite>,
}

/// One field of a [`RowChange`]: the stored value (as JSON), when and where it was written,
/// and the stamp of the value it replaced (`None` for an insert).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldWrite {
    pub value: serde_json::Value,
    pub stamp: Stamp,
    pub base: Option<Stamp>,
}

impl RowChange {
    /// The greatest stamp of its fields.
    pub fn max_stamp(&self) -> Option<Stamp> {
        self.fields.values().map(|f| f.stamp).max()
    }
}

/// What the local device knows about its own value of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Local {
    pub stamp: Stamp,
    /// `Some(base)` while the local value is an edit not yet acknowledged by the server, with
    /// the stamp of the value it replaced (`None` inside when the row was inserted here);
    /// `None` once it was sent, or when it came from another device.
    pub pending_base: Option<Option<Stamp>>,
}

/// A field's value as written on another device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Remote {
    pub stamp: Stamp,
    /// The stamp of the value that write replaced; `None` for a row's insert.
    pub base: Option<Stamp>,
}

/// What to do with one remote field write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// Store the remote value and its stamp.
    pub take_remote: bool,
    /// The two writes were concurrent and their values differ: one was lost.
    pub conflict: bool,
}

/// Decides one field. `local` is `None` when the row or field is not here yet; `same_value`
/// says whether the two values are equal (equal values never conflict).
pub fn decide(local: Option<Local>, remote: Remote, same_value: bool) -> Decision {
    let Some(local) = local else {
        return Decision {
            take_remote: true,
            conflict: false,
        };
    };
    if remote.stamp == local.stamp {
        // The same write delivered again.
        return Decision {
            take_remote: false,
            conflict: false,
        };
    }
    let take_remote = remote.stamp > local.stamp;
    let conflict = !same_value
        && if take_remote {
            // The remote writer had not seen the local value.
            remote.base != Some(local.stamp)
        } else {
            // Known only while the local edit is unsent: it was not made on top of the remote
            // value. Once sent, the other device sees the clash when our value reaches it.
            matches!(local.pending_base, Some(base) if base != Some(remote.stamp))
        };
    Decision {
        take_remote,
        conflict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn stamp(hlc: u64, device: u8) -> Stamp {
        Stamp {
            hlc: Hlc::new(hlc, 0),
            device: Uuid::from_bytes([device; 16]),
        }
    }

    fn sent(stamp: Stamp) -> Local {
        Local {
            stamp,
            pending_base: None,
        }
    }

    #[test]
    fn a_field_not_here_takes_the_remote_value() {
        let d = decide(
            None,
            Remote {
                stamp: stamp(5, 1),
                base: None,
            },
            false,
        );
        assert_eq!(
            d,
            Decision {
                take_remote: true,
                conflict: false
            }
        );
    }

    #[test]
    fn an_edit_made_on_top_of_ours_wins_without_conflict() {
        let ours = stamp(10, 1);
        let d = decide(
            Some(sent(ours)),
            Remote {
                stamp: stamp(20, 2),
                base: Some(ours),
            },
            false,
        );
        assert!(d.take_remote && !d.conflict);
    }

    #[test]
    fn concurrent_edits_pick_the_later_and_flag_a_conflict_on_both_sides() {
        let origin = stamp(5, 9);
        let a = stamp(10, 1);
        let b = stamp(20, 2);
        // On A (its edit unsent), B's later edit arrives: A's value loses.
        let on_a = decide(
            Some(Local {
                stamp: a,
                pending_base: Some(Some(origin)),
            }),
            Remote {
                stamp: b,
                base: Some(origin),
            },
            false,
        );
        assert!(on_a.take_remote && on_a.conflict);
        // On B (its edit unsent), A's earlier edit arrives: B keeps its value and sees the clash.
        let on_b = decide(
            Some(Local {
                stamp: b,
                pending_base: Some(Some(origin)),
            }),
            Remote {
                stamp: a,
                base: Some(origin),
            },
            false,
        );
        assert!(!on_b.take_remote && on_b.conflict);
        // Equal values are never a conflict.
        assert!(
            !decide(
                Some(sent(a)),
                Remote {
                    stamp: b,
                    base: Some(origin)
                },
                true
            )
            .conflict
        );
    }

    #[test]
    fn an_older_write_delivered_late_loses_quietly_once_ours_was_sent() {
        let d = decide(
            Some(sent(stamp(20, 2))),
            Remote {
                stamp: stamp(10, 1),
                base: None,
            },
            false,
        );
        assert_eq!(
            d,
            Decision {
                take_remote: false,
                conflict: false
            }
        );
    }

    #[test]
    fn the_same_write_twice_changes_nothing() {
        let s = stamp(10, 1);
        let d = decide(
            Some(sent(s)),
            Remote {
                stamp: s,
                base: None,
            },
            true,
        );
        assert!(!d.take_remote && !d.conflict);
    }

    #[test]
    fn equal_hlcs_are_ordered_by_device() {
        assert!(stamp(10, 2) > stamp(10, 1));
        assert!(stamp(11, 1) > stamp(10, 2));
    }

    /// Applies writes (stamp, value) one by one to a field, as a device would.
    fn apply(order: &[(Stamp, u8)]) -> Option<(Stamp, u8)> {
        let mut field: Option<(Stamp, u8)> = None;
        for &(stamp, value) in order {
            let local = field.map(|(s, _)| sent(s));
            let same = field.map(|(_, v)| v == value).unwrap_or(false);
            if decide(local, Remote { stamp, base: None }, same).take_remote {
                field = Some((stamp, value));
            }
        }
        field
    }

    proptest! {
        /// Whatever order the writes arrive in, and however often, every device ends with the
        /// value of the greatest stamp.
        #[test]
        fn every_delivery_order_converges(
            writes in prop::collection::vec((0u64..50, 0u8..4, 0u8..5), 1..12),
            seed in any::<u64>(),
        ) {
            // Distinct stamps: one device never writes two values at one HLC.
            let mut writes: Vec<(Stamp, u8)> =
                writes.into_iter().map(|(h, d, v)| (stamp(h, d), v)).collect();
            writes.sort_by_key(|w| w.0);
            writes.dedup_by_key(|w| w.0);
            let expect = writes.iter().max_by_key(|w| w.0).copied();
            // A shuffled order with duplicates.
            let mut order = writes.clone();
            order.extend(writes.iter().step_by(2).copied());
            let mut s = seed;
            for i in (1..order.len()).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                order.swap(i, (s >> 33) as usize % (i + 1));
            }
            prop_assert_eq!(apply(&order), expect);
            prop_assert_eq!(apply(&writes), expect);
        }

        /// Two devices editing one field concurrently (both on top of the same value): after
        /// exchanging their edits both hold the later one, and the device whose value lost
        /// records the conflict whenever the values differ.
        #[test]
        fn concurrent_edits_converge_and_the_loser_sees_it(
            ha in 1u64..100, hb in 1u64..100, va in 0u8..3, vb in 0u8..3, a_first in any::<bool>(),
        ) {
            let origin = stamp(0, 9);
            let a = stamp(ha, 1);
            let b = stamp(hb, 2);
            // Each device receives the other's edit while its own is unsent, or after it was
            // sent; `a_first` says whose push reached the server first (that device's edit is
            // sent when the other's arrives).
            let on_a = decide(
                Some(Local { stamp: a, pending_base: if a_first { None } else { Some(Some(origin)) } }),
                Remote { stamp: b, base: Some(origin) },
                va == vb,
            );
            let on_b = decide(
                Some(Local { stamp: b, pending_base: if a_first { Some(Some(origin)) } else { None } }),
                Remote { stamp: a, base: Some(origin) },
                va == vb,
            );
            let final_a = if on_a.take_remote { vb } else { va };
            let final_b = if on_b.take_remote { va } else { vb };
            prop_assert_eq!(final_a, final_b);
            let a_lost = b > a;
            if va != vb {
                if a_lost { prop_assert!(on_a.conflict) } else { prop_assert!(on_b.conflict) }
            } else {
                prop_assert!(!on_a.conflict && !on_b.conflict);
            }
        }
    }
}
