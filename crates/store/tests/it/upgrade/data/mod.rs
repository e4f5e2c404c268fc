//! The rows of an upgrade fixture: a small seeded business (customers with contacts,
//! addresses and interactions; products with their stock ledger and a posted count;
//! suppliers with contacts, supplies, contracts, evaluations and a status change; purchase
//! orders received in part and in full; sales orders through every status, shipped, with
//! returns; complaints with their events; survey answers), written with SQL into whichever
//! of its tables and columns the schema version at hand has.
//!
//! - [`supply`]: products, stock, suppliers and purchase orders;
//! - [`sales`]: sales orders through their lifecycle, complaints and survey answers.
//!
//! Each row names the union of the columns it has had across versions; [`Gen::put`] keeps
//! those the table has now, refuses a row that misses a required column, and records what it
//! used so the generator can check that no offered column is a typo (one used by no version).

use std::collections::{BTreeSet, HashMap};

use chainbook_core::hlc::Hlc;
use rusqlite::types::Value;
use rusqlite::Transaction;

use crate::sim_common::Rng;

mod sales;
mod supply;

/// The device that wrote every fixture.
pub const DEVICE: &str = "0190c2a0-0000-7000-8000-00000000f1c5";
pub const DEVICE_CODE: &str = "FX7";
/// 2026-01-05T00:00:00Z: the fixtures' first day.
const BASE_MS: u64 = 1_767_571_200_000;

pub fn t(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

pub fn i(n: i64) -> Value {
    Value::Integer(n)
}

/// Day `d` after the first, `YYYY-MM-DD`.
fn day(d: i64) -> String {
    (chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + chrono::Duration::days(d)).to_string()
}

/// Day `d` at `hour`, as the store stores moments.
fn at(d: i64, hour: i64) -> String {
    format!("{}T{hour:02}:00:00.000Z", day(d))
}

struct Column {
    name: String,
    required: bool,
}

pub struct Gen<'a> {
    tx: &'a Transaction<'a>,
    rng: Rng,
    serial: u64,
    tick: u64,
    columns: HashMap<String, Option<Vec<Column>>>,
    /// `(table, column)` offered by a row, and used because the table had it.
    pub offered: BTreeSet<(String, String)>,
    pub used: BTreeSet<(String, String)>,
}

