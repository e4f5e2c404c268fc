//! What sync costs at scale, on the orders dataset: the file's footprint per table, and
//! applying changes made on another device.
//!
//! [`footprint`] gives the bytes per table with its indexes (SQLite's `dbstat`), largest
//! first. [`run_apply`] (group `sync`) measures, on a copy of the dataset, 100 batches of
//! 1,000 remote changes through `store.sync_mut().apply` — per batch 250 customers' city (each
//! rebuilding the customer's search and tag rows), 250 orders' notes and 500 new stock
//! movements — each change stamped by another device on top of the value here (so no
//! conflicts). Target: a batch in ≤ 50 ms, i.e. ≥ 20,000 changes/s. Bare: the same 500
//! `UPDATE`s and 500 `INSERT`s in one transaction on the same copy. Afterwards the copy must
//! show the last city of a sampled customer (found by search), a sampled product's stock up by
//! its movements, no conflict, nothing waiting and an empty change log; the copy is then
//! deleted.

use std::collections::BTreeMap;
use std::path::Path;

use chainbook_core::merge::{FieldWrite, RowChange, Stamp};
use chainbook_core::Hlc;
use chainbook_store::Store;
use rusqlite::{params, Connection};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::{compare, figure, time, Figure, Options, Result};

/// A batch of 1,000 changes at 20,000 changes/s.
pub const APPLY_BATCH_TARGET_MS: f64 = 50.0;
/// Batches in a full run (100,000 changes).
pub const APPLY_BATCHES: usize = 100;
const PER_KIND: usize = 250;

/// Bytes of each table with its indexes (FTS shadow tables under their own names), largest
/// first.
pub fn footprint(db: &Path) -> Result<Vec<(String, u64)>> {
    let conn = Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut stmt = conn.prepare(
        "SELECT coalesce(m.tbl_name, d.name), sum(d.pgsize)
         FROM dbstat d LEFT JOIN sqlite_schema m ON m.name = d.name
         GROUP BY 1 ORDER BY 2 DESC",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.max(0) as u64))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The footprint as text: the largest tables, then the rest in one line.
pub fn footprint_table(rows: &[(String, u64)]) -> String {
    let total: u64 = rows.iter().map(|r| r.1).sum();
    let mut out = format!(
        "{:<32} {:>10} {:>6}\n",
        "table (with its indexes)", "MB", "%"
    );
    for (name, bytes) in rows.iter().take(15) {
        out += &format!(
            "{:<32} {:>10.1} {:>5.1}%\n",
            name,
            *bytes as f64 / 1e6,
            *bytes as f64 * 100.0 / total.max(1) as f64
        );
    }
    let rest: u64 = rows.iter().skip(15).map(|r| r.1).sum();
    out += &format!(
        "{:<32} {:>10.1}\n{:<32} {:>10.1}\n",
        "the other tables",
        rest as f64 / 1e6,
        "total",
        total as f64 / 1e6
    );
    out
}

fn write(value: Value, stamp: Stamp, base: Option<Stamp>) -> FieldWrite {
    FieldWrite { value, stamp, base }
}

/// The rows the changes touch, with the stamps of the fields they change.
struct Targets {
    customers: Vec<(String, Stamp)>,
    orders: Vec<(String, Stamp)>,
    products: Vec<String>,
}

fn stamps_of(
    conn: &Connection,
    table: &str,
    field: &str,
    limit: usize,
) -> Result<Vec<(String, Stamp)>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT t.id, coalesce(f.hlc, i.hlc, t.updated_at), coalesce(f.device, i.device, t.updated_by)
         FROM {table} t
         LEFT JOIN field_stamps f ON f.tbl = '{table}' AND f.row_id = t.id AND f.field = '{field}'
         LEFT JOIN field_stamps i ON i.tbl = '{table}' AND i.row_id = t.id AND i.field = ''
         WHERE t.deleted = 0 ORDER BY t.rowid LIMIT ?1"
    ))?;
    let rows = stmt
        .query_map([limit as i64], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, hlc, dev)| {
            Ok((
                id,
                Stamp {
                    hlc: Hlc::from_i64(hlc),
                    device: Uuid::parse_str(&dev)?,
                },
            ))
        })
        .collect()
}

