//! Customer service through the real UI. From a delivered order a damaged-goods complaint of high
//! severity is opened (its SLA counting down in the list and on the page), acknowledged, refused
//! resolving without a resolution, given the carrier as its root cause, resolved with
//! compensation, rated by the customer and closed; an NPS 9 survey is then recorded from the
//! delivery follow-up (refused first without any score). The complaint and the survey are on the
//! customer's 360 timeline with the NPS figure, and the complaint on the carrier's supplier page.
//! A second test covers the bad input of the survey grid and the SLA settings, and a suggestion,
//! which has no SLA.

use std::time::{Duration, Instant};

use chainbook_e2e::{session, DataDir, Result, Ui, TIMEOUT};

const POLL: Duration = Duration::from_millis(100);

pub(crate) const CUSTOMER: &str = "深圳华为技术有限公司";
const CARRIER_CODE: &str = "SF-EXP";
const CARRIER: &str = "顺丰速运";
const SKU: &str = "RT-AX3";
const PRODUCT: &str = "无线路由器 AX3";

/// Waits until the form control with this `data-testid` holds `expected`.
async fn wait_value(ui: &Ui, id: &str, expected: &str) -> Result<()> {
    let start = Instant::now();
    let mut last = None;
    loop {
        if let Some(el) = ui.find_all(id).await?.first() {
            last = el.prop("value").await.ok().flatten();
            if last.as_deref() == Some(expected) {
                return Ok(());
            }
        }
        if start.elapsed() > TIMEOUT {
            return Err(format!(
                "waited {TIMEOUT:?} for [data-testid={id}] to hold {expected:?}; it holds {last:?}"
            )
            .into());
        }
        tokio::time::sleep(POLL).await;
    }
}

/// The `data-kind` of every entry on the complaint's timeline, newest first.
async fn event_kinds(ui: &Ui) -> Result<Vec<String>> {
    let mut kinds = Vec::new();
    for el in ui.find_all("complaint-event").await? {
        kinds.push(el.attr("data-kind").await?.unwrap_or_default());
    }
    Ok(kinds)
}

/// Creates the customer; ends on the customer list.
pub(crate) async fn create_customer(ui: &Ui) -> Result<()> {
    ui.open_customers().await?;
    ui.click("customer-new").await?;
    ui.fill("field-name", CUSTOMER).await?;
    ui.fill("field-city", "深圳").await?;
    ui.click("customer-save").await?;
    ui.wait_contains("customer-row", CUSTOMER).await?;
    Ok(())
}

/// Creates the carrier: a supplier of the logistics kind.
async fn create_carrier(ui: &Ui) -> Result<()> {
    ui.click("nav-suppliers").await?;
    ui.click("supplier-new").await?;
    ui.fill("supplier-field-code", CARRIER_CODE).await?;
    ui.fill("supplier-field-name", CARRIER).await?;
    ui.select("supplier-field-kind", "logistics").await?;
    ui.select("supplier-field-status", "approved").await?;
    ui.fill("supplier-field-categories", "快递物流").await?;
    ui.click("supplier-save").await?;
    ui.find("supplier-page").await?;
    ui.wait_text("supplier-page-name", CARRIER).await?;
    Ok(())
}

/// Creates the product and receives 20 into stock.
async fn create_product(ui: &Ui) -> Result<()> {
    ui.click("nav-products").await?;
    ui.click("product-new").await?;
    ui.fill("product-field-sku", SKU).await?;
    ui.fill("product-field-name", PRODUCT).await?;
    ui.fill("product-field-unit", "台").await?;
    ui.fill("product-field-price", "299.00").await?;
    ui.click("product-save").await?;
    ui.find("product-page").await?;
    ui.click("movement-open").await?;
    ui.select("movement-field-kind", "receipt").await?;
    ui.fill("movement-field-quantity", "20").await?;
    ui.click("movement-save").await?;
    ui.wait_count("movement-dialog", 0).await?;
    ui.wait_text("product-on-hand", "20").await?;
    Ok(())
}

