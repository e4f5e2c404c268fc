//! The supplier scorecard's commands through IPC: the ranking, one supplier's page with its
//! inputs and records, the weights (refused unless they sum to 100), probation with a reason,
//! and the complaint timeline's fact naming the supplier.

use chainbook_core::complaint::{FeedbackDraft, ResolutionDraft};
use chainbook_core::customer::{CustomerDraft, CustomerKind};
use chainbook_core::product::ProductDraft;
use chainbook_core::purchase::{PoAction, PoDraft, PoLineDraft, ReceiptLineDraft};
use chainbook_core::supplier::SupplierDraft;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::Harness;

/// Supplier S-LATE: 100 due 2026-07-10, 90 arrive on 07-15 with 10 rejected; a customer's
/// complaint opened 2026-08-20 whose root cause names it. Supplier S-IDLE bought nothing.
fn prepared() -> (Harness, String) {
    let mut ids = String::new();
    let h = Harness::with(|s| {
        s.set_clock(Box::new(|| {
            DateTime::parse_from_rfc3339("2026-08-20T10:00:00Z")
                .unwrap()
                .with_timezone(&Utc)
        }));
        let sup = s
            .suppliers_mut()
            .create(&SupplierDraft {
                code: "S-LATE".into(),
                name: "迟到五金".into(),
                ..Default::default()
            })
            .unwrap()
            .id;
        s.suppliers_mut()
            .create(&SupplierDraft {
                code: "S-IDLE".into(),
                name: "闲置供应商".into(),
                ..Default::default()
            })
            .unwrap();
        let p = s
            .products_mut()
            .create(&ProductDraft {
                sku: "BOLT".into(),
                name: "螺栓".into(),
                unit: "件".into(),
                currency: "CNY".into(),
                active: true,
                ..Default::default()
            })
            .unwrap()
            .id;
        let po = s
            .purchasing_mut()
            .create(&PoDraft {
                supplier_id: sup,
                currency: "CNY".into(),
                notes: String::new(),
                lines: vec![PoLineDraft {
                    product_id: p,
                    quantity: "100".into(),
                    unit_price: "1.00".into(),
                    expected_on: "2026-07-10".into(),
                }],
            })
            .unwrap();
        s.purchasing_mut().action(po.id, PoAction::Send).unwrap();
        s.purchasing_mut()
            .receive(
                po.id,
                "2026-07-15",
                &[ReceiptLineDraft {
                    po_line_id: po.lines[0].id,
                    received: "90".into(),
                    rejected: "10".into(),
                }],
                false,
            )
            .unwrap();
        let customer = s
            .customers_mut()
            .create(&CustomerDraft {
                kind: CustomerKind::Company,
                name: "华南贸易".into(),
                phone: "0755-12345678".into(),
                country: "CN".into(),
                currency: "CNY".into(),
                ..Default::default()
            })
            .unwrap()
            .id;
        let c = s
            .complaints_mut()
            .open(&FeedbackDraft {
                kind: "complaint".into(),
                customer_id: Some(customer),
                channel: "phone".into(),
                category: "quality".into(),
                severity: "high".into(),
                description: "螺栓断裂".into(),
                ..Default::default()
            })
            .unwrap();
        s.complaints_mut()
            .set_resolution(
                c.id,
                &ResolutionDraft {
                    root_cause: "supplier_quality".into(),
                    supplier_id: Some(sup),
                    ..Default::default()
                },
            )
            .unwrap();
        ids = sup.to_string();
    });
    (h, ids)
}

fn code(r: Result<Value, Value>) -> (String, Value) {
    let e = r.expect_err("expected an error");
    (e["code"].as_str().unwrap().to_owned(), e["field"].clone())
}

