//! Store-layer read benchmarks on a generated dataset, each beside its bare-SQLite equivalent
//! where there is one.
//!
//! [`run`] opens the dataset twice: through `chainbook_store::Store` (what the app does) and as
//! a plain read-only rusqlite connection to the same file (the floor: the same SQLite doing the
//! least work that returns the same rows). Each figure is warmed up, then timed over many
//! repetitions; the report gives the median (p50) and p95 in milliseconds, the target from the
//! customer issue (search p95 ≤ 20 ms, list page p95 ≤ 30 ms, record page ≤ 20 ms), and the ratio
//! of our median to the bare median.
//!
//! Figures:
//! - **search as you type**: `Store::search_customers(q, 20)` for a fixed list of Chinese,
//!   pinyin, initials, English, phone and e-mail queries taken from the generator's word lists,
//!   plus every keystroke of typing a brand's pinyin; bare: an FTS5 `MATCH` on
//!   `customer_search` (queries of 3+ characters, which the trigram index serves) or a `LIKE`
//!   over every text column of that table (shorter ones), `LIMIT 20`, without ranking;
//! - **customer list pages**: `Store::list_customers` (50 rows) sorted by name or last update,
//!   unfiltered and with two filters, first page and a deep page (the middle one); bare: the
//!   same `SELECT … ORDER BY … LIMIT 50 OFFSET …` plus its `count(*)`. The store remembers a
//!   filtered list's total until the next write, so repeated pages of one list measure only the
//!   page; group `list-uncached` measures the first page after a filter change honestly (before
//!   each run, untimed, a list with a filter that matches nothing replaces the remembered count,
//!   so every timed run counts as well), against the same bare count + page;
//! - **record page** (`get_customer_detail`), segment count (`count_customers`) and the filter
//!   choices (`filter_options`);
//! - **product and supplier list pages** (groups `products` and `suppliers`) on the separate
//!   supply dataset: see [`run_supply`];
//! - **the order list and the order page** (group `orders`) on the orders dataset: see
//!   [`run_orders`].
//! - **the complaint list, complaint page and NPS/CSAT** (group `complaints`) on the complaints
//!   dataset: see [`run_complaints`];
//! - **sync** (group `sync`) on a copy of the orders dataset: applying batches of remote
//!   changes, and the file's footprint per table: see [`run_apply`] and [`footprint`];
//! - **customer analytics** (group `analytics`) on the orders dataset: see
//!   `analytics::analytics_figures`;
//! - **the index audit** (`--audit-indexes`): which indexes the queries use, see
//!   [`audit_indexes`].

use std::path::Path;
use std::time::{Duration, Instant};

use chainbook_core::customer::{Channel, Lifecycle};
use chainbook_store::{CustomerFilter, CustomerQuery, CustomerSort, Scope, Store};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

mod analytics;
mod audit;
mod complaints;
mod orders;
mod records;
mod supply;
mod sync;

pub use audit::{audit_indexes, IndexUse};
pub use complaints::{run_complaints, COMPLAINT_PAGE_TARGET_MS};
pub use orders::{run_orders, ORDER_PAGE_TARGET_MS};
pub use supply::run_supply;
pub use sync::{footprint, footprint_table, run_apply, APPLY_BATCHES, APPLY_BATCH_TARGET_MS};

pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T, E = Error> = std::result::Result<T, E>;

pub const SEARCH_TARGET_MS: f64 = 20.0;
pub const LIST_TARGET_MS: f64 = 30.0;
pub const RECORD_TARGET_MS: f64 = 20.0;
pub const SEARCH_LIMIT: u32 = 20;
pub const PAGE_SIZE: u32 = 50;

