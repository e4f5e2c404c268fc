//! Deterministic simulation of sync between several devices (FoundationDB-style, in process).
//!
//! Each seed builds 3–5 stores on temp files with wall clocks skewed by up to ±24 h. They do
//! random work through the real store API (customers and contacts, products — some given the
//! same SKU on two devices — and stock,
//! orders through their lifecycle, complaints, surveys, segments, deletes) and exchange their
//! changes through a relay that numbers what it stores, as the server will: pushes are
//! dropped or stored without their acknowledgement (so sent again), pulls are dropped, start
//! again from an earlier point (so delivered again), or come shuffled; a pulled page is applied
//! with its cursor in one transaction. After everyone has
//! pushed and pulled everything:
//! - every store holds the same content in every synced and derived table, row by row;
//! - no stored change is lost: each field holds the value of its latest stored write;
//! - stock on hand equals the sum of the movements, on every device;
//! - every stored write of a money, quantity, status or delete field that was overwritten
//!   by a write that had not seen it is recorded as a conflict on the device that made it;
//! - nothing waits, nothing was refused, no change log is left.
//!
//! `CHAINBOOK_SIM_SEEDS` sets how many seeds run (1,000 of 60 steps; 10,000 of 150 steps with
//! `--slow`; `CHAINBOOK_SIM_STEPS` overrides the steps), and
//! `CHAINBOOK_SIM_SEED=n` replays one; a failing seed prints the command that replays it.
//! `CHAINBOOK_SIM_STATS=1` prints each seed's relay size and conflicts by field.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chainbook_core::complaint::{ComplaintAction, FeedbackDraft};
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
use chrono::{DateTime, Duration, TimeZone, Utc};
use rusqlite::types::Value as SqlValue;
use uuid::Uuid;

/// splitmix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }
}

struct Device {
    store: Store,
    /// A second connection to the same file, to pick random rows cheaply.
    conn: rusqlite::Connection,
    path: PathBuf,
    serial: usize,
}

struct Sim {
    rng: Rng,
    devices: Vec<Device>,
    /// What the relay stored, in the order it numbered it.
    relay: Vec<RowChange>,
    /// Every local write of a field (device, table, row, field, HLC), read from the device's
    /// change log after each operation: a write the device replaced itself before sending it
    /// never reaches the relay, but the device knew the value it replaced.
    local_writes: std::collections::HashSet<(usize, String, String, String, i64)>,
    now: Arc<Mutex<DateTime<Utc>>>,
}

/// Errors a write may meet in a world others change too (an order another device cancelled,
/// a product deleted elsewhere); anything else is a bug.
fn expected(r: Result<impl Sized, StoreError>) {
    if let Err(e) = r {
        match e {
            StoreError::Invalid(_) | StoreError::NotFound { .. } | StoreError::Conflict(_) => {}
            other => panic!("unexpected store error: {other:?}"),
        }
    }
}

/// A conflict as a device recorded it: table, row, field, the lost value's HLC, device and
/// value (as stored JSON).
type Recorded = (String, String, String, i64, String, String);

fn ids(conn: &rusqlite::Connection, sql: &str) -> Vec<Uuid> {
    let mut stmt = conn.prepare_cached(sql).unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|s| Uuid::parse_str(&s.unwrap()).unwrap())
        .collect()
}