#[test]
fn the_scorecard_shows_its_inputs_and_records() {
    let (h, sup) = prepared();
    let list = h
        .call("scorecard_list", json!({"period": "2026-Q3"}))
        .unwrap();
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["code"], "S-LATE");
    // 0 of 1 on time; 10 of 100 rejected = 100,000 DPM → 0, 1 of 1 receipt lines rejected → 0;
    // 1 complaint per 100 units = 10 per 1,000 → 0: every criterion with data scores 0.
    let late = &rows[0];
    assert_eq!(late["score"], json!(0.0));
    assert_eq!(late["grade"], "D");
    assert_eq!(late["suggests_probation"], true);
    assert_eq!(late["weight_covered"], 75);
    assert_eq!(late["inputs"]["lines_due"], 1);
    assert_eq!(late["inputs"]["lines_on_time"], 0);
    assert_eq!(late["inputs"]["accepted"], "90");
    assert_eq!(late["inputs"]["rejected"], "10");
    assert_eq!(late["inputs"]["defects_per_million"], json!(100_000.0));
    assert_eq!(late["inputs"]["complaints_per_thousand"], json!(10.0));
    assert_eq!(late["criteria"][2]["criterion"], "price");
    assert_eq!(late["criteria"][2]["score"], Value::Null);
    // Not enough data is null, not 0.
    assert_eq!(rows[1]["code"], "S-IDLE");
    assert_eq!(
        (&rows[1]["score"], &rows[1]["grade"]),
        (&Value::Null, &Value::Null)
    );

    let page = h
        .call(
            "scorecard_get",
            json!({"id": sup, "period": "2026-07", "history": 12}),
        )
        .unwrap();
    assert_eq!(page["history"].as_array().unwrap().len(), 12);
    assert_eq!(page["history"][11]["period"], "2026-07");
    assert_eq!(page["history"][11]["grade"], "D");
    assert_eq!(page["history"][10]["score"], Value::Null);
    assert_eq!(page["lines"][0]["on_time"], false);
    assert_eq!(page["lines"][0]["completed_on"], "2026-07-15");
    assert_eq!(page["lines"][0]["delivered_by_expected"], "0");
    assert_eq!(page["receipts"][0]["rejected"], "10");
    // The complaint was opened in August: not in July's records, in the quarter's.
    assert_eq!(page["complaints"].as_array().unwrap().len(), 0);
    let q3 = h
        .call(
            "scorecard_get",
            json!({"id": sup, "period": "2026-Q3", "history": 4}),
        )
        .unwrap();
    assert_eq!(q3["complaints"][0]["root_cause"], "supplier_quality");
    assert_eq!(q3["complaints"][0]["customer_name"], "华南贸易");
    let complaint = h
        .call("complaint_get", json!({"id": q3["complaints"][0]["id"]}))
        .unwrap();
    let event = complaint["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "root_cause")
        .unwrap()
        .clone();
    assert_eq!(
        event["facts"],
        json!([{"kind": "root_cause_partner", "supplier_id": sup, "code": "S-LATE",
                "name": "迟到五金", "supplier_kind": "goods"}])
    );

    // Bad arguments are typed errors.
    assert_eq!(
        code(h.call("scorecard_list", json!({"period": "2026-Q5"}))),
        ("invalid_date".into(), json!("period"))
    );
    assert_eq!(
        code(h.call(
            "scorecard_get",
            json!({"id": "nope", "period": "2026", "history": 1})
        ))
        .0,
        "invalid_argument"
    );
}

#[test]
fn weights_must_sum_to_100_and_probation_records_its_reason() {
    let (h, sup) = prepared();
    let w = h.call("scorecard_weights_get", json!({})).unwrap();
    assert_eq!(
        w,
        json!({"on_time": 30, "quality": 30, "price": 15, "complaints": 15, "ratings": 10})
    );
    let bad = json!({"on_time": 30, "quality": 30, "price": 15, "complaints": 15, "ratings": 11});
    let e = h
        .call("scorecard_weights_set", json!({"weights": bad}))
        .unwrap_err();
    assert_eq!(
        (&e["code"], &e["field"]),
        (&json!("weights_sum"), &json!("weights"))
    );
    assert!(e["message"].as_str().unwrap().contains("101"));
    assert_eq!(h.call("scorecard_weights_get", json!({})).unwrap(), w);
    let good = json!({"on_time": 50, "quality": 50, "price": 0, "complaints": 0, "ratings": 0});
    assert_eq!(
        h.call("scorecard_weights_set", json!({"weights": good}))
            .unwrap(),
        good
    );
    let page = h
        .call(
            "scorecard_get",
            json!({"id": sup, "period": "2026-Q3", "history": 1}),
        )
        .unwrap();
    assert_eq!(page["weights"], good);
    assert_eq!(page["score"]["weight_covered"], 100);

    assert_eq!(
        code(h.call(
            "supplier_set_status",
            json!({"id": sup, "status": "probation", "reason": ""})
        )),
        ("required".into(), json!("reason"))
    );
    assert_eq!(
        code(h.call(
            "supplier_set_status",
            json!({"id": sup, "status": "sleeping", "reason": "x"})
        )),
        ("invalid_choice".into(), json!("status"))
    );
    let s = h
        .call(
            "supplier_set_status",
            json!({"id": sup, "status": "probation", "reason": "记分卡 2026-Q3：等级 D"}),
        )
        .unwrap();
    assert_eq!(s["status"], "probation");
    let page = h
        .call(
            "scorecard_get",
            json!({"id": sup, "period": "2026-Q3", "history": 1}),
        )
        .unwrap();
    assert_eq!(
        page["score"]["suggests_probation"], false,
        "already on probation"
    );
    assert_eq!(
        (
            &page["status_changes"][0]["from"],
            &page["status_changes"][0]["status"],
            &page["status_changes"][0]["reason"]
        ),
        (
            &json!("approved"),
            &json!("probation"),
            &json!("记分卡 2026-Q3：等级 D")
        )
    );
}
