//! Sales orders through the real UI: a customer, three stocked products and an order with one
//! line short on stock, confirmed as a back-order, shipped in part with a tracking number,
//! delivered and one unit returned as damaged — with the stock, the status timeline, the
//! customer's 360 timeline and the printed order confirmation following along. Bad input (a
//! 150 % discount, an invalid company email) is explained beside the field and nothing is saved.

use chainbook_e2e::{session, DataDir, Result, Ui};
use chrono::{Datelike, Local, Months, NaiveDate};
use fantoccini::key::Key;
use fantoccini::Locator;

const CUSTOMER: &str = "深圳华为技术有限公司";
const COMPANY: &str = "深圳链簿贸易有限公司";

/// SKU, name, unit, list price, stock received before the order.
const ROUTER: (&str, &str, &str, &str, &str) = ("RT-AX3", "无线路由器 AX3", "台", "299.00", "100");
const CABLE: (&str, &str, &str, &str, &str) = ("CAB-CAT6", "六类网线 3 米", "根", "12.50", "50");
const SWITCH: (&str, &str, &str, &str, &str) = ("SW-S24", "24 口千兆交换机", "台", "2680.00", "2");

/// A date as the Chinese UI writes it: 2026年12月7日.
fn zh_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// Waits until the date field `testid` shows `text` and holds `value` (what the caller gets).
async fn date_field_is(ui: &Ui, testid: &str, text: &str, value: &str) -> Result<()> {
    ui.wait_attr(testid, "data-value", value).await?;
    ui.wait_value(testid, text).await
}

/// Sets the company header in Settings; an invalid email is explained first and not saved.
async fn set_company(ui: &Ui) -> Result<()> {
    ui.click("nav-settings").await?;
    ui.fill("company-field-name", COMPANY).await?;
    ui.fill(
        "company-field-address",
        "深圳市南山区科技园科苑路 15 号\n邮编 518057",
    )
    .await?;
    ui.fill("company-field-phone", "0755-8888 6666").await?;
    ui.fill("company-field-email", "sales@chainbook").await?;
    ui.fill("company-field-tax_id", "91440300MA5G8XKQ2L")
        .await?;
    ui.click("company-save").await?;
    ui.wait_text(
        "error-company-email",
        "请输入有效的邮箱地址，例如 name@example.com",
    )
    .await?;
    if !ui.find_all("company-saved").await?.is_empty() {
        return Err("an invalid company email was reported as saved".into());
    }
    ui.fill("company-field-email", "sales@chainbook.cn").await?;
    ui.wait_count("error-company-email", 0).await?;
    ui.click("company-save").await?;
    ui.find("company-saved").await?;
    ui.screenshot("orders_settings_company").await?;
    Ok(())
}

/// Creates the customer with a billing address, a contact and payment terms; ends on the list.
async fn create_customer(ui: &Ui) -> Result<()> {
    ui.open_customers().await?;
    ui.click("customer-new").await?;
    ui.fill("field-name", CUSTOMER).await?;
    ui.fill("field-city", "深圳").await?;
    ui.select("field-payment_terms", "net_30").await?;
    ui.click("contact-add").await?;
    ui.fill("contact-0-name", "张伟").await?;
    ui.fill("contact-0-role", "采购经理").await?;
    ui.fill("contact-0-phone", "13800138000").await?;
    // A new address is a billing address.
    ui.click("address-add").await?;
    ui.fill("address-0-country", "CN").await?;
    ui.fill("address-0-province", "广东省").await?;
    ui.fill("address-0-city", "深圳市").await?;
    ui.fill("address-0-street", "龙岗区坂田华为基地").await?;
    ui.fill("address-0-postcode", "518129").await?;
    ui.click("customer-save").await?;
    ui.wait_contains("customer-row", CUSTOMER).await?;
    Ok(())
}

