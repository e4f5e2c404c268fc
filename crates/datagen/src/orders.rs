//! Sales orders over two years: the dataset for the order list and order page benchmarks.
//!
//! An orders dataset holds everything an order refers to: it starts as a copy of a customer
//! dataset ([`crate::build_dataset`]), gets the supply plan of the same seed written into it
//! through the public API (products with their stock history, suppliers, supplies; see
//! [`crate::supply`]), and then the orders, imported day by day with
//! `Store::import_orders` — one transaction per day, with the store's clock set to that day, so
//! every order's `created_at` (the list's order) and number (`SO-yymm-…`) are those of the day
//! it was entered, as if the app had been used every day. The hybrid logical clock behind
//! `updated_at` never goes backwards, so it stays after the build's start: only the wall-clock
//! columns are historical.
//!
//! [`OrderGen`] draws the orders from a seed, day after day from [`FIRST_DAY`] (2024-11-23) to
//! the day before [`TODAY`] (2026-11-23), more of them as the business grows, fewer at weekends
//! and around the Spring Festival. Each order has 2–4 lines of active products, with
//! negotiated prices in the customer's currency, discounts and VAT (13 % mostly; none for
//! export), often a promised date 3–21 days out, and a history drawn step by step —
//! confirmation (some with a back-order or over the credit limit), picking, one shipment or two
//! (a back-order shipped later), delivery, a return now and then, closing — with realistic
//! delays, cut at [`TODAY`]. So old orders are mostly closed or delivered, the last weeks'
//! orders are in every state, a few orders were cancelled or abandoned as drafts, and some are
//! late (open past their promised date).

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use chainbook_core::money::minor_unit;
use chainbook_core::order::{LineMoneyDraft, OrderAction};
use chainbook_core::product::ProductDraft;
use chainbook_store::orders::{ImportedOrder, OrderDraft, OrderEvent, OrderLineDraft};
use chainbook_store::Store;
use chrono::{DateTime, TimeZone, Utc};
use rusqlite::Connection;
use uuid::Uuid;

use crate::rng::Rng;
use crate::supply::{
    category_index, civil, lot_size, scratch_dir, supply_plan, write_supply_plan, Scratch,
};
use crate::supply_words::CATEGORIES;
use crate::{schema_fingerprint, Error, Result};

/// Bump when the generated orders change: cached orders datasets are rebuilt.
pub const ORDERS_GENERATOR_VERSION: u32 = 1;

const ORDER_STREAM: u64 = 0x4f52_4445_5253_2121; // "ORDERS!!"

/// The first order day, 2024-11-23 (days since 1970-01-01).
pub const FIRST_DAY: i64 = 20_050;
/// Days with orders: 2024-11-23 to 2026-11-22.
pub const DAYS: i64 = 730;
/// The dataset's today, 2026-11-23: histories stop before it, and "late" is relative to it.
pub const TODAY: i64 = FIRST_DAY + DAYS;

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

/// `YYYY-MM-DD` of a day number.
pub fn date_text(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// RFC 3339 (UTC, seconds) of a time in seconds since 1970-01-01.
fn time_text(t: i64) -> String {
    let (day, s) = (t.div_euclid(DAY), t.rem_euclid(DAY));
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        date_text(day),
        s / HOUR,
        s % HOUR / 60,
        s % 60
    )
}

/// A customer as orders need it.
#[derive(Debug, Clone)]
pub struct CustomerRef {
    pub id: Uuid,
    pub currency: String,
    pub channel: String,
    pub payment_method: String,
    /// Leads have not ordered yet.
    pub buys: bool,
}

/// An active product as orders need it.
#[derive(Debug, Clone)]
pub struct ProductRef {
    pub id: Uuid,
    pub price_fen: u64,
    /// Sold by weight or length: quantities may have a decimal.
    pub fractional: bool,
}

impl ProductRef {
    /// The order side of a supply-plan product, or `None` for an inactive one.
    pub fn from_draft(id: Uuid, d: &ProductDraft) -> Option<ProductRef> {
        d.active.then(|| ProductRef {
            id,
            price_fen: d.price.replace('.', "").parse().unwrap_or(100),
            fractional: category_index(&d.category).is_some_and(|c| CATEGORIES[c].fractional),
        })
    }
}

