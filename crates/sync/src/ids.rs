//! Change ids and batch ids, derived from what is sent.
//!
//! The server stores a change once per change id and answers a known id with the sequence
//! number it gave the first time, so a push whose answer was lost can be sent again without
//! storing anything twice — provided the retry carries the same ids. The store does not keep
//! ids: each push is rebuilt from the tables and the change log. So the id is a hash of the
//! change itself: SHA-256 over the change's JSON (as the server canonicalises it: sorted
//! fields, stamps with their writing devices, bases, schema), cut to a version-8 UUID.
//!
//! - The same unacknowledged change, rebuilt for a retry, has the same content and so the
//!   same id: stored once.
//! - A change whose field was written again before the retry carries a new value and stamp:
//!   a new id, stored as the new write it is (merging makes the older one harmless).
//! - The same content sent twice by any route — a row in the first push's walk over the
//!   tables and again from the change log, or a row another device wrote that this device
//!   pulled before its first push finished its walk — is one change, stored once. The
//!   pushing device is not part of the id: the stamps already name the writer.
//! - Anything else that alters the content (a newer schema after an upgrade, a different
//!   base) alters the id, so an id never comes back with other content — the server would
//!   refuse the whole push (`change_id_reused`) and the device would be stuck.
//!
//! Persisting random ids instead would need a table (a migration) and would break the last
//! point unless every rebuild reused exactly the stored content.

use chainbook_core::merge::RowChange;
use chainbook_protocol::PushChange;
use sha2::{Digest, Sha256};
use uuid::{Builder, Uuid};

/// The id of `change`, whichever device pushes it.
pub fn change_id(change: &RowChange) -> Uuid {
    let mut h = Sha256::new();
    h.update(b"chainbook change v1\0");
    // A struct of strings, numbers and string-keyed maps always serialises.
    let json = serde_json::to_vec(change).unwrap_or_default();
    h.update(&json);
    uuid_of(h)
}

/// The id of a batch: a hash of its change ids, so a retried batch has the same id in the
/// server's logs.
pub fn batch_id(changes: &[PushChange]) -> Uuid {
    let mut h = Sha256::new();
    h.update(b"chainbook batch v1\0");
    for c in changes {
        h.update(c.change_id.as_bytes());
    }
    uuid_of(h)
}

fn uuid_of(h: Sha256) -> Uuid {
    let digest = h.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Builder::from_custom_bytes(bytes).into_uuid()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chainbook_core::merge::{FieldWrite, Stamp};
    use chainbook_core::Hlc;

    use super::*;

    fn change(value: &str, hlc: u64, schema: u32) -> RowChange {
        let device = Uuid::from_u128(7);
        let mut fields = BTreeMap::new();
        for (name, v) in [("phone", value), ("city", "深圳")] {
            fields.insert(
                name.to_owned(),
                FieldWrite {
                    value: serde_json::json!(v),
                    stamp: Stamp {
                        hlc: Hlc::new(hlc, 0),
                        device,
                    },
                    base: None,
                },
            );
        }
        RowChange {
            table: "customers".into(),
            row_id: "0190-row".into(),
            schema,
            created_at: None,
            fields,
        }
    }

    #[test]
    fn the_same_change_rebuilt_has_the_same_id_and_any_difference_another() {
        let d = Uuid::from_u128(7);
        let a = change_id(&change("1", 100, 13));
        assert_eq!(a, change_id(&change("1", 100, 13)));
        assert_eq!(a.get_version_num(), 8);
        let mut other_writer = change("1", 100, 13);
        for f in other_writer.fields.values_mut() {
            f.stamp.device = Uuid::from_u128(8);
        }
        let others = [
            change_id(&change("2", 100, 13)),
            change_id(&change("1", 101, 13)),
            change_id(&change("1", 100, 14)),
            change_id(&other_writer),
        ];
        for o in others {
            assert_ne!(a, o);
        }
        let mut based = change("1", 100, 13);
        if let Some(f) = based.fields.get_mut("phone") {
            f.base = Some(Stamp {
                hlc: Hlc::new(50, 0),
                device: d,
            });
        }
        assert_ne!(a, change_id(&based));
    }

    #[test]
    fn a_batch_id_follows_its_change_ids() {
        let c = |id: u128| PushChange {
            change_id: Uuid::from_u128(id),
            change: change("1", 1, 13),
        };
        assert_eq!(batch_id(&[c(1), c(2)]), batch_id(&[c(1), c(2)]));
        assert_ne!(batch_id(&[c(1), c(2)]), batch_id(&[c(2), c(1)]));
        assert_ne!(batch_id(&[c(1)]), batch_id(&[c(1), c(2)]));
    }
}
