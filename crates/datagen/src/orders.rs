//! Sales orders over five years, and the purchasing behind them: the dataset for the order
//! list and order page benchmarks.
//!
//! An orders dataset holds everything an order refers to: it starts as a copy of a customer
//! dataset ([`crate::build_dataset`]), gets the products, suppliers and supplies of the supply
//! plan of the same seed through the public API (see [`crate::supply`]; not that dataset's
//! own stock history: here the ledger is the orders' and the purchase orders'), then the
//! purchase orders and in-house production that keep the products in stock
//! ([`crate::purchasing`], planned from a first draw of the orders' shipments), and then the
//! orders, imported day by day with `Store::import_orders` — one transaction per day, with the
//! store's clock set to that day, so every order's `created_at` (the list's order) and number
//! (`SO-yymm-…`) are those of the day it was entered, as if the app had been used every day.
//! The hybrid logical clock behind `updated_at` never goes backwards, so it stays after the
//! build's start: only the wall-clock columns are historical. The customer records themselves
//! keep the build's time as their `created_at`.
//!
//! [`OrderGen`] draws the orders from a seed, day after day from [`FIRST_DAY`] (2021-11-23)
//! to the day before [`TODAY`] (2026-11-23). Who orders when comes from
//! [`crate::schedule`]: customer lives that agree with each record's lifecycle stage (lost
//! customers stopped ordering long ago, at-risk ones recently), with weekly and yearly
//! seasonality and the Spring Festival. Each order has 2–6 lines of active products, with
//! negotiated prices in the customer's currency, discounts and VAT (13 % mostly; none for
//! export), often a promised date 3–21 days out, and a history drawn step by step —
//! confirmation (some with a back-order or over the credit limit), picking, one shipment or two
//! (a back-order shipped later), delivery, a return now and then, closing — with realistic
//! delays, cut at [`TODAY`]. So old orders are mostly closed or delivered, the last weeks'
//! orders are in every state, a few orders were cancelled or abandoned as drafts, and some are
//! late (open past their promised date).

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use chainbook_core::facts::Fact;
use chainbook_core::money::minor_unit;
use chainbook_core::order::{LineMoneyDraft, OrderAction, OrderDraft, OrderLineDraft};
use chainbook_core::product::{MovementDraft, ProductDraft};
use chainbook_core::purchase::{PoAction, PoDraft, PoLineDraft, ReceiptLineDraft};
use chainbook_store::orders::{ImportedOrder, OrderEvent};
use chainbook_store::Store;
use rusqlite::Connection;
use uuid::Uuid;

use crate::purchasing;
use crate::rng::Rng;
use crate::supply::{
    category_index, civil, lot_size, scratch_dir, supply_plan, write_supply_plan, Scratch,
};
use crate::supply_words::CATEGORIES;
use crate::{schema_fingerprint, Error, Result};

/// Bump when the generated orders change: cached orders datasets are rebuilt.
pub const ORDERS_GENERATOR_VERSION: u32 = 4;

const ORDER_STREAM: u64 = 0x4f52_4445_5253_2121; // "ORDERS!!"

/// The first order day, 2021-11-23 (days since 1970-01-01).
pub const FIRST_DAY: i64 = 18_954;
/// Days with orders: 2021-11-23 to 2026-11-22, five years.
pub const DAYS: i64 = 1_826;
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
    /// The stage the customer record says (`lead`, `new`, `active`, `at_risk`, `lost`); the
    /// order history is drawn to agree with it (see [`crate::schedule`]).
    pub lifecycle: String,
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
            lifecycle,
        });
    }
    Ok(out)
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
    products: Vec<ProductRef>,
    /// The customers who order on each day ([`crate::schedule::schedule`]).
    per_day: Vec<Vec<u32>>,
}

impl OrderGen {
    /// A generator of `total` orders from `seed` for these customers and active products.
    pub fn new(
        seed: u64,
        customers: Vec<CustomerRef>,
        products: Vec<ProductRef>,
        total: usize,
    ) -> OrderGen {
        let per_day = crate::schedule::schedule(seed, &customers, total);
        OrderGen {
            r: Rng::new(seed ^ ORDER_STREAM),
            customers,
            products,
            per_day,
        }
    }

