//! Rows through a mapping: typed rows of each kind, and each problem with its row, column,
//! field, value and code.

use super::*;
use crate::mapping::guess;

fn read(kind: Kind, headers: &[&str], cells: &[&str]) -> Result<Row, RowIssue> {
    let headers: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
    let mapping: Vec<Option<String>> = guess(kind, &headers)
        .into_iter()
        .map(|m| m.map(str::to_owned))
        .collect();
    let cols = Columns::new(kind, &mapping);
    let rec = Record {
        row: 7,
        cells: cells.iter().map(|s| s.to_string()).collect(),
    };
    let o = ReadOptions {
        home_country: "CN".into(),
        ..ReadOptions::default()
    };
    read_row(&cols, &rec, &o)
}

const CUSTOMER: [&str; 9] = [
    "客户编码",
    "客户名称",
    "联系人",
    "手机",
    "国家",
    "省份",
    "详细地址",
    "建档日期",
    "信用额度",
];

#[test]
fn a_customer_row_with_contact_address_and_date() {
    let row = read(
        Kind::Customers,
        &CUSTOMER,
        &[
            "KH001",
            " 深圳华为 ",
            "张三",
            "13800138000",
            "中国",
            "广东",
            "科技园 1 号",
            "2024/3/5",
            "¥10,000",
        ],
    )
    .unwrap();
    let Row::Customer(c) = row else { panic!() };
    assert_eq!(c.code, "KH001");
    assert_eq!(c.created_on, NaiveDate::from_ymd_opt(2024, 3, 5));
    let f = &c.record.fields;
    assert_eq!(f.name, "深圳华为");
    assert_eq!(f.country, "CN");
    assert_eq!(f.credit_limit, Decimal::new(1_000_000, 2));
    assert_eq!(c.record.contacts[0].name, "张三");
    assert!(c.record.contacts[0].primary);
    assert_eq!(c.record.addresses[0].street, "科技园 1 号");
    assert_eq!(c.record.addresses[0].kind.as_str(), "shipping");
}

#[test]
fn the_apostrophe_guarding_a_would_be_formula_is_removed() {
    let row = read(
        Kind::Customers,
        &CUSTOMER,
        &[
            "KH002",
            "'=HYPERLINK(\"x\")",
            "'0755",
            "13800138000",
            "中国",
            "广东",
            "科技园 1 号",
            "2024/3/5",
            "0",
        ],
    )
    .unwrap();
    let Row::Customer(c) = row else { panic!() };
    // As exported (see chainbook_core::text::guard_cell); an apostrophe before a plain value
    // is the user's and stays.
    assert_eq!(c.record.fields.name, "=HYPERLINK(\"x\")");
    assert_eq!(c.record.contacts[0].name, "'0755");
}

#[test]
fn customer_problems_name_row_column_field_and_value() {
    let issue = |cells: &[&str]| read(Kind::Customers, &CUSTOMER, cells).unwrap_err();
    let e = issue(&["KH1", "", "", "", "", "", "", "", ""]);
    assert_eq!(
        (e.row, e.column, e.field.as_str(), e.code),
        (7, Some(1), "name", ErrorCode::Required)
    );
    let e = issue(&["KH1", "甲", "张三", "phone?", "", "", "", "", ""]);
    assert_eq!(
        (e.field.as_str(), e.code, e.value.as_str()),
        ("contact_phone", ErrorCode::InvalidPhone, "phone?")
    );
    let e = issue(&["KH1", "甲", "", "", "", "", "", "2025-02-30", ""]);
    assert_eq!(
        (e.field.as_str(), e.code, e.column),
        ("created_on", ErrorCode::InvalidDate, Some(7))
    );
    let e = issue(&["KH1", "甲", "", "", "Atlantis", "", "", "", ""]);
    assert_eq!(e.code, ErrorCode::InvalidCountry);
    let e = issue(&["KH 1", "甲", "", "", "", "", "", "", ""]);
    assert_eq!(
        (e.field.as_str(), e.code),
        ("code", ErrorCode::InvalidChars)
    );
    let e = issue(&["KH1", "甲", "", "", "", "", "", "", "-5"]);
    assert_eq!(
        (e.field.as_str(), e.code),
        ("credit_limit", ErrorCode::Negative)
    );
    // A 1 MB name: too long, and the issue keeps only the start of the value.
    let big = "名".repeat(1 << 20);
    let e = issue(&["KH1", &big, "", "", "", "", "", "", ""]);
    assert_eq!((e.field.as_str(), e.code), ("name", ErrorCode::TooLong));
    assert_eq!(e.value.chars().count(), VALUE_MAX);
}

