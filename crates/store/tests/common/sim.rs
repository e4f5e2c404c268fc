//! Random multi-device work through the real store API and the checks that replicas which
//! exchanged all their changes converged, shared by the store's in-process simulation
//! (`crates/store/tests/it/sim.rs`) and the sync client's simulation through the real server
//! (`crates/sync/tests/it/sim.rs`, which includes this file by `#[path]`). Test code only: it
//! is not part of any crate's API.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use chainbook_core::complaint::{ComplaintAction, FeedbackDraft, SlaPolicy};
use chainbook_core::contact::ContactDraft;
use chainbook_core::customer::CustomerDraft;
use chainbook_core::merge::{RowChange, Stamp};
use chainbook_core::order::{
    LineMoneyDraft, OrderAction, OrderDraft, OrderLineDraft, ShipmentDraft,
};
use chainbook_core::product::{MovementDraft, ProductDraft};
use chainbook_core::segment::CustomerFilter;
use chainbook_core::survey::SurveyDraft;
use chainbook_store::{registry, Store, StoreError};
use rusqlite::types::Value as SqlValue;
use uuid::Uuid;

/// A device's store as the checks see it, with a second connection to its file.
pub struct Replica<'a> {
    pub store: &'a Store,
    pub conn: &'a rusqlite::Connection,
    pub path: &'a Path,
}

/// A local write of a field: device index, table, row, field, HLC.
pub type LocalWrite = (usize, String, String, String, i64);

/// Notes device `d`'s local writes from its change log (call after each operation): a write
/// the device replaced itself before sending it never reaches the server, but the device
/// knew the value it replaced.
pub fn note_local_writes(d: usize, conn: &rusqlite::Connection, into: &mut HashSet<LocalWrite>) {
    let mut stmt = conn
        .prepare_cached("SELECT tbl, row_id, field, hlc FROM change_log WHERE field <> ''")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((d, r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap);
    into.extend(rows);
}

/// splitmix64: small, fast and the same everywhere.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }
}

/// Errors a write may meet in a world others change too (an order another device cancelled,
/// a product deleted elsewhere); anything else is a bug.
pub fn expected(r: Result<impl Sized, StoreError>) {
    if let Err(e) = r {
        match e {
            StoreError::Invalid(_) | StoreError::NotFound { .. } | StoreError::Conflict(_) => {}
            other => panic!("unexpected store error: {other:?}"),
        }
    }
}

/// A conflict as a device recorded it: table, row, field, the lost value's HLC, device and
/// value (as stored JSON).
pub type Recorded = (String, String, String, i64, String, String);

pub fn ids(conn: &rusqlite::Connection, sql: &str) -> Vec<Uuid> {
    let mut stmt = conn.prepare_cached(sql).unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|s| Uuid::parse_str(&s.unwrap()).unwrap())
        .collect()
}

