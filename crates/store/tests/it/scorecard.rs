//! The supplier scorecard against hand-computed inputs: partial receipts, rejections, a
//! receipt after the expected date, a cancelled and a short-closed order, a draft, a line due
//! next quarter received this one, prices against another supplier's, a complaint whose root
//! cause names the supplier, evaluations in and out of the period; weights; probation.

use chainbook_core::complaint::{ComplaintAction, FeedbackDraft, ResolutionDraft};
use chainbook_core::facts::Fact;
use chainbook_core::product::{ProductDraft, Qty};
use chainbook_core::purchase::{PoAction, PoDraft, PoLineDraft, ReceiptLineDraft};
use chainbook_core::scorecard::{Criterion, Grade, ScorePeriod, Weights};
use chainbook_core::supplier::{EvaluationDraft, SupplierDraft, SupplierStatus};
use chainbook_core::ErrorCode;
use chainbook_store::Store;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::{draft, fresh, log_len};

fn close(a: Option<f64>, b: f64) {
    let a = a.expect("a value");
    assert!((a - b).abs() < 1e-6, "{a} ≠ {b}");
}

fn q(s: &str) -> ScorePeriod {
    ScorePeriod::parse(s).unwrap()
}

struct World {
    _dir: tempfile::TempDir,
    s: Store,
    a: Uuid,
    b: Uuid,
    c: Uuid,
    customer: Uuid,
}

fn supplier(s: &mut Store, code: &str) -> Uuid {
    s.suppliers_mut()
        .create(&SupplierDraft {
            code: code.into(),
            name: format!("供应商 {code}"),
            ..Default::default()
        })
        .unwrap()
        .id
}

fn product(s: &mut Store, sku: &str) -> Uuid {
    s.products_mut()
        .create(&ProductDraft {
            sku: sku.into(),
            name: format!("产品 {sku}"),
            unit: "件".into(),
            currency: "CNY".into(),
            active: true,
            ..Default::default()
        })
        .unwrap()
        .id
}

fn line(product: Uuid, qty: &str, price: &str, expected: &str) -> PoLineDraft {
    PoLineDraft {
        product_id: product,
        quantity: qty.into(),
        unit_price: price.into(),
        expected_on: expected.into(),
    }
}

/// A sent PO; returns its id and line ids.
fn sent(s: &mut Store, supplier: Uuid, lines: &[PoLineDraft]) -> (Uuid, Vec<Uuid>) {
    let po = s
        .purchasing_mut()
        .create(&PoDraft {
            supplier_id: supplier,
            currency: "CNY".into(),
            notes: String::new(),
            lines: lines.to_vec(),
        })
        .unwrap();
    s.purchasing_mut().action(po.id, PoAction::Send).unwrap();
    (po.id, po.lines.iter().map(|l| l.id).collect())
}