/// The customers of a database in the order they were written, for [`OrderGen`].
pub fn customer_refs(conn: &Connection) -> Result<Vec<CustomerRef>> {
    let mut stmt = conn.prepare(
        "SELECT id, currency, channel, payment_method, lifecycle FROM customers
         WHERE deleted = 0 ORDER BY rowid",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, currency, channel, payment_method, lifecycle) = row?;
        out.push(CustomerRef {
            id: Uuid::try_parse(&id).map_err(|_| Error::Incomplete(format!("customer id {id}")))?,
            currency,
            channel,
            payment_method,
            buys: lifecycle != "lead",
        });
    }
    Ok(out)
}

/// How many orders each day gets, out of `total`: a weight per day (growth over the two
/// years, quiet weekends, the Spring Festival), shared out by largest remainders.
pub fn orders_per_day(total: usize) -> Vec<usize> {
    let weights: Vec<u64> = (0..DAYS).map(day_weight).collect();
    let sum: u64 = weights.iter().sum();
    let mut before = 0u64;
    let mut done = 0usize;
    weights
        .iter()
        .map(|w| {
            before += w;
            let upto = (total as u128 * u128::from(before) / u128::from(sum)) as usize;
            let n = upto - done;
            done = upto;
            n
        })
        .collect()
}

fn day_weight(i: i64) -> u64 {
    let day = FIRST_DAY + i;
    // Business grows from 60 % to 140 % of the average over the two years.
    let growth = 60 + (80 * i / DAYS) as u64;
    // 1970-01-01 was a Thursday: 0 = Thursday, 2 = Saturday, 3 = Sunday.
    let weekday = match day.rem_euclid(7) {
        2 => 45,
        3 => 25,
        _ => 100,
    };
    // Spring Festival: 2025-01-28 to 02-04 and 2026-02-15 to 02-23, and the week before it
    // is busy.
    let (y, m, d) = civil(day);
    let festival = match (y, m, d) {
        (2025, 1, 28..=31) | (2025, 2, 1..=4) | (2026, 2, 15..=23) => 10,
        (2025, 1, 20..=27) | (2026, 2, 7..=14) => 130,
        _ => 100,
    };
    growth * weekday * festival
}

/// Units of a currency per CNY, × 10,000 (rough rates of 2026; only the order of magnitude
/// matters).
fn rate(currency: &str) -> u64 {
    match currency {
        "CNY" => 10_000,
        "EUR" => 1_300,
        "JPY" => 210_000,
        "KRW" => 1_900_000,
        "GBP" => 1_100,
        "SGD" => 1_900,
        "HKD" => 11_000,
        "AUD" => 2_100,
        "VND" => 35_000_000,
        "MYR" => 6_500,
        "THB" => 50_000,
        "SEK" => 15_000,
        "AED" => 5_200,
        "INR" => 117_000,
        _ => 1_400, // USD and anything else
    }
}

/// A price in fen of CNY as typed in `currency` (its own number of decimals, never zero).
fn price_in(fen: u64, currency: &str) -> String {
    let places = minor_unit(currency);
    let minor =
        (u128::from(fen) * u128::from(rate(currency)) * 10u128.pow(places) / 1_000_000).max(1);
    if places == 0 {
        minor.to_string()
    } else {
        let unit = 10u128.pow(places);
        format!("{}.{:0w$}", minor / unit, minor % unit, w = places as usize)
    }
}

const NOTES: &[&str] = &[
    "加急",
    "请开增值税专用发票",
    "送货前电话联系",
    "分批发货可以",
    "仓库周六不收货",
    "按合同价执行",
    "Partial shipment OK",
    "Ship with the commercial invoice",
];

const DOMESTIC_CARRIERS: &[(&str, &str)] = &[
    ("顺丰速运", "SF"),
    ("京东物流", "JDV"),
    ("中通快递", "75"),
    ("德邦物流", "DPK"),
    ("专车配送", ""),
    ("客户自提", ""),
];
const FOREIGN_CARRIERS: &[(&str, &str)] = &[
    ("DHL", "JD01"),
    ("FedEx", "7"),
    ("UPS", "1Z"),
    ("海运", "COSU"),
];

/// Draws orders day by day; see the module docs.
pub struct OrderGen {
    r: Rng,
    customers: Vec<CustomerRef>,
    /// Indexes of the customers who buy.
    buyers: Vec<usize>,
    products: Vec<ProductRef>,
    per_day: Vec<usize>,
}