/// The search box's queries: (what it exercises, query). Every one matches generated data:
/// brands, cities and name words come from `chainbook_datagen::words`.
pub const SEARCH_QUERIES: &[(&str, &str)] = &[
    ("Chinese brand, 2 chars", "宏达"),
    ("Chinese city, 2 chars", "深圳"),
    ("Chinese, 1 char", "华"),
    ("Chinese brand + industry", "宏达科技"),
    ("Chinese, in most names", "有限公司"),
    ("full pinyin, city", "shenzhen"),
    ("full pinyin, brand", "hongda"),
    ("initials, city", "sz"),
    ("initials, brand", "hd"),
    ("English word", "Nordic"),
    ("English, mixed case", "pACIFIC"),
    ("landline area code", "0755"),
    ("mobile prefix", "138"),
    ("e-mail domain", "163.com"),
    ("e-mail local part", "sales@"),
    ("person's name", "王伟"),
];

/// Typed one keystroke at a time: every prefix is a search.
pub const TYPED: &str = "hongda";

/// How many times each figure runs.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Untimed runs first (page cache, prepared-statement cache).
    pub warmup: usize,
    /// Timed runs.
    pub reps: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            warmup: 5,
            reps: 50,
        }
    }
}

/// One measured figure.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// `search`, `list`, `record`, `bare`, …
    pub group: &'static str,
    pub name: String,
    pub samples: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    /// Target for p95, if the product sets one.
    pub target_ms: Option<f64>,
    /// Rows (hits, list items) the last run returned.
    pub rows: u64,
    /// For list pages and counts: the total matching.
    pub total: Option<u64>,
    /// Name of the bare-SQLite figure this one is compared with.
    pub bare: Option<String>,
    /// Our p50 ÷ the bare p50.
    pub ratio: Option<f64>,
}

impl Figure {
    pub fn missed(&self) -> bool {
        self.target_ms.is_some_and(|t| self.p95_ms > t)
    }
}

/// Timings and the last run's result size.
struct Timed {
    times: Vec<Duration>,
    rows: u64,
    total: Option<u64>,
}

/// Runs `f` `warmup` times untimed, then `reps` times timed. `f` returns (rows, total).
fn time(opts: &Options, f: impl FnMut(usize) -> Result<(u64, Option<u64>)>) -> Result<Timed> {
    time_after(opts, || Ok(()), f)
}

/// [`time`], with `before` run untimed before every run of `f`.
fn time_after(
    opts: &Options,
    mut before: impl FnMut() -> Result<()>,
    mut f: impl FnMut(usize) -> Result<(u64, Option<u64>)>,
) -> Result<Timed> {
    for i in 0..opts.warmup {
        before()?;
        f(i)?;
    }
    let mut times = Vec::with_capacity(opts.reps);
    let (mut rows, mut total) = (0, None);
    for i in 0..opts.reps.max(1) {
        before()?;
        let t = Instant::now();
        (rows, total) = f(i)?;
        times.push(t.elapsed());
    }
    Ok(Timed { times, rows, total })
}

/// Nearest-rank percentile of sorted samples, in ms.
fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1000.0
}

fn figure(group: &'static str, name: String, target_ms: Option<f64>, mut t: Timed) -> Figure {
    t.times.sort();
    Figure {
        group,
        name,
        samples: t.times.len(),
        p50_ms: percentile(&t.times, 0.50),
        p95_ms: percentile(&t.times, 0.95),
        target_ms,
        rows: t.rows,
        total: t.total,
        bare: None,
        ratio: None,
    }
}

/// Same as [`figure`] over pooled samples of several queries.
fn pooled(group: &'static str, name: String, target_ms: Option<f64>, parts: Vec<Timed>) -> Figure {
    let rows = parts.iter().map(|t| t.rows).min().unwrap_or(0);
    let times = parts.into_iter().flat_map(|t| t.times).collect();
    figure(
        group,
        name,
        target_ms,
        Timed {
            times,
            rows,
            total: None,
        },
    )
}

/// Records that `ours` is compared with `bare`.
fn compare(ours: &mut Figure, bare: &Figure) {
    ours.bare = Some(bare.name.clone());
    ours.ratio = (bare.p50_ms > 0.0).then(|| ours.p50_ms / bare.p50_ms);
}

