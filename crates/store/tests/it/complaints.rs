//! Complaints with SLA deadlines, workflow, root cause and resolution; feedback without an SLA;
//! survey responses with NPS and CSAT; the customer timeline and the supplier's complaints.

use std::sync::{Arc, Mutex};

use chainbook_core::complaint::{
    ComplaintAction, ComplaintStatus, FeedbackDraft, ResolutionDraft, SlaState,
};
use chainbook_core::supplier::SupplierDraft;
use chainbook_core::survey::SurveyDraft;
use chainbook_core::ErrorCode;
use chainbook_store::complaints::ComplaintQuery;
use chainbook_store::{Store, TimelineEntry};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use uuid::Uuid;

use crate::{draft, fresh};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// A store whose clock the test moves.
type Page = chainbook_store::Page<chainbook_store::complaints::ComplaintSummary>;

/// Lists complaints with the store's clock (`clock`, from [`clocked`]) moved to `when`: what is
/// breached depends on it.
trait ListAt {
    fn list_at(
        &self,
        clock: &Arc<Mutex<DateTime<Utc>>>,
        q: &ComplaintQuery,
        when: DateTime<Utc>,
    ) -> chainbook_store::Result<Page>;
}

impl ListAt for Store {
    fn list_at(
        &self,
        clock: &Arc<Mutex<DateTime<Utc>>>,
        q: &ComplaintQuery,
        when: DateTime<Utc>,
    ) -> chainbook_store::Result<Page> {
        *clock.lock().unwrap() = when;
        self.complaints().list(q)
    }
}

fn clocked(start: &str) -> (tempfile::TempDir, Store, Arc<Mutex<DateTime<Utc>>>) {
    let (d, mut s) = fresh();
    let now = Arc::new(Mutex::new(at(start)));
    let n = now.clone();
    s.set_clock(Box::new(move || *n.lock().unwrap()));
    (d, s, now)
}

fn complaint(customer: Uuid, severity: &str) -> FeedbackDraft {
    FeedbackDraft {
        kind: "complaint".into(),
        customer_id: Some(customer),
        channel: "phone".into(),
        category: "damaged".into(),
        severity: severity.into(),
        description: "收到的货物外箱破损，三件变形".into(),
        assignee: "李娜".into(),
        ..Default::default()
    }
}