fn targets(conn: &Connection, batches_n: usize) -> Result<Targets> {
    let n = batches_n * PER_KIND;
    let products = conn
        .prepare("SELECT id FROM products WHERE deleted = 0 ORDER BY rowid LIMIT 1000")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(Targets {
        customers: stamps_of(conn, "customers", "city", n)?,
        orders: stamps_of(conn, "sales_orders", "notes", n)?,
        products,
    })
}

const CITIES: [&str; 4] = ["苏州", "无锡", "常州", "南通"];

/// Builds every batch up front, so only the apply is timed. Each customer or order changed
/// again in a later batch is changed on top of the previous remote value.
fn batches(
    t: &mut Targets,
    start_ms: u64,
    device: Uuid,
    schema: u32,
    batches_n: usize,
) -> Result<Vec<Vec<RowChange>>> {
    if t.customers.is_empty() || t.orders.is_empty() || t.products.is_empty() {
        return Err("the dataset has no customers, orders or products".into());
    }
    let mut ms = start_ms;
    let mut next = || {
        ms += 1;
        Stamp {
            hlc: Hlc::new(ms, 0),
            device,
        }
    };
    let mut out = Vec::with_capacity(batches_n);
    for b in 0..batches_n {
        let mut batch = Vec::with_capacity(PER_KIND * 4);
        for i in 0..PER_KIND {
            let k = (b * PER_KIND + i) % t.customers.len();
            let stamp = next();
            let (id, base) = &mut t.customers[k];
            batch.push(RowChange {
                table: "customers".into(),
                row_id: id.clone(),
                schema,
                created_at: None,
                fields: BTreeMap::from([(
                    "city".to_owned(),
                    write(json!(CITIES[(b + i) % CITIES.len()]), stamp, Some(*base)),
                )]),
            });
            *base = stamp;
            let k = (b * PER_KIND + i) % t.orders.len();
            let stamp = next();
            let (id, base) = &mut t.orders[k];
            batch.push(RowChange {
                table: "sales_orders".into(),
                row_id: id.clone(),
                schema,
                created_at: None,
                fields: BTreeMap::from([(
                    "notes".to_owned(),
                    write(json!(format!("远程备注 {b}-{i}")), stamp, Some(*base)),
                )]),
            });
            *base = stamp;
        }
        for i in 0..PER_KIND * 2 {
            let stamp = next();
            let product = &t.products[(b * PER_KIND * 2 + i) % t.products.len()];
            let at = stamp.hlc.to_datetime();
            let fields = [
                ("product_id", json!(product)),
                ("kind", json!("adjustment")),
                ("qty_milli", json!(1000)),
                ("reason", json!("盘盈")),
                ("reference", json!("")),
                (
                    "occurred_at",
                    json!(at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
                ),
                ("occurred_on", json!(at.format("%Y-%m-%d").to_string())),
                ("deleted", json!(0)),
            ];
            let mut random = [0u8; 10];
            random[..8].copy_from_slice(&((b * PER_KIND * 2 + i) as u64).to_le_bytes());
            let id = chainbook_core::id::new_id(stamp.hlc.wall_ms(), random);
            batch.push(RowChange {
                table: "stock_movements".into(),
                row_id: id.to_string(),
                schema,
                created_at: Some(at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
                fields: fields
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), write(v, stamp, None)))
                    .collect(),
            });
        }
        out.push(batch);
    }
    Ok(out)
}

fn on_hand(store: &Store, product: &str) -> Result<i64> {
    Ok(store.products().get(Uuid::parse_str(product)?)?.on_hand.0)
}

/// Applies 100 batches of 1,000 remote changes to a copy of `db` (made in `scratch`), beside
/// the same writes as bare SQL; checks the result and deletes the copy.
pub fn run_apply(db: &Path, scratch: &Path, batches_n: usize) -> Result<Vec<Figure>> {
    std::fs::create_dir_all(scratch)?;
    let copy = scratch.join("apply-copy.db");
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", copy.display()));
    }
    std::fs::copy(db, &copy)?;
    let result = apply_on(&copy, batches_n.max(1));
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", copy.display()));
    }
    result
}

