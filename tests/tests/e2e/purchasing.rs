//! Suppliers and purchase orders: raise a PO, send it, receive part of it (accepted and
//! rejected), see the status and the stock follow; over-delivery needs a confirmation; a
//! blocked supplier cannot get a PO.

use std::time::Instant;

use chainbook_e2e::{session, DataDir, Result, Ui, TIMEOUT};
use fantoccini::key::Key;

const SUPPLIER_CODE: &str = "SUP-E2E";
const SUPPLIER_NAME: &str = "佛山华南包装材料有限公司";
pub(crate) const SKU: &str = "BOX-A4";

/// Creates a supplier with one contact from the suppliers section; ends on its page.
pub(crate) async fn create_supplier(
    ui: &Ui,
    code: &str,
    name: &str,
    status: &str,
    shot: Option<&str>,
) -> Result<()> {
    ui.click("nav-suppliers").await?;
    ui.click("supplier-new").await?;
    ui.fill("supplier-field-code", code).await?;
    ui.fill("supplier-field-name", name).await?;
    ui.select("supplier-field-status", status).await?;
    ui.fill("supplier-field-categories", "包装材料").await?;
    ui.click("contact-add").await?;
    ui.fill("contact-0-name", "李娜").await?;
    ui.fill("contact-0-phone", "13800138000").await?;
    if let Some(name) = shot {
        ui.screenshot(name).await?;
    }
    ui.click("supplier-save").await?;
    ui.find("supplier-page").await?;
    ui.wait_text("supplier-page-name", name).await?;
    Ok(())
}

/// Creates a product from the products section; ends on its page.
pub(crate) async fn create_product(ui: &Ui, sku: &str, name: &str) -> Result<()> {
    ui.click("nav-products").await?;
    ui.click("product-new").await?;
    ui.fill("product-field-sku", sku).await?;
    ui.fill("product-field-name", name).await?;
    ui.fill("product-field-unit", "个").await?;
    ui.fill("product-field-price", "3.50").await?;
    ui.click("product-save").await?;
    ui.find("product-page").await?;
    Ok(())
}

/// Opens the new-PO form, picks the supplier and one product line and saves.
async fn raise_po(ui: &Ui, supplier_code: &str, qty: &str, price: &str) -> Result<()> {
    ui.click("nav-purchasing").await?;
    ui.click("po-new").await?;
    ui.pick("po-field-supplier", "supplier-pick-option", supplier_code)
        .await?;
    ui.pick("po-line-0-product", "product-pick-option", SKU)
        .await?;
    ui.fill("po-line-0-quantity", qty).await?;
    ui.fill("po-line-0-unit_price", price).await?;
    ui.click("po-save").await?;
    Ok(())
}

