//! The supply side's list pages (issue 4: product and supplier lists ≤ 30 ms p95 with 20,000
//! products and 2,000 suppliers), on the supply dataset
//! (`chainbook_datagen::cached_supply_dataset`).
//!
//! - group `products`: `Store::list_products` (50 rows, each with on hand as the sum of its
//!   stock movements) by name, SKU and category, first page and the middle page, with a
//!   category filter and with search text; plus the category filter's choices
//!   (`product_categories`);
//! - group `suppliers`: `Store::list_suppliers` (by name, with the primary contact), first
//!   and middle page, filtered by status and kind, and with search text.
//!
//! Each list call counts its total and reads one page (neither list remembers its count), so
//! every figure is what a page costs after any change of filter. The bare equivalent is the
//! same `count(*)` and `SELECT … ORDER BY … LIMIT 50 OFFSET …` on a plain read-only
//! connection, with the filter values written into the SQL: what SQLite needs for the same rows
//! without the store's statement building, argument binding and row decoding.

use chainbook_core::supplier::{SupplierKind, SupplierStatus};
use chainbook_store::products::{ProductQuery, ProductSort};
use chainbook_store::suppliers::SupplierQuery;
use chainbook_store::Store;
use rusqlite::Connection;

use crate::{figure, list_pair, time, Figure, Options, Result, LIST_TARGET_MS, PAGE_SIZE};

/// Which pages of a list a case measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pages {
    First,
    FirstAndMiddle,
}

struct ProductCase {
    name: &'static str,
    sort: ProductSort,
    descending: bool,
    category: Option<&'static str>,
    search: Option<&'static str>,
    include_inactive: bool,
    pages: Pages,
    /// The bare query's `WHERE` after `p.deleted = 0`, and its `ORDER BY`.
    bare_where: &'static str,
    bare_order: &'static str,
}

/// The product list pages measured. Categories and search words come from
/// `chainbook_datagen::supply_words`: 紧固件 is the biggest category, 螺栓 is in several of its
/// items' names, `Bearing` in English names, `FAS-000` starts fastener SKUs 1 to 99 (with
/// gaps); supplier codes `SUP-0001` are the ten from SUP-00010 to SUP-00019.
fn product_cases() -> Vec<ProductCase> {
    let case = |name, sort, pages, bare_where, bare_order| ProductCase {
        name,
        sort,
        descending: false,
        category: None,
        search: None,
        include_inactive: false,
        pages,
        bare_where,
        bare_order,
    };
    let by_name = "p.name ASC, p.id ASC";
    vec![
        case(
            "all by name",
            ProductSort::Name,
            Pages::FirstAndMiddle,
            "AND p.active = 1",
            by_name,
        ),
        ProductCase {
            descending: true,
            ..case(
                "all by name ↓",
                ProductSort::Name,
                Pages::First,
                "AND p.active = 1",
                "p.name DESC, p.id DESC",
            )
        },
        case(
            "all by SKU",
            ProductSort::Sku,
            Pages::FirstAndMiddle,
            "AND p.active = 1",
            "p.sku ASC, p.id ASC",
        ),
        case(
            "all by category",
            ProductSort::Category,
            Pages::FirstAndMiddle,
            "AND p.active = 1",
            "p.category ASC, p.name ASC, p.id ASC",
        ),
        ProductCase {
            include_inactive: true,
            ..case(
                "all incl. inactive by name",
                ProductSort::Name,
                Pages::FirstAndMiddle,
                "",
                by_name,
            )
        },
        ProductCase {
            include_inactive: true,
            ..case(
                "all incl. inactive by SKU",
                ProductSort::Sku,
                Pages::FirstAndMiddle,
                "",
                "p.sku ASC, p.id ASC",
            )
        },
        ProductCase {
            include_inactive: true,
            ..case(
                "all incl. inactive by category",
                ProductSort::Category,
                Pages::FirstAndMiddle,
                "",
                "p.category ASC, p.name ASC, p.id ASC",
            )
        },
        ProductCase {
            category: Some("紧固件"),
            ..case(
                "紧固件 by name",
                ProductSort::Name,
                Pages::FirstAndMiddle,
                "AND p.active = 1 AND p.category = '紧固件'",
                by_name,
            )
        },
        ProductCase {
            category: Some("电子元器件"),
            ..case(
                "电子元器件 by SKU",
                ProductSort::Sku,
                Pages::First,
                "AND p.active = 1 AND p.category = '电子元器件'",
                "p.sku ASC, p.id ASC",
            )
        },
        ProductCase {
            search: Some("螺栓"),
            ..case(
                "search 「螺栓」 by name",
                ProductSort::Name,
                Pages::FirstAndMiddle,
                "AND p.active = 1 AND (p.sku LIKE '%螺栓%' ESCAPE '\\' \
                 OR p.name LIKE '%螺栓%' ESCAPE '\\')",
                by_name,
            )
        },
        ProductCase {
            search: Some("Bearing"),
            ..case(
                "search 「Bearing」 by name",
                ProductSort::Name,
                Pages::First,
                "AND p.active = 1 AND (p.sku LIKE '%Bearing%' ESCAPE '\\' \
                 OR p.name LIKE '%Bearing%' ESCAPE '\\')",
                by_name,
            )
        },
        ProductCase {
            search: Some("FAS-000"),
            ..case(
                "search SKU 「FAS-000」 by SKU",
                ProductSort::Sku,
                Pages::First,
                "AND p.active = 1 AND (p.sku LIKE '%FAS-000%' ESCAPE '\\' \
                 OR p.name LIKE '%FAS-000%' ESCAPE '\\')",
                "p.sku ASC, p.id ASC",
            )
        },
        ProductCase {
            category: Some("紧固件"),
            search: Some("M8"),
            ..case(
                "紧固件 + search 「M8」 by name",
                ProductSort::Name,
                Pages::First,
                "AND p.active = 1 AND p.category = '紧固件' \
                 AND (p.sku LIKE '%M8%' ESCAPE '\\' OR p.name LIKE '%M8%' ESCAPE '\\')",
                by_name,
            )
        },
    ]
}

