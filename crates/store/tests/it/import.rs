//! Importing spreadsheets: checked row by row, committed whole or not at all, through the
//! write path (search with pinyin, tags, change log, order totals, the stock ledger).

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;

use chainbook_core::order::OrderStatus;
use chainbook_core::ErrorCode;
use chainbook_import::mapping::{guess, Kind};
use chainbook_import::{open, OpenOptions, ReadOptions, Table};
use chainbook_store::import::{CheckReport, CommitSummary, ImportPlan, OnDuplicate};
use chainbook_store::{CustomerQuery, Store, StoreError};

use super::{fresh, product, take_changes};

fn table(bytes: &[u8]) -> Table<&[u8]> {
    open(bytes, &OpenOptions::default()).unwrap()
}

/// A plan for `kind` with the guessed mapping of `bytes`' headers.
pub(crate) fn plan(kind: Kind, bytes: &[u8]) -> ImportPlan {
    let t = table(bytes);
    ImportPlan {
        kind: Some(kind),
        mapping: guess(kind, &t.headers)
            .into_iter()
            .map(|m| m.map(str::to_owned))
            .collect(),
        options: ReadOptions {
            home_country: "CN".into(),
            ..ReadOptions::default()
        },
        ..ImportPlan::default()
    }
}

fn check(s: &mut Store, bytes: &[u8], p: &ImportPlan) -> CheckReport {
    s.import_mut().check(table(bytes), p).unwrap()
}

pub(crate) fn commit(
    s: &mut Store,
    bytes: &[u8],
    p: &ImportPlan,
) -> Result<CommitSummary, StoreError> {
    let mut seen = Vec::new();
    let out = s.import_mut().commit(
        table(bytes),
        p,
        &mut |n| seen.push(n),
        &AtomicBool::new(false),
    );
    if out.is_ok() {
        assert!(!seen.is_empty(), "progress is told at least at the end");
    }
    out
}

fn count(s: &Store, what: &str) -> u64 {
    s.customers()
        .list(&CustomerQuery {
            search: (!what.is_empty()).then(|| what.to_owned()),
            ..CustomerQuery::default()
        })
        .unwrap()
        .total
}

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

const CUSTOMERS: &str = "客户编码,客户名称,联系人,手机,省份,城市,标签,建档日期\n\
KH001,深圳华为技术有限公司,张三,13800138000,广东,深圳,重品质,2024/3/5\n\
KH002,杭州阿里巴巴,李四,13900139000,浙江,杭州,\"价格敏感，快速交付\",2023-12-01\n\
KH003,北京小米科技,王五,13700137000,北京,北京,,20220105\n";

#[test]
fn a_good_file_commits_exactly_with_codes_dates_search_tags_and_change_log() {
    let (_d, mut s) = fresh();
    let bytes = gbk(CUSTOMERS);
    let p = plan(Kind::Customers, &bytes);
    let report = check(&mut s, &bytes, &p);
    assert_eq!(report.issues, []);
    assert_eq!((report.rows, report.ready, report.created), (3, 3, 3));
    assert_eq!(count(&s, ""), 0, "a check writes nothing");

    let summary = commit(&mut s, &bytes, &p).unwrap();
    assert_eq!((summary.rows, summary.created), (3, 3));
    assert_eq!(count(&s, ""), 3);
    let hits = s.search().customers("hw", 10).unwrap();
    assert_eq!(hits.len(), 1, "found by pinyin initials");
    assert_eq!(hits[0].code, "KH001");
    let c = s.customers().detail(hits[0].id).unwrap();
    assert_eq!(c.customer.created_at.date_naive().to_string(), "2024-03-05");
    assert_eq!(c.contacts[0].name, "张三");
    assert_eq!(c.customer.fields.tags, ["重品质"]);
    assert_eq!(count(&s, "alibaba"), 1, "found by full pinyin");
    let tagged = s
        .customers()
        .list(&CustomerQuery {
            filter: chainbook_store::CustomerFilter {
                tags: vec!["快速交付".into()],
                ..Default::default()
            },
            ..CustomerQuery::default()
        })
        .unwrap();
    assert_eq!(tagged.total, 1, "derived tag rows are there");
    let changes = take_changes(&mut s);
    let customers = changes.iter().filter(|c| c.table == "customers").count();
    let contacts = changes.iter().filter(|c| c.table == "contacts").count();
    assert_eq!(
        (customers, contacts),
        (3, 3),
        "every row is in the change log"
    );
}

