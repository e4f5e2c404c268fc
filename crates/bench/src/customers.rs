//! The customer figures, on the customer dataset: search as you type, list pages (cached and
//! uncached counts), the record page, a segment count and the filter choices (see the crate
//! docs for what each is compared with).

use std::path::Path;

use chainbook_core::customer::{Channel, Lifecycle};
use chainbook_store::{CustomerFilter, CustomerQuery, CustomerSort, Scope, Store};
use rusqlite::Connection;

use crate::{
    compare, drain, figure, open_bare, pooled, time, time_after, Figure, Options, Result, Timed,
    LIST_TARGET_MS, PAGE_SIZE, RECORD_TARGET_MS, SEARCH_LIMIT, SEARCH_TARGET_MS,
};

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

/// The columns the store's list reads, so the bare query moves the same data.
const LIST_COLUMNS: &str = "id, code, kind, name, phone, email, country, province, city, tags, \
     credit_limit, currency, notes, created_at, updated_at, updated_by, channel, payment_method, \
     payment_terms, lifecycle, owner";

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

/// Runs every customer benchmark on the customer dataset at `db` and returns the figures in
/// report order.
pub fn run(db: &Path, opts: &Options) -> Result<Vec<Figure>> {
    let store = crate::open_store(db)?;
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
