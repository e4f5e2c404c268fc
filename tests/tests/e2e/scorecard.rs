//! The supplier scorecard through the real UI: two purchase orders of one supplier, one
//! received on time and one late with rejects, give grade C with every input visible; a
//! customer complaint whose root cause names the supplier (its timeline naming it) drops the
//! score to D; the records behind the on-time rate are one click away; the ranking lists the
//! supplier, weights that do not sum to 100 are refused in the user's language; and the
//! suggested probation records its reason. Screenshots in both languages.

use chainbook_e2e::{session, DataDir, Result, Ui};
use chrono::{Datelike, Duration, Local, NaiveDate};

use crate::purchasing::{create_product, create_supplier, SKU};
use crate::service::{create_customer, CUSTOMER};

const CODE: &str = "SC-E2E";
const NAME: &str = "东莞准时五金有限公司";

fn quarter_start(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), (d.month() - 1) / 3 * 3 + 1, 1).unwrap()
}

fn quarter_label(d: NaiveDate) -> String {
    format!("{}-Q{}", d.year(), (d.month() - 1) / 3 + 1)
}

/// A sent PO of 50 units at 3.00 expected on `expected`, received today: `accepted` and
/// `rejected`.
async fn po_received(ui: &Ui, expected: &str, accepted: &str, rejected: &str) -> Result<()> {
    ui.click("nav-purchasing").await?;
    ui.click("po-new").await?;
    ui.pick("po-field-supplier", "supplier-pick-option", CODE)
        .await?;
    ui.pick("po-line-0-product", "product-pick-option", SKU)
        .await?;
    ui.fill("po-line-0-quantity", "50").await?;
    ui.fill("po-line-0-unit_price", "3.00").await?;
    ui.fill("po-line-0-expected_on", expected).await?;
    ui.click("po-save").await?;
    ui.wait_attr("po-status", "data-status", "draft").await?;
    ui.click("po-send").await?;
    ui.wait_attr("po-status", "data-status", "sent").await?;
    ui.click("po-receive-open").await?;
    ui.find("receipt-dialog").await?;
    ui.fill("receipt-line-0-received", accepted).await?;
    ui.fill("receipt-line-0-rejected", rejected).await?;
    ui.click("receipt-save").await?;
    ui.wait_count("receipt-dialog", 0).await?;
    ui.wait_attr("po-status", "data-status", "received").await?;
    Ok(())
}

async fn open_scorecard(ui: &Ui) -> Result<()> {
    ui.click("nav-suppliers").await?;
    ui.click("suppliers-tab").await?;
    ui.click_containing("supplier-row", NAME).await?;
    ui.find("supplier-page").await?;
    ui.click("supplier-tab-scorecard").await?;
    ui.find("scorecard").await?;
    Ok(())
}

