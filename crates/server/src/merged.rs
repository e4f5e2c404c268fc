//! A row's merged state, as the server keeps it for the first-sync snapshot: every change of
//! the row folded into one [`RowChange`] by the rule the devices merge by
//! (`chainbook_core::merge`): per field the write with the greater stamp, the earlier
//! `created_at`, the newest schema. The server still never decides anything for a device: a
//! device that reads a row this way ends where one that applied every change of the row
//! ends, because that rule depends only on the stamps, not on the order or the number of
//! deliveries.
//!
//! What replaying the history would record on a new device and the merged state does not:
//! conflicts between other devices' edits (a new device has no edit of its own to lose, and
//! the devices that did lose one recorded it themselves).

use chainbook_core::merge::RowChange;

/// Folds `change` into `row` (both of the same table and row).
pub fn fold(row: &mut RowChange, change: &RowChange) {
    row.schema = row.schema.max(change.schema);
    row.created_at = match (row.created_at.take(), &change.created_at) {
        (Some(here), Some(other)) => Some(if *other < here { other.clone() } else { here }),
        (here, other) => here.or_else(|| other.clone()),
    };
    for (name, write) in &change.fields {
        match row.fields.get(name) {
            Some(held) if held.stamp >= write.stamp => {}
            _ => {
                row.fields.insert(name.clone(), write.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chainbook_core::merge::{FieldWrite, Stamp};
    use chainbook_core::Hlc;
    use serde_json::json;
    use uuid::Uuid;

    use super::*;

    fn stamp(hlc: u64, device: u8) -> Stamp {
        Stamp {
            hlc: Hlc::new(hlc, 0),
            device: Uuid::from_bytes([device; 16]),
        }
    }

    fn change(created_at: Option<&str>, schema: u32, fields: &[(&str, i64, Stamp)]) -> RowChange {
        RowChange {
            table: "customers".into(),
            row_id: "r".into(),
            schema,
            created_at: created_at.map(str::to_owned),
            fields: fields
                .iter()
                .map(|(k, v, s)| {
                    (
                        (*k).to_owned(),
                        FieldWrite {
                            value: json!(v),
                            stamp: *s,
                            base: None,
                        },
                    )
                })
                .collect::<BTreeMap<_, _>>(),
        }
    }

    #[test]
    fn every_order_of_the_same_changes_folds_to_the_same_row() {
        let insert = change(
            Some("2026-01-02"),
            14,
            &[("a", 1, stamp(10, 1)), ("b", 1, stamp(10, 1))],
        );
        let edit_a = change(None, 15, &[("a", 2, stamp(20, 2))]);
        let older_a = change(None, 14, &[("a", 3, stamp(15, 3))]);
        let second_insert = change(Some("2026-01-01"), 14, &[("b", 4, stamp(12, 4))]);
        let all = [insert, edit_a, older_a, second_insert];
        let mut orders = vec![vec![0, 1, 2, 3], vec![3, 2, 1, 0], vec![1, 0, 3, 2, 1, 0]];
        orders.push(vec![2, 3, 0, 1, 2]);
        let folded: Vec<RowChange> = orders
            .iter()
            .map(|order| {
                let mut row = all[order[0]].clone();
                for i in &order[1..] {
                    fold(&mut row, &all[*i]);
                }
                row
            })
            .collect();
        for row in &folded {
            assert_eq!(row, &folded[0]);
        }
        let row = &folded[0];
        assert_eq!(row.created_at.as_deref(), Some("2026-01-01"), "the earlier");
        assert_eq!(row.schema, 15, "the newest");
        assert_eq!(row.fields["a"].value, json!(2));
        assert_eq!(row.fields["a"].stamp, stamp(20, 2));
        assert_eq!(row.fields["b"].value, json!(4));
        assert_eq!(row.fields["b"].stamp, stamp(12, 4));
    }

    #[test]
    fn updates_before_the_insert_keep_no_creation_time_until_it_comes() {
        let mut row = change(None, 14, &[("a", 2, stamp(20, 2))]);
        fold(&mut row, &change(None, 14, &[("b", 5, stamp(21, 2))]));
        assert_eq!(row.created_at, None);
        fold(
            &mut row,
            &change(
                Some("t"),
                14,
                &[("a", 1, stamp(10, 1)), ("b", 1, stamp(10, 1))],
            ),
        );
        assert_eq!(row.created_at.as_deref(), Some("t"));
        assert_eq!(
            (row.fields["a"].value.clone(), row.fields["b"].value.clone()),
            (json!(2), json!(5))
        );
    }
}
