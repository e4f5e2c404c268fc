//! The supply side of a fixture: products with their stock ledger and a posted count,
//! suppliers with contacts, supplies, contracts, evaluations and a status change, and
//! purchase orders in every status, received in part and in full.

use super::{at, day, i, t, Gen, DEVICE_CODE};

impl Gen<'_> {
    /// Products with a receipt each, a few adjustments and one posted count; returns
    /// `(id, price)`.
    pub(super) fn products(&mut self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for n in 0..12i64 {
            let id = self.id();
            let price = format!("{}.{:02}", 5 + self.below(400), self.below(100));
            let cost = format!("{}.{:02}", 2 + self.below(4), self.below(100));
            self.put(
                "products",
                vec![
                    ("id", t(&id)),
                    ("sku", t(format!("FX-P{:03}", n + 1))),
                    (
                        "name",
                        t(format!(
                            "{}{}",
                            ["不锈钢螺栓", "铜套", "轴承"][n as usize % 3],
                            n + 1
                        )),
                    ),
                    ("unit", t(if n % 4 == 3 { "kg" } else { "件" })),
                    ("category", t(["紧固件", "传动件"][n as usize % 2])),
                    ("currency", t("CNY")),
                    ("price", t(&price)),
                    ("cost", t(cost)),
                    (
                        "stage",
                        t(["new", "growth", "mature", "decline"][n as usize % 4]),
                    ),
                    ("pack_size", i(1 + n % 3)),
                    ("min_order_qty", i(1)),
                    ("lead_time_days", i(7 + n)),
                    ("safety_stock", i(10)),
                    ("reorder_point", i(20)),
                    ("active", i(i64::from(n != 11))),
                ],
            );
            self.movement(&id, "receipt", 500_000 + n * 1_250, 0, "期初库存");
            if n % 3 == 0 {
                self.movement(&id, "adjustment", -2_000, 3, "");
            }
            out.push((id, price));
        }
        let count = self.id();
        self.put(
            "stock_counts",
            vec![
                ("id", t(&count)),
                ("note", t("月末盘点")),
                ("status", t("posted")),
                ("started_at", t(at(20, 8))),
                ("closed_at", t(at(20, 17))),
            ],
        );
        for (k, (p, _)) in out.iter().take(2).enumerate() {
            let line = self.id();
            let expected = 500_000 + k as i64 * 1_250 - if k == 0 { 2_000 } else { 0 };
            self.put(
                "stock_count_lines",
                vec![
                    ("id", t(line)),
                    ("count_id", t(&count)),
                    ("product_id", t(p)),
                    ("expected_milli", i(expected)),
                    ("counted_milli", i(expected - 1_000)),
                ],
            );
            let p = p.clone();
            self.movement(&p, "count_correction", -1_000, 20, &count);
        }
        out
    }

    pub(super) fn suppliers_and_purchases(&mut self, products: &[(String, String)]) {
        let mut suppliers = Vec::new();
        for n in 0..4i64 {
            let id = self.id();
            let status = if n == 1 { "probation" } else { "approved" };
            self.put(
                "suppliers",
                vec![
                    ("id", t(&id)),
                    ("code", t(format!("S-{:03}", n + 1))),
                    (
                        "name",
                        t(format!(
                            "{}{}",
                            ["宁波精工", "苏州物流", "温州标准件", "无锡轴承"][n as usize],
                            ""
                        )),
                    ),
                    ("kind", t(if n == 1 { "logistics" } else { "goods" })),
                    ("status", t(status)),
                    ("categories", t(r#"["紧固件"]"#)),
                    // Version 3 kept one contact on the supplier; version 4 moved it.
                    ("contact_name", t(format!("王经理{n}"))),
                    ("phone", t(format!("139{:08}", n))),
                    ("email", t(format!("sales{n}@supplier.example"))),
                    ("notes", t("")),
                ],
            );
            let contact = self.id();
            self.put(
                "supplier_contacts",
                vec![
                    ("id", t(contact)),
                    ("supplier_id", t(&id)),
                    ("name", t(format!("王经理{n}"))),
                    ("role", t("销售")),
                    ("phone", t(format!("139{:08}", n))),
                    ("email", t(format!("sales{n}@supplier.example"))),
                    ("wechat", t("")),
                    ("is_primary", i(1)),
                    ("position", i(0)),
                ],
            );
            let contract = self.id();
            self.put(
                "supplier_contracts",
                vec![
                    ("id", t(contract)),
                    ("supplier_id", t(&id)),
                    ("title", t("年度供货协议")),
                    ("starts_on", t(day(0))),
                    ("ends_on", t(day(365))),
                    ("terms", t("月结30天")),
                    ("auto_renew", i(n % 2)),
                    ("notice_days", i(30)),
                    ("reference", t(format!("HT-2026-{n:03}"))),
                ],
            );
            let evaluation = self.id();
            self.put(
                "supplier_evaluations",
                vec![
                    ("id", t(evaluation)),
                    ("supplier_id", t(&id)),
                    ("period", t("2026-Q1")),
                    ("cooperation", i(3 + n % 3)),
                    ("service", i(4)),
                    ("technology", i(2 + n % 4)),
                    ("comment", t("交期稳定")),
                ],
            );
            if status == "probation" {
                let change = self.id();
                self.put(
                    "supplier_status_changes",
                    vec![
                        ("id", t(change)),
                        ("supplier_id", t(&id)),
                        ("from_status", t("approved")),
                        ("status", t("probation")),
                        ("reason", t("连续两批来料不良")),
                        ("at", t(at(10, 9))),
                    ],
                );
            }
            suppliers.push(id);
        }
        for (n, (p, _)) in products.iter().enumerate() {
            let id = self.id();
            let price = format!("{}.{:02}", 2 + self.below(4), self.below(100));
            self.put(
                "supplies",
                vec![
                    ("id", t(id)),
                    ("supplier_id", t(&suppliers[[0, 2, 3][n % 3]])),
                    ("product_id", t(p)),
                    ("currency", t("CNY")),
                    ("price", t(price)),
                    ("lead_time_days", i(10)),
                    ("preferred", i(1)),
                ],
            );
        }
        // Purchase orders in every status; received quantities move stock.
        let statuses = [
            "draft",
            "sent",
            "partially_received",
            "received",
            "closed",
            "cancelled",
        ];
        for (n, status) in statuses.iter().enumerate() {
            let po = self.id();
            let number = format!("PO-2601-{DEVICE_CODE}-{:04}", n + 1);
            let d = 4 + n as i64;
            self.put(
                "purchase_orders",
                vec![
                    ("id", t(&po)),
                    ("number", t(&number)),
                    ("supplier_id", t(&suppliers[[0, 2, 3][n % 3]])),
                    ("status", t(*status)),
                    ("currency", t("CNY")),
                    ("notes", t("")),
                ],
            );
            let path: &[&str] = match *status {
                "draft" => &["draft"],
                "sent" => &["draft", "sent"],
                "partially_received" => &["draft", "sent", "partially_received"],
                "received" => &["draft", "sent", "received"],
                "closed" => &["draft", "sent", "received", "closed"],
                _ => &["draft", "cancelled"],
            };
            for (k, s) in path.iter().enumerate() {
                let h = self.id();
                self.put(
                    "po_status_history",
                    vec![
                        ("id", t(h)),
                        ("po_id", t(&po)),
                        ("status", t(*s)),
                        ("at", t(at(d + k as i64, 9))),
                    ],
                );
            }
            for k in 0..2 {
                let line = self.id();
                let (p, _) = &products[(n * 2 + k) % products.len()];
                let p = p.clone();
                let qty = 100_000 + 50_000 * k as i64;
                let price = format!("{}.{:02}", 2 + self.below(4), self.below(100));
                self.put(
                    "po_lines",
                    vec![
                        ("id", t(&line)),
                        ("po_id", t(&po)),
                        ("product_id", t(&p)),
                        ("qty_milli", i(qty)),
                        ("unit_price", t(price)),
                        ("expected_on", t(day(d + 14))),
                        ("position", i(k as i64)),
                    ],
                );
                let received = match *status {
                    "partially_received" if k == 0 => qty / 2,
                    "received" | "closed" => qty,
                    _ => 0,
                };
                if received > 0 {
                    let rejected = if *status == "closed" { 1_000 } else { 0 };
                    let m = self.movement(&p, "receipt", received - rejected, d + 10, &number);
                    let r = self.id();
                    self.put(
                        "po_receipts",
                        vec![
                            ("id", t(r)),
                            ("po_line_id", t(&line)),
                            ("received_on", t(day(d + 10))),
                            ("accepted_milli", i(received - rejected)),
                            ("rejected_milli", i(rejected)),
                            ("movement_id", t(m)),
                        ],
                    );
                }
            }
        }
    }
}