/// One random operation of device `d` (its `serial`-th) through the real store API:
/// customers and contacts, products (now and then a SKU another device may also use), stock,
/// orders through their lifecycle, complaints, surveys, segments, deletes, and now and then a
/// business setting (a few values, so devices often set one apart). `conn` is a second
/// connection to the store's file, to pick random rows cheaply.
pub fn work(rng: &mut Rng, d: usize, serial: usize, conn: &rusqlite::Connection, s: &mut Store) {
    let op = rng.below(17);
    let customers = ids(
        conn,
        "SELECT id FROM customers WHERE deleted = 0 ORDER BY id",
    );
    let products = ids(
        conn,
        "SELECT id FROM products WHERE deleted = 0 ORDER BY id",
    );
    let orders = ids(
        conn,
        "SELECT id FROM sales_orders WHERE deleted = 0 ORDER BY id",
    );
    let cities = ["深圳", "广州", "东莞", "佛山"];
    let customer = |rng: &mut Rng, name: String| CustomerDraft {
        name,
        city: rng.pick(&cities).unwrap().to_string(),
        country: "CN".into(),
        currency: "CNY".into(),
        credit_limit: format!("{}", 1000 * (1 + rng.below(9))),
        contacts: (0..rng.below(3))
            .map(|i| ContactDraft {
                name: format!("联系人{i}"),
                phone: format!("1380013800{i}"),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    match op {
        0 | 1 => expected(
            s.customers_mut()
                .create(&customer(rng, format!("客户 {d}-{serial}"))),
        ),
        2 | 3 => {
            let Some(&id) = rng.pick(&customers) else {
                return;
            };
            let Ok(detail) = s.customers().detail(id) else {
                return;
            };
            let mut draft = customer(rng, detail.customer.fields.name.clone());
            // Keep some contacts, edit one, add or drop others.
            let mut contacts = Vec::new();
            for c in &detail.contacts {
                if rng.chance(70) {
                    let phone = if rng.chance(30) {
                        format!("1390013900{}", rng.below(10))
                    } else {
                        c.phone.clone()
                    };
                    contacts.push(ContactDraft {
                        id: c.id,
                        name: c.name.clone(),
                        phone,
                        ..Default::default()
                    });
                }
            }
            contacts.extend(draft.contacts.into_iter().take(1));
            draft.contacts = contacts;
            expected(s.customers_mut().update(id, &draft));
        }
        4 => {
            let Some(&id) = rng.pick(&customers) else {
                return;
            };
            expected(s.customers_mut().delete(id));
        }
        5 => expected(s.products_mut().create(&ProductDraft {
            // Now and then a SKU another device may also give a product while apart.
            sku: if rng.chance(25) {
                format!("SHARED-{}", rng.below(3))
            } else {
                format!("D{d}-{serial}")
            },
            name: format!("产品 {d}-{serial}"),
            unit: "件".into(),
            currency: "CNY".into(),
            price: format!("{}.50", 10 + rng.below(90)),
            active: true,
            ..Default::default()
        })),
        6 => {
            let Some(&id) = rng.pick(&products) else {
                return;
            };
            let Ok(p) = s.products().get(id) else { return };
            let mut draft = ProductDraft {
                sku: p.fields.sku.clone(),
                name: p.fields.name.clone(),
                unit: p.fields.unit.clone(),
                currency: p.fields.currency.clone(),
                price: format!("{}.00", 10 + rng.below(90)),
                active: true,
                ..Default::default()
            };
            if rng.chance(20) {
                draft.name = format!("{} 改", p.fields.name);
            }
            expected(s.products_mut().update(id, &draft));
        }
        7 | 8 => {
            let Some(&id) = rng.pick(&products) else {
                return;
            };
            let kind = if rng.chance(70) {
                "receipt"
            } else {
                "adjustment"
            };
            expected(s.stock_mut().record(&MovementDraft {
                product_id: id,
                kind: kind.into(),
                quantity: format!("{}", 1 + rng.below(50)),
                ..Default::default()
            }));
        }
        9 | 10 => {
            let (Some(&c), Some(&p)) = (rng.pick(&customers), rng.pick(&products)) else {
                return;
            };
            let lines = (0..1 + rng.below(2))
                .map(|_| OrderLineDraft {
                    id: None,
                    product_id: if rng.chance(50) {
                        p
                    } else {
                        *rng.pick(&products).unwrap()
                    },
                    money: LineMoneyDraft {
                        quantity: format!("{}", 1 + rng.below(5)),
                        unit_price: "100.00".into(),
                        ..Default::default()
                    },
                })
                .collect();
            expected(s.orders_mut().create(&OrderDraft {
                customer_id: c,
                lines,
                ..Default::default()
            }));
        }
        11 | 12 => {
            let Some(&id) = rng.pick(&orders) else { return };
            let Ok(o) = s.orders().get(id) else { return };
            match rng.below(6) {
                0 => expected(s.orders_mut().confirm(id, true, true)),
                1 => expected(s.orders_mut().action(id, OrderAction::StartPicking, None)),
                2 => expected(
                    s.orders_mut().ship(
                        id,
                        &ShipmentDraft {
                            shipped_on: "2026-11-20".into(),
                            lines: o
                                .lines
                                .iter()
                                .map(|l| (l.id, l.money.quantity.to_string()))
                                .collect(),
                            ..Default::default()
                        },
                    ),
                ),
                3 => expected(s.orders_mut().action(id, OrderAction::Deliver, None)),
                4 => expected(s.orders_mut().action(id, OrderAction::Close, None)),
                _ => expected(s.orders_mut().action(id, OrderAction::Cancel, None)),
            }
        }
        13 => {
            let Some(&c) = rng.pick(&customers) else {
                return;
            };
            let complaints = ids(conn, "SELECT id FROM complaints ORDER BY id");
            match rng.pick(&complaints) {
                Some(&id) if rng.chance(60) => {
                    let action = *rng
                        .pick(&[
                            ComplaintAction::Acknowledge,
                            ComplaintAction::Investigate,
                            ComplaintAction::Resolve,
                            ComplaintAction::Close,
                            ComplaintAction::Reopen,
                        ])
                        .unwrap();
                    expected(s.complaints_mut().action(id, action, ""));
                }
                _ => expected(s.complaints_mut().open(&FeedbackDraft {
                    kind: "complaint".into(),
                    customer_id: Some(c),
                    channel: "phone".into(),
                    category: "damaged".into(),
                    severity: "high".into(),
                    description: format!("投诉 {d}-{serial}"),
                    ..Default::default()
                })),
            }
        }
        14 => {
            let Some(&c) = rng.pick(&customers) else {
                return;
            };
            expected(s.surveys_mut().add_many(&[SurveyDraft {
                customer_id: Some(c),
                nps: Some(rng.below(11) as i64),
                channel: "phone".into(),
                responded_on: "2026-11-20".into(),
                ..Default::default()
            }]));
        }
        15 => match rng.below(3) {
            0 => expected(
                s.settings_mut()
                    .set_home_country(rng.pick(&["CN", "DE", "US"]).unwrap()),
            ),
            1 => {
                let mut p = SlaPolicy::default();
                p.hours[3] = (1 + rng.below(4) as u32, 24);
                expected(s.settings_mut().set_sla_policy(&p));
            }
            _ => expected(
                s.settings_mut()
                    .set_loyalty_weight(rng.below(5) as f64 / 4.0),
            ),
        },
        _ => {
            let segments = ids(
                conn,
                "SELECT id FROM segments WHERE deleted = 0 ORDER BY id",
            );
            match rng.pick(&segments) {
                Some(&id) if rng.chance(50) => expected(s.segments_mut().delete(id)),
                Some(&id) => expected(s.segments_mut().update(
                    id,
                    &format!("分组 {d}-{serial}"),
                    CustomerFilter::default(),
                )),
                None => expected(
                    s.segments_mut()
                        .create(&format!("分组 {d}-{serial}"), CustomerFilter::default()),
                ),
            }
        }
    }
}

/// A migrated database without a device identity, copied for every device: migrating each
/// of 15,000 files from scratch would be most of the run.
pub fn template() -> &'static Path {
    static TEMPLATE: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    &TEMPLATE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("template.db");
            drop(Store::open(&path).unwrap());
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch("DELETE FROM device; PRAGMA wal_checkpoint(TRUNCATE);")
                .unwrap();
            drop(conn);
            (dir, path)
        })
        .1
}