fn receive(s: &mut Store, po: Uuid, line: Uuid, on: &str, accepted: &str, rejected: &str) {
    s.purchasing_mut()
        .receive(
            po,
            on,
            &[ReceiptLineDraft {
                po_line_id: line,
                received: accepted.into(),
                rejected: rejected.into(),
            }],
            false,
        )
        .unwrap();
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// The purchasing of the module docs, with the clock on 2026-08-20.
fn world() -> World {
    let (_dir, mut s) = fresh();
    s.set_clock(Box::new(|| at("2026-08-20T10:00:00Z")));
    let (a, b, c) = (
        supplier(&mut s, "A"),
        supplier(&mut s, "B"),
        supplier(&mut s, "C"),
    );
    let (p1, p2) = (product(&mut s, "P1"), product(&mut s, "P2"));
    let customer = s.customers_mut().create(&draft("华南贸易")).unwrap().id;

    // A, PO1: line 1 (100 P1 @ 10, due 07-10) arrives 60 early and 40 late with 5 rejected;
    // line 2 (50 P2 @ 4, due 08-01) arrives on the day, 2 rejected.
    let (po1, l) = sent(
        &mut s,
        a,
        &[
            line(p1, "100", "10.00", "2026-07-10"),
            line(p2, "50", "4.00", "2026-08-01"),
        ],
    );
    receive(&mut s, po1, l[0], "2026-07-05", "60", "0");
    receive(&mut s, po1, l[0], "2026-07-12", "35", "5");
    receive(&mut s, po1, l[1], "2026-08-01", "48", "2");
    // A, PO2: sent, then cancelled before anything came: not due.
    let (po2, _) = sent(&mut s, a, &[line(p1, "10", "10.00", "2026-09-15")]);
    s.purchasing_mut().action(po2, PoAction::Cancel).unwrap();
    // A, PO3: 5 of 20 arrive, then it is short-closed: due, late.
    let (po3, l) = sent(&mut s, a, &[line(p2, "20", "4.00", "2026-09-20")]);
    receive(&mut s, po3, l[0], "2026-09-10", "5", "0");
    s.purchasing_mut().action(po3, PoAction::Close).unwrap();
    // A, a draft due in the quarter: not due.
    s.purchasing_mut()
        .create(&PoDraft {
            supplier_id: a,
            currency: "CNY".into(),
            notes: String::new(),
            lines: vec![line(p1, "10", "10.00", "2026-08-15")],
        })
        .unwrap();
    // A, PO4: due 10-05 (next quarter), received 09-30.
    let (po4, l) = sent(&mut s, a, &[line(p1, "10", "10.00", "2026-10-05")]);
    receive(&mut s, po4, l[0], "2026-09-30", "10", "0");
    // B: 100 P1 @ 8, on time.
    let (pob, l) = sent(&mut s, b, &[line(p1, "100", "8.00", "2026-07-20")]);
    receive(&mut s, pob, l[0], "2026-07-20", "100", "0");
    // A's evaluations: Q3 (4, 4, 4) and October (5, 5, 5).
    for (period, r) in [("2026-Q3", 4), ("2026-10", 5)] {
        s.suppliers_mut()
            .add_evaluation(&EvaluationDraft {
                supplier_id: a,
                period: period.into(),
                cooperation: r,
                service: r,
                technology: r,
                comment: String::new(),
            })
            .unwrap();
    }
    World {
        _dir,
        s,
        a,
        b,
        c,
        customer,
    }
}

fn complaint_naming(w: &mut World, supplier: Uuid) -> Uuid {
    let c =
        w.s.complaints_mut()
            .open(&FeedbackDraft {
                kind: "complaint".into(),
                customer_id: Some(w.customer),
                channel: "phone".into(),
                category: "quality".into(),
                severity: "high".into(),
                description: "螺栓断裂".into(),
                ..Default::default()
            })
            .unwrap();
    w.s.complaints_mut()
        .set_resolution(
            c.id,
            &ResolutionDraft {
                root_cause: "supplier_quality".into(),
                supplier_id: Some(supplier),
                ..Default::default()
            },
        )
        .unwrap();
    c.id
}

#[test]
fn inputs_and_scores_by_hand() {
    let mut w = world();
    let q3 = q("2026-Q3");
    let before = w.s.suppliers().scorecard(w.a, q3, 1).unwrap();
    assert_eq!(before.score.inputs.complaints, 0);
    let complaint = {
        let a = w.a;
        complaint_naming(&mut w, a)
    };

    let card = w.s.suppliers().scorecard(w.a, q3, 2).unwrap();
    let i = &card.score.inputs;
    // Lines due: PO1's two and PO3's (the cancelled PO2 and the draft are not); on time:
    // only PO1's line 2 (line 1 completed on 07-12 after 07-10, PO3 never did).
    assert_eq!((i.lines_due, i.lines_on_time), (3, 1));
    // Receipt lines dated in Q3: 60/0, 35/5, 48/2, 5/0 and PO4's 10/0.
    assert_eq!((i.receipts, i.receipts_with_rejection), (5, 2));
    assert_eq!((i.accepted_milli, i.rejected_milli), (158_000, 7_000));
    // P1 is compared (A 100 @ 10, B 100 @ 8: average 9); P2 only A bought.
    assert_eq!(i.price_products, 1);
    assert_eq!(
        (
            i.price_paid.to_string(),
            i.price_at_average.normalize().to_string()
        ),
        ("1000.00000".into(), "900".into())
    );
    assert_eq!((i.complaints, i.evaluations, i.ratings_sum), (1, 1, 12));

    let by = |c: Criterion| {
        card.score
            .card
            .criteria
            .iter()
            .find(|x| x.criterion == c)
            .unwrap()
            .score
    };
    let on_time = 100.0 / 3.0;
    let quality = ((100.0 - 7.0 / 165.0 * 1000.0) + 100.0 * 3.0 / 5.0) / 2.0;
    let price = 100.0 - 2.5 * (1000.0 / 9.0 - 90.0);
    let complaints = 100.0 - 10.0 * (1000.0 / 165.0);
    let ratings = 75.0;
    close(by(Criterion::OnTime), on_time);
    close(by(Criterion::Quality), quality);
    close(by(Criterion::Price), price);
    close(by(Criterion::Complaints), complaints);
    close(by(Criterion::Ratings), ratings);
    let score =
        (30.0 * on_time + 30.0 * quality + 15.0 * price + 15.0 * complaints + 10.0 * ratings)
            / 100.0;
    close(card.score.card.score, score);
    assert_eq!(card.score.card.grade, Some(Grade::D));
    // Without the complaint the score was higher.
    assert!(before.score.card.score.unwrap() > score);

    // The records behind it.
    let r = &card.records;
    assert_eq!(r.lines.len(), 3);
    let late = &r.lines[0];
    assert_eq!(
        (late.ordered, late.delivered_by_expected, late.delivered),
        (Qty(100_000), Qty(60_000), Qty(100_000))
    );
    assert_eq!(late.completed_on, NaiveDate::from_ymd_opt(2026, 7, 12));
    assert!(!late.on_time);
    assert!(r.lines[1].on_time);
    assert_eq!(
        (r.lines[2].delivered, r.lines[2].completed_on),
        (Qty(5_000), None)
    );
    assert_eq!(r.receipts.len(), 5);
    assert_eq!(r.receipts.iter().map(|x| x.rejected.0).sum::<i64>(), 7_000);
    assert_eq!(
        r.complaints.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![complaint]
    );
    assert_eq!(r.complaints[0].customer_name, "华南贸易");
    assert_eq!(r.prices.len(), 1);
    assert_eq!(
        (
            r.prices[0].sku.as_str(),
            r.prices[0].own_average.normalize().to_string(),
            r.prices[0].average.normalize().to_string(),
            r.prices[0].suppliers
        ),
        ("P1", "10".into(), "9".into(), 2)
    );
    assert_eq!(
        r.evaluations
            .iter()
            .map(|e| e.fields.period.as_str())
            .collect::<Vec<_>>(),
        vec!["2026-Q3"]
    );
    // History: Q2 had nothing, Q3 is the card.
    assert_eq!(card.history.len(), 2);
    assert_eq!(
        (card.history[0].period, card.history[0].score),
        (q("2026-Q2"), None)
    );
    assert_eq!(card.history[1].grade, Some(Grade::D));

    // The complaint's timeline names the supplier.
    let c = w.s.complaints().get(complaint).unwrap();
    let ev = c.events.iter().find(|e| e.kind == "root_cause").unwrap();
    assert_eq!(ev.body, "supplier_quality");
    assert_eq!(
        ev.facts,
        vec![Fact::RootCausePartner {
            supplier_id: w.a,
            code: "A".into(),
            name: "供应商 A".into(),
            supplier_kind: "goods".into(),
        }]
    );
    // Resolving it keeps it counted in its period.
    for a in [ComplaintAction::Acknowledge, ComplaintAction::Investigate] {
        w.s.complaints_mut().action(complaint, a, "").unwrap();
    }
    w.s.complaints_mut()
        .set_resolution(
            complaint,
            &ResolutionDraft {
                root_cause: "supplier_quality".into(),
                supplier_id: Some(w.a),
                resolution: "换货".into(),
                ..Default::default()
            },
        )
        .unwrap();
    w.s.complaints_mut()
        .action(complaint, ComplaintAction::Resolve, "")
        .unwrap();
    let after = w.s.suppliers().scorecard(w.a, q3, 1).unwrap();
    assert_eq!(after.score.inputs.complaints, 1);
    close(after.score.card.score, score);
    // Naming another supplier moves it there.
    w.s.complaints_mut()
        .set_resolution(
            complaint,
            &ResolutionDraft {
                root_cause: "supplier_quality".into(),
                supplier_id: Some(w.b),
                resolution: "换货".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        w.s.suppliers()
            .scorecard(w.a, q3, 1)
            .unwrap()
            .score
            .inputs
            .complaints,
        0
    );
    assert_eq!(
        w.s.suppliers()
            .scorecard(w.b, q3, 1)
            .unwrap()
            .score
            .inputs
            .complaints,
        1
    );
}

#[test]
fn the_ranking_and_periods_without_enough_data() {
    let mut w = world();
    {
        let a = w.a;
        complaint_naming(&mut w, a)
    };
    let all = w.s.suppliers().scorecards(q("2026-Q3")).unwrap();
    assert_eq!(
        all.iter().map(|x| x.code.as_str()).collect::<Vec<_>>(),
        vec!["B", "A", "C"]
    );
    // B: on time 1/1, no rejection, index 800/900 → 100, no complaints, no evaluation: the
    // criteria with data weigh 90, all 100.
    assert_eq!(all[0].card.weight_covered, 90);
    close(all[0].card.score, 100.0);
    assert_eq!(all[0].card.grade, Some(Grade::A));
    // C bought nothing: not enough data, not a 0.
    assert_eq!((all[2].card.score, all[2].card.grade), (None, None));
    // The same inputs whether one supplier or all are counted.
    let one = w.s.suppliers().scorecard(w.a, q("2026-Q3"), 1).unwrap();
    assert_eq!(one.score.inputs, all[1].inputs);
    // Q4: PO4 on time (received early), the October evaluation, nothing received in Q4:
    // on time and ratings weigh 40 of 100 → not enough data.
    let q4 = w.s.suppliers().scorecard(w.a, q("2026-Q4"), 1).unwrap();
    assert_eq!(
        (q4.score.inputs.lines_due, q4.score.inputs.lines_on_time),
        (1, 1)
    );
    assert_eq!(q4.score.card.weight_covered, 40);
    assert_eq!(q4.score.card.score, None);
    // A month with no delivery at all.
    let june = w.s.suppliers().scorecard(w.a, q("2026-06"), 1).unwrap();
    assert_eq!(june.score.inputs, Default::default());
    assert_eq!(june.score.card.grade, None);
    // The month of July alone: PO1 line 1 due and late, receipts 60/0 and 35/5.
    let july = w.s.suppliers().scorecard(w.a, q("2026-07"), 1).unwrap();
    assert_eq!(
        (july.score.inputs.lines_due, july.score.inputs.lines_on_time),
        (1, 0)
    );
    assert_eq!(
        (july.score.inputs.receipts, july.score.inputs.rejected_milli),
        (2, 5_000)
    );
    // A complaint opened in the period's last second counts in it, not in the next one.
    w.s.set_clock(Box::new(|| at("2026-09-30T23:59:59Z")));
    let b = w.b;
    complaint_naming(&mut w, b);
    assert_eq!(
        w.s.suppliers()
            .scorecard(w.b, q("2026-Q3"), 1)
            .unwrap()
            .score
            .inputs
            .complaints,
        1
    );
    assert_eq!(
        w.s.suppliers()
            .scorecard(w.b, q("2026-Q4"), 1)
            .unwrap()
            .score
            .inputs
            .complaints,
        0
    );
    let b_q3 = w.s.suppliers().scorecards(q("2026-Q3")).unwrap();
    let b_q3 = b_q3.iter().find(|x| x.code == "B").unwrap();
    assert_eq!(b_q3.inputs.complaints, 1, "the ranking counts it too");
    // B: on time, quality and price 100, complaints 10 per 1,000 → 0: 7,500 ÷ 90.
    close(b_q3.card.score, 7500.0 / 90.0);
    // An unknown supplier.
    assert_eq!(
        w.s.suppliers()
            .scorecard(Uuid::nil(), q("2026-07"), 1)
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
}

#[test]
fn weights_are_synced_settings_that_sum_to_100() {
    let mut w = world();
    assert_eq!(
        w.s.settings().scorecard_weights().unwrap(),
        Weights::default()
    );
    let n = log_len(&w.s);
    let bad = Weights {
        on_time: 50,
        ..Weights::default()
    };
    let e = w.s.settings_mut().set_scorecard_weights(&bad).unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::WeightsSum, Some("weights"))
    );
    assert_eq!(log_len(&w.s), n, "a refused setting writes nothing");
    let only_on_time = Weights {
        on_time: 100,
        quality: 0,
        price: 0,
        complaints: 0,
        ratings: 0,
    };
    w.s.settings_mut()
        .set_scorecard_weights(&only_on_time)
        .unwrap();
    assert_eq!(log_len(&w.s), n + 1);
    assert_eq!(w.s.settings().scorecard_weights().unwrap(), only_on_time);
    let card = w.s.suppliers().scorecard(w.a, q("2026-Q3"), 1).unwrap();
    close(card.score.card.score, 100.0 / 3.0);
    assert_eq!(card.weights, only_on_time);
}

#[test]
fn probation_with_its_reason() {
    let mut w = world();
    let n = log_len(&w.s);
    let e =
        w.s.suppliers_mut()
            .set_status(w.a, SupplierStatus::Probation, "  ")
            .unwrap_err();
    assert_eq!((e.code(), e.field()), (ErrorCode::Required, Some("reason")));
    let e =
        w.s.suppliers_mut()
            .set_status(w.a, SupplierStatus::Approved, "已是合格")
            .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidTransition);
    assert_eq!(log_len(&w.s), n);
    let s =
        w.s.suppliers_mut()
            .set_status(w.a, SupplierStatus::Probation, "记分卡 2026-Q3 等级 D")
            .unwrap();
    assert_eq!(s.fields.status, SupplierStatus::Probation);
    // The supplier's status and the change, in one write.
    assert_eq!(log_len(&w.s), n + 2);
    let card = w.s.suppliers().scorecard(w.a, q("2026-Q3"), 1).unwrap();
    assert_eq!(card.score.status, SupplierStatus::Probation);
    assert_eq!(card.status_changes.len(), 1);
    let c = &card.status_changes[0];
    assert_eq!(
        (c.from, c.status, c.reason.as_str()),
        (
            SupplierStatus::Approved,
            SupplierStatus::Probation,
            "记分卡 2026-Q3 等级 D"
        )
    );
    assert_eq!(
        w.s.suppliers_mut()
            .set_status(Uuid::nil(), SupplierStatus::Probation, "x")
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
    let _ = w.c;
}