    /// The orders entered on day `i` (0-based from [`FIRST_DAY`]); call for each day in turn
    /// (the draws follow one another).
    pub fn day(&mut self, i: usize) -> Vec<ImportedOrder> {
        let day = FIRST_DAY + i as i64;
        let who = std::mem::take(&mut self.per_day[i]);
        who.iter().map(|&c| self.order(c as usize, day)).collect()
    }

    fn order(&mut self, customer: usize, day: i64) -> ImportedOrder {
        let r = &mut self.r;
        let c = &self.customers[customer];
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
        // 2–6 lines, about 3.9 on average.
        let n_lines = 2 + r.weighted(&[20, 20, 25, 20, 15]);
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
    let status = |t: i64, action: OrderAction, facts: Vec<Fact>| OrderEvent::Status {
        at: time_text(t),
        action,
        note: String::new(),
        facts,
    };
    let between = |r: &mut Rng, lo: i64, hi: i64| lo + r.below((hi - lo).max(1) as usize) as i64;
    match r.weighted(&[15, 15, 970]) {
        // Quotes left as drafts, or cancelled after a while.
        0 => return,
        1 => {
            let t = t + between(r, DAY, 20 * DAY);
            push(o, t, status(t, OrderAction::Cancel, Vec::new()));
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
    // The order's flags say it was confirmed over the credit limit; the amounts of that moment
    // are not part of the generated history, so only the back-order is recorded as a fact.
    let facts = if o.backorder {
        vec![Fact::Backorder { lines: 1 }]
    } else {
        Vec::new()
    };
    if !push(o, t, status(t, OrderAction::Confirm, facts)) {
        return;
    }
    if r.chance(35) {
        t += between(r, HOUR, 4 * DAY);
        push(o, t, status(t, OrderAction::Cancel, Vec::new()));
        return;
    }
    if r.chance(550) {
        t += between(r, HOUR, DAY);
        if !push(o, t, status(t, OrderAction::StartPicking, Vec::new())) {
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
    if !push(o, t, status(t, OrderAction::Deliver, Vec::new())) {
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
    push(o, t, status(t, OrderAction::Close, Vec::new()));
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
    /// Purchase orders of the replenishment plan ([`crate::purchasing`]) and their lines.
    pub purchase_orders: usize,
    pub po_lines: usize,
    /// Receipts of goods made in-house.
    pub production_receipts: usize,
    /// Customers with at least one order that is not a draft or cancelled, and how many of
    /// them are at risk and lost on [`TODAY`] by the lost-customer analysis of PRODUCT.md §8.
    pub buyers: usize,
    pub at_risk: usize,
    pub lost: usize,
    /// Products whose stock on hand is below zero at the end.
    pub short_products: usize,
    pub schema_version: u32,
    pub schema: u64,
    pub build_ms: u64,
    pub bytes: u64,
}

impl OrdersStats {
    pub(crate) const KEYS: [&'static str; 23] = [
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
        "purchase_orders",
        "po_lines",
        "production_receipts",
        "buyers",
        "at_risk",
        "lost",
        "short_products",
        "schema_version",
        "schema",
        "build_ms",
        "bytes",
    ];

    pub(crate) fn values(&self) -> [u64; 23] {
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
            self.purchase_orders as u64,
            self.po_lines as u64,
            self.production_receipts as u64,
            self.buyers as u64,
            self.at_risk as u64,
            self.lost as u64,
            self.short_products as u64,
            u64::from(self.schema_version),
            self.schema,
            self.build_ms,
            self.bytes,
        ]
    }

    pub(crate) fn from_values(v: [u64; 23]) -> OrdersStats {
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
            purchase_orders: v[12] as usize,
            po_lines: v[13] as usize,
            production_receipts: v[14] as usize,
            buyers: v[15] as usize,
            at_risk: v[16] as usize,
            lost: v[17] as usize,
            short_products: v[18] as usize,
            schema_version: v[19] as u32,
            schema: v[20],
            build_ms: v[21],
            bytes: v[22],
        }
    }
}

/// Runs with at least this many orders print their progress on stderr.
const PROGRESS_FROM: usize = 20_000;

/// Creates the orders dataset at `path` (which must not exist): a copy of the customer
/// dataset `customers_db` (built by [`crate::build_dataset`]); the supply plan of `seed` with
/// `products` and `suppliers` (products, suppliers, supplies; not the supply dataset's own
/// stock history) written through the public API; the purchase orders and in-house production
/// that keep the products in stock ([`crate::purchasing`], planned from a first draw of the
/// orders' shipments), written step by step through the purchasing API with the store's clock
/// on each step; and `orders` orders imported day by day (see the module docs).
///
/// Everything before the orders is written in `/dev/shm` where there is one, as
/// [`crate::build_supply_dataset`] does (hundreds of thousands of one-record transactions);
/// the orders go to `path` itself, a few thousand large transactions, so the biggest file is
/// never held in RAM.
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
    let loud = orders >= PROGRESS_FROM;
    let mut plan = supply_plan(seed, products, suppliers);
    // The ledger here is the orders' and the purchase orders' own.
    plan.movements.clear();
    let scratch = scratch_dir().map(|dir| {
        Scratch(dir.join(format!(
            "chainbook-orders-{}-{}.db",
            std::process::id(),
            started.elapsed().as_nanos()
        )))
    });
    let first = scratch.as_ref().map_or(path, |s| s.0.as_path());
    std::fs::copy(customers_db, first)?;
    // Customers and products existed before the first order.
    let clock = crate::DataClock::at((FIRST_DAY - purchasing::LEAD_IN - 30) * DAY);
    let mut store = clock.open(first, seed, crate::PURCHASE_IDS)?;
    let set = |t: i64| clock.set(t);
    let product_ids = write_supply_plan(&mut store, &plan, started)?;
    let customers = customer_refs(&Connection::open(first)?)?;
    let n_customers = customers.len();
    let products_refs: Vec<ProductRef> = product_ids
        .iter()
        .zip(&plan.products)
        .filter_map(|(id, d)| ProductRef::from_draft(*id, d))
        .collect();
    // A first draw of the orders, for the demand purchasing plans against.
    let index: HashMap<Uuid, usize> = product_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i))
        .collect();
    let mut moves: Vec<Vec<(i64, i64)>> = vec![Vec::new(); product_ids.len()];
    let mut gen = OrderGen::new(seed, customers.clone(), products_refs.clone(), orders);
    for i in 0..DAYS as usize {
        for o in gen.day(i) {
            for e in &o.events {
                let (at, lines, sign) = match e {
                    OrderEvent::Ship { at, lines, .. } => (at, lines, 1),
                    OrderEvent::Return { at, lines, .. } => (at, lines, -1),
                    OrderEvent::Status { .. } => continue,
                };
                let day = day_of(at);
                for (line, qty) in lines {
                    let p = index[&o.draft.lines[*line].product_id];
                    moves[p].push((day, sign * milli(qty)));
                }
            }
        }
    }
    let demand: Vec<purchasing::Demand> = moves
        .into_iter()
        .map(purchasing::Demand::from_moves)
        .collect();
    let buying = purchasing::plan(seed, &plan, &demand);
    if loud {
        eprintln!(
            "datagen: planned {} purchase orders and {} production receipts ({:.1} s)",
            buying.orders.len(),
            buying.production.len(),
            started.elapsed().as_secs_f64()
        );
    }
    let supplier_ids: Vec<Uuid> = {
        let conn = Connection::open(first)?;
        let mut stmt = conn.prepare("SELECT id FROM suppliers WHERE deleted = 0 ORDER BY rowid")?;
        let ids = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        ids.iter()
            .map(|s| Uuid::try_parse(s).map_err(|_| Error::Incomplete(format!("supplier id {s}"))))
            .collect::<Result<_>>()?
    };
    write_purchasing(
        &mut store,
        &buying,
        &supplier_ids,
        &product_ids,
        &set,
        loud,
        started,
    )?;
    drop(store);
    if let Some(s) = &scratch {
        std::fs::copy(&s.0, path)?;
    }
    drop(scratch);
    // The orders, with the clock on each day in turn.
    let mut store = clock.open(path, seed, crate::ORDER_IDS)?;
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
        set((FIRST_DAY + i as i64) * DAY + 12 * HOUR);
        store.orders_mut().import(&batch)?;
        done += batch.len();
        if loud && (i % 60 == 59 || i + 1 == DAYS as usize) {
            eprintln!(
                "datagen: {done:>8} / {orders} orders, up to {} ({:.1} s)",
                date_text(FIRST_DAY + i as i64),
                started.elapsed().as_secs_f64()
            );
        }
    }
    drop(store);
    let conn = Connection::open(path)?;
    let count = |sql: &str, today: &str| -> Result<usize> {
        Ok(conn.query_row(sql, [today], |r| r.get::<_, i64>(0))? as usize)
    };
    let today = date_text(TODAY);
    let late = count(
        "SELECT count(*) FROM sales_orders WHERE deleted = 0 AND promised_on <> ''
             AND promised_on < ?1 AND status IN ('draft', 'confirmed', 'picking', 'shipped')",
        &today,
    )?;
    // Shipments are stored negative: on hand is the plain sum.
    let short_products = count(
        "SELECT count(*) FROM (SELECT product_id FROM stock_movements
             WHERE deleted = 0 AND occurred_at < ?1
             GROUP BY product_id HAVING sum(qty_milli) < 0)",
        &today,
    )?;
    let (buyers, at_risk, lost) = standings(&conn)?;
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
        late,
        purchase_orders: buying.orders.len(),
        po_lines: buying.orders.iter().map(|o| o.lines.len()).sum(),
        production_receipts: buying.production.len(),
        buyers,
        at_risk,
        lost,
        short_products,
        schema_version,
        schema,
        build_ms: started.elapsed().as_millis() as u64,
        bytes: std::fs::metadata(path)?.len(),
    })
}