impl Sim {
    fn new(seed: u64, dir: &Path) -> Sim {
        let mut rng = Rng(seed);
        let n = 3 + rng.below(3);
        let start = Utc.with_ymd_and_hms(2026, 11, 2, 1, 0, 0).unwrap();
        let now = Arc::new(Mutex::new(start));
        let mut codes = std::collections::HashSet::new();
        let devices = (0..n)
            .map(|i| {
                let skew = Duration::minutes(rng.below(48 * 60) as i64 - 24 * 60);
                let clock = now.clone();
                let path = dir.join(format!("device-{i}.db"));
                // Device codes (three characters, in every document number) are drawn at
                // random; two devices of one organisation must not share one, so a draw that
                // repeats an earlier device's code is drawn again (the server will hand codes
                // out when a device joins).
                let mut store = loop {
                    std::fs::copy(template(), &path).unwrap();
                    let clock = clock.clone();
                    let store = Store::open_seeded(
                        &path,
                        Box::new(move || *clock.lock().unwrap() + skew),
                        rng.next(),
                    )
                    .unwrap();
                    if codes.insert(store.device().code.clone()) {
                        break store;
                    }
                    drop(store);
                    for ext in ["-wal", "-shm"] {
                        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
                    }
                };
                store.sync_mut().enable().unwrap();
                let first = store.sync().outgoing(10).unwrap();
                store.sync_mut().acknowledge(&first.ack).unwrap();
                Device {
                    store,
                    conn: rusqlite::Connection::open(&path).unwrap(),
                    path,
                    serial: 0,
                }
            })
            .collect();
        Sim {
            rng,
            devices,
            relay: Vec::new(),
            local_writes: Default::default(),
            now,
        }
    }