/// A folder for one seed's files: in memory where the OS offers it (`/dev/shm`), since the
/// simulation checks the merge, not the disk (fsync costs are the crash suite's business).
pub fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(d) = tempfile::tempdir_in(shm) {
            return d;
        }
    }
    tempfile::tempdir().unwrap()
}

/// After everyone has pushed and pulled everything (`relay` is every stored change, in the
/// order it was numbered): nothing is left to send, waiting or refused; stock on hand equals
/// its movements; every replica holds the same rows; and [`check_writes`].
pub fn check(relay: &[RowChange], devices: &[Replica<'_>], local_writes: &HashSet<LocalWrite>) {
    for dev in devices {
        let status = dev.store.sync().status().unwrap();
        assert_eq!(
            (
                status.change_log,
                status.waiting,
                status.refused,
                status.newer_schema
            ),
            (0, 0, 0, 0),
            "{status:?}; refused: {:?}",
            dev.conn
                .prepare("SELECT detail FROM sync_pending")
                .unwrap()
                .query_map([], |r| r.get::<_, String>(0))
                .unwrap()
                .map(Result::unwrap)
                .collect::<Vec<_>>()
        );
        check_stock(dev.store, dev.conn);
    }
    if std::env::var_os("CHAINBOOK_SIM_STATS").is_some() {
        let conflicts: Vec<(String, i64)> = devices[0]
            .conn
            .prepare("SELECT field, count(*) FROM sync_conflicts GROUP BY field")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        eprintln!(
            "relay {} changes; device 0 conflicts {conflicts:?}",
            relay.len()
        );
    }
    let first = content(devices[0].path);
    for dev in &devices[1..] {
        let other = content(dev.path);
        for (table, rows) in &first {
            assert_eq!(rows, &other[table], "{table}: device 0 and {:?}", dev.path);
        }
    }
    check_writes(relay, devices, local_writes);
}

/// Stock on hand equals the sum of each product's movements, and the monthly sums the
/// triggers keep (`stock_months`) equal the ledger summed afresh.
pub fn check_stock(store: &Store, conn: &rusqlite::Connection) {
    for p in ids(conn, "SELECT id FROM products ORDER BY id") {
        let sum: i64 = conn
            .query_row(
                "SELECT coalesce(sum(qty_milli), 0) FROM stock_movements WHERE product_id = ?1",
                [p.to_string()],
                |r| r.get(0),
            )
            .unwrap();
        if let Ok(product) = store.products().get(p) {
            assert_eq!(product.on_hand.0, sum, "on hand of {p}");
        }
    }
    // The monthly sums the triggers keep equal the ledger summed afresh.
    let months = |sql: &str| -> Vec<(String, String, i64, i64)> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(
        months(
            "SELECT product_id, month, net_milli, out_milli FROM stock_months
                 WHERE net_milli <> 0 OR out_milli <> 0 ORDER BY 1, 2"
        ),
        months(
            "SELECT product_id, substr(occurred_on, 1, 7), sum(qty_milli),
                        sum(CASE WHEN kind IN ('shipment', 'return') THEN qty_milli ELSE 0 END)
                 FROM stock_movements WHERE deleted = 0 GROUP BY 1, 2
                 HAVING sum(qty_milli) <> 0
                     OR sum(CASE WHEN kind IN ('shipment', 'return') THEN qty_milli ELSE 0 END) <> 0
                 ORDER BY 1, 2"
        ),
        "stock_months"
    );
}

/// Every stored write: the latest of each field is what the stores hold, and a surfaced
/// write overwritten without being seen is a conflict on the device that made it.
pub fn check_writes(
    relay: &[RowChange],
    devices: &[Replica<'_>],
    local_writes: &HashSet<LocalWrite>,
) {
    type Key = (String, String, String);
    let mut writes: BTreeMap<Key, Vec<(Stamp, serde_json::Value)>> = BTreeMap::new();
    let mut bases: HashMap<Key, Vec<Stamp>> = HashMap::new();
    for c in relay {
        for (f, w) in &c.fields {
            let key = (c.table.clone(), c.row_id.clone(), f.clone());
            writes
                .entry(key.clone())
                .or_default()
                .push((w.stamp, w.value.clone()));
            if let Some(b) = w.base {
                bases.entry(key).or_default().push(b);
            }
        }
    }
    let conn = devices[0].conn;
    let conflicts: Vec<(usize, Vec<Recorded>)> = devices
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut stmt = d
                .conn
                .prepare(
                    "SELECT tbl, row_id, field, lost_hlc, lost_device, lost_value
                     FROM sync_conflicts",
                )
                .unwrap();
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            (i, rows)
        })
        .collect();
    for ((table, row, field), mut ws) in writes {
        ws.sort_by_key(|w| w.0);
        ws.dedup_by_key(|w| w.0);
        let (last_stamp, last_value) = ws.last().unwrap().clone();
        let stored: SqlValue = conn
            .query_row(
                &format!("SELECT {field} FROM {table} WHERE id = ?1"),
                [&row],
                |r| r.get(0),
            )
            .unwrap();
        let stored = match stored {
            SqlValue::Null => serde_json::Value::Null,
            SqlValue::Integer(i) => i.into(),
            SqlValue::Real(f) => f.into(),
            SqlValue::Text(t) => t.into(),
            SqlValue::Blob(_) => panic!("blob"),
        };
        assert_eq!(
            stored, last_value,
            "{table}.{field} of {row}: the latest write ({last_stamp:?})"
        );
        if !registry::surfaced(&field) {
            continue;
        }
        let key = (table.clone(), row.clone(), field.clone());
        for (stamp, value) in &ws[..ws.len() - 1] {
            // Seen when a later write was made on top of it, or by the same device (a
            // device knows its own writes: a resent change keeps its first base).
            // A later write made on top of the same value (written concurrently by two
            // devices) saw it too.
            let seen = bases.get(&key).is_some_and(|b| {
                b.iter()
                    .any(|b| ws.iter().any(|(s, v)| s == b && v == value))
            }) || ws
                .iter()
                .any(|(s, _)| s > stamp && s.device == stamp.device);
            let dev = devices
                .iter()
                .position(|d| d.store.device().id == stamp.device)
                .unwrap();
            let replaced_here = local_writes.iter().any(|(d, t, r, f, h)| {
                *d == dev && (t, r, f) == (&table, &row, &field) && *h > stamp.hlc.to_i64()
            });
            let seen = seen || replaced_here;
            if seen || *value == last_value {
                continue;
            }
            // The device records the loss of this value, of a later value of its own that
            // replaced it before it was sent, or of the same value written by another
            // device, which it had taken.
            let recorded = conflicts[dev].1.iter().any(|(t, r, f, h, d, v)| {
                (t, r, f) == (&table, &row, &field)
                    && *h >= stamp.hlc.to_i64()
                    && (*d == stamp.device.to_string()
                        || serde_json::from_str::<serde_json::Value>(v).ok().as_ref()
                            == Some(value))
            });
            if !recorded {
                for (i, cs) in &conflicts {
                    for c in cs
                        .iter()
                        .filter(|c| (&c.0, &c.1, &c.2) == (&table, &row, &field))
                    {
                        eprintln!("device {i} recorded {c:?}");
                    }
                }
            }
            assert!(
                recorded,
                "{table}.{field} of {row}: device {dev}'s write {value} ({stamp:?}) lost to {last_value} without a conflict; writes {ws:?}, bases {:?}",
                bases.get(&key)
            );
        }
    }
}

/// Every synced and derived table's rows (sync columns included), by table, sorted: two
/// devices that have exchanged all their changes hold the same content.
pub fn content(
    path: &std::path::Path,
) -> std::collections::BTreeMap<String, Vec<Vec<rusqlite::types::Value>>> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut tables: Vec<String> = chainbook_store::registry::all()
        .map(|t| t.name.to_owned())
        .collect();
    tables.extend(
        [
            "customer_tags",
            "so_counts",
            "so_totals",
            "customer_rhythm",
            "stock_months",
        ]
        .map(str::to_owned),
    );
    let mut out = std::collections::BTreeMap::new();
    for t in tables {
        // A count that went back to zero may stay as a row on one device and not another.
        let only_live = match t.as_str() {
            "so_counts" => " WHERE n <> 0",
            "stock_months" => " WHERE net_milli <> 0 OR out_milli <> 0",
            _ => "",
        };
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {t}{only_live}"))
            .unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<Vec<rusqlite::types::Value>> = stmt
            .query_map([], |r| (0..n).map(|i| r.get(i)).collect())
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        out.insert(t, rows);
    }
    out
}