#[test]
fn one_bad_row_commits_nothing_and_is_reported_with_row_column_and_value() {
    let (_d, mut s) = fresh();
    let text = CUSTOMERS.replace("13900139000", "call me");
    let bytes = gbk(&text);
    let p = plan(Kind::Customers, &bytes);
    let report = check(&mut s, &bytes, &p);
    assert_eq!(report.issues.len(), 1);
    let i = &report.issues[0];
    assert_eq!(
        (i.row, i.column, i.field.as_str(), i.code, i.value.as_str()),
        (
            3,
            Some(3),
            "contact_phone",
            ErrorCode::InvalidPhone,
            "call me"
        )
    );
    let e = commit(&mut s, &bytes, &p).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidPhone);
    assert_eq!(e.field(), Some("rows.3.contact_phone"));
    assert_eq!(count(&s, ""), 0);
    assert!(take_changes(&mut s).is_empty(), "no change logged");

    // Fixed in the preview: the row's cells replaced, the import goes through.
    let mut fixed = p.clone();
    fixed.fixes.insert(3, vec![(3, "13900139000".into())]);
    assert_eq!(check(&mut s, &bytes, &fixed).issues, []);
    // Or skipped.
    let mut skipped = p.clone();
    skipped.skip.insert(3);
    let summary = commit(&mut s, &bytes, &skipped).unwrap();
    assert_eq!((summary.created, summary.skipped), (2, 1));
}

#[test]
fn duplicate_codes_in_the_file_and_missing_columns_are_problems() {
    let (_d, mut s) = fresh();
    let text = format!("{CUSTOMERS}KH001,又一个,,,,,,\n");
    let bytes = text.as_bytes();
    let report = check(&mut s, bytes, &plan(Kind::Customers, bytes));
    assert_eq!(report.issues.len(), 1);
    assert_eq!(
        (report.issues[0].row, report.issues[0].code),
        (5, ErrorCode::Conflict)
    );

    let bytes = b"code,phone\nKH9,123456\n";
    let report = check(&mut s, bytes, &plan(Kind::Customers, bytes));
    assert_eq!(report.issues.len(), 1);
    assert_eq!(
        (report.issues[0].field.as_str(), report.issues[0].code),
        ("name", ErrorCode::MissingColumn)
    );
    let e = commit(&mut s, bytes, &plan(Kind::Customers, bytes)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::MissingColumn);

    let bytes = b"name,code\n";
    let report = check(&mut s, bytes, &plan(Kind::Customers, bytes));
    assert_eq!(report.issues[0].code, ErrorCode::EmptyFile);
}

#[test]
fn cancel_leaves_nothing() {
    let (_d, mut s) = fresh();
    let mut text = String::from("客户编码,客户名称\n");
    for i in 0..2_000 {
        text.push_str(&format!("K{i},客户{i}\n"));
    }
    let p = plan(Kind::Customers, text.as_bytes());
    let cancel = AtomicBool::new(false);
    let mut told = Vec::new();
    let e = s
        .import_mut()
        .commit(
            table(text.as_bytes()),
            &p,
            &mut |n| {
                told.push(n);
                // The user presses Cancel once the bar shows some progress.
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            },
            &cancel,
        )
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Cancelled);
    assert_eq!(told, [500]);
    assert_eq!(count(&s, ""), 0);
    assert!(take_changes(&mut s).is_empty());
}