    fn step(&mut self) {
        *self.now.lock().unwrap() += Duration::seconds(1 + self.rng.below(600) as i64);
        let d = self.rng.below(self.devices.len());
        match self.rng.below(20) {
            0..=3 => self.push(d, true),
            4..=7 => self.pull(d, true),
            _ => {
                self.work(d);
                let mut stmt = self.devices[d]
                    .conn
                    .prepare_cached(
                        "SELECT tbl, row_id, field, hlc FROM change_log WHERE field <> ''",
                    )
                    .unwrap();
                let rows = stmt
                    .query_map([], |r| Ok((d, r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                    .unwrap()
                    .map(Result::unwrap);
                self.local_writes.extend(rows);
            }
        }
    }

    fn push(&mut self, d: usize, faults: bool) {
        let limit = 1 + self.rng.below(40);
        let dev = &mut self.devices[d];
        let out = dev.store.sync().outgoing(limit).unwrap();
        if faults && self.rng.chance(10) {
            return; // the request never arrived
        }
        self.relay.extend(out.changes);
        if faults && self.rng.chance(10) {
            return; // stored, but the answer was lost: sent again later
        }
        dev.store.sync_mut().acknowledge(&out.ack).unwrap();
    }

    fn pull(&mut self, d: usize, faults: bool) {
        let page = 1 + self.rng.below(60);
        let mut from = self.devices[d].store.sync().pull_cursor().unwrap() as usize;
        if faults && from > 0 && self.rng.chance(5) {
            // Pulled again from an earlier point (a device restored from a backup).
            from -= 1 + self.rng.below(from);
        }
        let to = (from + page).min(self.relay.len());
        let mut batch: Vec<RowChange> = self.relay[from..to].to_vec();
        if faults && self.rng.chance(10) {
            return; // the answer was lost
        }
        if faults && self.rng.chance(20) {
            for i in (1..batch.len()).rev() {
                let j = self.rng.below(i + 1);
                batch.swap(i, j);
            }
        }
        let dev = &mut self.devices[d];
        // The page and its cursor are saved together.
        dev.store.sync_mut().apply_page(&batch, to as i64).unwrap();
    }

    fn work(&mut self, d: usize) {
        let op = self.rng.below(16);
        let rng = &mut self.rng;
        let dev = &mut self.devices[d];
        dev.serial += 1;
        let serial = dev.serial;
        let conn = &dev.conn;
        let s = &mut dev.store;
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

    /// Everyone pushes and pulls everything, without faults, until nothing moves.
    fn settle(&mut self) {
        for _ in 0..10 {
            let before = self.relay.len();
            for d in 0..self.devices.len() {
                while self.devices[d].store.sync().status().unwrap().change_log > 0 {
                    self.push(d, false);
                }
            }
            for d in 0..self.devices.len() {
                while (self.devices[d].store.sync().pull_cursor().unwrap() as usize)
                    < self.relay.len()
                {
                    self.pull(d, false);
                }
            }
            if self.relay.len() == before {
                return;
            }
        }
        panic!("sync did not settle in 10 rounds");
    }

    fn check(&self) {
        for dev in &self.devices {
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
            for p in ids(&dev.conn, "SELECT id FROM products ORDER BY id") {
                let sum: i64 = dev
                    .conn
                    .query_row(
                        "SELECT coalesce(sum(qty_milli), 0) FROM stock_movements WHERE product_id = ?1",
                        [p.to_string()],
                        |r| r.get(0),
                    )
                    .unwrap();
                if let Ok(product) = dev.store.products().get(p) {
                    assert_eq!(product.on_hand.0, sum, "on hand of {p}");
                }
            }
        }
        if std::env::var_os("CHAINBOOK_SIM_STATS").is_some() {
            let conflicts: Vec<(String, i64)> = self.devices[0]
                .conn
                .prepare("SELECT field, count(*) FROM sync_conflicts GROUP BY field")
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            eprintln!(
                "relay {} changes; device 0 conflicts {conflicts:?}",
                self.relay.len()
            );
        }
        let first = crate::content(&self.devices[0].path);
        for dev in &self.devices[1..] {
            let other = crate::content(&dev.path);
            for (table, rows) in &first {
                assert_eq!(rows, &other[table], "{table}: device 0 and {:?}", dev.path);
            }
        }
        self.check_writes();
    }

    /// Every stored write: the latest of each field is what the stores hold, and a surfaced
    /// write overwritten without being seen is a conflict on the device that made it.
    fn check_writes(&self) {
        type Key = (String, String, String);
        let mut writes: BTreeMap<Key, Vec<(Stamp, serde_json::Value)>> = BTreeMap::new();
        let mut bases: HashMap<Key, Vec<Stamp>> = HashMap::new();
        for c in &self.relay {
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
        let conn = &self.devices[0].conn;
        let conflicts: Vec<(usize, Vec<Recorded>)> = self
            .devices
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
                let dev = self
                    .devices
                    .iter()
                    .position(|d| d.store.device().id == stamp.device)
                    .unwrap();
                let replaced_here = self.local_writes.iter().any(|(d, t, r, f, h)| {
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
}

/// A migrated database without a device identity, copied for every device: migrating each
/// of 15,000 files from scratch would be most of the run.
fn template() -> &'static Path {
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
fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(d) = tempfile::tempdir_in(shm) {
            return d;
        }
    }
    tempfile::tempdir().unwrap()
}

fn run(seed: u64, steps: usize) {
    let dir = scratch();
    let mut sim = Sim::new(seed, dir.path());
    for _ in 0..steps {
        sim.step();
    }
    sim.settle();
    sim.check();
}

fn env(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

#[test]
fn devices_that_sync_through_faults_and_skewed_clocks_converge() {
    let slow = std::env::var("CHAINBOOK_SLOW_TESTS").is_ok_and(|v| v == "1");
    // The slow suite also runs longer histories, where more edits overlap.
    let steps = env("CHAINBOOK_SIM_STEPS").unwrap_or(if slow { 150 } else { 60 }) as usize;
    let seeds: Vec<u64> = match env("CHAINBOOK_SIM_SEED") {
        Some(one) => vec![one],
        None => {
            let n = env("CHAINBOOK_SIM_SEEDS").unwrap_or(if slow { 10_000 } else { 1_000 });
            (0..n).collect()
        }
    };
    // Seeds are independent: split them over the cores.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    let failed: Mutex<Option<u64>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for t in 0..threads {
            let (seeds, failed) = (&seeds, &failed);
            scope.spawn(move || {
                for &seed in seeds.iter().skip(t).step_by(threads) {
                    if failed.lock().unwrap().is_some() {
                        return;
                    }
                    if std::panic::catch_unwind(|| run(seed, steps)).is_err() {
                        let mut f = failed.lock().unwrap();
                        *f = Some(f.map_or(seed, |s| s.min(seed)));
                    }
                }
            });
        }
    });
    if let Some(seed) = failed.into_inner().unwrap() {
        panic!(
            "sync simulation failed at seed {seed}; replay it with\n  \
             CHAINBOOK_SIM_SEED={seed} cargo test -p chainbook-store --test it sim::"
        );
    }
}