/// The columns `list_products` reads, on hand last.
const PRODUCT_COLUMNS: &str = "p.id, p.sku, p.name, p.unit, p.category, p.currency, p.price, \
    p.cost, p.stage, p.pack_size, p.min_order_qty, p.lead_time_days, p.safety_stock, \
    p.reorder_point, p.active, p.created_at, p.updated_at, \
    (SELECT ifnull(sum(m.qty_milli), 0) FROM stock_movements m \
      WHERE m.product_id = p.id AND m.deleted = 0)";

struct SupplierCase {
    name: &'static str,
    search: Option<&'static str>,
    status: Option<SupplierStatus>,
    kind: Option<SupplierKind>,
    pages: Pages,
    /// The bare query's `WHERE` after `s.deleted = 0`.
    bare_where: &'static str,
}

fn supplier_cases() -> Vec<SupplierCase> {
    let case = |name, pages, bare_where| SupplierCase {
        name,
        search: None,
        status: None,
        kind: None,
        pages,
        bare_where,
    };
    vec![
        case("all", Pages::FirstAndMiddle, ""),
        SupplierCase {
            status: Some(SupplierStatus::Probation),
            ..case(
                "on probation",
                Pages::FirstAndMiddle,
                "AND s.status = 'probation'",
            )
        },
        SupplierCase {
            kind: Some(SupplierKind::Logistics),
            ..case("logistics", Pages::First, "AND s.kind = 'logistics'")
        },
        SupplierCase {
            status: Some(SupplierStatus::Approved),
            kind: Some(SupplierKind::Goods),
            ..case(
                "approved + goods",
                Pages::FirstAndMiddle,
                "AND s.status = 'approved' AND s.kind = 'goods'",
            )
        },
        SupplierCase {
            search: Some("宏达"),
            ..case(
                "search 「宏达」",
                Pages::First,
                "AND (s.code LIKE '%宏达%' ESCAPE '\\' OR s.name LIKE '%宏达%' ESCAPE '\\')",
            )
        },
        SupplierCase {
            search: Some("SUP-0001"),
            ..case(
                "search code 「SUP-0001」",
                Pages::First,
                "AND (s.code LIKE '%SUP-0001%' ESCAPE '\\' OR s.name LIKE '%SUP-0001%' ESCAPE '\\')",
            )
        },
        SupplierCase {
            search: Some("物流"),
            status: Some(SupplierStatus::Approved),
            ..case(
                "approved + search 「物流」",
                Pages::First,
                "AND s.status = 'approved' \
                 AND (s.code LIKE '%物流%' ESCAPE '\\' OR s.name LIKE '%物流%' ESCAPE '\\')",
            )
        },
    ]
}