#[test]
fn reimport_skips_updates_or_creates_duplicates() {
    let (_d, mut s) = fresh();
    let bytes = gbk(CUSTOMERS);
    let p = plan(Kind::Customers, &bytes);
    commit(&mut s, &bytes, &p).unwrap();
    take_changes(&mut s);

    let changed = gbk(&CUSTOMERS
        .replace("王五", "赵六")
        .replace("北京,北京", "北京,海淀"));
    let report = check(&mut s, &changed, &p);
    assert_eq!(report.duplicates.len(), 3);
    assert!(report
        .duplicates
        .iter()
        .all(|d| d.action == OnDuplicate::Skip));
    let summary = commit(&mut s, &changed, &p).unwrap();
    assert_eq!((summary.created, summary.skipped), (0, 3));
    assert!(take_changes(&mut s).is_empty(), "skipping writes nothing");

    // Update row 4 only (the city changed; the contact is not a customer field), skip the rest.
    let mut update = p.clone();
    update.choices = HashMap::from([(4, OnDuplicate::Update)]);
    let summary = commit(&mut s, &changed, &update).unwrap();
    assert_eq!((summary.updated, summary.skipped), (1, 2));
    let id = s.search().customers("KH003", 1).unwrap()[0].id;
    assert_eq!(s.customers().get(id).unwrap().fields.city, "海淀");
    let changes = take_changes(&mut s);
    assert_eq!(
        changes.len(),
        1,
        "one customer row, its changed field: {changes:?}"
    );

    // Create: a new customer beside the old one, numbered by the store.
    let mut create = p.clone();
    create.on_duplicate = OnDuplicate::Create;
    commit(&mut s, &changed, &create).unwrap();
    assert_eq!(count(&s, ""), 6);
    assert_eq!(
        count(&s, "KH001"),
        1,
        "the file's code stays with the first one"
    );
}

fn orders_page() -> chainbook_store::orders::OrderQuery {
    chainbook_store::orders::OrderQuery {
        page_size: 50,
        ..Default::default()
    }
}

fn orders_setup(s: &mut Store) {
    let bytes = CUSTOMERS.as_bytes();
    commit(s, bytes, &plan(Kind::Customers, bytes)).unwrap();
    product(s, "A-1", "10", "100");
    product(s, "B-2", "2.5", "0");
}

const ORDERS: &str = "订单号,客户编码,SKU,数量,单价,金额,订单日期,交货日期\n\
SO-H1,KH001,A-1,3,10,,2024/3/5,2024/3/8\n\
SO-H1,KH001,B-2,4,,10,2024/3/5,2024/3/8\n\
,KH002,A-1,1,\"1,234.50\",,2023-12-24,\n";

#[test]
fn historical_orders_are_closed_on_their_dates_without_touching_stock() {
    let (_d, mut s) = fresh();
    orders_setup(&mut s);
    let bytes = ORDERS.as_bytes();
    let p = plan(Kind::Orders, bytes);
    let report = check(&mut s, bytes, &p);
    assert_eq!(report.issues, []);
    assert_eq!(
        (report.rows, report.created),
        (3, 2),
        "two orders from three lines"
    );
    commit(&mut s, bytes, &p).unwrap();

    let kh001 = s.search().customers("KH001", 1).unwrap()[0].id;
    let timeline = s.orders().list(&chainbook_store::orders::OrderQuery {
        page_size: 10,
        customer_id: Some(kh001),
        ..Default::default()
    });
    let page = timeline.unwrap();
    assert_eq!(page.total, 1);
    let o = s.orders().get(page.items[0].id).unwrap();
    assert_eq!(o.number, "SO-H1");
    assert_eq!(o.status, OrderStatus::Closed);
    assert_eq!(o.ordered_on.to_string(), "2024-03-05");
    assert_eq!(o.created_at[..10].to_owned(), "2024-03-05");
    assert_eq!(o.lines.len(), 2);
    assert_eq!(
        o.lines[1].money.unit_price.to_string(),
        "2.50",
        "from the line amount"
    );
    assert_eq!(o.totals.net.to_string(), "40.00");
    assert_eq!(o.shipments.len(), 2);
    assert_eq!(o.shipments[0].shipped_on.to_string(), "2024-03-08");
    assert_eq!(o.history.len(), 5);
    let a1 = s.products().list(&Default::default()).unwrap();
    let on_hand: Vec<_> = a1
        .items
        .iter()
        .map(|p| (p.fields.sku.clone(), p.on_hand.0))
        .collect();
    assert_eq!(
        on_hand,
        [("A-1".into(), 100_000), ("B-2".into(), 0)],
        "stock untouched"
    );
    let other = s.orders().list(&orders_page()).unwrap();
    assert_eq!(other.total, 2);
    assert!(other
        .items
        .iter()
        .any(|o| o.number.starts_with("SO-") && o.number != "SO-H1"));

    // Again: the numbered order is a duplicate (skipped); the unnumbered row is new again.
    let report = check(&mut s, bytes, &p);
    assert_eq!(report.duplicates.len(), 1);
    assert_eq!((report.created, report.skipped), (1, 2));
}