#[test]
fn a_complaint_from_opening_to_closing_with_its_sla() {
    let (_d, mut s, now) = clocked("2026-11-23T14:00:00Z");
    let customer = s
        .customers_mut()
        .create(&draft("深圳华为技术有限公司"))
        .unwrap()
        .id;
    let carrier = s
        .suppliers_mut()
        .create(&SupplierDraft {
            code: "SF".into(),
            name: "顺丰速运".into(),
            kind: "logistics".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let c = s
        .complaints_mut()
        .open(&complaint(customer, "high"))
        .unwrap();
    assert!(c.number.starts_with("CP-2611-"), "{}", c.number);
    assert_eq!(c.status, ComplaintStatus::New);
    // High: first response in 8 h, resolution in 3 days.
    assert_eq!(c.first_response_due, Some(at("2026-11-23T22:00:00Z")));
    assert_eq!(c.resolution_due, Some(at("2026-11-26T14:00:00Z")));
    assert_eq!(
        c.sla(at("2026-11-23T15:00:00Z")),
        Some((SlaState::Due, SlaState::Due))
    );
    assert_eq!(
        c.sla(at("2026-11-23T23:00:00Z")).unwrap().0,
        SlaState::Breached
    );
    // Closing before resolving, and resolving without a resolution, are refused.
    assert_eq!(
        s.complaints_mut()
            .action(c.id, ComplaintAction::Close, "")
            .unwrap_err()
            .code(),
        ErrorCode::InvalidTransition
    );
    assert_eq!(
        s.complaints_mut()
            .action(c.id, ComplaintAction::Resolve, "")
            .unwrap_err()
            .code(),
        ErrorCode::Required
    );
    *now.lock().unwrap() = at("2026-11-23T16:00:00Z");
    let c = s
        .complaints_mut()
        .action(c.id, ComplaintAction::Acknowledge, "已致电客户")
        .unwrap();
    assert_eq!(c.responded_at, Some(at("2026-11-23T16:00:00Z")));
    // Root cause: the carrier; resolution with compensation.
    let bad = ResolutionDraft {
        root_cause: "carrier_damage".into(),
        supplier_id: Some(Uuid::nil()),
        ..Default::default()
    };
    assert_eq!(
        s.complaints_mut()
            .set_resolution(c.id, &bad)
            .unwrap_err()
            .field(),
        Some("supplier_id")
    );
    let r = ResolutionDraft {
        root_cause: "carrier_damage".into(),
        supplier_id: Some(carrier),
        resolution: "补发三件，运费由承运商承担".into(),
        compensation: "200.00".into(),
        currency: "CNY".into(),
        ..Default::default()
    };
    let c = s.complaints_mut().set_resolution(c.id, &r).unwrap();
    assert_eq!(c.supplier_name.as_deref(), Some("顺丰速运"));
    assert_eq!(c.compensation.unwrap().to_string(), "200.00");
    assert_eq!(
        s.complaints_mut()
            .set_satisfaction(c.id, 4)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidTransition,
        "rated only once resolved"
    );
    *now.lock().unwrap() = at("2026-11-25T09:00:00Z");
    let c = s
        .complaints_mut()
        .action(c.id, ComplaintAction::Resolve, "")
        .unwrap();
    assert_eq!(
        c.sla(at("2026-12-01T00:00:00Z")),
        Some((SlaState::Met, SlaState::Met))
    );
    assert_eq!(
        s.complaints_mut()
            .set_satisfaction(c.id, 0)
            .unwrap_err()
            .code(),
        ErrorCode::OutOfRange
    );
    let c = s.complaints_mut().set_satisfaction(c.id, 4).unwrap();
    assert_eq!(c.satisfaction, Some(4));
    let c = s
        .complaints_mut()
        .action(c.id, ComplaintAction::Close, "")
        .unwrap();
    assert_eq!(c.status, ComplaintStatus::Closed);
    // Reopen: the resolution clock counts again.
    let c = s
        .complaints_mut()
        .action(c.id, ComplaintAction::Reopen, "客户反馈仍有问题")
        .unwrap();
    assert_eq!(
        (c.status, c.resolved_at),
        (ComplaintStatus::Investigating, None)
    );
    let kinds: Vec<&str> = c.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "opened",
            "assignment",
            "status",
            "root_cause",
            "resolution",
            "status",
            "satisfaction",
            "status",
            "status"
        ]
    );
    // The carrier's complaints; the customer's timeline.
    let by_carrier = s
        .list_at(
            &now,
            &ComplaintQuery {
                page_size: 20,
                supplier_id: Some(carrier),
                ..Default::default()
            },
            at("2026-11-26T00:00:00Z"),
        )
        .unwrap();
    assert_eq!(by_carrier.total, 1);
    let tl = s.interactions().timeline(customer, 20).unwrap();
    assert!(tl.iter().any(|e| matches!(e, TimelineEntry::Complaint(_))));
}

#[test]
fn the_list_filters_breached_complaints() {
    let (_d, mut s, now) = clocked("2026-11-23T00:00:00Z");
    let customer = s.customers_mut().create(&draft("客户甲")).unwrap().id;
    let critical = s
        .complaints_mut()
        .open(&complaint(customer, "critical"))
        .unwrap();
    let low = s
        .complaints_mut()
        .open(&complaint(customer, "low"))
        .unwrap();
    s.complaints_mut()
        .open(&FeedbackDraft {
            kind: "suggestion".into(),
            category: "product_idea".into(),
            severity: String::new(),
            ..complaint(customer, "")
        })
        .unwrap();
    *now.lock().unwrap() = at("2026-11-23T05:00:00Z");
    let q = ComplaintQuery {
        page_size: 20,
        breached_only: true,
        ..Default::default()
    };
    // 5 h later: the critical one missed its 4 h first response; low is fine; the suggestion
    // has no SLA.
    let b = s.list_at(&now, &q, at("2026-11-23T05:00:00Z")).unwrap();
    assert_eq!(
        b.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        [critical.id]
    );
    // Acknowledged late: still counted as a breach.
    s.complaints_mut()
        .action(critical.id, ComplaintAction::Acknowledge, "")
        .unwrap();
    assert_eq!(
        s.list_at(&now, &q, at("2026-11-23T05:00:00Z"))
            .unwrap()
            .total,
        1
    );
    // After 3 days the low one is past its 72 h first response too.
    assert_eq!(
        s.list_at(&now, &q, at("2026-11-26T01:00:00Z"))
            .unwrap()
            .total,
        2
    );
    let _ = low;
    let all = s
        .list_at(
            &now,
            &ComplaintQuery {
                page_size: 20,
                ..Default::default()
            },
            at("2026-11-26T01:00:00Z"),
        )
        .unwrap();
    assert_eq!(all.total, 3);
    let open_high = s
        .list_at(
            &now,
            &ComplaintQuery {
                page_size: 20,
                open_only: true,
                severity: Some(chainbook_core::complaint::Severity::Critical),
                ..Default::default()
            },
            at("2026-11-26T01:00:00Z"),
        )
        .unwrap();
    assert_eq!(open_high.total, 1);
}