impl<'a> Gen<'a> {
    pub fn new(tx: &'a Transaction<'a>, seed: u64) -> Gen<'a> {
        Gen {
            tx,
            rng: Rng(seed),
            serial: 0,
            tick: 0,
            columns: HashMap::new(),
            offered: BTreeSet::new(),
            used: BTreeSet::new(),
        }
    }

    fn below(&mut self, n: usize) -> i64 {
        self.rng.below(n) as i64
    }

    /// A new id; the same sequence for every version, so a row has one id in every fixture.
    fn id(&mut self) -> String {
        self.serial += 1;
        format!(
            "0190c2a0-{:04x}-7000-8000-{:012x}",
            self.serial >> 12,
            self.serial
        )
    }

    fn columns(&mut self, table: &str) -> Option<&Vec<Column>> {
        if !self.columns.contains_key(table) {
            let cols: Vec<Column> = self
                .tx
                .prepare(&format!(
                    "SELECT name, \"notnull\", dflt_value, pk FROM pragma_table_info('{table}')"
                ))
                .unwrap()
                .query_map([], |r| {
                    Ok(Column {
                        name: r.get(0)?,
                        required: r.get::<_, bool>(1)?
                            && r.get::<_, Option<String>>(2)?.is_none()
                            && r.get::<_, i64>(3)? == 0,
                    })
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            self.columns
                .insert(table.to_owned(), (!cols.is_empty()).then_some(cols));
        }
        self.columns[table].as_ref()
    }

    /// Inserts the row into `table` if this version has it, with the columns it has; synced
    /// rows get their stamp (`updated_at`, `updated_by`), and an outbox entry while the
    /// version keeps one. Returns whether the row went in.
    pub fn put(&mut self, table: &str, row: Vec<(&str, Value)>) -> bool {
        for (c, _) in &row {
            self.offered.insert((table.to_owned(), (*c).to_owned()));
        }
        let Some(cols) = self.columns(table) else {
            return false;
        };
        let names: Vec<String> = cols.iter().map(|c| c.name.clone()).collect();
        let required: Vec<String> = cols
            .iter()
            .filter(|c| c.required)
            .map(|c| c.name.clone())
            .collect();
        let synced = names.iter().any(|n| n == "updated_at");
        let mut row: Vec<(String, Value)> = row
            .into_iter()
            .filter(|(c, _)| names.iter().any(|n| n == c))
            .map(|(c, v)| (c.to_owned(), v))
            .collect();
        let mut hlc = 0;
        if synced {
            self.tick += 1;
            hlc = Hlc::new(BASE_MS + self.tick * 60_000, 0).to_i64();
            row.push(("updated_at".into(), i(hlc)));
            row.push(("updated_by".into(), t(DEVICE)));
            if !row.iter().any(|(c, _)| c == "created_at") {
                let ms = (BASE_MS + self.tick * 60_000) as i64;
                let when = chrono::DateTime::from_timestamp_millis(ms).unwrap();
                row.push((
                    "created_at".into(),
                    t(when.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
                ));
            }
        }
        for r in &required {
            assert!(
                row.iter().any(|(c, _)| c == r),
                "{table}.{r} is required and the fixture row does not give it"
            );
        }
        for (c, _) in &row {
            self.used.insert((table.to_owned(), c.clone()));
        }
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            row.iter()
                .map(|(c, _)| c.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            vec!["?"; row.len()].join(", ")
        );
        self.tx
            .execute(&sql, rusqlite::params_from_iter(row.iter().map(|(_, v)| v)))
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        if synced && self.columns("outbox").is_some() {
            let id = row.iter().find(|(c, _)| c == "id").map(|(_, v)| v.clone());
            let fields: serde_json::Map<String, serde_json::Value> = row
                .iter()
                .filter(|(c, _)| {
                    !["id", "created_at", "updated_at", "updated_by"].contains(&c.as_str())
                })
                .map(|(c, v)| {
                    let v = match v {
                        Value::Integer(n) => serde_json::json!(n),
                        Value::Text(s) => serde_json::json!(s),
                        _ => serde_json::Value::Null,
                    };
                    (c.clone(), v)
                })
                .collect();
            self.tx
                .execute(
                    "INSERT INTO outbox (table_name, row_id, op, hlc, device, fields)
                     VALUES (?1, ?2, 'insert', ?3, ?4, ?5)",
                    rusqlite::params![
                        table,
                        id.unwrap(),
                        hlc,
                        DEVICE,
                        serde_json::Value::Object(fields).to_string()
                    ],
                )
                .unwrap();
        }
        true
    }

    /// A stock movement of `product`; returns its id.
    fn movement(
        &mut self,
        product: &str,
        kind: &str,
        qty_milli: i64,
        d: i64,
        reference: &str,
    ) -> String {
        let id = self.id();
        self.put(
            "stock_movements",
            vec![
                ("id", t(&id)),
                ("product_id", t(product)),
                ("kind", t(kind)),
                ("qty_milli", i(qty_milli)),
                (
                    "reason",
                    t(if kind == "adjustment" {
                        "盘点差异"
                    } else {
                        ""
                    }),
                ),
                ("reference", t(reference)),
                ("occurred_at", t(at(d, 10))),
                ("occurred_on", t(day(d))),
            ],
        );
        id
    }

    /// Writes the whole business; what this version has of it goes in.
    pub fn populate(&mut self) {
        self.put(
            "device",
            vec![
                ("singleton", i(1)),
                ("id", t(DEVICE)),
                ("code", t(DEVICE_CODE)),
                ("created_at", t(at(0, 8))),
                ("hlc_last", i(0)),
            ],
        );
        self.put(
            "local_settings",
            vec![("key", t("locale")), ("value", t("zh-CN"))],
        );
        let customers = self.customers();
        let products = self.products();
        self.suppliers_and_purchases(&products);
        self.sales_orders(&customers, &products);
        self.complaints(&customers, &products);
        for (name, next) in [
            ("customer_code", customers.len() + 1),
            ("sales_order", 43),
            ("purchase_order", 7),
            ("complaint", 9),
        ] {
            self.put(
                "sequences",
                vec![("name", t(name)), ("next", i(next as i64))],
            );
        }
        let last = Hlc::new(BASE_MS + (self.tick + 1) * 60_000, 0).to_i64();
        self.tx
            .execute("UPDATE device SET hlc_last = ?1", [last])
            .unwrap();
    }

    fn customers(&mut self) -> Vec<String> {
        const NAMES: [&str; 6] = [
            "华南精密",
            "宏达科技",
            "东莞五金",
            "佛山陶瓷",
            "张伟",
            "深圳电子",
        ];
        const CITIES: [&str; 3] = ["深圳", "东莞", "广州"];
        let mut out = Vec::new();
        for n in 0..30i64 {
            let id = self.id();
            let tags = match n % 4 {
                0 => r#"["VIP"]"#,
                1 => r#"["重品质","VIP"]"#,
                2 => "[]",
                _ => r#"["华南"]"#,
            };
            let credit = format!("{}.{:02}", 5_000 + self.below(95_000), self.below(100));
            self.put(
                "customers",
                vec![
                    ("id", t(&id)),
                    ("code", t(format!("C-{DEVICE_CODE}-{:05}", n + 1))),
                    ("kind", t(if n % 6 == 4 { "person" } else { "company" })),
                    ("name", t(format!("{}{}", NAMES[n as usize % 6], n + 1))),
                    ("phone", t(format!("0755-{:08}", 2_000_000 + n))),
                    ("email", t(format!("buyer{n}@example.com"))),
                    ("country", t("CN")),
                    ("province", t("广东")),
                    ("city", t(CITIES[n as usize % 3])),
                    ("tags", t(tags)),
                    ("credit_limit", t(credit)),
                    ("currency", t("CNY")),
                    (
                        "notes",
                        t(if n % 5 == 0 {
                            "老客户，按季度对账"
                        } else {
                            ""
                        }),
                    ),
                    (
                        "channel",
                        t(["direct", "online_shop", "distributor"][n as usize % 3]),
                    ),
                    (
                        "payment_method",
                        t(["bank_transfer", "alipay"][n as usize % 2]),
                    ),
                    ("payment_terms", t(["net_30", "prepaid"][n as usize % 2])),
                    ("lifecycle", t(if n % 7 == 0 { "lead" } else { "new" })),
                    ("owner", t(["王芳", "李强"][n as usize % 2])),
                    ("lifecycle_pinned", i(i64::from(n % 7 == 0))),
                    ("created_at", t(at(n / 3, 9))),
                ],
            );
            for k in 0..1 + n % 2 {
                let contact = self.id();
                self.put(
                    "contacts",
                    vec![
                        ("id", t(&contact)),
                        ("customer_id", t(&id)),
                        ("name", t(["刘洋", "陈静"][k as usize])),
                        ("role", t("采购")),
                        ("phone", t(format!("138{:08}", n * 10 + k))),
                        ("email", t("")),
                        ("wechat", t(format!("wx{n}{k}"))),
                        ("is_primary", i(i64::from(k == 0))),
                        ("position", i(k)),
                    ],
                );
            }
            let address = self.id();
            self.put(
                "addresses",
                vec![
                    ("id", t(address)),
                    ("customer_id", t(&id)),
                    ("kind", t("shipping")),
                    ("country", t("CN")),
                    ("province", t("广东")),
                    ("city", t(CITIES[n as usize % 3])),
                    ("street", t(format!("科技园路 {} 号", n + 1))),
                    ("postcode", t("518000")),
                    ("position", i(0)),
                ],
            );
            if n % 3 == 0 {
                let interaction = self.id();
                let follow = n % 6 == 0;
                self.put(
                    "interactions",
                    vec![
                        ("id", t(&interaction)),
                        ("customer_id", t(&id)),
                        ("contact_id", t("")),
                        ("kind", t(["call", "visit", "email"][n as usize % 3])),
                        ("occurred_at", t(at(n / 3 + 1, 14))),
                        ("summary", t("询问下季度报价")),
                        ("outcome", t("待报价")),
                        (
                            "follow_up_on",
                            t(if follow {
                                day(n / 3 + 8)
                            } else {
                                String::new()
                            }),
                        ),
                        ("fact", t("")),
                    ],
                );
                if follow && n % 12 == 0 {
                    let done = self.id();
                    self.put(
                        "follow_up_done",
                        vec![
                            ("id", t(done)),
                            ("interaction_id", t(&interaction)),
                            ("done_at", t(at(n / 3 + 8, 11))),
                            ("note", t("已发报价")),
                        ],
                    );
                }
            }
            out.push(id);
        }
        out
    }
}