#[test]
fn orders_can_ship_from_stock_when_asked() {
    let (_d, mut s) = fresh();
    orders_setup(&mut s);
    let bytes = ORDERS.as_bytes();
    let mut p = plan(Kind::Orders, bytes);
    p.touch_stock = true;
    commit(&mut s, bytes, &p).unwrap();
    let on_hand: Vec<_> = s
        .products()
        .list(&Default::default())
        .unwrap()
        .items
        .iter()
        .map(|p| p.on_hand.0)
        .collect();
    assert_eq!(on_hand, [96_000, -4_000]);
}

#[test]
fn bad_order_lines_are_reported_and_nothing_is_written() {
    let (_d, mut s) = fresh();
    orders_setup(&mut s);
    let text = format!(
        "{ORDERS}SO-X,KH001,NOPE,1,1,,2024-01-01,\n\
         SO-Y,KH001,A-1,-2,1,,2024-01-01,\n\
         SO-Z,KH001,A-1,1,1,,2025-02-30,\n\
         SO-H1,KH002,A-1,1,1,,2024/3/5,\n\
         SO-W,KH404,A-1,1,1,,2024-01-01,\n\
         SO-V,KH001,A-1,3,1,5,2024-01-01,\n\
         SO-U,KH001,A-1,3,,0.10,2024-01-01,\n"
    );
    let bytes = text.as_bytes();
    let p = plan(Kind::Orders, bytes);
    let report = check(&mut s, bytes, &p);
    let got: Vec<_> = report
        .issues
        .iter()
        .map(|i| (i.row, i.field.as_str(), i.code))
        .collect();
    assert_eq!(
        got,
        [
            (5, "sku", ErrorCode::NotFound),
            (6, "quantity", ErrorCode::Negative),
            (7, "ordered_on", ErrorCode::InvalidDate),
            (8, "customer_code", ErrorCode::Conflict),
            (9, "customer_code", ErrorCode::NotFound),
            (10, "amount", ErrorCode::Conflict),
            (11, "amount", ErrorCode::Conflict),
        ]
    );
    assert!(commit(&mut s, bytes, &p).is_err());
    assert_eq!(s.orders().list(&orders_page()).unwrap().total, 0);
}

#[test]
fn products_suppliers_and_opening_stock() {
    let (_d, mut s) = fresh();
    let bytes = "货号,品名,单位,售价\nP-1,螺丝,个,\"1,2\"\nP-2,螺母,个,3\n".as_bytes();
    commit(&mut s, bytes, &plan(Kind::Products, bytes)).unwrap();
    let list = s.products().list(&Default::default()).unwrap();
    assert_eq!(list.total, 2);
    // A product that exists cannot be created a second time.
    let mut create = plan(Kind::Products, bytes);
    create.on_duplicate = OnDuplicate::Create;
    let report = check(&mut s, bytes, &create);
    assert_eq!(report.issues.len(), 2);

    let stock = "SKU,期初库存,日期\nP-1,120,2024-01-01\nP-2,0,\n".as_bytes();
    let summary = commit(&mut s, stock, &plan(Kind::OpeningStock, stock)).unwrap();
    assert_eq!((summary.created, summary.skipped), (1, 1));
    let p1 = s.products().list(&Default::default()).unwrap().items[0].clone();
    assert_eq!(p1.on_hand.0, 120_000);

    let sup = "供应商编码,供应商名称,联系人,电话\nGYS01,宁波五金,李四,0574-1234567\n".as_bytes();
    commit(&mut s, sup, &plan(Kind::Suppliers, sup)).unwrap();
    let again = check(&mut s, sup, &plan(Kind::Suppliers, sup));
    assert_eq!(again.duplicates.len(), 1);
}

#[test]
fn mappings_are_remembered_per_layout() {
    let (_d, mut s) = fresh();
    let headers: Vec<String> = vec!["客户编码".into(), "名字".into()];
    assert_eq!(s.import_layout(Kind::Customers, &headers).unwrap(), None);
    let mapping = vec![Some("code".to_owned()), Some("name".to_owned())];
    s.remember_import_layout(Kind::Customers, &headers, &mapping)
        .unwrap();
    let same: Vec<String> = vec!["客户编码 ".into(), "名字*".into()];
    assert_eq!(
        s.import_layout(Kind::Customers, &same).unwrap(),
        Some(mapping)
    );
    assert_eq!(s.import_layout(Kind::Products, &same).unwrap(), None);
}
