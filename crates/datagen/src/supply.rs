//! The supply side: a product catalogue with its stock history, suppliers with contacts, and
//! which suppliers supply which products.
//!
//! [`supply_plan`] draws everything from a seed (three independent ChaCha8 streams: suppliers,
//! products with their movements, supplies), naming products and suppliers by their position
//! because ids are the store's. [`build_supply_dataset`] writes the plan through the public
//! store API, one call (one transaction) per record, as the app's forms do:
//! `Store::create_supplier`, `create_product`, `record_movement` (in time order across all
//! products, as a ledger grows) and `set_supply`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use chainbook_core::contact::ContactDraft;
use chainbook_core::product::{MovementDraft, ProductDraft};
use chainbook_core::supplier::{SupplierDraft, SupplyDraft};
use chainbook_store::Store;
use uuid::Uuid;

use crate::gen::{ascii_slug, chinese_name, foreign_phone, landline, lower_alnum, mobile};
use crate::rng::Rng;
use crate::supply_words::*;
use crate::words::{
    City, Country, BRANDS, COMPANY_FORMS, COUNTRIES, EN_FIRST, EN_LAST, EN_WORDS, PROVINCES,
};
use crate::{schema_fingerprint, Error, Result};

/// Bump when the generated supply data changes: cached supply datasets are rebuilt.
pub const SUPPLY_GENERATOR_VERSION: u32 = 2;

/// Independent streams, so that changing how one part is drawn leaves the others as they were.
const SUPPLIER_STREAM: u64 = 0x5355_5050_4c49_4552; // "SUPPLIER"
const PRODUCT_STREAM: u64 = 0x5052_4f44_5543_5453; // "PRODUCTS"
const SUPPLIES_STREAM: u64 = 0x5355_5050_4c49_4553; // "SUPPLIES"

/// The stock history runs over these days: 2025-01-01 to 2026-11-20 (days since 1970-01-01).
const HISTORY_FIRST_DAY: i64 = 20_089;
const HISTORY_DAYS: i64 = 689;

/// A movement to record, naming its product by position in [`SupplyPlan::products`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedMovement {
    pub product: usize,
    pub kind: &'static str,
    /// As typed: positive, except for adjustments, which carry their sign.
    pub quantity: String,
    pub reason: String,
    pub reference: String,
    /// RFC 3339, UTC.
    pub occurred_at: String,
}

/// A supplier's offer for a product, both named by position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedSupply {
    pub supplier: usize,
    pub product: usize,
    pub price: String,
    pub lead_time_days: String,
    pub preferred: bool,
}

/// Everything a supply dataset holds, before the store gives it ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplyPlan {
    pub suppliers: Vec<SupplierDraft>,
    pub products: Vec<ProductDraft>,
    /// In the order they are recorded: by time, across all products.
    pub movements: Vec<PlannedMovement>,
    /// By product.
    pub supplies: Vec<PlannedSupply>,
}

impl SupplyPlan {
    pub fn supplier_contacts(&self) -> usize {
        self.suppliers.iter().map(|s| s.contacts.len()).sum()
    }
}

/// The supply plan for `products` products and `suppliers` suppliers from `seed`. Every draft
/// passes its validation. Shorter runs are prefixes of longer ones for suppliers and products
/// (movements and supplies depend on both counts).
pub fn supply_plan(seed: u64, products: usize, suppliers: usize) -> SupplyPlan {
    let mut r = Rng::new(seed ^ SUPPLIER_STREAM);
    let suppliers: Vec<SupplierDraft> = (0..suppliers).map(|i| supplier(&mut r, i)).collect();
    let mut r = Rng::new(seed ^ PRODUCT_STREAM);
    let mut next_sku = vec![0u32; CATEGORIES.len()];
    let mut drafts = Vec::with_capacity(products);
    let mut movements = Vec::with_capacity(products * 10);
    for i in 0..products {
        let (d, cat) = product(&mut r, &mut next_sku);
        history(&mut r, i, cat, &d, &mut movements);
        drafts.push(d);
    }
    // A ledger grows in time order; ties keep product order (the sort is stable).
    movements.sort_by(|a, b| a.occurred_at.cmp(&b.occurred_at));
    let mut r = Rng::new(seed ^ SUPPLIES_STREAM);
    let supplies = supplies(&mut r, &suppliers, &drafts);
    SupplyPlan {
        suppliers,
        products: drafts,
        movements,
        supplies,
    }
}