/// Times `ours(page)` and the bare count + page for each page, as a pair of figures.
#[allow(clippy::too_many_arguments)]
pub(crate) fn list_pair(
    group: &'static str,
    what: &str,
    pages: &[u32],
    count_pages: u32,
    opts: &Options,
    mut ours: impl FnMut(u32) -> Result<(u64, u64)>,
    bare_count: &mut rusqlite::Statement<'_>,
    bare_page: &mut rusqlite::Statement<'_>,
    out: &mut Vec<Figure>,
) -> Result<()> {
    for &page in pages {
        let t = time(opts, |_| {
            let (rows, total) = ours(page)?;
            Ok((rows, Some(total)))
        })?;
        let mut f = figure(
            group,
            format!("{what}, page {} of {count_pages}", page + 1),
            Some(LIST_TARGET_MS),
            t,
        );
        let offset = i64::from(page) * i64::from(PAGE_SIZE);
        let b = time(opts, |_| {
            let n: i64 = bare_count.query_row([], |r| r.get(0))?;
            let rows = drain(bare_page, &[&PAGE_SIZE, &offset])?;
            Ok((rows, Some(n as u64)))
        })?;
        let b = figure(
            "bare",
            format!("bare count + page, {what} @{offset}"),
            None,
            b,
        );
        compare(&mut f, &b);
        out.push(f);
        out.push(b);
    }
    Ok(())
}

/// The columns the store's list reads, so the bare query moves the same data.
const LIST_COLUMNS: &str = "id, code, kind, name, phone, email, country, province, city, tags, \
     credit_limit, currency, notes, created_at, updated_at, updated_by, channel, payment_method, \
     payment_terms, lifecycle, owner";

/// Steps through every row and touches every column, as a caller that reads results would.
fn drain(stmt: &mut rusqlite::Statement<'_>, args: &[&dyn rusqlite::ToSql]) -> Result<u64> {
    let cols = stmt.column_count();
    let mut rows = stmt.query(args)?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        for i in 0..cols {
            std::hint::black_box(matches!(r.get_ref(i)?, ValueRef::Null));
        }
        n += 1;
    }
    Ok(n)
}

/// A list page the benchmark requests.
struct ListCase {
    name: &'static str,
    sort: CustomerSort,
    descending: bool,
    filter: CustomerFilter,
    /// The bare query's `WHERE` (after `deleted = 0`) and `ORDER BY`.
    bare_where: &'static str,
    bare_order: &'static str,
}

fn list_cases() -> Vec<ListCase> {
    vec![
        ListCase {
            name: "all by name",
            sort: CustomerSort::Name,
            descending: false,
            filter: CustomerFilter::default(),
            bare_where: "",
            bare_order: "name ASC, id ASC",
        },
        ListCase {
            name: "all by update ↓",
            sort: CustomerSort::UpdatedAt,
            descending: true,
            filter: CustomerFilter::default(),
            bare_where: "",
            bare_order: "updated_at DESC, id DESC",
        },
        ListCase {
            name: "广东 + active by name",
            sort: CustomerSort::Name,
            descending: false,
            filter: CustomerFilter {
                province: Some("广东".into()),
                lifecycles: vec![Lifecycle::Active],
                ..Default::default()
            },
            bare_where: "AND province = '广东' AND lifecycle = 'active'",
            bare_order: "name ASC, id ASC",
        },
        ListCase {
            name: "VIP + distributor by update ↓",
            sort: CustomerSort::UpdatedAt,
            descending: true,
            filter: CustomerFilter {
                tags: vec!["VIP".into()],
                channels: vec![Channel::Distributor],
                ..Default::default()
            },
            bare_where: "AND id IN (SELECT customer_id FROM customer_tags WHERE tag = 'VIP') \
                         AND channel = 'distributor'",
            bare_order: "updated_at DESC, id DESC",
        },
        ListCase {
            name: "international + at risk/lost by name",
            sort: CustomerSort::Name,
            descending: false,
            filter: CustomerFilter {
                scope: Some(Scope::International),
                lifecycles: vec![Lifecycle::AtRisk, Lifecycle::Lost],
                ..Default::default()
            },
            bare_where: "AND country <> '' AND country <> 'CN' \
                         AND lifecycle IN ('at_risk', 'lost')",
            bare_order: "name ASC, id ASC",
        },
    ]
}