impl OrderGen {
    /// A generator of `total` orders from `seed` for these customers and active products.
    pub fn new(
        seed: u64,
        customers: Vec<CustomerRef>,
        products: Vec<ProductRef>,
        total: usize,
    ) -> OrderGen {
        let mut buyers: Vec<usize> = (0..customers.len())
            .filter(|&i| customers[i].buys)
            .collect();
        if buyers.is_empty() {
            buyers = (0..customers.len()).collect();
        }
        OrderGen {
            r: Rng::new(seed ^ ORDER_STREAM),
            customers,
            buyers,
            products,
            per_day: orders_per_day(total),
        }
    }

    /// The orders entered on day `i` (0-based from [`FIRST_DAY`]); call for each day in turn
    /// (the draws follow one another).
    pub fn day(&mut self, i: usize) -> Vec<ImportedOrder> {
        let day = FIRST_DAY + i as i64;
        let n = self.per_day[i];
        (0..n).map(|_| self.order(day)).collect()
    }

    fn order(&mut self, day: i64) -> ImportedOrder {
        let r = &mut self.r;
        // A few big customers place many orders: index ⌊len × u²⌋ over the buying ones.
        let c = &self.customers[self.buyers[r.skewed_index(self.buyers.len())]];
        let domestic = c.currency == "CNY";
        let entered = day * DAY + i64::from(r.between(3_600, 39_599));
        // Orders taken by phone are sometimes typed in a few days later.
        let ordered_on = if r.chance(80) {
            day - i64::from(r.between(1, 3))
        } else {
            day
        };
        let promised = (!r.chance(150)).then(|| {
            ordered_on + [3, 5, 7, 7, 7, 10, 14, 14, 21][r.below(9)] + i64::from(r.between(0, 2))
        });
        let n_lines = 2 + r.weighted(&[40, 35, 25]);
        let mut products: Vec<usize> = Vec::with_capacity(n_lines);
        let mut tries = 0;
        while products.len() < n_lines && tries < 20 {
            tries += 1;
            let p = r.skewed_index(self.products.len());
            if !products.contains(&p) {
                products.push(p);
            }
        }
        let lines: Vec<OrderLineDraft> = products
            .iter()
            .map(|&p| {
                let p = &self.products[p];
                let lot = lot_size(p.price_fen);
                let mut q = u64::from(r.between(1, (lot / 4).max(2) as u32));
                if q > 50 {
                    q = q / 10 * 10;
                }
                let quantity = if p.fractional && r.chance(300) {
                    format!("{q}.5")
                } else {
                    q.to_string()
                };
                let fen = p.price_fen * u64::from(r.between(92, 105)) / 100;
                let discount = ["0", "3", "5", "10", "15"][r.weighted(&[70, 12, 10, 6, 2])];
                let tax = if domestic {
                    ["13", "9", "6", "0"][r.weighted(&[88, 6, 2, 4])]
                } else {
                    "0"
                };
                OrderLineDraft {
                    id: None,
                    product_id: p.id,
                    money: LineMoneyDraft {
                        quantity,
                        unit_price: price_in(fen, &c.currency),
                        discount_pct: discount.into(),
                        tax_rate_pct: tax.into(),
                    },
                }
            })
            .collect();
        let draft = OrderDraft {
            customer_id: c.id,
            currency: String::new(),
            channel: match r.weighted(&[70, 20, 10]) {
                0 => c.channel.clone(),
                1 => String::new(),
                _ => (*r.pick(&["direct", "online_shop", "phone"])).into(),
            },
            payment_method: if r.chance(700) {
                c.payment_method.clone()
            } else {
                String::new()
            },
            ordered_on: date_text(ordered_on),
            promised_on: promised.map(date_text).unwrap_or_default(),
            notes: if r.chance(60) {
                (*r.pick(NOTES)).into()
            } else {
                String::new()
            },
            lines,
        };
        let mut o = ImportedOrder {
            entered_at: time_text(entered),
            ..Default::default()
        };
        history(r, &mut o, &draft, entered, domestic);
        o.draft = draft;
        o
    }
}