/// Creates a product and, with `stock`, receives it through the movement dialog; ends on the
/// product list.
async fn create_product(ui: &Ui, p: (&str, &str, &str, &str, &str)) -> Result<()> {
    let (sku, name, unit, price, stock) = p;
    ui.click("nav-products").await?;
    ui.click("product-new").await?;
    ui.fill("product-field-sku", sku).await?;
    ui.fill("product-field-name", name).await?;
    ui.fill("product-field-unit", unit).await?;
    ui.fill("product-field-price", price).await?;
    ui.click("product-save").await?;
    ui.find("product-page").await?;
    ui.wait_text("product-on-hand", "0").await?;
    ui.click("movement-open").await?;
    ui.select("movement-field-kind", "receipt").await?;
    ui.fill("movement-field-quantity", stock).await?;
    ui.fill("movement-field-reference", "DN-2026-001").await?;
    ui.click("movement-save").await?;
    ui.wait_count("movement-dialog", 0).await?;
    ui.wait_text("product-on-hand", stock).await?;
    ui.click("product-back").await?;
    ui.wait_contains("product-row", sku).await?;
    Ok(())
}

/// Opens a product's page from the product list and waits for its on-hand quantity.
async fn on_hand_is(ui: &Ui, sku: &str, expected: &str) -> Result<()> {
    ui.click("nav-products").await?;
    ui.click_containing("product-row", sku).await?;
    ui.wait_text("product-page-sku", sku).await?;
    ui.wait_text("product-on-hand", expected).await
}

/// Fills order line `i`: product (by SKU), quantity, unit price, discount % and tax rate %.
async fn fill_line(
    ui: &Ui,
    i: usize,
    sku: &str,
    qty: &str,
    price: &str,
    discount: &str,
) -> Result<()> {
    ui.pick(
        &format!("order-line-{i}-product"),
        "order-product-option",
        sku,
    )
    .await?;
    ui.fill(&format!("order-line-{i}-quantity"), qty).await?;
    ui.fill(&format!("order-line-{i}-unit_price"), price)
        .await?;
    ui.fill(&format!("order-line-{i}-discount_pct"), discount)
        .await?;
    ui.fill(&format!("order-line-{i}-tax_rate_pct"), "13")
        .await?;
    Ok(())
}

/// The `data-status` of every entry in the order's status history, oldest first.
async fn history(ui: &Ui) -> Result<Vec<String>> {
    let mut statuses = Vec::new();
    for el in ui.find_all("order-history-entry").await? {
        statuses.push(el.attr("data-status").await?.unwrap_or_default());
    }
    Ok(statuses)
}

