//! Complaints, other feedback and survey responses over two years: the dataset for the
//! complaint list, complaint page and satisfaction benchmarks.
//!
//! A complaints dataset starts as a copy of a customer dataset ([`crate::build_dataset`]), gets
//! the suppliers of the supply plan of the same seed (goods suppliers and carriers, through
//! `Store::create_supplier`), and then the complaints, each written through the public API
//! with the store's clock set to the time of each step: `open_complaint`, `complaint_action`
//! (acknowledge, investigate, resolve, close, now and then a reopen), `set_resolution` (root
//! cause naming a goods supplier or a carrier where the cause is theirs, compensation now and
//! then) and `set_complaint_satisfaction`; steps at or after [`TODAY`] are not taken, so old
//! complaints are mostly closed, recent ones in every state, and a few were left open past
//! their SLA (breached). Complaints are not linked to orders (the orders dataset is a separate,
//! much larger file). Survey responses (NPS and CSAT, some following a complaint) are written
//! with `Store::add_surveys`, one call per day. Only the wall-clock columns are historical
//! (the hybrid logical clock never goes backwards).

use std::path::Path;
use std::time::Instant;

use chainbook_core::complaint::{ComplaintAction, FeedbackDraft, ResolutionDraft};
use chainbook_core::survey::SurveyDraft;
use chainbook_store::Store;
use rusqlite::Connection;
use uuid::Uuid;

use crate::orders::{date_text, TODAY};

/// Complaints cover the last two years (2024-11-23 to 2026-11-22): the service desk started
/// recording them then, while the order history goes back five years.
const FIRST_DAY: i64 = TODAY - DAYS;
const DAYS: i64 = 730;
use crate::rng::Rng;
use crate::supply::{scratch_dir, supply_plan, Scratch};
use crate::{schema_fingerprint, Result};

/// Bump when the generated complaints change: cached complaints datasets are rebuilt.
pub const COMPLAINTS_GENERATOR_VERSION: u32 = 2;

const COMPLAINT_STREAM: u64 = 0x434f_4d50_4c41_494e; // "COMPLAIN"

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

/// Runs with at least this many complaints print their progress on stderr.
const PROGRESS_FROM: usize = 20_000;

const ASSIGNEES: [&str; 10] = [
    "王芳",
    "李娜",
    "张伟",
    "刘洋",
    "陈静",
    "杨磊",
    "赵敏",
    "Emily Chen",
    "周涛",
    "吴婷",
];

const CHANNELS: [&str; 6] = ["phone", "email", "visit", "wechat", "online", "other"];

/// Complaint categories with their weights and the root causes found for them.
const COMPLAINT_CATEGORIES: [(&str, u32, &str); 8] = [
    ("quality", 24, "supplier_quality"),
    ("late_delivery", 20, "carrier_delay"),
    ("wrong_item", 10, "warehouse_error"),
    ("wrong_quantity", 8, "warehouse_error"),
    ("damaged", 16, "carrier_damage"),
    ("billing", 8, "billing_error"),
    ("service_attitude", 6, "staff_behaviour"),
    ("other", 8, "other"),
];

const SUGGESTION_CATEGORIES: [&str; 5] = [
    "product_idea",
    "service_improvement",
    "delivery_improvement",
    "pricing",
    "other",
];

const DESCRIPTIONS: [&str; 8] = [
    "收到的货物与样品不一致，部分批次质量明显下降",
    "承诺的交货日期已过，仍未收到货物",
    "发错了型号，需要尽快换货",
    "数量少于订单，缺少一箱",
    "外包装破损，部分产品受损无法使用",
    "发票金额与合同不符",
    "客服电话多次无人接听，态度不好",
    "其他问题，请尽快联系",
];

/// What a complaints dataset holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintsStats {
    pub generator: u32,
    pub customers_generator: u32,
    pub seed: u64,
    pub customers: usize,
    pub suppliers: usize,
    /// Complaints and other feedback.
    pub complaints: usize,
    /// Not resolved or closed at [`TODAY`].
    pub open: usize,
    /// Open at [`TODAY`] and past their resolution due time.
    pub breached: usize,
    pub surveys: usize,
    pub schema_version: u32,
    pub schema: u64,
    pub build_ms: u64,
    pub bytes: u64,
}