/// Index of a category by name.
pub(crate) fn category_index(name: &str) -> Option<usize> {
    CATEGORIES.iter().position(|c| c.name == name)
}

/// `yuan.fen` from an amount in fen.
fn money(fen: u64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

/// A price in fen within the category's range, most products near the cheap end.
fn price_fen(r: &mut Rng, cat: &Category) -> u64 {
    let (lo, hi) = (u64::from(cat.price.0) * 100, u64::from(cat.price.1) * 100);
    let u = r.below(1 << 16) as u64;
    lo + (((hi - lo) * u * u) >> 32)
}

fn product(r: &mut Rng, next_sku: &mut [u32]) -> (ProductDraft, &'static Category) {
    let ci = r.skewed_index(CATEGORIES.len());
    let cat = &CATEGORIES[ci];
    // Catalogues have gaps where products were dropped.
    next_sku[ci] += 1 + r.weighted(&[80, 15, 5]) as u32;
    let mut sku = format!("{}-{:05}", cat.prefix, next_sku[ci]);
    if r.chance(200) {
        let suffix: &&str = r.pick(&["-A", "-B", "-V2", "-S", "-L"]);
        sku.push_str(suffix);
    }
    let (item, item_en) = *r.pick(cat.items);
    let spec = *r.pick(cat.specs);
    let name = match r.weighted(&[62, 20, 18]) {
        0 if r.chance(200) => format!("{}{item} {spec}", r.skewed(BRANDS).0),
        0 => format!("{item} {spec}"),
        1 => format!("{item_en} {spec}"),
        _ => format!("{item} {item_en} {spec}"),
    };
    let price = price_fen(r, cat);
    let cost = price * r.between(55, 85) as u64 / 100;
    let stage = ["new", "growth", "mature", "decline"][r.weighted(&[15, 25, 45, 15])];
    let active = !r.chance(if stage == "decline" { 400 } else { 30 });
    let lot = lot_size(price);
    let safety = if r.chance(300) {
        0
    } else {
        lot * r.between(1, 4) as u64
    };
    let d = ProductDraft {
        sku,
        name,
        unit: (*r.pick(cat.units)).into(),
        // A few products were never given a category.
        category: if r.chance(15) {
            String::new()
        } else {
            cat.name.into()
        },
        currency: "CNY".into(),
        price: money(price),
        cost: money(cost),
        stage: stage.into(),
        pack_size: (*r.pick(&["1", "1", "1", "10", "50", "100"])).into(),
        min_order_qty: (*r.pick(&["0", "1", "10", "100"])).into(),
        lead_time_days: r.between(3, 45).to_string(),
        safety_stock: safety.to_string(),
        reorder_point: (safety + safety / 2).to_string(),
        active,
    };
    (d, cat)
}

/// Units that typically move at once, by unit price: cheap parts by the thousand.
pub(crate) fn lot_size(price_fen: u64) -> u64 {
    match price_fen {
        0..=99 => 2_000,
        100..=1_999 => 200,
        2_000..=19_999 => 40,
        _ => 5,
    }
}

/// A calendar date from days since 1970-01-01 (H. Hinnant's `civil_from_days`).
pub(crate) fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// A product's movements: an opening receipt, then shipments, receipts, returns and
/// adjustments on later working hours. Stock rarely goes negative (a sale recorded before the
/// receipt), as in a real ledger.
fn history(
    r: &mut Rng,
    product: usize,
    cat: &Category,
    d: &ProductDraft,
    out: &mut Vec<PlannedMovement>,
) {
    let n = 2 + r.below(17);
    let price: u64 = d.price.replace('.', "").parse().unwrap_or(100);
    // Quantities in tenths of a unit; whole units unless the category moves by weight or length.
    let lot = lot_size(price) as i64 * 10;
    let step = |r: &mut Rng, max: i64| -> i64 {
        let q = 1 + r.below(max.max(1) as usize) as i64;
        if cat.fractional {
            q
        } else {
            (q + 9) / 10 * 10
        }
    };
    let mut day = r.below(HISTORY_DAYS as usize * 7 / 10) as i64;
    let gap = ((HISTORY_DAYS - day) * 2 / n as i64).max(1) as usize;
    let mut on_hand: i64 = 0;
    for i in 0..n {
        if i > 0 {
            day = (day + 1 + r.below(gap) as i64).min(HISTORY_DAYS - 1);
        }
        let (y, m, dd) = civil(HISTORY_FIRST_DAY + day);
        let at = format!(
            "{y:04}-{m:02}-{dd:02}T{:02}:{:02}:{:02}Z",
            r.between(0, 10),
            r.below(60),
            r.below(60)
        );
        let mut kind = match r.weighted(&[58, 25, 7, 10]) {
            _ if i == 0 => "receipt",
            0 => "shipment",
            1 => "receipt",
            2 => "return",
            _ => "adjustment",
        };
        if kind == "shipment" && on_hand <= 0 && !r.chance(20) {
            kind = "receipt";
        }
        let (qty, reason, reference) = match kind {
            "receipt" => (
                {
                    let max = lot * r.between(2, 6) as i64;
                    step(r, max)
                },
                String::new(),
                format!(
                    "PO-{:02}{m:02}-{}-{:04}",
                    y % 100,
                    r.pick(&["A1", "B7", "K3"]),
                    r.between(1, 400)
                ),
            ),
            "shipment" => {
                // At most what is on hand, unless stock is already gone.
                let max = if on_hand > 0 {
                    on_hand.min(lot * 2)
                } else {
                    lot / 2
                };
                let q = step(r, max);
                let reason = if r.chance(100) {
                    "加急".into()
                } else {
                    String::new()
                };
                (
                    q,
                    reason,
                    format!("SO{:02}{m:02}{dd:02}{}", y % 100, r.digits(4)),
                )
            }
            "return" => (
                step(r, lot / 4),
                (*r.pick(&["客户退货", "质量问题退回", "发错货", ""])).into(),
                format!("RMA-{}", r.digits(5)),
            ),
            _ => {
                let q = step(r, lot / 10);
                let q = if on_hand >= q && r.chance(700) { -q } else { q };
                (q, (*r.pick(ADJUSTMENT_REASONS)).into(), String::new())
            }
        };
        on_hand += if kind == "shipment" { -qty } else { qty };
        out.push(PlannedMovement {
            product,
            kind,
            quantity: tenths(qty),
            reason,
            reference,
            occurred_at: at,
        });
    }
}

/// `12.5` from 125 tenths, `12` from 120.
fn tenths(q: i64) -> String {
    let sign = if q < 0 { "-" } else { "" };
    let a = q.abs();
    if a % 10 == 0 {
        format!("{sign}{}", a / 10)
    } else {
        format!("{sign}{}.{}", a / 10, a % 10)
    }
}

fn supplier(r: &mut Rng, i: usize) -> SupplierDraft {
    let kind = ["goods", "logistics", "service"][r.weighted(&[76, 12, 12])];
    let status = ["approved", "probation", "blocked"][r.weighted(&[74, 19, 7])];
    let province = r.skewed(PROVINCES);
    let city = r.skewed(province.cities);
    let (brand, brand_py) = *r.skewed(BRANDS);
    let form = *r.skewed(COMPANY_FORMS);
    let country = (kind == "goods" && r.chance(80)).then(|| r.skewed(COUNTRIES));
    let mut categories: Vec<String> = Vec::new();
    let mut domain = format!("{brand_py}{}.com", r.between(1, 99));
    let name = match kind {
        "goods" => {
            for _ in 0..1 + r.weighted(&[50, 35, 15]) {
                let c = CATEGORIES[r.skewed_index(CATEGORIES.len())]
                    .name
                    .to_string();
                if !categories.contains(&c) {
                    categories.push(c);
                }
            }
            if let Some(country) = country {
                let word = *r.pick(EN_WORDS);
                let cat = &CATEGORIES[category_index(&categories[0]).unwrap_or(0)];
                domain = format!("{}{}.{}", ascii_slug(word), ascii_slug(cat.en), country.tld);
                format!("{word} {} {}", cat.en, r.skewed(country.suffixes))
            } else {
                let cat = &CATEGORIES[category_index(&categories[0]).unwrap_or(0)];
                let trade = r.pick(&["", "制品", "科技", "贸易", "实业"]);
                format!("{}{brand}{}{trade}{form}", city.name, cat.name)
            }
        }
        "logistics" => {
            categories.push((*r.pick(LOGISTICS_CATEGORIES)).into());
            if r.chance(400) {
                categories.push((*r.pick(LOGISTICS_CATEGORIES)).into());
            }
            format!("{}{brand}{}{form}", city.name, r.pick(LOGISTICS_WORDS))
        }
        _ => {
            categories.push((*r.pick(SERVICE_CATEGORIES)).into());
            format!("{}{brand}{}{form}", city.name, r.pick(SERVICE_WORDS))
        }
    };
    categories.dedup();
    let n = 1 + r.weighted(&[45, 35, 20]);
    let mut contacts: Vec<ContactDraft> = (0..n)
        .map(|_| supplier_contact(r, country, city, &domain))
        .collect();
    if r.chance(700) {
        let p = r.below(contacts.len());
        contacts[p].primary = true;
    }
    SupplierDraft {
        code: format!("SUP-{:05}", i + 1),
        name,
        kind: kind.into(),
        status: status.into(),
        categories,
        contacts,
        notes: if r.chance(200) {
            (*r.pick(SUPPLIER_NOTES)).into()
        } else {
            String::new()
        },
    }
}

fn supplier_contact(
    r: &mut Rng,
    country: Option<&Country>,
    city: &City,
    domain: &str,
) -> ContactDraft {
    let mut c = ContactDraft::default();
    if let Some(country) = country {
        let (first, last) = (*r.pick(EN_FIRST), *r.pick(EN_LAST));
        c.name = format!("{first} {last}");
        c.role = (*r.pick(&["Sales Manager", "Account Manager", "Export Sales", ""])).into();
        let city = r.skewed(country.cities);
        c.phone = foreign_phone(r, country, city);
        c.email = format!("{}.{}@{domain}", ascii_slug(first), ascii_slug(last));
        return c;
    }
    let (name, surname_py, given_py) = chinese_name(r);
    c.name = name;
    c.role = (*r.pick(SUPPLIER_ROLES)).into();
    c.phone = if r.chance(850) {
        mobile(r)
    } else {
        landline(r, city)
    };
    if r.chance(500) {
        c.email = format!("{given_py}.{surname_py}@{domain}");
    }
    if r.chance(300) {
        c.wechat = format!("wxid_{}", lower_alnum(r, 10));
    }
    c
}

/// Each product has 0–3 suppliers among the goods suppliers of its category (any goods
/// supplier when none lists it); the first is preferred (usually).
fn supplies(
    r: &mut Rng,
    suppliers: &[SupplierDraft],
    products: &[ProductDraft],
) -> Vec<PlannedSupply> {
    let goods: Vec<usize> = (0..suppliers.len())
        .filter(|&i| suppliers[i].kind == "goods")
        .collect();
    if goods.is_empty() {
        return Vec::new();
    }
    let mut by_category: Vec<Vec<usize>> = vec![Vec::new(); CATEGORIES.len()];
    for &s in &goods {
        for c in &suppliers[s].categories {
            if let Some(ci) = category_index(c) {
                by_category[ci].push(s);
            }
        }
    }
    let mut out = Vec::new();
    for (p, d) in products.iter().enumerate() {
        let pool = match category_index(&d.category) {
            Some(ci) if !by_category[ci].is_empty() => &by_category[ci],
            _ => &goods,
        };
        let n = r.weighted(&[5, 50, 30, 15]).min(pool.len());
        let cost: u64 = d.cost.replace('.', "").parse().unwrap_or(100);
        let mut chosen: Vec<usize> = Vec::with_capacity(n);
        let mut tries = 0;
        while chosen.len() < n && tries < 10 {
            tries += 1;
            let s = *r.pick(pool);
            if !chosen.contains(&s) {
                chosen.push(s);
            }
        }
        let preferred_first = r.chance(900);
        for (k, s) in chosen.into_iter().enumerate() {
            out.push(PlannedSupply {
                supplier: s,
                product: p,
                price: money(cost * r.between(90, 105) as u64 / 100),
                lead_time_days: r.between(3, 45).to_string(),
                preferred: k == 0 && preferred_first,
            });
        }
    }
    out
}

/// What a supply build wrote, also kept beside a cached supply dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplyStats {
    pub generator: u32,
    pub seed: u64,
    pub products: usize,
    pub inactive_products: usize,
    pub movements: usize,
    pub suppliers: usize,
    pub supplier_contacts: usize,
    pub supplies: usize,
    pub schema_version: u32,
    pub schema: u64,
    pub build_ms: u64,
    pub bytes: u64,
}

