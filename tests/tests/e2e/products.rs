//! Products and stock: the stock ledger through the product page, a stock count entered from
//! the keyboard and posted, and field errors for a taken SKU and a price with too many places.

use chainbook_e2e::{session, DataDir, Result, Ui};
use fantoccini::Locator;

/// WebDriver's code for the Enter key.
const ENTER: &str = "\u{E007}";

/// Opens the products section in English (the texts below are checked in English).
async fn open_products(ui: &Ui) -> Result<()> {
    ui.select("lang-switch", "en").await?;
    ui.click("nav-products").await?;
    ui.find("product-new").await?;
    Ok(())
}

/// Creates a product from the list and waits for its page.
async fn create_product(ui: &Ui, fields: &[(&str, &str)]) -> Result<()> {
    ui.click("product-new").await?;
    for (field, value) in fields {
        ui.fill(&format!("product-field-{field}"), value).await?;
    }
    ui.click("product-save").await?;
    ui.find("product-page").await?;
    Ok(())
}

/// Records a movement from the product page and waits for on hand to read `on_hand_after`;
/// with `shot`, takes a screenshot of the filled-in dialog first.
async fn record(
    ui: &Ui,
    kind: &str,
    quantity: &str,
    reference: &str,
    on_hand_after: &str,
    shot: Option<&str>,
) -> Result<()> {
    ui.click("movement-open").await?;
    ui.select("movement-field-kind", kind).await?;
    ui.fill("movement-field-quantity", quantity).await?;
    ui.fill("movement-field-reference", reference).await?;
    if let Some(name) = shot {
        ui.screenshot(name).await?;
    }
    ui.click("movement-save").await?;
    ui.wait_count("movement-dialog", 0).await?;
    ui.wait_text("product-on-hand", on_hand_after).await?;
    Ok(())
}

const BOLT: &[(&str, &str)] = &[
    ("sku", "BOLT-M8"),
    ("name", "不锈钢螺栓 M8×50"),
    ("unit", "件"),
    ("category", "紧固件"),
    ("price", "1.25"),
    ("safety_stock", "10"),
];

