//! The dashboard on the generated S dataset (1,000 customers, five years of orders to
//! 2026-11-22): the figures of the 365 days to the dataset's last day, as the store computes
//! them, shown in both languages; the period and a segment changed; the on-time figure opens
//! the orders delivered late; the lost-customer page lists the customers the store calls lost,
//! and a call is logged on one from there; its 360 page shows the computed lifecycle.

use chainbook_core::customer::{Channel, Lifecycle};
use chainbook_core::segment::CustomerFilter;
use chainbook_datagen::{cached_orders_dataset, Scale};
use chainbook_e2e::{session, workspace_root, DataDir, Result, Ui};
use chainbook_store::analytics::{DashboardQuery, Period};
use chainbook_store::orders::OrderQuery;
use chainbook_store::Store;
use chrono::NaiveDate;

const AS_OF: &str = "2026-11-22";

/// What the store says about the dataset, to compare with what the window shows.
struct Expected {
    orders_year: u64,
    orders_quarter_direct: u64,
    orders_quarter_all: u64,
    late_year: u64,
    inaccurate_year: u64,
    /// Orders first shipped in the year after a confirmation (the processing time's count),
    /// and the slowest of them.
    shipped_year: u64,
    slowest_number: String,
    answers_year: u64,
    lost: u64,
    first_lost: String,
    segment: String,
    /// Customers of tier A over the 365 days to today (the customer list's value filter).
    tier_a_today: u64,
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Copies the cached S dataset into the app's data folder with one saved segment (direct
/// customers), and reads the expected figures from it through the store.
fn prepare(data: &DataDir) -> Expected {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let cached = cached_orders_dataset(&target, Scale::S, 42).expect("the S dataset");
    let db = data.path().join("chainbook.db");
    std::fs::copy(&cached, &db).expect("copy the dataset");
    let mut s = Store::open(&db).expect("open the copy");
    let segment = s
        .segments_mut()
        .create(
            "直销客户",
            CustomerFilter {
                channels: vec![Channel::Direct],
                ..Default::default()
            },
        )
        .expect("a segment")
        .id;
    let as_of = NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap();
    let year = Period::year_to(as_of);
    // Survey answers in the year (the orders dataset has none): one per NPS group and a CSAT
    // alone, and one before the year that the list must leave out.
    let first = s
        .customers()
        .list(&chainbook_store::customers::CustomerQuery {
            page_size: 1,
            ..Default::default()
        })
        .expect("customers")
        .items[0]
        .id;
    for (days_ago, nps, csat) in [
        (3, Some(10), Some(5)),
        (40, Some(7), None),
        (100, Some(2), Some(1)),
        (200, None, Some(4)),
        (400, Some(9), None),
    ] {
        s.surveys_mut()
            .add(&chainbook_core::survey::SurveyDraft {
                customer_id: Some(first),
                nps,
                csat,
                channel: "phone".into(),
                responded_on: (as_of - chrono::Duration::days(days_ago)).to_string(),
                ..Default::default()
            })
            .expect("a survey answer");
    }
    let quarter = Period {
        from: Some(as_of - chrono::Duration::days(89)),
        as_of,
    };
    let q = |period, segment| DashboardQuery {
        period,
        currency: "CNY".into(),
        segment,
    };
    let a = s.analytics();
    let orders_year = a.dashboard(&q(year, None)).unwrap().current.orders;
    let orders_quarter_direct = a
        .dashboard(&q(quarter, Some(segment)))
        .unwrap()
        .current
        .orders;
    let orders_quarter_all = a.dashboard(&q(quarter, None)).unwrap().current.orders;
    let lost = a
        .slipping(&q(year, None), Some(Lifecycle::Lost), 0, 1)
        .unwrap();
    let delivered = |shortfall| {
        s.orders()
            .list(&OrderQuery {
                page_size: 1,
                delivered: Some(chainbook_store::orders::DeliveredIn {
                    from: year.from.unwrap(),
                    to: as_of,
                    shortfall,
                }),
                ..Default::default()
            })
            .unwrap()
            .total
    };
    use chainbook_core::analytics::kpi::DeliveryShortfall;
    let late_year = delivered(DeliveryShortfall::Late);
    let inaccurate_year = delivered(DeliveryShortfall::Inaccurate);
    let processing = s
        .analytics()
        .order_kpis(&year)
        .unwrap()
        .processing_hours
        .expect("orders shipped in the year");
    let slowest = s
        .orders()
        .list(&OrderQuery {
            page_size: 1,
            shipped: Some(chainbook_store::orders::ShippedIn {
                from: year.from.unwrap(),
                to: as_of,
            }),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        slowest.total, processing.count as u64,
        "the list behind the processing time holds the orders it counts"
    );
    let answers_year = s
        .surveys()
        .list(&chainbook_store::surveys::SurveyQuery {
            page_size: 1,
            from: year.from,
            to: Some(as_of),
            ..Default::default()
        })
        .unwrap()
        .total;
    assert!(
        orders_year > 0 && lost.total > 0,
        "the dataset has a year of orders and lost customers"
    );
    let tier_a_today = s
        .customers()
        .count(&CustomerFilter {
            tiers: vec![chainbook_core::analytics::abc::AbcTier::A],
            ..Default::default()
        })
        .unwrap();
    Expected {
        orders_year,
        orders_quarter_direct,
        orders_quarter_all,
        late_year,
        inaccurate_year,
        shipped_year: slowest.total,
        slowest_number: slowest.items[0].number.clone(),
        answers_year,
        lost: lost.total,
        first_lost: lost.items[0].value.activity.name.clone(),
        segment: segment.to_string(),
        tier_a_today,
    }
}

/// Clicks `id` until `shows` appears (the element may be re-rendered under the click while
/// the figures reload).
async fn click_until(ui: &Ui, id: &str, shows: &str) -> Result<()> {
    let start = std::time::Instant::now();
    loop {
        if !ui.find_all(shows).await?.is_empty() {
            return Ok(());
        }
        if let Some(el) = ui.find_all(id).await?.first() {
            let _ = el.click().await;
        }
        if start.elapsed() > chainbook_e2e::TIMEOUT {
            return Err(format!("clicking [data-testid={id}] never showed {shows}").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
}

/// Waits until a chart has been drawn.
async fn wait_ready(ui: &Ui, id: &str) -> Result<()> {
    let start = std::time::Instant::now();
    loop {
        let el = ui.find(id).await?;
        if el.attr("data-ready").await?.as_deref() == Some("true") {
            return Ok(());
        }
        if start.elapsed() > chainbook_e2e::TIMEOUT {
            return Err(format!("[data-testid={id}] was not drawn").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Waits until the figure's digits read `n`.
async fn wait_figure(ui: &Ui, id: &str, n: u64) -> Result<()> {
    let start = std::time::Instant::now();
    loop {
        let text = ui.text(id).await.unwrap_or_default();
        if digits(&text) == n.to_string() {
            return Ok(());
        }
        if start.elapsed() > chainbook_e2e::TIMEOUT {
            return Err(format!("[data-testid={id}] reads {text:?}, expected {n}").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn dashboard_drill_down_and_lost_customers() {
    let data = DataDir::new("dashboard");
    let want = prepare(&data);
    session("dashboard", &data, move |ui| async move {
        ui.select("lang-switch", "en").await?;
        ui.click("nav-dashboard").await?;
        ui.fill("dashboard-as-of", AS_OF).await?;
        ui.select("dashboard-preset", "last_365").await?;
        wait_figure(&ui, "kpi-orders-value", want.orders_year).await?;
        ui.wait_contains("dashboard-compared", "Compared with")
            .await?;
        ui.find("chart-revenue").await?;
        ui.wait_contains("tier-a", "customers").await?;
        ui.screenshot("dashboard_en").await?;
        // The charts, drawn once ECharts has loaded.
        for chart in ["chart-revenue", "chart-nps", "chart-pareto", "chart-rfm"] {
            wait_ready(&ui, chart).await?;
        }
        let rfm = ui.find("chart-rfm").await?;
        ui.scroll_to(&rfm).await?;
        ui.screenshot("dashboard_en_charts").await?;

        // Another period and a segment: the last 90 days of direct customers.
        ui.select("dashboard-preset", "last_90").await?;
        ui.select("dashboard-segment", &want.segment).await?;
        wait_figure(&ui, "kpi-orders-value", want.orders_quarter_direct).await?;
        ui.wait_contains("kpi-turnover", "not cut by segment")
            .await?;
        // Side by side with every customer.
        ui.select("dashboard-compare", "").await?;
        ui.wait_contains(
            "kpi-orders-compare",
            &format!("All customers: {}", want.orders_quarter_all),
        )
        .await?;
        ui.screenshot("dashboard_en_segment").await?;
        ui.select("dashboard-compare", "-").await?;

        // The on-time figure of the year opens the orders delivered late in it.
        ui.select("dashboard-segment", "").await?;
        ui.select("dashboard-preset", "last_365").await?;
        wait_figure(&ui, "kpi-orders-value", want.orders_year).await?;
        ui.click("kpi-on_time").await?;
        ui.wait_contains("order-filter-delivered", "Delivered late")
            .await?;
        ui.wait_contains("order-page-info", &format!("· {} order", want.late_year))
            .await?;
        ui.screenshot("dashboard_late_orders").await?;

        // The accuracy figure opens the inaccurate deliveries of the same year.
        ui.click("nav-dashboard").await?;
        wait_figure(&ui, "kpi-orders-value", want.orders_year).await?;
        ui.click("kpi-accuracy").await?;
        ui.wait_contains("order-filter-delivered", "Inaccurate deliveries")
            .await?;
        ui.wait_contains(
            "order-page-info",
            &format!("· {} order", want.inaccurate_year),
        )
        .await?;
        ui.screenshot("dashboard_inaccurate_orders").await?;

        // The processing time opens the orders shipped in the year, slowest first.
        ui.click("nav-dashboard").await?;
        wait_figure(&ui, "kpi-orders-value", want.orders_year).await?;
        ui.click("kpi-processing").await?;
        ui.wait_contains("order-filter-shipped", "slowest first")
            .await?;
        ui.wait_contains("order-page-info", &format!("· {} order", want.shipped_year))
            .await?;
        ui.wait_contains("order-row", &want.slowest_number).await?;
        ui.wait_contains("order-row-processing", " h").await?;
        ui.screenshot("dashboard_slowest_orders").await?;

        // NPS opens the survey answers of the year.
        ui.click("nav-dashboard").await?;
        wait_figure(&ui, "kpi-orders-value", want.orders_year).await?;
        ui.click("kpi-nps").await?;
        ui.wait_contains(
            "survey-page-info",
            &format!("· {} answer", want.answers_year),
        )
        .await?;
        ui.screenshot("dashboard_survey_answers").await?;

        // The lost customers of the year, most valuable first; log a call on the first.
        ui.click("nav-dashboard").await?;
        ui.click("stage-lost").await?;
        ui.wait_contains("lost-page-info", &format!("· {} customer", want.lost))
            .await?;
        ui.wait_contains("lost-row", &want.first_lost).await?;
        ui.screenshot("lost_customers_en").await?;
        ui.click("lost-log-call").await?;
        ui.find("lost-action").await?;
        ui.fill("interaction-summary", "回访：询问最近没有下单的原因")
            .await?;
        ui.click("interaction-save").await?;
        ui.wait_contains("lost-notice", &want.first_lost).await?;

        // Its 360 page: the call in the timeline, the computed lifecycle with its reason.
        ui.click("lost-row").await?;
        ui.wait_text("customer-360-name", &want.first_lost).await?;
        ui.wait_contains("customer-360", "回访：询问最近没有下单的原因")
            .await?;
        ui.wait_contains("insight-reason", "Last order").await?;
        ui.screenshot("customer_360_insight_en").await?;

        // The same in Chinese.
        ui.select("lang-switch", "zh-CN").await?;
        ui.wait_contains("insight-reason", "上次下单").await?;
        ui.screenshot("customer_360_insight_zh").await?;
        ui.click("nav-dashboard").await?;
        wait_figure(&ui, "kpi-orders-value", want.orders_year).await?;
        ui.wait_contains("dashboard-compared", "对比").await?;
        ui.screenshot("dashboard_zh").await?;

        // The year to today: its A tier opens the customer list filtered on the same values.
        let today = chrono::Local::now()
            .date_naive()
            .format("%Y-%m-%d")
            .to_string();
        ui.click("nav-dashboard").await?;
        ui.fill("dashboard-as-of", &today).await?;
        ui.select("dashboard-preset", "last_365").await?;
        // The figures reload for the new as-of date; click once they have settled.
        click_until(&ui, "tier-a-open", "page-info").await?;
        ui.wait_contains("page-info", &format!("共 {} 位客户", want.tier_a_today))
            .await?;
        ui.screenshot("customers_tier_a_zh").await?;

        // The loyalty index's weight: out of range is explained, a valid one is saved.
        ui.click("nav-settings").await?;
        ui.fill("loyalty-weight", "150").await?;
        ui.click("loyalty-save").await?;
        ui.find("loyalty-error").await?;
        ui.fill("loyalty-weight", "80").await?;
        ui.click("loyalty-save").await?;
        ui.find("loyalty-saved").await?;
        ui.screenshot("settings_loyalty_zh").await?;
        Ok(())
    })
    .await;
}