fn apply_on(copy: &Path, batches_n: usize) -> Result<Vec<Figure>> {
    let mut store = crate::open_store(copy)?;
    let conn = crate::open_rw(copy)?;
    let mut t = targets(&conn, batches_n)?;
    let device = Uuid::from_u128(0x0190_c2a0_0000_7000_8000_0000_0000_0b0b);
    let start = store.hlc_last()?.wall_ms() + 3_600_000;
    let all = batches(&mut t, start, device, store.schema_version()?, batches_n)?;
    let sample_product = t.products[0].clone();
    let moved: i64 = all
        .iter()
        .flatten()
        .filter(|c| c.table == "stock_movements")
        .filter(|c| c.fields["product_id"].value == json!(sample_product))
        .count() as i64
        * 1000;
    let before = on_hand(&store, &sample_product)?;
    let (sample_customer, _) = t.customers[0].clone();
    let last_city = all
        .iter()
        .flatten()
        .rfind(|c| c.row_id == sample_customer)
        .map(|c| c.fields["city"].value.clone())
        .ok_or("the sample customer is never changed")?;

    let opts = Options {
        warmup: 0,
        reps: batches_n,
    };
    let mut totals = chainbook_store::sync::ApplyReport::default();
    let timed = time(&opts, |i| {
        let r = store.sync_mut().apply(&all[i])?;
        totals.applied += r.applied;
        totals.conflicts += r.conflicts;
        totals.waiting += r.waiting;
        totals.refused += r.refused;
        Ok((r.applied as u64, None))
    })?;
    let mut ours = figure(
        "sync",
        format!(
            "apply 1,000 remote changes ({} customers' city, {} orders' notes, {} new stock movements), {batches_n} batches",
            PER_KIND,
            PER_KIND,
            PER_KIND * 2
        ),
        Some(APPLY_BATCH_TARGET_MS),
        timed,
    );

    // The result: every change applied, nothing clashed or waits, derived rows right, no echo.
    if (
        totals.applied,
        totals.conflicts,
        totals.waiting,
        totals.refused,
    ) != (batches_n * PER_KIND * 4, 0, 0, 0)
    {
        return Err(format!("apply: unexpected outcome {totals:?}").into());
    }
    let got = on_hand(&store, &sample_product)?;
    if got != before + moved {
        return Err(format!("apply: stock {got} ≠ {before} + {moved}").into());
    }
    let c = store.customers().get(Uuid::parse_str(&sample_customer)?)?;
    if json!(c.fields.city) != last_city {
        return Err(format!("apply: city {:?}, expected {last_city}", c.fields.city).into());
    }
    let hits = store.search().customers(&c.fields.name, 20)?;
    if !hits.iter().any(|h| h.id == c.id) {
        return Err("apply: the changed customer is not found by name".into());
    }
    let status = store.sync().status()?;
    if status.change_log != 0 {
        return Err("apply: remote changes were echoed into the change log".into());
    }

    // Bare: the same writes as plain SQL in one transaction per batch.
    let bare_opts = Options {
        warmup: 0,
        reps: batches_n.min(20),
    };
    let bare_t = time(&bare_opts, |i| {
        let tx = conn.unchecked_transaction()?;
        let mut n = 0;
        for change in &all[i] {
            match change.table.as_str() {
                "customers" | "sales_orders" => {
                    let (field, f) = change.fields.iter().next().ok_or("empty change")?;
                    n += tx.execute(
                        &format!("UPDATE {} SET {field} = ?1 WHERE id = ?2", change.table),
                        params![f.value.as_str(), change.row_id],
                    )?;
                }
                _ => {
                    let v = |k: &str| change.fields[k].value.clone();
                    n += tx.execute(
                        "INSERT INTO stock_movements (id, product_id, kind, qty_milli, reason,
                            reference, occurred_at, occurred_on, created_at, updated_at,
                            updated_by, deleted)
                         VALUES (?1 || 'b', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, 'bare', 0)",
                        params![
                            change.row_id,
                            v("product_id").as_str(),
                            v("kind").as_str(),
                            v("qty_milli").as_i64(),
                            v("reason").as_str(),
                            v("reference").as_str(),
                            v("occurred_at").as_str(),
                            v("occurred_on").as_str(),
                            change.created_at,
                        ],
                    )?;
                }
            }
        }
        tx.commit()?;
        Ok((n as u64, None))
    })?;
    let bare = figure(
        "sync",
        "bare 500 UPDATEs + 500 INSERTs in one transaction".into(),
        None,
        bare_t,
    );
    compare(&mut ours, &bare);
    Ok(vec![ours, bare])
}