/// Appends events until [`TODAY`]; see the module docs for the steps.
fn history(r: &mut Rng, o: &mut ImportedOrder, d: &OrderDraft, entered: i64, domestic: bool) {
    let cut = TODAY * DAY;
    let mut t = entered;
    // Adds `e` at time `t` unless that is today or later; `false` ends the history.
    let push = |o: &mut ImportedOrder, t: i64, e: OrderEvent| {
        if t >= cut {
            return false;
        }
        o.events.push(e);
        true
    };
    let status = |t: i64, action: OrderAction, note: &str| OrderEvent::Status {
        at: time_text(t),
        action,
        note: note.into(),
    };
    let between = |r: &mut Rng, lo: i64, hi: i64| lo + r.below((hi - lo).max(1) as usize) as i64;
    match r.weighted(&[15, 15, 970]) {
        // Quotes left as drafts, or cancelled after a while.
        0 => return,
        1 => {
            let t = t + between(r, DAY, 20 * DAY);
            push(o, t, status(t, OrderAction::Cancel, ""));
            return;
        }
        _ => {}
    }
    t += match r.weighted(&[60, 30, 10]) {
        0 => between(r, 600, 2 * HOUR),
        1 => between(r, 2 * HOUR, DAY),
        _ => between(r, DAY, 3 * DAY),
    };
    o.backorder = r.chance(60);
    o.credit_override = r.chance(10);
    let mut notes = Vec::new();
    if o.backorder {
        notes.push("back-order: 1 line(s) short".to_owned());
    }
    if o.credit_override {
        notes.push("credit override".to_owned());
    }
    if !push(o, t, status(t, OrderAction::Confirm, &notes.join("; "))) {
        return;
    }
    if r.chance(35) {
        t += between(r, HOUR, 4 * DAY);
        push(o, t, status(t, OrderAction::Cancel, ""));
        return;
    }
    if r.chance(550) {
        t += between(r, HOUR, DAY);
        if !push(o, t, status(t, OrderAction::StartPicking, "")) {
            return;
        }
    }
    // Stuck: confirmed (or picking) and never shipped.
    if r.chance(4) {
        return;
    }
    t += between(r, 2 * HOUR, if o.backorder { 10 * DAY } else { 4 * DAY });
    let (carrier, prefix) = if domestic {
        *r.pick(DOMESTIC_CARRIERS)
    } else {
        *r.pick(FOREIGN_CARRIERS)
    };
    let tracking = |r: &mut Rng| {
        if prefix.is_empty() {
            String::new()
        } else {
            format!("{prefix}{}", r.digits(12))
        }
    };
    let qty: Vec<String> = d.lines.iter().map(|l| l.money.quantity.clone()).collect();
    // A back-order: the last line ships later.
    let split = (o.backorder || r.chance(30)) && qty.len() > 1;
    let first: Vec<(usize, String)> = qty
        .iter()
        .enumerate()
        .take(if split { qty.len() - 1 } else { qty.len() })
        .map(|(i, q)| (i, q.clone()))
        .collect();
    let ship = |r: &mut Rng, t: i64, lines: Vec<(usize, String)>| OrderEvent::Ship {
        at: time_text(t),
        carrier: carrier.into(),
        tracking: tracking(r),
        lines,
    };
    let e = ship(r, t, first);
    if !push(o, t, e) {
        return;
    }
    if split {
        t += between(r, 3 * DAY, 15 * DAY);
        let last = qty.len() - 1;
        let e = ship(r, t, vec![(last, qty[last].clone())]);
        if !push(o, t, e) {
            return;
        }
    }
    // Stuck: shipped, delivery never recorded.
    if r.chance(15) {
        return;
    }
    t += if prefix.is_empty() {
        between(r, HOUR, 8 * HOUR)
    } else if domestic {
        between(r, DAY, 5 * DAY)
    } else {
        between(r, 5 * DAY, 30 * DAY)
    };
    if !push(o, t, status(t, OrderAction::Deliver, "")) {
        return;
    }
    if r.chance(30) {
        t += between(r, 2 * DAY, 20 * DAY);
        let line = r.below(qty.len());
        // One unit back, or the whole line.
        let q = if r.chance(700) {
            "1".to_owned()
        } else {
            qty[line].clone()
        };
        let e = OrderEvent::Return {
            at: time_text(t),
            reason: ["damaged", "quality", "wrong_item", "other"][r.weighted(&[40, 30, 20, 10])]
                .into(),
            note: (*r.pick(&["", "", "外箱破损", "规格不符", "客户拒收"])).into(),
            lines: vec![(line, q)],
        };
        if !push(o, t, e) {
            return;
        }
    }
    // Some delivered orders are never closed.
    if r.chance(120) {
        return;
    }
    t += between(r, 7 * DAY, 45 * DAY);
    push(o, t, status(t, OrderAction::Close, ""));
}