impl ComplaintsStats {
    pub(crate) const KEYS: [&'static str; 13] = [
        "generator",
        "customers_generator",
        "seed",
        "customers",
        "suppliers",
        "complaints",
        "open",
        "breached",
        "surveys",
        "schema_version",
        "schema",
        "build_ms",
        "bytes",
    ];

    pub(crate) fn values(&self) -> [u64; 13] {
        [
            u64::from(self.generator),
            u64::from(self.customers_generator),
            self.seed,
            self.customers as u64,
            self.suppliers as u64,
            self.complaints as u64,
            self.open as u64,
            self.breached as u64,
            self.surveys as u64,
            u64::from(self.schema_version),
            self.schema,
            self.build_ms,
            self.bytes,
        ]
    }

    pub(crate) fn from_values(v: [u64; 13]) -> ComplaintsStats {
        ComplaintsStats {
            generator: v[0] as u32,
            customers_generator: v[1] as u32,
            seed: v[2],
            customers: v[3] as usize,
            suppliers: v[4] as usize,
            complaints: v[5] as usize,
            open: v[6] as usize,
            breached: v[7] as usize,
            surveys: v[8] as usize,
            schema_version: v[9] as u32,
            schema: v[10],
            build_ms: v[11],
            bytes: v[12],
        }
    }
}

/// Opening times of `n` complaints over [`DAYS`] days, growing with the business, fewer at
/// weekends, in time order (seconds since 1970-01-01, office hours China time).
fn opening_times(r: &mut Rng, n: usize) -> Vec<i64> {
    let mut out: Vec<i64> = (0..n)
        .map(|_| loop {
            // Linear growth: later days are up to twice as likely.
            let i = r.below(DAYS as usize) as i64;
            let weekday = (FIRST_DAY + i + 3).rem_euclid(7); // 0 = Monday
            let keep = 500 + 500 * i as u32 / DAYS as u32;
            let keep = if weekday >= 5 { keep / 3 } else { keep };
            if r.chance(keep) {
                // 08:00–19:59 China time is 00:00–11:59 UTC.
                break (FIRST_DAY + i) * DAY + r.below(12 * HOUR as usize) as i64;
            }
        })
        .collect();
    out.sort_unstable();
    out
}

/// Creates the complaints dataset at `path` (which must not exist): a copy of the customer
/// dataset `customers_db`, `suppliers` suppliers of the supply plan of `seed`, `complaints`
/// complaints and other feedback and `surveys` survey responses (see the module docs). Built
/// in `/dev/shm` where there is one (hundreds of thousands of small transactions), then copied.
pub fn build_complaints_dataset(
    path: &Path,
    customers_db: &Path,
    seed: u64,
    suppliers: usize,
    complaints: usize,
    surveys: usize,
) -> Result<ComplaintsStats> {
    if path.exists() {
        return Err(crate::Error::Exists(path.to_path_buf()));
    }
    let started = Instant::now();
    let scratch = scratch_dir().map(|dir| {
        Scratch(dir.join(format!(
            "chainbook-complaints-{}-{}.db",
            std::process::id(),
            started.elapsed().as_nanos()
        )))
    });
    let work = scratch.as_ref().map_or(path, |s| s.0.as_path());
    std::fs::copy(customers_db, work)?;
    let customer_ids: Vec<Uuid> = {
        let conn = Connection::open(work)?;
        let mut stmt = conn.prepare("SELECT id FROM customers WHERE deleted = 0 ORDER BY rowid")?;
        let ids = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        ids.iter().filter_map(|s| Uuid::parse_str(s).ok()).collect()
    };
    let clock = crate::DataClock::at((FIRST_DAY - 30) * DAY);
    let mut store = clock.open(work, seed, crate::COMPLAINT_IDS)?;
    let set = |t: i64| clock.set(t);
    let schema_version = store.schema_version()?;
    // Suppliers: goods suppliers and carriers (kind logistics).
    let plan = supply_plan(seed, 0, suppliers);
    set((FIRST_DAY - 30) * DAY);
    let (mut goods, mut carriers) = (Vec::new(), Vec::new());
    for d in &plan.suppliers {
        let id = store.suppliers_mut().create(d)?.id;
        if d.kind == "logistics" {
            carriers.push(id);
        } else {
            goods.push(id);
        }
    }
    write_feedback(
        &mut store,
        &set,
        seed,
        &customer_ids,
        &goods,
        &carriers,
        complaints,
        surveys,
        started,
    )?;
    drop(store);
    if let Some(s) = &scratch {
        std::fs::copy(&s.0, path)?;
    }
    drop(scratch);
    let conn = Connection::open(path)?;
    let open_clause = "deleted = 0 AND status IN ('new', 'acknowledged', 'investigating')";
    let open: i64 = conn.query_row(
        &format!("SELECT count(*) FROM complaints WHERE {open_clause}"),
        [],
        |r| r.get(0),
    )?;
    let breached: i64 = conn.query_row(
        &format!(
            "SELECT count(*) FROM complaints WHERE {open_clause}
             AND resolution_due <> '' AND resolution_due < ?1"
        ),
        [format!("{}T00:00:00Z", date_text(TODAY))],
        |r| r.get(0),
    )?;
    drop(conn);
    let schema = schema_fingerprint(path)?;
    Ok(ComplaintsStats {
        generator: COMPLAINTS_GENERATOR_VERSION,
        customers_generator: crate::GENERATOR_VERSION,
        seed,
        customers: customer_ids.len(),
        suppliers,
        complaints,
        open: open as usize,
        breached: breached as usize,
        surveys,
        schema_version,
        schema,
        build_ms: started.elapsed().as_millis() as u64,
        bytes: std::fs::metadata(path)?.len(),
    })
}