impl SupplyStats {
    pub(crate) const KEYS: [&'static str; 12] = [
        "generator",
        "seed",
        "products",
        "inactive_products",
        "movements",
        "suppliers",
        "supplier_contacts",
        "supplies",
        "schema_version",
        "schema",
        "build_ms",
        "bytes",
    ];

    pub(crate) fn values(&self) -> [u64; 12] {
        [
            u64::from(self.generator),
            self.seed,
            self.products as u64,
            self.inactive_products as u64,
            self.movements as u64,
            self.suppliers as u64,
            self.supplier_contacts as u64,
            self.supplies as u64,
            u64::from(self.schema_version),
            self.schema,
            self.build_ms,
            self.bytes,
        ]
    }

    pub(crate) fn from_values(v: [u64; 12]) -> SupplyStats {
        SupplyStats {
            generator: v[0] as u32,
            seed: v[1],
            products: v[2] as usize,
            inactive_products: v[3] as usize,
            movements: v[4] as usize,
            suppliers: v[5] as usize,
            supplier_contacts: v[6] as usize,
            supplies: v[7] as usize,
            schema_version: v[8] as u32,
            schema: v[9],
            build_ms: v[10],
            bytes: v[11],
        }
    }
}

/// Runs at least this big print their progress on stderr.
const PROGRESS_FROM: usize = 5_000;