#[test]
fn bad_complaints_and_surveys_write_nothing() {
    let (_d, mut s) = fresh();
    let customer = s.customers_mut().create(&draft("客户乙")).unwrap().id;
    let n = crate::log_len(&s);
    let e = s
        .complaints_mut()
        .open(&FeedbackDraft {
            customer_id: None,
            ..complaint(customer, "high")
        })
        .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::Required, Some("customer_id"))
    );
    let e = s
        .complaints_mut()
        .open(&FeedbackDraft {
            customer_id: Some(Uuid::nil()),
            ..complaint(customer, "high")
        })
        .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::NotFound, Some("customer_id"))
    );
    let e = s
        .complaints_mut()
        .open(&FeedbackDraft {
            category: "pricing".into(),
            ..complaint(customer, "high")
        })
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidChoice);
    let survey = |nps: Option<i64>, csat: Option<i64>| SurveyDraft {
        customer_id: Some(customer),
        nps,
        csat,
        channel: "phone".into(),
        responded_on: "2026-11-23".into(),
        ..Default::default()
    };
    for (nps, csat, code) in [
        (Some(11), None, ErrorCode::OutOfRange),
        (Some(-1), None, ErrorCode::OutOfRange),
        (None, Some(0), ErrorCode::OutOfRange),
        (None, None, ErrorCode::Required),
    ] {
        assert_eq!(
            s.surveys_mut().add(&survey(nps, csat)).unwrap_err().code(),
            code
        );
    }
    assert_eq!(crate::log_len(&s), n);
    let c = s
        .complaints_mut()
        .open(&complaint(customer, "medium"))
        .unwrap();
    let e = s
        .complaints_mut()
        .set_resolution(
            c.id,
            &ResolutionDraft {
                resolution: "退款".into(),
                compensation: "12.345".into(),
                currency: "CNY".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::TooManyDecimals, Some("compensation"))
    );
}

#[test]
fn surveys_give_nps_and_csat() {
    let (_d, mut s) = fresh();
    let a = s.customers_mut().create(&draft("客户丙")).unwrap().id;
    let b = s.customers_mut().create(&draft("客户丁")).unwrap().id;
    for (c, nps, csat, day) in [
        (a, 10, 5, "2026-11-20"),
        (a, 9, 4, "2026-11-21"),
        (b, 3, 2, "2026-11-22"),
        (b, 7, 4, "2026-06-01"),
    ] {
        s.surveys_mut()
            .add(&SurveyDraft {
                customer_id: Some(c),
                nps: Some(nps),
                csat: Some(csat),
                channel: "wechat".into(),
                responded_on: day.into(),
                comment: "送货快".into(),
                ..Default::default()
            })
            .unwrap();
    }
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let from = today - Duration::days(90);
    let all = s.surveys().satisfaction(None, from, today).unwrap();
    // Last 90 days: 10, 9, 3 → 2 promoters, 1 detractor of 3 = 33.3; CSAT 2 of 3 = 66.7.
    assert_eq!(
        (all.nps.unwrap().to_string(), all.nps_responses),
        ("33.3".into(), 3)
    );
    assert_eq!(all.csat.unwrap().to_string(), "66.7");
    let only_a = s.surveys().satisfaction(Some(a), from, today).unwrap();
    assert_eq!(only_a.nps.unwrap().to_string(), "100");
    let tl = s.interactions().timeline(a, 20).unwrap();
    assert_eq!(
        tl.iter()
            .filter(|e| matches!(e, TimelineEntry::Survey(_)))
            .count(),
        2
    );
}