#[tokio::test]
async fn a_late_receipt_with_rejects_and_a_complaint_lower_the_grade() {
    let data = DataDir::new("scorecard");
    // The late order is due on the quarter's first day and received today: on the first day
    // of a quarter the app starts a day later, so the two days differ.
    let mut today = Local::now().date_naive();
    if today == quarter_start(today) {
        data.advance_clock(24);
        today += Duration::days(1);
    }
    let late = quarter_start(today).format("%Y-%m-%d").to_string();
    let on_time = (today + Duration::days(3)).format("%Y-%m-%d").to_string();
    let quarter = quarter_label(today);
    session("scorecard", &data, move |ui| async move {
        ui.select("lang-switch", "zh-CN").await?;
        create_supplier(&ui, CODE, NAME, "approved", None).await?;
        ui.click("supplier-tab-scorecard").await?;
        ui.wait_attr("scorecard", "data-period", &quarter).await?;
        // Nothing bought yet: not enough data, not a 0.
        ui.wait_attr("scorecard-score", "data-score", "").await?;
        ui.wait_contains("scorecard-score", "本期间数据不足")
            .await?;

        create_product(&ui, SKU, "A4 纸箱").await?;
        po_received(&ui, &on_time, "50", "0").await?;
        po_received(&ui, &late, "45", "5").await?;

        // On time 1 of 2 → 50; 5 of 100 rejected (50,000 DPM → 50) and 1 of 2 receipt
        // lines rejected (→ 50): quality 50; no complaint → 100; no price comparison or
        // evaluation: (30 × 50 + 30 × 50 + 15 × 100) ÷ 75 = 60 → C.
        open_scorecard(&ui).await?;
        ui.wait_attr("scorecard-score", "data-score", "60.0")
            .await?;
        ui.wait_attr("scorecard-grade", "data-grade", "C").await?;
        ui.wait_contains(
            "scorecard-inputs",
            "到期采购行 2 行中 1 行按预计日期全部到货（50.0%）",
        )
        .await?;

        // A customer's complaint whose root cause is this supplier.
        create_customer(&ui).await?;
        ui.click("nav-service").await?;
        ui.click("complaint-new").await?;
        ui.pick("complaint-field-customer", "customer-pick-option", CUSTOMER)
            .await?;
        ui.select("complaint-field-category", "quality").await?;
        ui.select("complaint-field-severity", "high").await?;
        ui.fill("complaint-field-description", "纸箱受潮开裂，货物散落。")
            .await?;
        ui.click("complaint-save").await?;
        ui.wait_attr("complaint-status", "data-status", "new")
            .await?;
        ui.select("resolution-field-root_cause", "supplier_quality")
            .await?;
        ui.pick("resolution-field-supplier", "supplier-pick-option", CODE)
            .await?;
        ui.click("resolution-save").await?;
        ui.find("resolution-saved").await?;
        // The timeline entry names the supplier.
        ui.wait_contains(
            "complaint-event",
            &format!("根本原因：供应商质量问题 · 责任供应商：{NAME}（{CODE}）"),
        )
        .await?;
        ui.screenshot("scorecard_complaint_names_supplier_zh-CN")
            .await?;

        // 1 complaint per 100 units received = 10 per 1,000 → 0: (1,500 + 1,500 + 0) ÷ 75 = 40 → D.
        open_scorecard(&ui).await?;
        ui.wait_attr("scorecard-score", "data-score", "40.0")
            .await?;
        ui.wait_attr("scorecard-grade", "data-grade", "D").await?;
        ui.wait_contains(
            "scorecard-inputs",
            "根本原因指向该供应商的投诉 1 件，收货 100 件：每千件 10.00 件",
        )
        .await?;
        ui.wait_contains("scorecard-inputs", "收货 100，拒收 5：百万缺陷数 50000")
            .await?;
        ui.find("scorecard-probation-hint").await?;
        // The records behind the on-time rate, one click away: one line late.
        ui.click("scorecard-records-on_time").await?;
        ui.wait_count("scorecard-line", 2).await?;
        let late_rows = ui
            .client()
            .find_all(fantoccini::Locator::Css(
                "[data-testid=scorecard-line][data-on-time=false]",
            ))
            .await?;
        if late_rows.len() != 1 {
            return Err(format!("{} late lines shown, expected 1", late_rows.len()).into());
        }
        ui.screenshot("scorecard_supplier_zh-CN").await?;
        ui.click("scorecard-records-complaints").await?;
        ui.wait_count("scorecard-complaint", 1).await?;
        ui.select("lang-switch", "en").await?;
        ui.wait_contains(
            "scorecard-inputs",
            "1 of 2 PO lines due delivered in full by their expected date (50.0 %)",
        )
        .await?;
        ui.screenshot("scorecard_supplier_en").await?;
        // The history chart (ECharts, loaded on first use): this quarter and three before.
        let chart = ui.find("scorecard-history").await?;
        ui.scroll_to(&chart).await?;
        ui.wait_attr("scorecard-history", "data-ready", "true")
            .await?;
        ui.screenshot("scorecard_history_en").await?;

        // The ranking, and weights that do not add up to 100.
        ui.click("nav-suppliers").await?;
        ui.click("scorecards-tab").await?;
        ui.wait_attr("ranking-row", "data-grade", "D").await?;
        ui.click("scorecard-weights-edit").await?;
        ui.fill("weight-on_time", "40").await?;
        ui.wait_text("weights-sum", "Total: 110 / 100").await?;
        ui.click("scorecard-weights-save").await?;
        ui.wait_text("error-weights", "The weights must add up to 100.")
            .await?;
        ui.screenshot("scorecard_ranking_en").await?;
        ui.select("lang-switch", "zh-CN").await?;
        ui.wait_text("error-weights", "各项权重之和必须等于 100。")
            .await?;
        ui.screenshot("scorecard_ranking_zh-CN").await?;

        // Probation, suggested by the D, with its reason recorded.
        ui.click("ranking-open").await?;
        ui.find("scorecard").await?;
        ui.click("scorecard-probation").await?;
        ui.find("scorecard-probation-reason").await?;
        ui.click("scorecard-probation-confirm").await?;
        ui.wait_attr("supplier-page-status", "data-status", "probation")
            .await?;
        ui.wait_contains(
            "scorecard-status-change",
            &format!("记分卡 {quarter}：等级 D（40.0 分）"),
        )
        .await?;
        ui.wait_count("scorecard-probation-hint", 0).await?;
        Ok(())
    })
    .await;
}