#[tokio::test]
async fn partial_receipt_updates_the_po_and_the_stock() {
    let data = DataDir::new("purchasing_receive");
    session("purchasing_receive", &data, |ui| async move {
        ui.select("lang-switch", "zh-CN").await?;
        create_supplier(
            &ui,
            SUPPLIER_CODE,
            SUPPLIER_NAME,
            "approved",
            Some("purchasing_supplier_form"),
        )
        .await?;
        ui.wait_contains("supplier-page-contact", "李娜").await?;
        create_product(&ui, SKU, "A4 瓦楞纸箱").await?;
        ui.wait_text("product-on-hand", "0").await?;

        // A PO for 10 units, sent to the supplier.
        raise_po(&ui, SUPPLIER_CODE, "10", "2.80").await?;
        ui.find("po-page").await?;
        ui.wait_attr("po-status", "data-status", "draft").await?;
        ui.wait_text("po-status", "草稿").await?;
        ui.wait_contains("po-supplier", SUPPLIER_NAME).await?;
        ui.click("po-send").await?;
        ui.wait_attr("po-status", "data-status", "sent").await?;

        // 6 accepted, 2 rejected as defective: partially received.
        ui.click("po-receive-open").await?;
        ui.find("receipt-dialog").await?;
        ui.fill("receipt-line-0-received", "6").await?;
        ui.fill("receipt-line-0-rejected", "2").await?;
        ui.screenshot("purchasing_receipt_dialog").await?;
        ui.click("receipt-save").await?;
        ui.wait_count("receipt-dialog", 0).await?;
        ui.wait_attr("po-status", "data-status", "partially_received")
            .await?;
        ui.wait_text("po-status", "部分到货").await?;
        ui.wait_text("po-line-accepted", "6").await?;
        ui.wait_text("po-line-rejected", "2").await?;
        ui.wait_text("po-line-outstanding", "2").await?;
        ui.wait_count("po-line-row", 1).await?;
        ui.wait_text("po-line-name", "A4 瓦楞纸箱").await?;
        ui.screenshot("purchasing_po_page_zh-CN").await?;
        ui.select("lang-switch", "en").await?;
        ui.wait_text("po-status", "Partially received").await?;
        ui.screenshot("purchasing_po_page_en").await?;
        ui.select("lang-switch", "zh-CN").await?;

        // The product's stock rose by exactly the accepted 6.
        ui.click("po-line-product").await?;
        ui.find("product-page").await?;
        ui.wait_text("product-on-hand", "6").await?;
        // Bought from the supplier, though it records no offer for the product.
        ui.wait_contains("product-received-from", SUPPLIER_NAME)
            .await?;
        ui.wait_count("product-suppliers-empty", 0).await?;

        // The rest: 5 more than the 2 outstanding needs a confirmed over-delivery.
        ui.click("nav-purchasing").await?;
        ui.click("po-row").await?;
        ui.click("po-receive-open").await?;
        ui.find("receipt-dialog").await?;
        ui.fill("receipt-line-0-received", "5").await?;
        ui.click("receipt-save").await?;
        ui.wait_attr("receipt-error", "data-code", "over_delivery")
            .await?;
        ui.wait_contains("receipt-error", "超过").await?;
        ui.screenshot("purchasing_over_delivery").await?;
        ui.click("receipt-confirm-over").await?;
        ui.click("receipt-save").await?;
        ui.wait_count("receipt-dialog", 0).await?;
        ui.wait_attr("po-status", "data-status", "received").await?;
        ui.wait_text("po-line-accepted", "11").await?;
        ui.wait_count("po-receipt-row", 2).await?;
        ui.click("po-line-product").await?;
        ui.wait_text("product-on-hand", "11").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn blocked_supplier_gets_no_purchase_order() {
    let data = DataDir::new("purchasing_blocked");
    session("purchasing_blocked", &data, |ui| async move {
        ui.select("lang-switch", "zh-CN").await?;
        create_product(&ui, SKU, "A4 瓦楞纸箱").await?;
        create_supplier(&ui, "SUP-BLK", "停用的供应商", "blocked", None).await?;
        ui.wait_attr("supplier-page-status", "data-status", "blocked")
            .await?;
        if ui.find("supplier-new-po").await?.is_enabled().await? {
            return Err("New purchase order is enabled for a blocked supplier".into());
        }
        ui.find("supplier-blocked-hint").await?;

        // From the purchasing section the backend refuses it, and the form says why.
        raise_po(&ui, "SUP-BLK", "10", "2.80").await?;
        ui.wait_text(
            "error-supplier_id",
            "该供应商已禁用，不能为其创建采购订单。请先修改供应商状态。",
        )
        .await?;
        ui.select("lang-switch", "en").await?;
        ui.wait_contains("error-supplier_id", "blocked").await?;
        ui.screenshot("purchasing_blocked_supplier").await?;
        if !ui.find_all("po-page").await?.is_empty() {
            return Err("a purchase order was created for a blocked supplier".into());
        }

        // Approved again, it can get orders; deleting it asks first.
        ui.select("lang-switch", "zh-CN").await?;
        ui.click("nav-suppliers").await?;
        ui.click("supplier-row").await?;
        ui.click("supplier-edit").await?;
        ui.select("supplier-field-status", "approved").await?;
        ui.find("supplier-field-code").await?.clear().await?;
        ui.click("supplier-save").await?;
        ui.wait_text("error-code", "请填写供应商编码。").await?;
        ui.fill("supplier-field-code", "SUP-BLK").await?;
        ui.click("supplier-save").await?;
        ui.wait_attr("supplier-page-status", "data-status", "approved")
            .await?;
        if !ui.find("supplier-new-po").await?.is_enabled().await? {
            return Err("New purchase order stays disabled for an approved supplier".into());
        }
        ui.click("supplier-edit").await?;
        ui.click("supplier-delete").await?;
        ui.click("confirm-ok").await?;
        ui.find("suppliers-empty").await?;
        Ok(())
    })
    .await;
}

/// `today + days` as the app's date inputs hold it ("YYYY-MM-DD", local date).
fn local_date(days: i64) -> String {
    (chrono::Local::now().date_naive() + chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

#[tokio::test]
async fn supplier_page_keeps_supplies_contracts_and_evaluations() {
    let data = DataDir::new("purchasing_supplier_page");
    session("purchasing_supplier_page", &data, |ui| async move {
        ui.select("lang-switch", "zh-CN").await?;
        create_product(&ui, SKU, "A4 瓦楞纸箱").await?;
        create_supplier(&ui, SUPPLIER_CODE, SUPPLIER_NAME, "approved", None).await?;

        // What it supplies: price, lead time, preferred.
        ui.click("supply-add").await?;
        ui.pick("supply-field-product", "product-pick-option", SKU)
            .await?;
        ui.fill("supply-field-price", "2.60").await?;
        ui.fill("supply-field-lead_time_days", "5").await?;
        ui.click("supply-field-preferred").await?;
        ui.click("supply-save").await?;
        ui.wait_count("supply-dialog", 0).await?;
        ui.wait_contains("supply-row", SKU).await?;
        ui.wait_contains("supply-row", "首选").await?;

        // A contract ending before it starts is refused with the contract's own message.
        ui.click("supplier-tab-contracts").await?;
        ui.click("contract-add").await?;
        ui.fill("contract-field-title", "2026 年框架协议").await?;
        ui.fill("contract-field-starts_on", &local_date(-30))
            .await?;
        ui.fill("contract-field-ends_on", &local_date(-60)).await?;
        ui.click("contract-save").await?;
        ui.wait_text("error-ends_on", "结束日期不能早于开始日期。")
            .await?;
        ui.screenshot("purchasing_contract_date_order").await?;
        ui.fill("contract-field-ends_on", &local_date(10)).await?;
        ui.click("contract-save").await?;
        ui.wait_count("contract-dialog", 0).await?;
        ui.wait_contains("contract-row", "2026 年框架协议").await?;
        ui.wait_text("contract-expiry", "10 天后到期").await?;
        ui.screenshot("purchasing_supplier_contracts").await?;

        // A quarterly evaluation.
        ui.click("supplier-tab-evaluations").await?;
        ui.click("evaluation-add").await?;
        ui.fill("evaluation-field-period", "2026-Q3").await?;
        ui.select("evaluation-field-cooperation", "4").await?;
        ui.select("evaluation-field-service", "5").await?;
        ui.select("evaluation-field-technology", "3").await?;
        ui.fill("evaluation-field-comment", "交货及时，包装稳固")
            .await?;
        ui.click("evaluation-save").await?;
        ui.wait_count("evaluation-dialog", 0).await?;
        ui.wait_contains("evaluation-row", "2026-Q3").await?;
        ui.wait_contains("evaluation-row", "4.0").await?;
        ui.screenshot("purchasing_supplier_page").await?;

        // A PO from the supplier page: the supplier is chosen, its price and lead time fill in.
        ui.click("supplier-new-po").await?;
        ui.find("po-form").await?;
        let supplier = ui.find("po-field-supplier").await?;
        let start = Instant::now();
        while supplier.prop("value").await?.as_deref()
            != Some(&format!("{SUPPLIER_CODE} · {SUPPLIER_NAME}"))
        {
            if start.elapsed() > TIMEOUT {
                return Err("the supplier was not preselected in the PO form".into());
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        // The product picker works from the keyboard: type, ↓ to the option, Enter picks it.
        ui.fill("po-line-0-product", "BOX").await?;
        ui.wait_contains("product-pick-option", SKU).await?;
        ui.screenshot("purchasing_product_picker").await?;
        let keys = format!("{}{}", Key::Down, Key::Enter);
        ui.find("po-line-0-product").await?.send_keys(&keys).await?;
        ui.wait_count("product-pick-option", 0).await?;
        let price = ui.find("po-line-0-unit_price").await?.prop("value").await?;
        // The date field holds the ISO date and shows it in the Chinese style.
        let expected = ui
            .find("po-line-0-expected_on")
            .await?
            .attr("data-value")
            .await?;
        let shown = ui
            .find("po-line-0-expected_on")
            .await?
            .prop("value")
            .await?;
        let in_five = chrono::Local::now().date_naive() + chrono::Duration::days(5);
        let in_five_zh = in_five.format("%Y年%-m月%-d日").to_string();
        if shown.as_deref() != Some(in_five_zh.as_str()) {
            return Err(format!("the expected date shows {shown:?}, not {in_five_zh:?}").into());
        }
        if price.as_deref() != Some("2.60") || expected.as_deref() != Some(local_date(5).as_str()) {
            return Err(format!(
                "price {price:?} and expected date {expected:?} were not prefilled"
            )
            .into());
        }
        ui.fill("po-line-0-quantity", "100").await?;
        ui.screenshot("purchasing_po_form").await?;
        ui.click("po-save").await?;
        ui.find("po-page").await?;
        ui.wait_attr("po-status", "data-status", "draft").await?;
        // Cancelling asks first.
        ui.click("po-cancel").await?;
        ui.click("confirm-ok").await?;
        ui.wait_attr("po-status", "data-status", "cancelled")
            .await?;
        ui.wait_text("po-status", "已取消").await?;
        if !ui.find_all("po-send").await?.is_empty() {
            return Err("a cancelled PO still offers Send".into());
        }

        // The contract reminder: counted on the tab, and it leads to the supplier.
        ui.click("nav-suppliers").await?;
        ui.wait_contains("supplier-row", SUPPLIER_NAME).await?;
        ui.screenshot("purchasing_supplier_list").await?;
        ui.wait_text("reminders-count", "1").await?;
        ui.click("reminders-tab").await?;
        ui.wait_contains("reminder-row", "2026 年框架协议").await?;
        ui.screenshot("purchasing_reminders").await?;
        ui.click("reminder-row").await?;
        ui.wait_text("supplier-page-name", SUPPLIER_NAME).await?;
        ui.click("supplier-tab-orders").await?;
        ui.wait_count("supplier-po-row", 1).await?;
        Ok(())
    })
    .await;
}