#[test]
fn every_filter_pages_through_the_list_in_order() {
    // Schema 10's indexes and the deferred join: paging each filter returns every matching
    // complaint once, newest first, as a plain filter of the whole list does.
    let (_d, mut s, now) = clocked("2026-01-05T02:00:00Z");
    let customers: Vec<Uuid> = (0..3)
        .map(|i| {
            s.customers_mut()
                .create(&draft(&format!("客户{i}")))
                .unwrap()
                .id
        })
        .collect();
    let suppliers: Vec<Uuid> = (0..2)
        .map(|i| {
            s.suppliers_mut()
                .create(&SupplierDraft {
                    code: format!("S{i}"),
                    name: format!("供应商{i}"),
                    kind: "goods".into(),
                    ..Default::default()
                })
                .unwrap()
                .id
        })
        .collect();
    let sev = ["low", "medium", "high", "critical"];
    for i in 0..37usize {
        // Two complaints share each opening time now and then (ties ordered by id).
        *now.lock().unwrap() = at("2026-01-05T02:00:00Z") + Duration::hours((i / 2 * 7) as i64);
        let c = s
            .complaints_mut()
            .open(&complaint(customers[i % 3], sev[i % 4]))
            .unwrap();
        if i % 3 != 0 {
            s.complaints_mut()
                .action(c.id, ComplaintAction::Acknowledge, "")
                .unwrap();
        }
        if i % 5 < 3 {
            s.complaints_mut()
                .set_resolution(
                    c.id,
                    &ResolutionDraft {
                        root_cause: "supplier_quality".into(),
                        supplier_id: Some(suppliers[i % 2]),
                        resolution: "换货".into(),
                        ..Default::default()
                    },
                )
                .unwrap();
            *now.lock().unwrap() += Duration::days((i % 9) as i64);
            s.complaints_mut()
                .action(c.id, ComplaintAction::Resolve, "")
                .unwrap();
        }
    }
    let when = at("2026-02-01T00:00:00Z");
    let base = ComplaintQuery {
        page_size: 200,
        ..Default::default()
    };
    let all = s.list_at(&now, &base, when).unwrap().items;
    assert_eq!(all.len(), 37);
    assert!(all
        .windows(2)
        .all(|w| (w[0].opened_at, w[0].id) > (w[1].opened_at, w[1].id)));
    let filters = [
        base.clone(),
        ComplaintQuery {
            open_only: true,
            ..base.clone()
        },
        ComplaintQuery {
            breached_only: true,
            ..base.clone()
        },
        ComplaintQuery {
            severity: Some(chainbook_core::complaint::Severity::Critical),
            ..base.clone()
        },
        ComplaintQuery {
            customer_id: Some(customers[1]),
            ..base.clone()
        },
        ComplaintQuery {
            supplier_id: Some(suppliers[0]),
            ..base.clone()
        },
    ];
    for q in filters {
        let want: Vec<Uuid> = s
            .list_at(&now, &q, when)
            .unwrap()
            .items
            .iter()
            .map(|c| c.id)
            .collect();
        assert!(!want.is_empty(), "{q:?}");
        let mut got = Vec::new();
        for page in 0.. {
            let p = s
                .list_at(
                    &now,
                    &ComplaintQuery {
                        page,
                        page_size: 4,
                        ..q.clone()
                    },
                    when,
                )
                .unwrap();
            assert_eq!(p.total, want.len() as u64, "{q:?}");
            if p.items.is_empty() {
                break;
            }
            got.extend(p.items.iter().map(|c| c.id));
        }
        assert_eq!(got, want, "{q:?}");
        // And the whole list, filtered by hand, in the same order.
        let by_hand: Vec<Uuid> = all
            .iter()
            .filter(|c| {
                q.customer_id.is_none_or(|x| c.customer_id == x)
                    && q.severity.is_none_or(|x| c.severity == Some(x))
                    && (!q.open_only
                        || matches!(
                            c.status,
                            ComplaintStatus::New
                                | ComplaintStatus::Acknowledged
                                | ComplaintStatus::Investigating
                        ))
            })
            .map(|c| c.id)
            .filter(|id| want.contains(id))
            .collect();
        assert_eq!(by_hand, want, "{q:?}");
    }
}