/// Customers with orders (not drafts, not cancelled), and how many of them are at risk and
/// lost on [`TODAY`] by their order dates ([`crate::schedule::standing`]).
pub fn standings(conn: &Connection) -> Result<(usize, usize, usize)> {
    let mut stmt = conn.prepare(
        "SELECT customer_id, ordered_on FROM sales_orders
         WHERE deleted = 0 AND status NOT IN ('draft', 'cancelled')
         ORDER BY customer_id, ordered_on",
    )?;
    let mut rows = stmt.query([])?;
    let (mut buyers, mut at_risk, mut lost) = (0, 0, 0);
    let mut current: Option<String> = None;
    let mut days: Vec<i64> = Vec::new();
    let mut finish = |days: &mut Vec<i64>| {
        if !days.is_empty() {
            buyers += 1;
            match crate::schedule::standing(days, TODAY) {
                crate::schedule::Standing::AtRisk => at_risk += 1,
                crate::schedule::Standing::Lost => lost += 1,
                crate::schedule::Standing::Active => {}
            }
            days.clear();
        }
    };
    while let Some(row) = rows.next()? {
        let customer: String = row.get(0)?;
        let on: String = row.get(1)?;
        if current.as_deref() != Some(customer.as_str()) {
            finish(&mut days);
            current = Some(customer);
        }
        days.push(day_of(&on));
    }
    finish(&mut days);
    Ok((buyers, at_risk, lost))
}