const ORDER: [&str; 6] = ["订单号", "客户编码", "SKU", "数量", "单价", "订单日期"];

#[test]
fn order_lines_and_their_problems() {
    let Row::OrderLine(l) = read(
        Kind::Orders,
        &ORDER,
        &["SO1", "KH001", "ab-1", "2", "１２．５", "2024/3/5"],
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!((l.sku.as_str(), l.quantity.as_str()), ("AB-1", "2"));
    assert_eq!(l.unit_price, Some(Decimal::new(125, 1)));
    assert_eq!(l.ordered_on, NaiveDate::from_ymd_opt(2024, 3, 5).unwrap());
    let issue = |cells: &[&str]| {
        let e = read(Kind::Orders, &ORDER, cells).unwrap_err();
        (e.field, e.code)
    };
    let f = |s: &str| s.to_owned();
    assert_eq!(
        issue(&["SO1", "KH001", "A", "-2", "1", "2024-01-01"]),
        (f("quantity"), ErrorCode::Negative)
    );
    assert_eq!(
        issue(&["SO1", "KH001", "A", "0", "1", "2024-01-01"]),
        (f("quantity"), ErrorCode::OutOfRange)
    );
    assert_eq!(
        issue(&["SO1", "KH001", "A", "1", "", "2024-01-01"]),
        (f("unit_price"), ErrorCode::Required)
    );
    assert_eq!(
        issue(&["SO1", "KH001", "A", "1", "1", "2025-02-30"]),
        (f("ordered_on"), ErrorCode::InvalidDate)
    );
    assert_eq!(
        issue(&["SO1", "", "A", "1", "1", "2024-01-01"]),
        (f("customer_code"), ErrorCode::Required)
    );
    assert_eq!(
        issue(&["SO1", "KH1", "A B", "1", "1", "2024-01-01"]),
        (f("sku"), ErrorCode::InvalidChars)
    );
    assert_eq!(
        issue(&["SO1", "KH1", "A", "1", "x", "2024-01-01"]),
        (f("unit_price"), ErrorCode::InvalidDecimal)
    );
}

#[test]
fn products_suppliers_and_stock() {
    let Row::Product(p) = read(
        Kind::Products,
        &["货号", "品名", "单位", "售价", "是否启用"],
        &["p-1", "螺丝", "个", "1,234.5", "否"],
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(
        (p.sku.as_str(), p.price, p.active),
        ("P-1", Decimal::new(123_450, 2), false)
    );
    let e = read(
        Kind::Products,
        &["货号", "品名", "单位"],
        &["p-1", "螺丝", ""],
    )
    .unwrap_err();
    assert_eq!((e.field.as_str(), e.code), ("unit", ErrorCode::Required));
    let Row::Supplier(s) = read(
        Kind::Suppliers,
        &["供应商编码", "供应商名称", "联系人", "电话"],
        &["GYS01", "宁波五金", "李四", "0574-1234567"],
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!((s.fields.code.as_str(), s.contacts.len()), ("GYS01", 1));
    let Row::Stock(st) = read(Kind::OpeningStock, &["SKU", "期初库存"], &["p-1", "1,200"]).unwrap()
    else {
        panic!()
    };
    assert_eq!((st.sku.as_str(), st.quantity), ("P-1", Qty(1_200_000)));
}