/// An order of 2 routers, confirmed, shipped in full and delivered; returns its number and ends
/// on the order page.
async fn delivered_order(ui: &Ui) -> Result<String> {
    ui.click("nav-orders").await?;
    ui.click("order-new").await?;
    ui.pick("order-field-customer", "customer-pick-option", CUSTOMER)
        .await?;
    ui.pick("order-line-0-product", "order-product-option", SKU)
        .await?;
    ui.fill("order-line-0-quantity", "2").await?;
    ui.click("order-save").await?;
    ui.wait_attr("order-status", "data-status", "draft").await?;
    let number = ui.text("order-number").await?;
    ui.click("order-confirm").await?;
    ui.click("order-confirm-save").await?;
    ui.wait_attr("order-status", "data-status", "confirmed")
        .await?;
    ui.click("order-ship-open").await?;
    ui.fill("order-ship-carrier", CARRIER).await?;
    ui.fill("order-ship-tracking", "SF1402365478901").await?;
    ui.click("order-ship-save").await?;
    ui.wait_attr("order-status", "data-status", "shipped")
        .await?;
    ui.click("order-deliver").await?;
    ui.wait_attr("order-status", "data-status", "delivered")
        .await?;
    Ok(number)
}

#[tokio::test]
async fn damaged_goods_complaint_from_order_to_carrier_and_survey() {
    let data = DataDir::new("service_flow");
    session("service_flow", &data, |ui| async move {
        ui.select("lang-switch", "zh-CN").await?;
        create_carrier(&ui).await?;
        create_customer(&ui).await?;
        create_product(&ui).await?;
        let order = delivered_order(&ui).await?;

        // Opened from the delivered order: customer and order are filled in.
        ui.click("order-open-complaint").await?;
        ui.find("complaint-form").await?;
        wait_value(&ui, "complaint-field-customer", CUSTOMER).await?;
        let order_option = ui
            .find("complaint-field-order")
            .await?
            .prop("value")
            .await?
            .unwrap_or_default();
        if order_option.is_empty() {
            return Err("the complaint form did not preselect the order".into());
        }
        ui.select("complaint-field-category", "damaged").await?;
        ui.select("complaint-field-severity", "high").await?;
        ui.wait_contains("complaint-form-sla", "8 小时").await?;
        ui.wait_contains("complaint-form-sla", "3 天").await?;
        ui.pick("complaint-field-product", "product-pick-option", SKU)
            .await?;
        ui.fill(
            "complaint-field-description",
            "两台路由器外箱压坏，其中一台外壳破裂，无法开机。",
        )
        .await?;
        ui.fill("complaint-field-assignee", "李娜").await?;
        ui.screenshot("service_complaint_form").await?;
        ui.click("complaint-save").await?;

        // The complaint page: new, high severity, the first response due in 8 hours.
        ui.find("complaint-page").await?;
        ui.wait_attr("complaint-status", "data-status", "new")
            .await?;
        ui.wait_attr("complaint-severity", "data-severity", "high")
            .await?;
        let number = ui.text("complaint-number").await?;
        if !number.starts_with("CP-") {
            return Err(format!("unexpected complaint number {number:?}").into());
        }
        ui.wait_contains("complaint-order", &order).await?;
        ui.wait_contains("complaint-product", SKU).await?;
        ui.wait_attr("complaint-sla", "data-state", "due").await?;
        ui.wait_attr("complaint-sla", "data-target", "first_response")
            .await?;
        ui.wait_contains("complaint-sla", "剩余 7 小时").await?;
        ui.wait_attr("sla-first_response", "data-state", "due")
            .await?;
        ui.wait_attr("sla-resolution", "data-state", "due").await?;
        ui.wait_contains("sla-resolution", "剩余 2 天 23 小时")
            .await?;
        ui.wait_count("complaint-event", 2).await?;
        ui.screenshot("service_complaint_page_new").await?;

        // In the list: its countdown, the badge of breached complaints stays away.
        ui.click("nav-service").await?;
        ui.wait_count("complaint-row", 1).await?;
        ui.wait_contains("complaint-row", &number).await?;
        ui.wait_contains("complaint-row", "货物损坏").await?;
        ui.wait_attr("complaint-sla", "data-state", "due").await?;
        ui.wait_contains("complaint-sla", "剩余").await?;
        ui.wait_count("nav-service-count", 0).await?;
        ui.screenshot("service_list").await?;
        // The overdue entry shows none of it.
        ui.click("nav-service-overdue").await?;
        ui.find("complaints-empty").await?;
        wait_value(&ui, "complaint-filter-status", "open").await?;
        ui.wait_attr("nav-service-overdue", "aria-current", "page")
            .await?;
        // "Customer service" itself lists everything again.
        ui.click("nav-service").await?;
        ui.wait_count("complaint-row", 1).await?;
        wait_value(&ui, "complaint-filter-status", "").await?;
        ui.click("complaint-row").await?;

        // Acknowledged: the first response is met.
        ui.click("complaint-ack").await?;
        ui.wait_attr("complaint-status", "data-status", "acknowledged")
            .await?;
        ui.wait_attr("sla-first_response", "data-state", "met")
            .await?;
        ui.wait_attr("complaint-sla", "data-target", "resolution")
            .await?;

        // Resolving without a resolution is refused, beside the resolution field.
        ui.click("complaint-resolve").await?;
        ui.wait_text(
            "error-resolution",
            "请先填写解决方案（为客户采取的处理措施），再标记已解决。",
        )
        .await?;
        ui.wait_attr("complaint-status", "data-status", "acknowledged")
            .await?;
        ui.screenshot("service_resolve_refused").await?;

        // The carrier damaged it: root cause, carrier, resolution and compensation.
        ui.select("resolution-field-root_cause", "carrier_damage")
            .await?;
        ui.pick("resolution-field-supplier", "supplier-pick-option", CARRIER)
            .await?;
        ui.fill(
            "resolution-field-resolution",
            "补发两台新路由器，并向顺丰提出索赔。",
        )
        .await?;
        ui.wait_count("error-resolution", 0).await?;
        ui.fill("resolution-field-compensation", "150.00").await?;
        wait_value(&ui, "resolution-field-currency", "CNY").await?;
        ui.click("resolution-save").await?;
        ui.find("resolution-saved").await?;
        ui.wait_contains("complaint-event", "运输损坏（承运商）")
            .await?;
        // The compensation is a fact the page words in the user's language and currency format.
        ui.wait_contains("complaint-event", "补偿：¥150.00").await?;

        // Resolved in time, then the customer's satisfaction with it, then closed.
        ui.click("complaint-resolve").await?;
        ui.wait_attr("complaint-status", "data-status", "resolved")
            .await?;
        ui.wait_attr("sla-resolution", "data-state", "met").await?;
        ui.wait_attr("complaint-sla", "data-state", "met").await?;
        ui.click("complaint-satisfaction-4").await?;
        ui.wait_text("complaint-satisfaction-value", "4 分（满分 5 分）")
            .await?;
        ui.wait_contains("complaint-event", "对解决方案的满意度：4/5")
            .await?;
        ui.click("complaint-close").await?;
        ui.wait_attr("complaint-status", "data-status", "closed")
            .await?;
        ui.find("complaint-reopen").await?;
        ui.screenshot("service_complaint_page_closed").await?;
        // The timeline, newest first: closed, rated, resolved, resolution, root cause,
        // acknowledged, assigned, opened.
        let kinds = event_kinds(&ui).await?;
        if kinds
            != [
                "status",
                "satisfaction",
                "status",
                "resolution",
                "root_cause",
                "status",
                "assignment",
                "opened",
            ]
        {
            return Err(format!("unexpected complaint timeline {kinds:?}").into());
        }
        ui.client()
            .execute(
                "document.querySelector('[data-testid=\"complaint-event\"]').scrollIntoView();",
                vec![],
            )
            .await?;
        ui.screenshot("service_complaint_timeline").await?;

        // The delivery follow-up: a survey with no score is refused; NPS 9 is recorded against
        // the order the follow-up names.
        ui.click("nav-followups").await?;
        ui.click("followups-tab-all_open").await?;
        ui.wait_contains("followup-row", CUSTOMER).await?;
        ui.click("followup-survey").await?;
        ui.find("survey-dialog").await?;
        ui.wait_text("survey-customer", CUSTOMER).await?;
        let start = Instant::now();
        loop {
            let el = ui.find("survey-field-order").await?;
            let chosen = el.prop("value").await?.unwrap_or_default();
            if chosen == order_option {
                break;
            }
            if start.elapsed() > TIMEOUT {
                return Err(format!(
                    "the survey did not preselect the follow-up's order ({chosen:?})"
                )
                .into());
            }
            tokio::time::sleep(POLL).await;
        }
        ui.fill("survey-field-comment", "补发很及时，愿意推荐给同行。")
            .await?;
        ui.click("survey-save").await?;
        ui.wait_text("error-nps", "请填写净推荐值或客户满意度评分（或两者）。")
            .await?;
        ui.screenshot("service_survey_missing_score").await?;
        ui.click("survey-nps-9").await?;
        ui.wait_count("error-nps", 0).await?;
        ui.wait_attr("survey-nps-9", "aria-pressed", "true").await?;
        ui.screenshot("service_survey_dialog").await?;
        ui.click("survey-save").await?;
        ui.wait_count("survey-dialog", 0).await?;
        ui.find("followup-survey-saved").await?;

        // The customer's 360 page: the complaint and the survey on the timeline, NPS +100.
        ui.open_customers().await?;
        ui.click_containing("customer-row", CUSTOMER).await?;
        ui.wait_text("customer-360-name", CUSTOMER).await?;
        ui.wait_contains("timeline-complaint", &number).await?;
        ui.wait_contains("timeline-complaint", "已关闭").await?;
        ui.wait_contains("timeline-survey", "NPS 9").await?;
        ui.wait_contains("timeline-survey", "愿意推荐").await?;
        ui.wait_text("nps-figure", "+100").await?;
        ui.wait_text("csat-figure", "—").await?;
        ui.screenshot("service_customer_360").await?;
        // The complaint opens from there.
        ui.click("timeline-complaint").await?;
        ui.wait_text("complaint-number", &number).await?;

        // The carrier's supplier page lists the complaint.
        ui.click("nav-suppliers").await?;
        ui.click_containing("supplier-row", CARRIER).await?;
        ui.wait_text("supplier-page-name", CARRIER).await?;
        ui.click("supplier-tab-complaints").await?;
        ui.wait_count("supplier-complaint-row", 1).await?;
        ui.wait_contains("supplier-complaint-row", &number).await?;
        ui.wait_contains("supplier-complaint-row", CUSTOMER).await?;
        ui.screenshot("service_carrier_complaints").await?;
        ui.click("supplier-complaint-row").await?;
        ui.wait_text("complaint-number", &number).await?;

        // Overall figures in the service section, in English too.
        ui.select("lang-switch", "en").await?;
        ui.click("nav-service").await?;
        ui.wait_text("nps-figure", "+100").await?;
        ui.wait_contains("complaint-sla", "Met").await?;
        ui.screenshot("service_list_en").await?;
        ui.click("complaint-row").await?;
        ui.wait_text("complaint-number", &number).await?;
        ui.wait_contains("sla-resolution", "Met").await?;
        ui.wait_contains(
            "complaint-event",
            "Root cause: Damaged in transit (carrier)",
        )
        .await?;
        ui.screenshot("service_complaint_page_en").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn survey_grid_sla_settings_and_suggestions_refuse_bad_input() {
    let data = DataDir::new("service_invalid");
    session("service_invalid", &data, |ui| async move {
        ui.select("lang-switch", "zh-CN").await?;
        create_customer(&ui).await?;

        // A suggestion has no severity and no SLA.
        ui.click("nav-service").await?;
        ui.find("complaints-empty").await?;
        ui.click("complaint-new").await?;
        ui.select("complaint-field-kind", "suggestion").await?;
        ui.wait_count("complaint-field-severity", 0).await?;
        ui.wait_text("complaint-form-sla", "建议和其他反馈没有处理时限。")
            .await?;
        // No customer, no category: explained beside the fields, nothing saved.
        ui.fill("complaint-field-description", "希望增加微信下单。")
            .await?;
        ui.click("complaint-save").await?;
        ui.wait_text("error-customer_id", "请选择客户。").await?;
        ui.pick("complaint-field-customer", "customer-pick-option", CUSTOMER)
            .await?;
        ui.click("complaint-save").await?;
        ui.wait_text("error-category", "请选择类别。").await?;
        ui.screenshot("service_suggestion_errors").await?;
        ui.select("complaint-field-category", "service_improvement")
            .await?;
        ui.click("complaint-save").await?;
        ui.find("complaint-page").await?;
        ui.wait_text("complaint-kind", "建议").await?;
        ui.wait_attr("complaint-status", "data-status", "new")
            .await?;
        ui.wait_count("complaint-sla", 0).await?;
        ui.wait_contains("complaint-sla-panel", "没有处理时限")
            .await?;

        // The survey grid: an NPS of 11 on the second row is refused and nothing is saved.
        ui.click("nav-service").await?;
        ui.click("survey-grid-open").await?;
        ui.find("survey-grid").await?;
        ui.pick("survey-grid-0-customer", "customer-pick-option", CUSTOMER)
            .await?;
        ui.fill("survey-grid-0-nps", "10").await?;
        // Enter moves down the column.
        ui.find("survey-grid-0-nps")
            .await?
            .send_keys("\u{E007}")
            .await?;
        let focused = ui
            .client()
            .execute(
                "return document.activeElement?.getAttribute('data-testid') ?? '';",
                vec![],
            )
            .await?;
        if focused.as_str() != Some("survey-grid-1-nps") {
            return Err(format!("Enter in the NPS cell moved focus to {focused:?}").into());
        }
        ui.fill("survey-grid-0-csat", "5").await?;
        ui.pick("survey-grid-1-customer", "customer-pick-option", CUSTOMER)
            .await?;
        ui.fill("survey-grid-1-nps", "11").await?;
        ui.fill("survey-grid-1-comment", "送货太慢").await?;
        ui.click("survey-grid-save").await?;
        ui.wait_text("error-rows.1.nps", "净推荐值评分必须是 0 到 10 的整数。")
            .await?;
        ui.screenshot("service_grid_nps_11").await?;
        ui.wait_count("survey-grid-saved", 0).await?;
        ui.fill("survey-grid-1-nps", "6").await?;
        ui.wait_count("error-rows.1.nps", 0).await?;
        ui.click("survey-grid-save").await?;
        ui.wait_text("survey-grid-saved", "已保存 2 份答复。")
            .await?;

        // Two responses: one promoter, one detractor → NPS 0; CSAT 100 % of one response.
        ui.click("survey-grid-back").await?;
        ui.wait_text("nps-figure", "0").await?;
        ui.wait_text("csat-figure", "100 %").await?;

        // On the customer page: a CSAT of 2 from the survey dialog halves the CSAT figure; the
        // complaint form opens for this customer.
        ui.open_customers().await?;
        ui.click_containing("customer-row", CUSTOMER).await?;
        ui.wait_text("csat-figure", "100 %").await?;
        ui.click("survey-open").await?;
        ui.click("survey-csat-2").await?;
        ui.click("survey-save").await?;
        ui.wait_count("survey-dialog", 0).await?;
        ui.wait_text("csat-figure", "50 %").await?;
        ui.wait_count("timeline-survey", 3).await?;
        ui.click("c360-new-complaint").await?;
        ui.find("complaint-form").await?;
        let picked = ui
            .find("complaint-field-customer")
            .await?
            .prop("value")
            .await?
            .unwrap_or_default();
        if !picked.starts_with(CUSTOMER) {
            return Err(
                format!("the complaint form from the customer page shows {picked:?}").into(),
            );
        }
        ui.click("complaint-form-cancel").await?;
        ui.wait_text("customer-360-name", CUSTOMER).await?;

        // SLA settings: a first response due after resolution is refused on its row.
        ui.click("nav-settings").await?;
        ui.find("sla-form").await?;
        wait_value(&ui, "sla-high-first", "8").await?;
        wait_value(&ui, "sla-high-resolution", "72").await?;
        ui.fill("sla-high-first", "100").await?;
        ui.click("sla-save").await?;
        ui.wait_text("error-sla-high", "首次响应时限不能晚于解决时限。")
            .await?;
        ui.screenshot("service_sla_settings_error").await?;
        ui.fill("sla-high-first", "6").await?;
        ui.wait_count("error-sla-high", 0).await?;
        ui.click("sla-save").await?;
        ui.find("sla-saved").await?;

        // A new high complaint uses the new hours.
        ui.click("nav-service").await?;
        ui.click("complaint-new").await?;
        ui.select("complaint-field-severity", "high").await?;
        ui.wait_contains("complaint-form-sla", "6 小时").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn breached_complaint_is_counted_in_the_navigation_and_listed_as_overdue() {
    let data = DataDir::new("service_breached");
    session("service_breached", &data, |ui| async move {
        ui.select("lang-switch", "zh-CN").await?;
        create_customer(&ui).await?;
        ui.click("nav-service").await?;
        ui.click("complaint-new").await?;
        ui.pick("complaint-field-customer", "customer-pick-option", CUSTOMER)
            .await?;
        ui.select("complaint-field-category", "late_delivery")
            .await?;
        ui.select("complaint-field-severity", "critical").await?;
        ui.fill(
            "complaint-field-description",
            "承诺周一到货，周四仍未收到。",
        )
        .await?;
        ui.click("complaint-save").await?;
        ui.wait_attr("complaint-status", "data-status", "new")
            .await?;
        ui.wait_count("nav-service-count", 0).await?;
        Ok(())
    })
    .await;

    // Critical: first response within 4 h, resolution within 24 h. 30 h later, both are
    // breached (by 26 h and 6 h).
    data.advance_clock(30);

    session("service_breached_later", &data, |ui| async move {
        ui.wait_text("nav-service-count", "1").await?;
        ui.wait_contains("nav-service-overdue", "1").await?;
        ui.click("nav-service-overdue").await?;
        ui.wait_count("complaint-row", 1).await?;
        ui.wait_attr("complaint-sla", "data-state", "breached")
            .await?;
        ui.wait_attr("complaint-sla", "data-target", "first_response")
            .await?;
        ui.wait_contains("complaint-sla", "已超时 1 天 2 小时")
            .await?;
        ui.screenshot("service_overdue_list").await?;
        ui.click("complaint-row").await?;
        ui.wait_attr("sla-first_response", "data-state", "breached")
            .await?;
        ui.wait_attr("sla-resolution", "data-state", "breached")
            .await?;
        ui.wait_contains("sla-resolution", "已超时 6 小时").await?;
        ui.screenshot("service_breached_page").await?;
        // A late first response is missed for good; the resolution is still overdue.
        ui.click("complaint-ack").await?;
        ui.wait_attr("sla-first_response", "data-state", "missed")
            .await?;
        ui.wait_attr("complaint-sla", "data-target", "resolution")
            .await?;
        ui.wait_attr("complaint-sla", "data-state", "breached")
            .await?;
        ui.wait_text("nav-service-count", "1").await?;
        Ok(())
    })
    .await;
}