/// What an orders build wrote, also kept beside a cached orders dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrdersStats {
    pub generator: u32,
    pub customers_generator: u32,
    pub supply_generator: u32,
    pub seed: u64,
    pub customers: usize,
    pub products: usize,
    pub suppliers: usize,
    pub orders: usize,
    pub lines: usize,
    pub shipments: usize,
    pub returns: usize,
    /// Open orders past their promised date on [`TODAY`].
    pub late: usize,
    pub schema_version: u32,
    pub schema: u64,
    pub build_ms: u64,
    pub bytes: u64,
}

impl OrdersStats {
    pub(crate) const KEYS: [&'static str; 16] = [
        "generator",
        "customers_generator",
        "supply_generator",
        "seed",
        "customers",
        "products",
        "suppliers",
        "orders",
        "lines",
        "shipments",
        "returns",
        "late",
        "schema_version",
        "schema",
        "build_ms",
        "bytes",
    ];

    pub(crate) fn values(&self) -> [u64; 16] {
        [
            u64::from(self.generator),
            u64::from(self.customers_generator),
            u64::from(self.supply_generator),
            self.seed,
            self.customers as u64,
            self.products as u64,
            self.suppliers as u64,
            self.orders as u64,
            self.lines as u64,
            self.shipments as u64,
            self.returns as u64,
            self.late as u64,
            u64::from(self.schema_version),
            self.schema,
            self.build_ms,
            self.bytes,
        ]
    }

    pub(crate) fn from_values(v: [u64; 16]) -> OrdersStats {
        OrdersStats {
            generator: v[0] as u32,
            customers_generator: v[1] as u32,
            supply_generator: v[2] as u32,
            seed: v[3],
            customers: v[4] as usize,
            products: v[5] as usize,
            suppliers: v[6] as usize,
            orders: v[7] as usize,
            lines: v[8] as usize,
            shipments: v[9] as usize,
            returns: v[10] as usize,
            late: v[11] as usize,
            schema_version: v[12] as u32,
            schema: v[13],
            build_ms: v[14],
            bytes: v[15],
        }
    }
}

/// Runs with at least this many orders print their progress on stderr.
const PROGRESS_FROM: usize = 20_000;

