//! Group `data`: data out of the store at scale, on the customers dataset.
//!
//! - **export**: every customer, paged through `Customers::list` 500 at a time sorted by name
//!   (what the app's export does through the same list query), each row as the JSON the customer
//!   list's wire type has, written by `chainbook_export` to .xlsx with 19 columns (text, choices
//!   with their labels, money with the currency's decimals, moments). Target ≤ 10 s for 100,000
//!   customers (issue 16). The app encodes rows with the shell's `CustomerDto` (serde); here the
//!   same fields are built by hand, the bench not depending on the shell.
//! - **backup**: `backup_database` of the whole dataset file to a new file, through its own
//!   connection; target ≤ 15 s at scale L. Meanwhile another thread reads the first customer
//!   page through the store, over and over: figure `backup-concurrent-page` is those reads'
//!   latency while the copy runs (the app stays responsive: the copy never takes the store).
//!
//! Each is one timed run (they take seconds); the files are written under `<target>/bench/`
//! and removed afterwards.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chainbook_core::customer::Customer;
use chainbook_export::{Column, Exporter, Format, Kind};
use chainbook_store::backup::{backup_database, BackupNote};
use chainbook_store::{CustomerQuery, CustomerSort, Store, PAGE_SIZE_MAX};
use serde_json::json;

use crate::{figure, Figure, Result, Timed};

pub const EXPORT_TARGET_MS: f64 = 10_000.0;
pub const BACKUP_TARGET_MS: f64 = 15_000.0;

/// The customer list's export columns, as the UI sends them.
fn columns() -> Vec<Column> {
    let mut cols = vec![
        Column::new("code", "编号", Kind::Text),
        Column::new("name", "名称", Kind::Text),
        Column::new("kind", "类型", Kind::Choice),
        Column::new("phone", "电话", Kind::Text),
        Column::new("email", "邮箱", Kind::Text),
        Column::new("country", "国家/地区", Kind::Text),
        Column::new("province", "省份", Kind::Text),
        Column::new("city", "城市", Kind::Text),
        Column::new("tags", "标签", Kind::List),
        Column::new("channel", "销售渠道", Kind::Choice),
        Column::new("payment_method", "付款方式", Kind::Choice),
        Column::new("payment_terms", "付款条件", Kind::Choice),
        Column::new("lifecycle", "生命周期", Kind::Choice),
        Column::new("owner", "负责人", Kind::Text),
        Column::new("credit_limit", "信用额度", Kind::Money),
        Column::new("currency", "币种", Kind::Text),
        Column::new("notes", "备注", Kind::Text),
        Column::new("created_at", "创建时间", Kind::DateTime),
        Column::new("updated_at", "更新时间", Kind::DateTime),
    ];
    cols[2].values.insert("company".into(), "企业".into());
    cols[2].values.insert("person".into(), "个人".into());
    cols[14].currency_key = Some("currency".into());
    cols
}

/// A customer as the customer list's wire type reads.
fn row(c: &Customer) -> serde_json::Value {
    let f = &c.fields;
    json!({
        "id": c.id.to_string(), "code": c.code, "kind": f.kind.as_str(), "name": f.name,
        "phone": f.phone, "email": f.email, "country": f.country, "province": f.province,
        "city": f.city, "tags": f.tags, "credit_limit": f.credit_limit.to_string(),
        "currency": f.currency, "notes": f.notes,
        "created_at": c.created_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "updated_at": c.updated_at.to_datetime().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "channel": f.channel.map(|x| x.as_str()).unwrap_or(""),
        "payment_method": f.payment_method.map(|x| x.as_str()).unwrap_or(""),
        "payment_terms": f.payment_terms.map(|x| x.as_str()).unwrap_or(""),
        "lifecycle": c.stage().as_str(), "owner": f.owner,
    })
}

/// Every customer into an .xlsx file at `out`; returns the rows written.
pub fn export_customers(store: &Store, out: &Path) -> Result<u64> {
    let mut x = Exporter::create(out, Format::Xlsx, "客户", columns())?;
    let mut q = CustomerQuery {
        page_size: PAGE_SIZE_MAX,
        sort: CustomerSort::Name,
        ..Default::default()
    };
    loop {
        let page = store.customers().list(&q)?;
        for c in &page.items {
            x.push(&row(c))?;
        }
        if page.items.len() < PAGE_SIZE_MAX as usize
            || u64::from(q.page + 1) * u64::from(PAGE_SIZE_MAX) >= page.total
        {
            break;
        }
        q.page += 1;
    }
    Ok(x.finish()?)
}

fn once(group: &'static str, name: &str, target: Option<f64>, ms: f64, rows: u64) -> Figure {
    figure(
        group,
        name.to_owned(),
        target,
        Timed {
            times: vec![Duration::from_secs_f64(ms / 1000.0)],
            rows,
            total: None,
        },
    )
}

/// The group's figures on the customers dataset `db`, writing under `work`.
pub fn run_data(db: &Path, work: &Path) -> Result<Vec<Figure>> {
    std::fs::create_dir_all(work)?;
    let mut out = Vec::new();

    let store = Store::open(db)?;
    let xlsx = work.join("customers-export.xlsx");
    let t = Instant::now();
    let rows = export_customers(&store, &xlsx)?;
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let bytes = std::fs::metadata(&xlsx)?.len();
    println!(
        "export: {rows} customers to .xlsx ({:.1} MB) in {:.2} s",
        bytes as f64 / 1e6,
        ms / 1000.0
    );
    out.push(once(
        "data",
        "export-customers-xlsx",
        Some(EXPORT_TARGET_MS),
        ms,
        rows,
    ));
    std::fs::remove_file(&xlsx)?;

    // The backup, with a reader on the store at the same time.
    let copy = work.join("backup.db");
    let running = Arc::new(AtomicBool::new(true));
    let reader = {
        let (running, db) = (running.clone(), db.to_owned());
        std::thread::spawn(move || -> Result<Vec<Duration>> {
            let s = Store::open(&db)?;
            let q = CustomerQuery {
                page_size: 50,
                ..Default::default()
            };
            let mut times = Vec::new();
            // At least one read, however short the copy.
            loop {
                s.forget_cached_reads();
                let t = Instant::now();
                s.customers().list(&q)?;
                times.push(t.elapsed());
                if !running.load(Ordering::Relaxed) {
                    return Ok(times);
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    let note = BackupNote {
        app_version: "bench".into(),
        made_at: chrono::Utc::now(),
    };
    let t = Instant::now();
    let done = backup_database(db, None, &copy, &note, |_| {
        std::ops::ControlFlow::Continue(())
    })?;
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    running.store(false, Ordering::Relaxed);
    let times = reader.join().map_err(|_| "the reader thread panicked")??;
    println!(
        "backup: {:.1} MB in {:.2} s ({} page reads meanwhile)",
        done.bytes as f64 / 1e6,
        ms / 1000.0,
        times.len()
    );
    out.push(once(
        "data",
        "backup",
        Some(BACKUP_TARGET_MS),
        ms,
        done.bytes,
    ));
    out.push(figure(
        "data",
        "backup-concurrent-page".into(),
        Some(crate::LIST_TARGET_MS),
        Timed {
            rows: times.len() as u64,
            times,
            total: None,
        },
    ));
    std::fs::remove_file(&copy)?;
    Ok(out)
}