/// Writes `complaints` complaints and other feedback and `surveys` survey responses by the
/// customers `customer_ids` into `store`, naming `goods` suppliers and `carriers` as root
/// causes, with the clock (`set`) on each step (see the module docs); then refreshes the
/// statistics as every bulk import does. Shared by the complaints dataset and the sample
/// company ([`crate::sample`]).
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_feedback(
    store: &mut Store,
    set: &dyn Fn(i64),
    seed: u64,
    customer_ids: &[Uuid],
    goods: &[Uuid],
    carriers: &[Uuid],
    complaints: usize,
    surveys: usize,
    started: Instant,
) -> Result<()> {
    let end = TODAY * DAY;
    let mut r = Rng::new(seed ^ COMPLAINT_STREAM);
    let times = opening_times(&mut r, complaints);
    let mut closed_ids: Vec<(i64, Uuid, Uuid)> = Vec::new();
    let weights: Vec<u32> = COMPLAINT_CATEGORIES.iter().map(|c| c.1).collect();
    for (n, &t0) in times.iter().enumerate() {
        let customer = *r.skewed(customer_ids);
        let complaint = r.chance(850);
        let (kind, category, cause, severity) = if complaint {
            let (cat, _, cause) = COMPLAINT_CATEGORIES[r.weighted(&weights)];
            let sev = ["low", "medium", "high", "critical"][r.weighted(&[25, 45, 22, 8])];
            ("complaint", cat, cause, sev)
        } else {
            let kind = ["suggestion", "mystery_shopper", "suggestion_box"][r.weighted(&[7, 1, 2])];
            (kind, *r.pick(&SUGGESTION_CATEGORIES), "", "")
        };
        let desc_i = COMPLAINT_CATEGORIES
            .iter()
            .position(|c| c.0 == category)
            .unwrap_or(7);
        set(t0);
        let c = store.complaints_mut().open(&FeedbackDraft {
            kind: kind.into(),
            customer_id: Some(customer),
            order_id: None,
            product_id: None,
            channel: (*r.pick(&CHANNELS)).into(),
            category: category.into(),
            severity: severity.into(),
            description: format!("{}（第 {} 次反馈）", DESCRIPTIONS[desc_i], n % 97 + 1),
            assignee: (*r.pick(&ASSIGNEES)).into(),
        })?;
        let id = c.id;
        // A few are left open well past their SLA; the rest move on with realistic delays.
        let stalled = r.chance(15);
        let late = r.chance(80); // resolution slower than the SLA
        let (resp_h, resolve_h) = match severity {
            "critical" => (4, 24),
            "high" => (8, 72),
            "medium" => (24, 168),
            "low" => (72, 336),
            _ => (48, 240),
        };
        let mut t = t0 + r.below((resp_h * HOUR * 9 / 10) as usize) as i64 + 600;
        if stalled || t >= end {
            continue;
        }
        set(t);
        store
            .complaints_mut()
            .action(id, ComplaintAction::Acknowledge, "")?;
        t += r.below((resolve_h * HOUR / 4) as usize) as i64 + 1_800;
        if t >= end {
            continue;
        }
        set(t);
        store
            .complaints_mut()
            .action(id, ComplaintAction::Investigate, "已联系客户，正在调查")?;
        let budget = if late {
            resolve_h * HOUR * 2
        } else {
            resolve_h * HOUR * 6 / 10
        };
        t += r.below(budget as usize) as i64 + 1_800;
        if t >= end {
            continue;
        }
        set(t);
        let supplier = match cause {
            "supplier_quality" if !goods.is_empty() => Some(*r.skewed(goods)),
            "carrier_delay" | "carrier_damage" if !carriers.is_empty() => Some(*r.skewed(carriers)),
            _ => None,
        };
        let compensation = if complaint && r.chance(300) {
            format!("{}.00", r.between(1, 40) * 50)
        } else {
            String::new()
        };
        store.complaints_mut().set_resolution(
            id,
            &ResolutionDraft {
                root_cause: cause.into(),
                supplier_id: supplier,
                product_id: None,
                resolution: "已与客户沟通并处理完毕".into(),
                currency: if compensation.is_empty() {
                    String::new()
                } else {
                    "CNY".into()
                },
                compensation,
            },
        )?;
        store
            .complaints_mut()
            .action(id, ComplaintAction::Resolve, "")?;
        if r.chance(30) {
            t += r.below((2 * DAY) as usize) as i64 + 600;
            if t >= end {
                continue;
            }
            set(t);
            store
                .complaints_mut()
                .action(id, ComplaintAction::Reopen, "客户反馈问题仍未解决")?;
            t += r.below((resolve_h * HOUR / 2) as usize) as i64 + 600;
            if t >= end {
                continue;
            }
            set(t);
            store
                .complaints_mut()
                .action(id, ComplaintAction::Resolve, "")?;
        }
        t += r.below((5 * DAY) as usize) as i64 + 3_600;
        if t >= end {
            continue;
        }
        set(t);
        store
            .complaints_mut()
            .action(id, ComplaintAction::Close, "")?;
        if complaint && r.chance(600) {
            let rating = [1, 2, 3, 4, 5][r.weighted(&[5, 8, 20, 37, 30])];
            store.complaints_mut().set_satisfaction(id, rating)?;
            closed_ids.push((t, id, customer));
        }
        if complaints >= PROGRESS_FROM && (n + 1) % 10_000 == 0 {
            eprintln!(
                "datagen: {:>7} / {complaints} complaints ({:.1} s)",
                n + 1,
                started.elapsed().as_secs_f64()
            );
        }
    }
    // Surveys: one call per day; some follow a closed complaint.
    let mut drafts: Vec<(i64, SurveyDraft)> = (0..surveys)
        .map(|_| {
            let follow = !closed_ids.is_empty() && r.chance(100);
            let (day, customer, complaint) = if follow {
                let (t, id, c) = *r.pick(&closed_ids);
                (
                    (t / DAY + 1 + r.below(5) as i64).min(TODAY - 1),
                    c,
                    Some(id),
                )
            } else {
                (
                    FIRST_DAY + r.below(DAYS as usize) as i64,
                    *r.skewed(customer_ids),
                    None,
                )
            };
            let nps = [0, 2, 4, 5, 6, 7, 8, 9, 10][r.weighted(&[2, 2, 3, 4, 6, 14, 20, 25, 24])];
            let csat = [1, 2, 3, 4, 5][r.weighted(&[4, 6, 18, 40, 32])];
            let (nps, csat) = match r.below(10) {
                0..=3 => (Some(nps), None),
                4..=5 => (None, Some(csat)),
                _ => (Some(nps), Some(csat)),
            };
            let d = SurveyDraft {
                customer_id: Some(customer),
                order_id: None,
                complaint_id: complaint,
                nps,
                csat,
                comment: if r.chance(200) {
                    "服务不错，交货及时".into()
                } else {
                    String::new()
                },
                channel: ["phone", "email", "wechat", "online"][r.weighted(&[3, 2, 4, 3])].into(),
                responded_on: date_text(day),
            };
            (day, d)
        })
        .collect();
    drafts.sort_by_key(|d| d.0);
    for day in drafts.chunk_by(|a, b| a.0 == b.0) {
        set(day[0].0 * DAY + 12 * HOUR);
        let batch: Vec<SurveyDraft> = day.iter().map(|d| d.1.clone()).collect();
        store.surveys_mut().add_many(&batch)?;
    }
    set(end);
    // As every bulk import does.
    store.refresh_statistics()?;
    Ok(())
}