/// Creates the orders dataset at `path` (which must not exist): a copy of the customer
/// dataset `customers_db` (built by [`crate::build_dataset`]), the supply plan of `seed` with
/// `products` and `suppliers` written through the public API, and `orders` orders imported
/// day by day (see the module docs).
///
/// The customers and supply part is written in `/dev/shm` where there is one, as
/// [`crate::build_supply_dataset`] does (a quarter of a million one-record transactions); the
/// orders go to `path` itself, a few hundred large transactions, so the biggest file is never
/// held in RAM.
pub fn build_orders_dataset(
    path: &Path,
    customers_db: &Path,
    seed: u64,
    products: usize,
    suppliers: usize,
    orders: usize,
) -> Result<OrdersStats> {
    if path.exists() {
        return Err(Error::Exists(path.to_path_buf()));
    }
    let started = Instant::now();
    let plan = supply_plan(seed, products, suppliers);
    // Customers and the supply side.
    let scratch = scratch_dir().map(|dir| {
        Scratch(dir.join(format!(
            "chainbook-orders-{}-{}.db",
            std::process::id(),
            started.elapsed().as_nanos()
        )))
    });
    let first = scratch.as_ref().map_or(path, |s| s.0.as_path());
    std::fs::copy(customers_db, first)?;
    let mut store = Store::open(first)?;
    let product_ids = write_supply_plan(&mut store, &plan, started)?;
    drop(store);
    if let Some(s) = &scratch {
        std::fs::copy(&s.0, path)?;
    }
    drop(scratch);
    // The orders, with the clock on each day in turn.
    let conn = Connection::open(path)?;
    let customers = customer_refs(&conn)?;
    drop(conn);
    let n_customers = customers.len();
    let products_refs: Vec<ProductRef> = product_ids
        .iter()
        .zip(&plan.products)
        .filter_map(|(id, d)| ProductRef::from_draft(*id, d))
        .collect();
    let clock = Arc::new(Mutex::new(Utc::now()));
    let c = Arc::clone(&clock);
    let mut store = Store::open_with_clock(
        path,
        Box::new(move || *c.lock().unwrap_or_else(|e| e.into_inner())),
    )?;
    let schema_version = store.schema_version()?;
    let mut gen = OrderGen::new(seed, customers, products_refs, orders);
    let (mut done, mut lines, mut shipments, mut returns) = (0, 0, 0, 0);
    for i in 0..DAYS as usize {
        let batch = gen.day(i);
        if batch.is_empty() {
            continue;
        }
        for o in &batch {
            lines += o.draft.lines.len();
            for e in &o.events {
                match e {
                    OrderEvent::Ship { lines, .. } => shipments += lines.len(),
                    OrderEvent::Return { lines, .. } => returns += lines.len(),
                    OrderEvent::Status { .. } => {}
                }
            }
        }
        // Written at noon UTC of the day (after every entry of the day, 01:00–10:59).
        *clock.lock().unwrap_or_else(|e| e.into_inner()) = at_noon(FIRST_DAY + i as i64);
        store.import_orders(&batch)?;
        done += batch.len();
        if orders >= PROGRESS_FROM && (i % 30 == 29 || i + 1 == DAYS as usize) {
            eprintln!(
                "datagen: {done:>8} / {orders} orders, up to {} ({:.1} s)",
                date_text(FIRST_DAY + i as i64),
                started.elapsed().as_secs_f64()
            );
        }
    }
    drop(store);
    let conn = Connection::open(path)?;
    let late: i64 = conn.query_row(
        "SELECT count(*) FROM sales_orders WHERE deleted = 0 AND promised_on <> ''
             AND promised_on < ?1 AND status IN ('draft', 'confirmed', 'picking', 'shipped')",
        [date_text(TODAY)],
        |r| r.get(0),
    )?;
    drop(conn);
    let schema = schema_fingerprint(path)?;
    Ok(OrdersStats {
        generator: ORDERS_GENERATOR_VERSION,
        customers_generator: crate::GENERATOR_VERSION,
        supply_generator: crate::supply::SUPPLY_GENERATOR_VERSION,
        seed,
        customers: n_customers,
        products,
        suppliers,
        orders: done,
        lines,
        shipments,
        returns,
        late: late as usize,
        schema_version,
        schema,
        build_ms: started.elapsed().as_millis() as u64,
        bytes: std::fs::metadata(path)?.len(),
    })
}

fn at_noon(day: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(day * DAY + 12 * HOUR, 0)
        .single()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_times_are_written_as_the_store_reads_them() {
        assert_eq!(date_text(FIRST_DAY), "2024-11-23");
        assert_eq!(date_text(TODAY), "2026-11-23");
        assert_eq!(time_text(TODAY * DAY + 3_723), "2026-11-23T01:02:03Z");
        // 2026-11-23 is a Monday; weekends are quiet.
        assert!(
            day_weight(DAYS - 1) < day_weight(DAYS - 3),
            "Sunday < Friday"
        );
    }

    #[test]
    fn prices_follow_the_currency_decimals() {
        assert_eq!(price_in(12_345, "CNY"), "123.45");
        assert_eq!(price_in(10_000, "USD"), "14.00");
        assert_eq!(price_in(10_000, "JPY"), "2100");
        assert_eq!(price_in(1, "USD"), "0.01", "never free");
    }

    #[test]
    fn every_order_is_shared_out_to_a_day() {
        for total in [0, 1, 999, 1_000_000] {
            let per_day = orders_per_day(total);
            assert_eq!(per_day.len(), DAYS as usize);
            assert_eq!(per_day.iter().sum::<usize>(), total);
        }
        let per_day = orders_per_day(1_000_000);
        // The last weeks are busier than the first.
        let first: usize = per_day[..28].iter().sum();
        let last: usize = per_day[per_day.len() - 28..].iter().sum();
        assert!(last > first * 2, "{first} {last}");
    }
}