#[tokio::test]
async fn receipt_and_shipment_show_in_on_hand_chart_and_history() {
    let data = DataDir::new("product_ledger");
    session("product_ledger", &data, |ui| async move {
        open_products(&ui).await?;
        ui.find("products-empty").await?;
        create_product(&ui, BOLT).await?;
        ui.wait_text("product-on-hand", "0").await?;
        ui.find("stock-chart-empty").await?;

        record(&ui, "receipt", "40", "DN-001", "40", None).await?;
        record(
            &ui,
            "shipment",
            "5",
            "SO-001",
            "35",
            Some("product_movement_dialog_en"),
        )
        .await?;

        ui.wait_count("movement-row", 2).await?;
        let rows = ui.texts("movement-row").await?;
        // Newest first: the shipment, then the receipt.
        if !(rows[0].contains("Shipment")
            && rows[0].contains("-5")
            && rows[1].contains("Receipt")
            && rows[1].contains("+40"))
        {
            return Err(format!("unexpected movement rows: {rows:?}").into());
        }
        ui.find("stock-chart").await?;
        let canvases = ui
            .client()
            .find_all(Locator::Css(r#"[data-testid="stock-chart"] canvas"#))
            .await?;
        if canvases.is_empty() {
            return Err("the stock chart has no canvas".into());
        }
        ui.screenshot("product_page_en").await?;

        ui.select("lang-switch", "zh-CN").await?;
        ui.wait_contains("movement-row", "出库").await?;
        ui.screenshot("product_page_zh-CN").await?;

        // Back on the list, the product shows its on hand.
        ui.click("product-back").await?;
        ui.wait_contains("product-row", "BOLT-M8").await?;
        ui.wait_contains("product-row", "35").await?;
        ui.screenshot("product_list_zh-CN").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn stock_count_entered_from_the_keyboard_and_posted_sets_on_hand() {
    let data = DataDir::new("product_count");
    session("product_count", &data, |ui| async move {
        open_products(&ui).await?;
        create_product(&ui, BOLT).await?;
        record(&ui, "receipt", "35", "DN-001", "35", None).await?;
        ui.click("product-back").await?;
        create_product(
            &ui,
            &[("sku", "NUT-M8"), ("name", "六角螺母 M8"), ("unit", "件")],
        )
        .await?;
        ui.click("product-back").await?;

        ui.click("counts-open").await?;
        ui.find("counts-empty").await?;
        ui.click("count-start").await?;
        ui.find("count-start-dialog").await?;
        ui.fill("count-field-note", "Month-end count").await?;
        ui.screenshot("count_start_dialog_en").await?;
        ui.click("count-start-confirm").await?;
        ui.wait_count("count-line", 2).await?;

        // Type a count and press Enter: it is saved and focus moves to the next line (by SKU:
        // BOLT-M8, then NUT-M8), where the next count is typed without touching the mouse.
        let first = ui.find("count-input").await?;
        first.click().await?;
        first.send_keys(&format!("30{ENTER}")).await?;
        let focused = ui.client().active_element().await?;
        focused.send_keys(&format!("2{ENTER}")).await?;
        ui.wait_contains("count-summary", "Counted 2 of 2").await?;
        let diffs = ui.texts("count-difference").await?;
        if diffs != ["-5", "+2"] {
            return Err(format!("unexpected differences: {diffs:?}").into());
        }
        ui.wait_contains("count-summary", "-3").await?;
        ui.screenshot("count_sheet_en").await?;

        ui.click("count-post").await?;
        ui.find("confirm-dialog").await?;
        ui.screenshot("count_post_confirm_en").await?;
        ui.click("confirm-ok").await?;
        ui.find("count-posted").await?;
        if !ui.find_all("count-input").await?.is_empty() {
            return Err("a posted count still has inputs".into());
        }
        ui.select("lang-switch", "zh-CN").await?;
        ui.wait_contains("count-summary", "已盘 2 / 2").await?;
        ui.screenshot("count_posted_zh-CN").await?;

        // The product now holds the counted quantity, with the correction in its history.
        ui.click("count-line-open").await?;
        ui.wait_text("product-page-sku", "BOLT-M8").await?;
        ui.wait_text("product-on-hand", "30").await?;
        ui.wait_count("movement-row", 2).await?;
        ui.wait_contains("movement-row", "盘点差异调整").await?;

        // The count list shows it as posted.
        ui.click("product-back").await?;
        ui.wait_contains("product-row", "NUT-M8").await?;
        ui.click("counts-open").await?;
        ui.wait_contains("count-row", "已过账").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn taken_sku_and_price_with_three_places_are_explained_and_not_saved() {
    let data = DataDir::new("product_invalid");
    session("product_invalid", &data, |ui| async move {
        open_products(&ui).await?;
        create_product(&ui, BOLT).await?;
        ui.click("product-back").await?;
        ui.wait_count("product-row", 1).await?;

        ui.click("product-new").await?;
        ui.fill("product-field-sku", "bolt-m8").await?;
        ui.fill("product-field-name", "重复的货号").await?;
        ui.fill("product-field-unit", "件").await?;
        ui.click("product-save").await?;
        ui.wait_text("error-sku", "Another product already has this SKU.")
            .await?;
        ui.screenshot("product_sku_taken_en").await?;

        ui.fill("product-field-sku", "NUT-M8").await?;
        ui.fill("product-field-price", "1.005").await?;
        ui.click("product-save").await?;
        ui.wait_text("error-price", "Price has too many decimal places.")
            .await?;
        ui.select("lang-switch", "zh-CN").await?;
        ui.wait_text("error-price", "售价的小数位数过多。").await?;
        ui.screenshot("product_price_places_zh-CN").await?;

        // Nothing was saved: the list still holds the one product.
        ui.click("product-cancel").await?;
        ui.wait_count("product-row", 1).await?;
        let rows = ui.texts("product-row").await?;
        if rows.iter().any(|r| r.contains("NUT-M8")) {
            return Err(format!("the invalid product was saved: {rows:?}").into());
        }

        // Deleting asks first; confirmed, the product is gone from the list.
        ui.click("product-row").await?;
        ui.click("product-edit").await?;
        ui.click("product-delete").await?;
        ui.find("confirm-dialog").await?;
        ui.click("confirm-ok").await?;
        ui.find("products-empty").await?;
        Ok(())
    })
    .await;
}