/// A plain read-only connection to `db`, for the bare-SQLite figures.
fn open_bare(db: &Path) -> Result<Connection> {
    Ok(Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?)
}

/// Runs every customer benchmark on the customer dataset at `db` and returns the figures in
/// report order.
pub fn run(db: &Path, opts: &Options) -> Result<Vec<Figure>> {
    let store = Store::open(db)?;
    let bare = open_bare(db)?;
    let mut out = Vec::new();
    search_figures(&store, &bare, opts, &mut out)?;
    list_figures(&store, &bare, opts, &mut out)?;
    other_figures(&store, opts, &mut out)?;
    Ok(out)
}

fn search_figures(
    store: &Store,
    bare: &Connection,
    opts: &Options,
    out: &mut Vec<Figure>,
) -> Result<()> {
    let mut fts = bare.prepare(&format!(
        "SELECT customer_id FROM customer_search WHERE customer_search MATCH ?1 LIMIT {SEARCH_LIMIT}"
    ))?;
    // The store scans every text column of the index for short queries; so does the bare one,
    // whatever columns the index has.
    let columns: Vec<String> = bare
        .prepare(
            "SELECT name FROM pragma_table_info('customer_search') WHERE name <> 'customer_id'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let any_like = columns
        .iter()
        .map(|c| format!("{c} LIKE ?1 ESCAPE '\\'"))
        .collect::<Vec<_>>()
        .join(" OR ");
    let mut like = bare.prepare(&format!(
        "SELECT customer_id FROM customer_search WHERE {any_like} LIMIT {SEARCH_LIMIT}"
    ))?;
    let mut all = Vec::new();
    for (what, q) in SEARCH_QUERIES {
        let t = time(opts, |_| {
            let hits = store.search().customers(q, SEARCH_LIMIT)?;
            Ok((hits.len() as u64, None))
        })?;
        let ours_times = t.times.clone();
        let mut ours = figure(
            "search",
            format!("search 「{q}」 ({what})"),
            Some(SEARCH_TARGET_MS),
            t,
        );
        let short = q.chars().count() < 3;
        let (label, stmt, arg) = if short {
            let escaped = q
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            ("LIKE", &mut like, format!("%{escaped}%"))
        } else {
            (
                "FTS5 MATCH",
                &mut fts,
                format!("\"{}\"", q.replace('"', "\"\"")),
            )
        };
        let b = time(opts, |_| Ok((drain(stmt, &[&arg])?, None)))?;
        let b = figure("bare", format!("bare {label} 「{q}」"), None, b);
        compare(&mut ours, &b);
        all.push(Timed {
            times: ours_times,
            rows: ours.rows,
            total: None,
        });
        out.push(ours);
        out.push(b);
    }
    // Typing a word: each keystroke searches the prefix typed so far.
    let prefixes: Vec<&str> = TYPED
        .char_indices()
        .map(|(i, c)| &TYPED[..i + c.len_utf8()])
        .collect();
    let typed = time(opts, |i| {
        let hits = store
            .search()
            .customers(prefixes[i % prefixes.len()], SEARCH_LIMIT)?;
        Ok((hits.len() as u64, None))
    })?;
    out.push(figure(
        "search",
        format!("typing \"{TYPED}\", one search per keystroke"),
        Some(SEARCH_TARGET_MS),
        typed,
    ));
    out.push(pooled(
        "search",
        format!("search, all {} queries pooled", SEARCH_QUERIES.len()),
        Some(SEARCH_TARGET_MS),
        all,
    ));
    Ok(())
}

fn list_figures(
    store: &Store,
    bare: &Connection,
    opts: &Options,
    out: &mut Vec<Figure>,
) -> Result<()> {
    let mut uncached = Vec::new();
    // A list nobody matches (no country has this code): listing it replaces the remembered
    // count of whatever list came before.
    let nobody = CustomerQuery {
        page_size: 1,
        filter: CustomerFilter {
            country: Some("ZZ".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let forget_count = || -> Result<()> {
        store.customers().list(&nobody)?;
        Ok(())
    };
    for case in list_cases() {
        let query = |page: u32| CustomerQuery {
            page,
            page_size: PAGE_SIZE,
            sort: case.sort,
            descending: case.descending,
            search: None,
            filter: case.filter.clone(),
        };
        let total = store.customers().list(&query(0))?.total;
        let pages = total.div_ceil(u64::from(PAGE_SIZE)).max(1) as u32;
        let mut count = bare.prepare(&format!(
            "SELECT count(*) FROM customers WHERE deleted = 0 {}",
            case.bare_where
        ))?;
        let mut page_stmt = bare.prepare(&format!(
            "SELECT {LIST_COLUMNS} FROM customers WHERE deleted = 0 {}
             ORDER BY {} LIMIT ?1 OFFSET ?2",
            case.bare_where, case.bare_order
        ))?;
        for (i, page) in [0, pages / 2].into_iter().enumerate() {
            let t = time(opts, |_| {
                let p = store.customers().list(&query(page))?;
                Ok((p.items.len() as u64, Some(p.total)))
            })?;
            let mut ours = figure(
                "list",
                format!("list {}, page {} of {pages}", case.name, page + 1),
                Some(LIST_TARGET_MS),
                t,
            );
            let offset = i64::from(page) * i64::from(PAGE_SIZE);
            let b = time(opts, |_| {
                let n: i64 = count.query_row([], |r| r.get(0))?;
                let rows = drain(&mut page_stmt, &[&PAGE_SIZE, &offset])?;
                Ok((rows, Some(n as u64)))
            })?;
            let b = figure(
                "bare",
                format!("bare count + page, {} @{offset}", case.name),
                None,
                b,
            );
            compare(&mut ours, &b);
            if i == 0 {
                // The same first page just after switching to this filter.
                let t = time_after(opts, forget_count, |_| {
                    let p = store.customers().list(&query(0))?;
                    Ok((p.items.len() as u64, Some(p.total)))
                })?;
                let mut first = figure(
                    "list-uncached",
                    format!("list {}, page 1 after a filter change", case.name),
                    Some(LIST_TARGET_MS),
                    t,
                );
                compare(&mut first, &b);
                uncached.push(first);
            }
            out.push(ours);
            out.push(b);
        }
    }
    out.extend(uncached);
    let mut count = bare.prepare("SELECT count(*) FROM customers WHERE deleted = 0")?;
    let t = time(opts, |_| {
        let n: i64 = count.query_row([], |r| r.get(0))?;
        Ok((1, Some(n as u64)))
    })?;
    out.push(figure(
        "bare",
        "bare count(*) of live customers".into(),
        None,
        t,
    ));
    Ok(())
}

fn other_figures(store: &Store, opts: &Options, out: &mut Vec<Figure>) -> Result<()> {
    // Record pages of customers spread over the list.
    let total = store.customers().count(&CustomerFilter::default())?;
    let pages = total.div_ceil(u64::from(PAGE_SIZE)).max(1) as u32;
    let mut ids = Vec::new();
    for page in [0, pages / 3, 2 * pages / 3] {
        let p = store.customers().list(&CustomerQuery {
            page,
            page_size: 10,
            ..Default::default()
        })?;
        ids.extend(p.items.iter().map(|c| c.id));
    }
    if !ids.is_empty() {
        let t = time(opts, |i| {
            let d = store.customers().detail(ids[i % ids.len()])?;
            Ok((1 + (d.contacts.len() + d.addresses.len()) as u64, None))
        })?;
        out.push(figure(
            "record",
            "record page: customer with contacts and addresses".into(),
            Some(RECORD_TARGET_MS),
            t,
        ));
    }
    let segment = CustomerFilter {
        province: Some("广东".into()),
        lifecycles: vec![Lifecycle::Active],
        ..Default::default()
    };
    let t = time(opts, |_| {
        let n = store.customers().count(&segment)?;
        Ok((1, Some(n)))
    })?;
    out.push(figure(
        "segment",
        "segment count: 广东 + active".into(),
        Some(LIST_TARGET_MS),
        t,
    ));
    let t = time(opts, |_| {
        let o = store.customers().filter_options()?;
        Ok((
            (o.tags.len() + o.owners.len() + o.provinces.len()) as u64,
            None,
        ))
    })?;
    out.push(figure(
        "list",
        "filter choices (tags, owners, countries, provinces)".into(),
        Some(LIST_TARGET_MS),
        t,
    ));
    Ok(())
}

/// Results that make a figure meaningless (a search that finds nothing, a short list page),
/// as messages; empty when every figure is plausible.
pub fn implausible(figures: &[Figure]) -> Vec<String> {
    let mut bad = Vec::new();
    for f in figures {
        let ok = match (f.group, f.total) {
            ("search", _) => f.rows > 0,
            // List pages, counts: something matches and a page holds at most a page.
            (_, Some(total)) => {
                total > 0 && f.rows > 0 && f.rows <= u64::from(PAGE_SIZE) && f.rows <= total
            }
            _ => f.rows > 0,
        };
        if !ok {
            bad.push(format!("{}: {} rows, total {:?}", f.name, f.rows, f.total));
        }
        if f.samples == 0 || !(f.p50_ms >= 0.0 && f.p95_ms >= f.p50_ms) {
            bad.push(format!("{}: bad timings {f:?}", f.name));
        }
    }
    bad
}

/// Display width in a terminal: CJK characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

/// The figures as a text table: figure, p50, p95, target, ours ÷ bare, rows.
pub fn table(figures: &[Figure]) -> String {
    let w = figures
        .iter()
        .map(|f| width(&f.name))
        .max()
        .unwrap_or(10)
        .max(6);
    let mut s = format!(
        "{}  {:>8}  {:>8}  {:>9}  {:>9}  {:>7}\n",
        pad("figure", w),
        "p50 ms",
        "p95 ms",
        "target",
        "ours÷bare",
        "rows"
    );
    s.push_str(&format!("{}\n", "-".repeat(w + 52)));
    let mut group = "";
    for f in figures {
        if f.group != group && !group.is_empty() && f.group != "bare" {
            s.push('\n');
        }
        if f.group != "bare" {
            group = f.group;
        }
        let target = match f.target_ms {
            Some(t) if f.missed() => format!("≤{t:.0} MISS"),
            Some(t) => format!("≤{t:.0} ok"),
            None => String::new(),
        };
        let ratio = f.ratio.map(|r| format!("{r:.1}×")).unwrap_or_default();
        let rows = match f.total {
            Some(t) => format!("{}/{t}", f.rows),
            None => f.rows.to_string(),
        };
        s.push_str(&format!(
            "{}  {:>8.3}  {:>8.3}  {:>9}  {:>9}  {:>7}\n",
            pad(&f.name, w),
            f.p50_ms,
            f.p95_ms,
            target,
            ratio,
            rows
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let v: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&v, 0.5), 50.0);
        assert_eq!(percentile(&v, 0.95), 95.0);
        assert_eq!(percentile(&v[..1], 0.95), 1.0);
    }

    #[test]
    fn wide_characters_are_padded_by_display_width() {
        assert_eq!(width("深圳 ab"), 7);
        assert_eq!(pad("华", 4), "华  ");
    }
}