#[tokio::test]
async fn order_with_back_order_shipped_delivered_returned_and_printed() {
    let data = DataDir::new("orders_flow");
    session("orders_flow", &data, |ui| async move {
        ui.select("lang-switch", "zh-CN").await?;
        set_company(&ui).await?;
        create_customer(&ui).await?;
        for p in [ROUTER, CABLE, SWITCH] {
            create_product(&ui, p).await?;
        }

        // The order: 10 routers at 5 % off, 20 cables, 5 switches (only 2 in stock).
        ui.click("nav-orders").await?;
        ui.click("order-new").await?;
        ui.pick("order-field-customer", "customer-pick-option", CUSTOMER)
            .await?;
        fill_line(&ui, 0, ROUTER.0, "10", "299.00", "5").await?;
        ui.click("order-add-line").await?;
        fill_line(&ui, 1, CABLE.0, "20", "12.50", "0").await?;
        ui.click("order-add-line").await?;
        fill_line(&ui, 2, SWITCH.0, "5", "2680.00", "0").await?;
        ui.fill("order-field-notes", "请在工作日送货，送货前电话联系张伟。")
            .await?;
        // 2990 × 95 % = 2840.50 + 13 % tax 369.265 → 369.27 (四舍五入); 250.00 + 32.50;
        // 13400.00 + 1742.00.
        ui.wait_text("order-line-0-gross", "3,209.77").await?;
        ui.wait_text("order-total-net", "¥16,490.50").await?;
        ui.wait_text("order-total-tax", "¥2,143.77").await?;
        ui.wait_text("order-total-gross", "¥18,634.27").await?;
        ui.screenshot("orders_form_totals").await?;
        ui.click("order-save").await?;
        ui.find("order-page").await?;
        ui.wait_attr("order-status", "data-status", "draft").await?;
        ui.wait_text("order-gross", "¥18,634.27").await?;
        let number = ui.text("order-number").await?;
        if !number.starts_with("SO-") {
            return Err(format!("unexpected order number {number:?}").into());
        }

        // Confirming lists the shortfall: 5 needed, 2 available, 3 short; only a back-order
        // confirms it.
        ui.click("order-confirm").await?;
        ui.find("order-confirm-shortfalls").await?;
        ui.wait_count("order-confirm-shortfall", 1).await?;
        let mut cells = Vec::new();
        for td in ui
            .find("order-confirm-shortfall")
            .await?
            .find_all(Locator::Css("td"))
            .await?
        {
            cells.push(td.text().await?.trim().to_string());
        }
        if cells != [SWITCH.0, "5", "2", "3"] {
            return Err(format!("unexpected shortfall row {cells:?}").into());
        }
        if ui.find("order-confirm-save").await?.is_enabled().await? {
            return Err("a short order can be confirmed without the back-order".into());
        }
        ui.click("order-confirm-backorder").await?;
        ui.screenshot("orders_confirm_shortfall").await?;
        ui.click("order-confirm-save").await?;
        ui.wait_count("order-confirm-dialog", 0).await?;
        ui.wait_attr("order-status", "data-status", "confirmed")
            .await?;
        ui.find("order-backorder").await?;

        // Ship what is there: all routers and cables, 2 of the 5 switches, with a tracking number.
        ui.click("order-ship-open").await?;
        ui.find("order-ship-dialog").await?;
        ui.fill("order-ship-carrier", "顺丰速运").await?;
        ui.fill("order-ship-tracking", "SF1402365478901").await?;
        ui.fill("order-ship-line-2", "2").await?;
        ui.screenshot("orders_ship_dialog").await?;
        ui.click("order-ship-save").await?;
        ui.wait_count("order-ship-dialog", 0).await?;
        ui.wait_attr("order-status", "data-status", "shipped")
            .await?;
        ui.wait_texts("order-line-shipped", &["10", "20", "2"])
            .await?;
        ui.wait_texts("order-line-unshipped", &["0", "0", "3"])
            .await?;
        ui.wait_count("order-shipment", 3).await?;
        ui.wait_contains("order-shipment", "SF1402365478901")
            .await?;

        // The stock fell by exactly what was shipped.
        on_hand_is(&ui, ROUTER.0, "90").await?;
        ui.wait_contains("movement-row", &number).await?;
        on_hand_is(&ui, SWITCH.0, "0").await?;

        // Delivered, then one router comes back damaged.
        ui.click("nav-orders").await?;
        ui.click_containing("order-row", &number).await?;
        ui.wait_text("order-number", &number).await?;
        ui.click("order-deliver").await?;
        ui.wait_attr("order-status", "data-status", "delivered")
            .await?;
        ui.click("order-return-open").await?;
        ui.find("order-return-dialog").await?;
        ui.select("order-return-reason", "damaged").await?;
        ui.fill("order-return-line-0", "1").await?;
        ui.fill("order-return-note", "外箱压坏，路由器外壳破裂")
            .await?;
        ui.click("order-return-save").await?;
        ui.wait_count("order-return-dialog", 0).await?;
        ui.wait_count("order-return", 1).await?;
        ui.wait_attr("order-return", "data-reason", "damaged")
            .await?;
        ui.wait_contains("order-return", "外箱压坏").await?;
        ui.wait_texts("order-line-returned", &["1", "0", "0"])
            .await?;

        // The status timeline, oldest first.
        let statuses = history(&ui).await?;
        if statuses != ["draft", "confirmed", "shipped", "delivered"] {
            return Err(format!("unexpected status history {statuses:?}").into());
        }
        ui.wait_contains("order-history-entry", "延期交货").await?;
        ui.screenshot("orders_page_after_return").await?;

        // The returned unit is back in stock: 100 − 10 + 1.
        on_hand_is(&ui, ROUTER.0, "91").await?;
        ui.wait_count("movement-row", 3).await?;
        on_hand_is(&ui, CABLE.0, "30").await?;

        // The order is on the customer's 360 timeline and opens from there.
        ui.open_customers().await?;
        ui.click_containing("customer-row", CUSTOMER).await?;
        ui.wait_text("customer-360-name", CUSTOMER).await?;
        ui.wait_contains("timeline-order", &number).await?;
        ui.wait_contains("timeline-order", "已送达").await?;
        ui.screenshot("orders_customer_timeline").await?;
        ui.click("timeline-order").await?;
        ui.wait_text("order-number", &number).await?;

        // The order confirmation: company header, customer with billing address and contact,
        // the lines and the backend's totals.
        ui.click("order-print").await?;
        ui.find("order-print-preview").await?;
        ui.wait_text("order-document-company-name", COMPANY).await?;
        ui.wait_contains("order-document-company", "91440300MA5G8XKQ2L")
            .await?;
        ui.wait_contains("order-document", "销售订单确认书").await?;
        ui.wait_text("order-document-number", &number).await?;
        ui.wait_text("order-document-customer", CUSTOMER).await?;
        ui.wait_text(
            "order-document-billing",
            "广东省深圳市龙岗区坂田华为基地 518129",
        )
        .await?;
        ui.wait_contains("order-document-contact", "张伟").await?;
        ui.wait_text("order-document-payment-terms", "30 天账期")
            .await?;
        ui.wait_count("order-document-line", 3).await?;
        ui.wait_text("order-document-net", "16,490.50").await?;
        ui.wait_text("order-document-tax", "2,143.77").await?;
        ui.wait_text("order-document-gross", "¥18,634.27").await?;
        ui.wait_text(
            "order-document-gross-capital",
            "人民币壹万捌仟陆佰叁拾肆元贰角柒分",
        )
        .await?;
        if !ui.find("order-print-go").await?.is_enabled().await? {
            return Err("Print… is disabled in the preview".into());
        }
        ui.screenshot("orders_print_preview_zh-CN").await?;
        // Closed, the language switched, the document reads in English.
        ui.click("order-print-close").await?;
        ui.wait_count("order-print-preview", 0).await?;
        ui.select("lang-switch", "en").await?;
        ui.click("order-print").await?;
        ui.wait_contains("order-document", "Order confirmation")
            .await?;
        ui.wait_text("order-document-gross", "CN¥18,634.27").await?;
        ui.wait_count("order-document-gross-capital", 0).await?;
        ui.wait_text("order-document-payment-terms", "Net 30 days")
            .await?;
        ui.screenshot("orders_print_preview_en").await?;
        ui.click("order-print-close").await?;
        ui.wait_count("order-print-preview", 0).await?;
        ui.wait_text("order-number", &number).await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn discount_over_100_percent_is_refused_and_the_preview_leads_to_settings() {
    let data = DataDir::new("orders_invalid");
    session("orders_invalid", &data, |ui| async move {
        ui.select("lang-switch", "zh-CN").await?;
        create_customer(&ui).await?;
        create_product(&ui, CABLE).await?;

        // 150 % off is explained beside the field, in both languages, and nothing is saved.
        ui.click("nav-orders").await?;
        ui.find("orders-empty").await?;
        ui.click("order-new").await?;
        ui.pick("order-field-customer", "customer-pick-option", CUSTOMER)
            .await?;
        fill_line(&ui, 0, CABLE.0, "20", "12.50", "150").await?;
        ui.click("order-save").await?;
        ui.wait_text(
            "error-lines.0.discount_pct",
            "折扣率必须在 0% 到 100% 之间。",
        )
        .await?;
        ui.select("lang-switch", "en").await?;
        ui.wait_text(
            "error-lines.0.discount_pct",
            "Discount must be between 0% and 100%.",
        )
        .await?;
        ui.screenshot("orders_discount_150_en").await?;
        ui.select("lang-switch", "zh-CN").await?;
        ui.click("order-form-cancel").await?;
        ui.find("orders-empty").await?;

        // A valid draft; without a company header the preview says where to set one.
        ui.click("order-new").await?;
        ui.pick("order-field-customer", "customer-pick-option", CUSTOMER)
            .await?;
        fill_line(&ui, 0, CABLE.0, "20", "12.50", "10").await?;
        ui.wait_text("order-total-gross", "¥254.25").await?;
        ui.click("order-save").await?;
        ui.wait_attr("order-status", "data-status", "draft").await?;
        let number = ui.text("order-number").await?;
        ui.click("order-print").await?;
        ui.find("order-document-no-company").await?;
        ui.find("order-document-draft").await?;
        ui.wait_count("order-document-company", 0).await?;
        ui.wait_text("order-document-gross", "¥254.25").await?;
        ui.screenshot("orders_print_preview_no_company").await?;
        ui.click("order-document-open-settings").await?;
        ui.wait_count("order-print-preview", 0).await?;
        ui.fill("company-field-name", COMPANY).await?;
        ui.click("company-save").await?;
        ui.find("company-saved").await?;

        // Back on the order, the header is there.
        ui.click("nav-orders").await?;
        ui.click_containing("order-row", &number).await?;
        ui.click("order-print").await?;
        ui.wait_text("order-document-company-name", COMPANY).await?;
        ui.wait_count("order-document-no-company", 0).await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_new_order_from_the_customer_page_reads_typed_numbers_and_explains_its_lines() {
    let data = DataDir::new("orders_from_customer");
    session("orders_from_customer", &data, |ui| async move {
        ui.client().set_window_size(1280, 720).await?;
        ui.select("lang-switch", "zh-CN").await?;
        create_customer(&ui).await?;
        create_product(&ui, CABLE).await?;
        ui.open_customers().await?;
        ui.click("customer-row").await?;
        ui.click("c360-new-order").await?;
        // The form opens for this customer, focus on the first line's product.
        let customer = ui.find("order-field-customer").await?.prop("value").await?;
        if !customer.as_deref().unwrap_or_default().contains(CUSTOMER) {
            return Err(format!("the order form's customer is {customer:?}").into());
        }
        ui.pick("order-line-0-product", "order-product-option", CABLE.0)
            .await?;
        // A quantity of zero is explained where the amount would be.
        ui.fill("order-line-0-quantity", "0").await?;
        ui.wait_text("order-line-0-why", "请输入大于零的数量（最多 3 位小数）。")
            .await?;
        // Numbers as a Chinese input method types them, and a price with its sign.
        ui.fill("order-line-0-quantity", "１０").await?;
        ui.fill("order-line-0-unit_price", "¥12.50").await?;
        ui.fill("order-line-0-tax_rate_pct", "13").await?;
        ui.wait_contains("order-line-0-gross", "141.25").await?;
        ui.screenshot("orders_from_customer_form").await?;

        // Dates in the Chinese convention, not the OS's mm/dd/yyyy. Empty means today.
        let today = Local::now().date_naive();
        let iso = today.format("%Y-%m-%d").to_string();
        ui.wait_attr("order-field-ordered_on", "placeholder", "如 2026-12-07")
            .await?;
        // An impossible date is explained beside the field.
        ui.fill("order-field-ordered_on", "2026-02-30").await?;
        ui.press(&[], '\u{E004}').await?; // Tab: the field reads what was typed
        ui.wait_text("order-field-ordered_on-problem", "2026年2月只有 28 天。")
            .await?;
        // Typed as people write it (full-width digits: vitest); shown back in Chinese style.
        let typed = format!("{}/{}/{}", today.year(), today.month(), today.day());
        ui.fill("order-field-ordered_on", &typed).await?;
        ui.press(&[], '\u{E004}').await?;
        date_field_is(&ui, "order-field-ordered_on", &zh_date(today), &iso).await?;
        ui.wait_count("order-field-ordered_on-problem", 0).await?;
        // The promised date from the calendar, by keyboard: a month on, Enter.
        ui.click("order-field-promised_on-calendar").await?;
        ui.wait_text(
            "order-field-promised_on-month",
            &format!("{}年{}月", today.year(), today.month()),
        )
        .await?;
        let heads = ui.client().find_all(Locator::Css(
            r#"[data-testid="order-field-promised_on-popup"] th"#,
        ));
        let heads = heads.await?;
        let first = match heads.first() {
            Some(h) => h.text().await?,
            None => return Err("the calendar has no weekday heads".into()),
        };
        if first != "一" {
            return Err(format!("the Chinese calendar's week starts with {first:?}").into());
        }
        ui.screenshot("datefield_calendar_zh").await?;
        if ui.focused().await? != "order-field-promised_on-day" {
            return Err("the calendar did not put focus on a day".into());
        }
        ui.press(&[], '\u{E00F}').await?; // PageDown
        ui.press(&[], '\u{E007}').await?; // Enter
        let promised = today + Months::new(1);
        date_field_is(
            &ui,
            "order-field-promised_on",
            &zh_date(promised),
            &promised.format("%Y-%m-%d").to_string(),
        )
        .await?;
        ui.wait_count("order-field-promised_on-popup", 0).await?;
        if ui.focused().await? != "order-field-promised_on" {
            return Err("picking a day did not return focus to the field".into());
        }
        ui.screenshot("datefield_zh").await?;

        ui.click("order-save").await?;
        ui.find("order-page").await?;
        ui.wait_text("order-customer", CUSTOMER).await?;
        ui.wait_text("order-ordered-on", &zh_date(today)).await?;
        ui.wait_text("order-promised-on", &zh_date(promised))
            .await?;

        // In English: the order list's date filter reads the US order and shows the app's
        // English style; its calendar opens from the keyboard and Escape closes only it.
        ui.select("lang-switch", "en").await?;
        ui.click("nav-orders").await?;
        ui.find("order-row").await?;
        let first_of_month = today.with_day(1).expect("day 1");
        ui.fill(
            "order-filter-from",
            &format!("{}/1/{}", today.month(), today.year()),
        )
        .await?;
        ui.press(&[], '\u{E004}').await?;
        date_field_is(
            &ui,
            "order-filter-from",
            &first_of_month.format("%b %-d, %Y").to_string(),
            &first_of_month.format("%Y-%m-%d").to_string(),
        )
        .await?;
        ui.wait_count("order-row", 1).await?;
        ui.find("order-filter-from").await?.click().await?;
        ui.press(&[Key::Alt], '\u{E015}').await?; // Alt+ArrowDown opens the calendar
        ui.wait_text(
            "order-filter-from-month",
            &first_of_month.format("%B %Y").to_string(),
        )
        .await?;
        ui.screenshot("datefield_calendar_en").await?;
        ui.press(&[], '\u{E00C}').await?; // Escape
        ui.wait_count("order-filter-from-popup", 0).await?;
        ui.find("order-row").await?;
        // A filter starting after the order's date leaves the list empty.
        ui.fill("order-filter-from", "20991231").await?;
        ui.press(&[], '\u{E004}').await?;
        date_field_is(&ui, "order-filter-from", "Dec 31, 2099", "2099-12-31").await?;
        ui.wait_count("order-row", 0).await?;
        ui.screenshot("datefield_en").await?;
        Ok(())
    })
    .await;
}