/// A RAM-backed folder to build in, when the system has one (Linux's `/dev/shm`).
pub(crate) fn scratch_dir() -> Option<PathBuf> {
    let dir = Path::new("/dev/shm");
    dir.is_dir().then(|| dir.to_path_buf())
}

/// Removes a scratch database (and its WAL files) when dropped, also after a failed build.
pub(crate) struct Scratch(pub(crate) PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut p = self.0.as_os_str().to_owned();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
}

/// Creates a database at `path` (which must not exist) holding the supply plan for `seed`,
/// written through the public store API, one call (one transaction) per record.
///
/// Where the system has a RAM-backed folder (`/dev/shm`), the database is written there and
/// then copied to `path`: each of the ≈ 253,000 commits at scale L waits for an `fsync` on
/// disk (≈ 2 ms each on the project's VM, so ≈ 9 minutes; S took 26.5 s on disk against 1.8 s
/// in RAM) and for nothing in RAM (L: ≈ 40 s). The file is the same either way; only the
/// durability of the intermediate commits differs, which a generated dataset does not need.
pub fn build_supply_dataset(
    path: &Path,
    seed: u64,
    products: usize,
    suppliers: usize,
) -> Result<SupplyStats> {
    if path.exists() {
        return Err(Error::Exists(path.to_path_buf()));
    }
    let started = Instant::now();
    let Some(dir) = scratch_dir() else {
        return write_supply(path, seed, products, suppliers, started);
    };
    static BUILDS: AtomicU64 = AtomicU64::new(0);
    let scratch = Scratch(dir.join(format!(
        "chainbook-supply-{}-{}.db",
        std::process::id(),
        BUILDS.fetch_add(1, Ordering::Relaxed)
    )));
    let mut stats = write_supply(&scratch.0, seed, products, suppliers, started)?;
    std::fs::copy(&scratch.0, path)?;
    stats.bytes = std::fs::metadata(path)?.len();
    stats.build_ms = started.elapsed().as_millis() as u64;
    Ok(stats)
}

