//! The sales side of a fixture: orders in every status with shipments and returns,
//! complaints with their events, survey answers.

use rusqlite::types::Value;

use super::{at, day, i, t, Gen, DEVICE_CODE};

impl Gen<'_> {
    pub(super) fn sales_orders(&mut self, customers: &[String], products: &[(String, String)]) {
        const PATH: [&str; 6] = [
            "draft",
            "confirmed",
            "picking",
            "shipped",
            "delivered",
            "closed",
        ];
        for n in 0..42usize {
            let status = if n % 7 == 6 { "cancelled" } else { PATH[n % 7] };
            let id = self.id();
            let number = format!("SO-2601-{DEVICE_CODE}-{:05}", n + 1);
            let d = 5 + n as i64 / 2;
            self.put(
                "sales_orders",
                vec![
                    ("id", t(&id)),
                    ("number", t(&number)),
                    ("customer_id", t(&customers[(n * 7) % customers.len()])),
                    ("status", t(status)),
                    ("currency", t("CNY")),
                    ("channel", t(["direct", "online_shop"][n % 2])),
                    ("payment_method", t("bank_transfer")),
                    ("ordered_on", t(day(d))),
                    (
                        "promised_on",
                        t(if n % 4 == 0 {
                            String::new()
                        } else {
                            day(d + 7)
                        }),
                    ),
                    ("notes", t(if n % 5 == 0 { "加急" } else { "" })),
                    ("credit_override", i(i64::from(n % 13 == 0))),
                    ("backorder", i(0)),
                    ("created_at", t(at(d, 9))),
                ],
            );
            let mut lines = Vec::new();
            for k in 0..1 + n % 3 {
                let line = self.id();
                let (p, price) = &products[(n + k * 5) % products.len()];
                let p = p.clone();
                let qty = if k == 1 {
                    2_345
                } else {
                    (1 + self.below(20)) * 1_000
                };
                let price = if k == 2 {
                    "19.99".to_owned()
                } else {
                    price.clone()
                };
                self.put(
                    "so_lines",
                    vec![
                        ("id", t(&line)),
                        ("order_id", t(&id)),
                        ("product_id", t(&p)),
                        ("qty_milli", i(qty)),
                        ("unit_price", t(price)),
                        ("discount_pct", t(["0", "5", "7.5"][(n + k) % 3])),
                        ("tax_rate_pct", t(["13", "0", "6"][n % 3])),
                        ("position", i(k as i64)),
                    ],
                );
                lines.push((line, p, qty));
            }
            let reached: Vec<&str> = if status == "cancelled" {
                vec!["draft", "cancelled"]
            } else {
                PATH.iter()
                    .take_while(|s| **s != status)
                    .copied()
                    .chain([status])
                    .collect()
            };
            for (k, s) in reached.iter().enumerate() {
                let h = self.id();
                self.put(
                    "so_status_history",
                    vec![
                        ("id", t(h)),
                        ("order_id", t(&id)),
                        ("status", t(*s)),
                        ("at", t(at(d + k as i64, 10))),
                        ("note", t("")),
                        ("facts", t("")),
                    ],
                );
            }
            if reached.contains(&"shipped") {
                for (line, p, qty) in &lines {
                    let m = self.movement(p, "shipment", -qty, d + 3, &number);
                    let s = self.id();
                    self.put(
                        "so_shipments",
                        vec![
                            ("id", t(s)),
                            ("order_id", t(&id)),
                            ("line_id", t(line)),
                            ("shipped_on", t(day(d + 3))),
                            ("qty_milli", i(*qty)),
                            ("carrier", t("顺丰")),
                            ("tracking", t(format!("SF{:010}", n))),
                            ("movement_id", t(m)),
                        ],
                    );
                }
            }
            if reached.contains(&"delivered") && n % 3 == 0 {
                let (line, p, qty) = &lines[0];
                let back = (*qty).min(1_000);
                let m = self.movement(p, "return", back, d + 6, &number);
                let r = self.id();
                self.put(
                    "so_returns",
                    vec![
                        ("id", t(r)),
                        ("order_id", t(&id)),
                        ("line_id", t(line)),
                        ("returned_on", t(day(d + 6))),
                        ("qty_milli", i(back)),
                        ("reason", t("damaged")),
                        ("note", t("外包装破损")),
                        ("movement_id", t(m)),
                    ],
                );
            }
        }
    }

    pub(super) fn complaints(&mut self, customers: &[String], products: &[(String, String)]) {
        const STATUS: [&str; 5] = ["new", "acknowledged", "investigating", "resolved", "closed"];
        for n in 0..8usize {
            let id = self.id();
            let status = STATUS[n % 5];
            let done = n % 5 >= 3;
            let complaint = n % 4 != 3;
            let d = 12 + n as i64;
            self.put(
                "complaints",
                vec![
                    ("id", t(&id)),
                    ("number", t(format!("CP-2601-{DEVICE_CODE}-{:05}", n + 1))),
                    (
                        "kind",
                        t(if complaint { "complaint" } else { "suggestion" }),
                    ),
                    ("customer_id", t(&customers[n * 3])),
                    ("order_id", t("")),
                    ("product_id", t(&products[n].0)),
                    ("channel", t(["phone", "email", "wechat"][n % 3])),
                    (
                        "category",
                        t(if complaint { "quality" } else { "product_idea" }),
                    ),
                    ("severity", t(if complaint { "medium" } else { "" })),
                    ("description", t("来料有毛刺")),
                    ("assignee", t("王芳")),
                    ("status", t(status)),
                    ("opened_at", t(at(d, 9))),
                    ("first_response_due", t(at(d, 17))),
                    ("resolution_due", t(at(d + 3, 17))),
                    (
                        "responded_at",
                        t(if n % 5 >= 1 { at(d, 11) } else { String::new() }),
                    ),
                    (
                        "resolved_at",
                        t(if done { at(d + 2, 15) } else { String::new() }),
                    ),
                    (
                        "closed_at",
                        t(if n % 5 == 4 {
                            at(d + 4, 9)
                        } else {
                            String::new()
                        }),
                    ),
                    ("root_cause", t(if done { "supplier_quality" } else { "" })),
                    ("supplier_id", t("")),
                    ("cause_product_id", t("")),
                    ("resolution", t(if done { "补发并赔偿" } else { "" })),
                    ("compensation", t(if done { "120.50" } else { "" })),
                    ("currency", t(if done { "CNY" } else { "" })),
                    ("satisfaction", if n % 5 == 4 { i(4) } else { Value::Null }),
                ],
            );
            for (k, s) in STATUS.iter().take(n % 5 + 1).enumerate() {
                let e = self.id();
                self.put(
                    "complaint_events",
                    vec![
                        ("id", t(e)),
                        ("complaint_id", t(&id)),
                        ("kind", t(if k == 0 { "opened" } else { "status" })),
                        ("status", t(*s)),
                        ("body", t("")),
                        ("at", t(at(d + k as i64, 12))),
                        ("facts", t("")),
                    ],
                );
            }
            let survey = self.id();
            self.put(
                "survey_responses",
                vec![
                    ("id", t(survey)),
                    ("customer_id", t(&customers[n * 3 + 1])),
                    ("order_id", t("")),
                    ("complaint_id", t("")),
                    ("nps", i((n % 11) as i64)),
                    ("csat", i(1 + (n % 5) as i64)),
                    ("comment", t("")),
                    ("channel", t("wechat")),
                    ("responded_on", t(day(d + 5))),
                ],
            );
        }
    }
}