/// The day number of a `YYYY-MM-DD…` text (0 if it is not one; the generator wrote it).
fn day_of(text: &str) -> i64 {
    let part = |r: std::ops::Range<usize>| text.get(r).and_then(|s| s.parse::<u32>().ok());
    match (part(0..4), part(5..7), part(8..10)) {
        (Some(y), Some(m), Some(d)) => crate::schedule::day_number((i64::from(y), m, d)),
        _ => 0,
    }
}

/// Thousandths of a quantity as typed (`12`, `12.5`).
fn milli(q: &str) -> i64 {
    let (whole, frac) = q.split_once('.').unwrap_or((q, ""));
    let frac = format!("{frac:0<3}");
    whole.parse::<i64>().unwrap_or(0) * 1_000
        + frac.get(..3).and_then(|f| f.parse().ok()).unwrap_or(0)
}

/// A quantity as typed from thousandths: `12`, `12.5`, `0.125`.
fn qty_text(milli: i64) -> String {
    let frac = milli.rem_euclid(1_000);
    if frac == 0 {
        (milli / 1_000).to_string()
    } else {
        format!("{}.{:03}", milli.div_euclid(1_000), frac)
            .trim_end_matches('0')
            .to_owned()
    }
}

/// Writes the purchasing plan through the public API, every step at its own time: create,
/// send, cancel, each delivery, close; and the production receipts.
fn write_purchasing(
    store: &mut Store,
    buying: &purchasing::PurchasingPlan,
    supplier_ids: &[Uuid],
    product_ids: &[Uuid],
    set: &dyn Fn(i64),
    loud: bool,
    started: Instant,
) -> Result<()> {
    #[derive(Clone, Copy)]
    enum Step {
        Create,
        Send,
        Cancel,
        Deliver(usize),
        Close,
        Produce,
    }
    let mut steps: Vec<(i64, usize, Step)> = Vec::new();
    for (k, po) in buying.orders.iter().enumerate() {
        steps.push((po.created, k, Step::Create));
        if let Some(t) = po.sent {
            steps.push((t, k, Step::Send));
        }
        if let Some(t) = po.cancelled {
            steps.push((t, k, Step::Cancel));
        }
        for (i, d) in po.deliveries.iter().enumerate() {
            steps.push((d.at, k, Step::Deliver(i)));
        }
        if let Some(t) = po.closed {
            steps.push((t, k, Step::Close));
        }
    }
    for (k, p) in buying.production.iter().enumerate() {
        steps.push((p.at, k, Step::Produce));
    }
    // Stable: a PO's own steps keep their order when two fall on one second.
    steps.sort_by_key(|s| s.0);
    let mut ids: Vec<Option<(Uuid, Vec<Uuid>)>> = vec![None; buying.orders.len()];
    let of = steps.len();
    for (n, (t, k, step)) in steps.into_iter().enumerate() {
        set(t);
        let po = &buying.orders.get(k);
        match step {
            Step::Create => {
                let po = &buying.orders[k];
                let made = store.purchasing_mut().create(&PoDraft {
                    supplier_id: supplier_ids[po.supplier],
                    currency: "CNY".into(),
                    notes: po.notes.clone(),
                    lines: po
                        .lines
                        .iter()
                        .map(|l| PoLineDraft {
                            product_id: product_ids[l.product],
                            quantity: qty_text(l.qty_milli),
                            unit_price: l.price.clone(),
                            expected_on: l.expected_on.clone(),
                        })
                        .collect(),
                })?;
                ids[k] = Some((made.id, made.lines.iter().map(|l| l.id).collect()));
            }
            Step::Produce => {
                let p = &buying.production[k];
                store.stock_mut().record(&MovementDraft {
                    product_id: product_ids[p.product],
                    kind: "receipt".into(),
                    quantity: qty_text(p.qty_milli),
                    reason: "生产入库".into(),
                    reference: p.reference.clone(),
                    occurred_at: time_text(p.at),
                })?;
            }
            Step::Send | Step::Cancel | Step::Close | Step::Deliver(_) => {
                let (Some(po), Some((id, line_ids))) = (po, ids[k].as_ref()) else {
                    return Err(Error::Incomplete(format!(
                        "purchase order {k} before it was made"
                    )));
                };
                match step {
                    Step::Send => {
                        store.purchasing_mut().action(*id, PoAction::Send)?;
                    }
                    Step::Cancel => {
                        store.purchasing_mut().action(*id, PoAction::Cancel)?;
                    }
                    Step::Close => {
                        store.purchasing_mut().action(*id, PoAction::Close)?;
                    }
                    Step::Deliver(i) => {
                        let d = &po.deliveries[i];
                        let lines: Vec<ReceiptLineDraft> = d
                            .lines
                            .iter()
                            .map(|&(line, accepted, rejected)| ReceiptLineDraft {
                                po_line_id: line_ids[line],
                                received: qty_text(accepted),
                                rejected: qty_text(rejected),
                            })
                            .collect();
                        store.purchasing_mut().receive(
                            *id,
                            &date_text(d.at / DAY),
                            &lines,
                            false,
                        )?;
                    }
                    Step::Create | Step::Produce => {}
                }
            }
        }
        if loud && ((n + 1) % 50_000 == 0 || n + 1 == of) {
            eprintln!(
                "datagen: {:>7} / {of} purchasing steps ({:.1} s)",
                n + 1,
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_times_are_written_as_the_store_reads_them() {
        assert_eq!(date_text(FIRST_DAY), "2021-11-23");
        assert_eq!(date_text(TODAY), "2026-11-23");
        assert_eq!(time_text(TODAY * DAY + 3_723), "2026-11-23T01:02:03Z");
    }

    #[test]
    fn prices_follow_the_currency_decimals() {
        assert_eq!(price_in(12_345, "CNY"), "123.45");
        assert_eq!(price_in(10_000, "USD"), "14.00");
        assert_eq!(price_in(10_000, "JPY"), "2100");
        assert_eq!(price_in(1, "USD"), "0.01", "never free");
    }
}