fn write_supply(
    path: &Path,
    seed: u64,
    products: usize,
    suppliers: usize,
    started: Instant,
) -> Result<SupplyStats> {
    let plan = supply_plan(seed, products, suppliers);
    // Entered on 2025-01-01, the start of its stock history.
    let mut store =
        crate::DataClock::at(HISTORY_FIRST_DAY * 86_400).open(path, seed, crate::SUPPLY_IDS)?;
    let schema_version = store.schema_version()?;
    write_supply_plan(&mut store, &plan, started)?;
    // Closing the only connection checkpoints the WAL into the database file.
    drop(store);
    let schema = schema_fingerprint(path)?;
    Ok(SupplyStats {
        generator: SUPPLY_GENERATOR_VERSION,
        seed,
        products,
        inactive_products: plan.products.iter().filter(|p| !p.active).count(),
        movements: plan.movements.len(),
        suppliers,
        supplier_contacts: plan.supplier_contacts(),
        supplies: plan.supplies.len(),
        schema_version,
        schema,
        build_ms: started.elapsed().as_millis() as u64,
        bytes: std::fs::metadata(path)?.len(),
    })
}

/// Writes `plan` into `store` through the public API, one call per record; returns the
/// products' ids in plan order.
pub(crate) fn write_supply_plan(
    store: &mut Store,
    plan: &SupplyPlan,
    started: Instant,
) -> Result<Vec<Uuid>> {
    let loud = plan.products.len() >= PROGRESS_FROM;
    let progress = |what: &str, done: usize, of: usize| {
        if loud && (done % 20_000 == 0 || done == of) {
            eprintln!(
                "datagen: {done:>7} / {of} {what} ({:.1} s)",
                started.elapsed().as_secs_f64()
            );
        }
    };
    let mut supplier_ids = Vec::with_capacity(plan.suppliers.len());
    for (i, d) in plan.suppliers.iter().enumerate() {
        supplier_ids.push(store.suppliers_mut().create(d)?.id);
        progress("suppliers", i + 1, plan.suppliers.len());
    }
    let mut product_ids = Vec::with_capacity(plan.products.len());
    for (i, d) in plan.products.iter().enumerate() {
        product_ids.push(store.products_mut().create(d)?.id);
        progress("products", i + 1, plan.products.len());
    }
    for (i, m) in plan.movements.iter().enumerate() {
        store.stock_mut().record(&MovementDraft {
            product_id: product_ids[m.product],
            kind: m.kind.into(),
            quantity: m.quantity.clone(),
            reason: m.reason.clone(),
            reference: m.reference.clone(),
            occurred_at: m.occurred_at.clone(),
        })?;
        progress("movements", i + 1, plan.movements.len());
    }
    for (i, s) in plan.supplies.iter().enumerate() {
        store.suppliers_mut().set_supply(&SupplyDraft {
            supplier_id: supplier_ids[s.supplier],
            product_id: product_ids[s.product],
            currency: "CNY".into(),
            price: s.price.clone(),
            lead_time_days: s.lead_time_days.clone(),
            preferred: s.preferred,
        })?;
        progress("supplies", i + 1, plan.supplies.len());
    }
    Ok(product_ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(HISTORY_FIRST_DAY), (2025, 1, 1));
        assert_eq!(civil(HISTORY_FIRST_DAY + HISTORY_DAYS - 1), (2026, 11, 20));
        assert_eq!(civil(HISTORY_FIRST_DAY + 31 + 28), (2025, 3, 1));
    }

    #[test]
    fn quantities_and_money_are_written_as_typed() {
        assert_eq!(tenths(125), "12.5");
        assert_eq!(tenths(-30), "-3");
        assert_eq!(money(5), "0.05");
        assert_eq!(money(123_456), "1234.56");
    }
}