/// Runs the `products` and `suppliers` groups on the supply dataset at `db`.
pub fn run_supply(db: &std::path::Path, opts: &Options) -> Result<Vec<Figure>> {
    let store = Store::open(db)?;
    let bare = crate::open_bare(db)?;
    let mut out = Vec::new();
    product_figures(&store, &bare, opts, &mut out)?;
    supplier_figures(&store, &bare, opts, &mut out)?;
    Ok(out)
}

/// The page numbers (0-based) a case measures, given the number of pages.
fn pages_of(pages: Pages, count: u32) -> Vec<u32> {
    match pages {
        Pages::First => vec![0],
        Pages::FirstAndMiddle if count > 1 => vec![0, count / 2],
        Pages::FirstAndMiddle => vec![0],
    }
}

fn product_figures(
    store: &Store,
    bare: &Connection,
    opts: &Options,
    out: &mut Vec<Figure>,
) -> Result<()> {
    for case in product_cases() {
        let query = |page: u32| ProductQuery {
            page,
            page_size: PAGE_SIZE,
            sort: case.sort,
            descending: case.descending,
            search: case.search.map(str::to_owned),
            category: case.category.map(str::to_owned),
            include_inactive: case.include_inactive,
        };
        let total = store.products().list(&query(0))?.total;
        let count_pages = total.div_ceil(u64::from(PAGE_SIZE)).max(1) as u32;
        let mut count = bare.prepare(&format!(
            "SELECT count(*) FROM products p WHERE p.deleted = 0 {}",
            case.bare_where
        ))?;
        let mut page_stmt = bare.prepare(&format!(
            "SELECT {PRODUCT_COLUMNS} FROM products p WHERE p.deleted = 0 {}
             ORDER BY {} LIMIT ?1 OFFSET ?2",
            case.bare_where, case.bare_order
        ))?;
        list_pair(
            "products",
            &format!("products {}", case.name),
            &pages_of(case.pages, count_pages),
            count_pages,
            opts,
            |page| {
                let p = store.products().list(&query(page))?;
                Ok((p.items.len() as u64, p.total))
            },
            &mut count,
            &mut page_stmt,
            out,
        )?;
    }
    let t = time(opts, |_| {
        Ok((store.products().categories()?.len() as u64, None))
    })?;
    out.push(figure(
        "products",
        "product category choices".into(),
        Some(LIST_TARGET_MS),
        t,
    ));
    Ok(())
}

fn supplier_figures(
    store: &Store,
    bare: &Connection,
    opts: &Options,
    out: &mut Vec<Figure>,
) -> Result<()> {
    for case in supplier_cases() {
        let query = |page: u32| SupplierQuery {
            page,
            page_size: PAGE_SIZE,
            search: case.search.map(str::to_owned),
            status: case.status,
            kind: case.kind,
        };
        let total = store.suppliers().list(&query(0))?.total;
        let count_pages = total.div_ceil(u64::from(PAGE_SIZE)).max(1) as u32;
        let mut count = bare.prepare(&format!(
            "SELECT count(*) FROM suppliers s WHERE s.deleted = 0 {}",
            case.bare_where
        ))?;
        let mut page_stmt = bare.prepare(&format!(
            "SELECT s.id, s.code, s.name, s.kind, s.status, s.categories,
                ifnull(c.name, ''), ifnull(c.phone, '')
             FROM suppliers s
             LEFT JOIN supplier_contacts c
                ON c.supplier_id = s.id AND c.is_primary = 1 AND c.deleted = 0
             WHERE s.deleted = 0 {} ORDER BY s.name, s.id LIMIT ?1 OFFSET ?2",
            case.bare_where
        ))?;
        list_pair(
            "suppliers",
            &format!("suppliers {}", case.name),
            &pages_of(case.pages, count_pages),
            count_pages,
            opts,
            |page| {
                let p = store.suppliers().list(&query(page))?;
                Ok((p.items.len() as u64, p.total))
            },
            &mut count,
            &mut page_stmt,
            out,
        )?;
    }
    Ok(())
}
