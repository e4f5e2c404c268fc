//! Replenishment: on a store prepared with sales history, the product list and page show the
//! stock to plan with; the Replenishment page lists a supplier's products below their reorder
//! point with the numbers behind each suggestion; three of them become one draft purchase
//! order in one click, found in purchasing with the suggested (and one edited) quantity.

use chainbook_core::order::{LineMoneyDraft, OrderDraft, OrderLineDraft, ShipmentDraft};
use chainbook_core::product::{MovementDraft, ProductDraft};
use chainbook_core::supplier::{SupplierDraft, SupplyDraft};
use chainbook_e2e::{session, DataDir};
use chainbook_store::Store;
use chrono::{Duration, Local};
use fantoccini::key::Key;

const SUPPLIER: &str = "宁波精工五金有限公司";
const SKUS: [&str; 4] = ["RP-BOLT", "RP-NUT", "RP-WASHER", "RP-PIN"];

/// Per SKU (in the page's order), the suggested quantity the store computes for today.
struct Expected {
    quantities: Vec<(String, String)>,
}

/// Four products of one preferred supplier, each sold on several of the last 40 days and
/// received just enough before, so each is at zero stock and below its reorder point.
fn prepare(data: &DataDir) -> Expected {
    let mut s = Store::open(&data.path().join("chainbook.db")).expect("open");
    let today = Local::now().date_naive();
    let customer = s
        .customers_mut()
        .create(&chainbook_core::customer::CustomerDraft {
            kind: chainbook_core::customer::CustomerKind::Company,
            name: "上海鼎盛机电有限公司".into(),
            phone: "021-12345678".into(),
            country: "CN".into(),
            currency: "CNY".into(),
            ..Default::default()
        })
        .expect("customer")
        .id;
    let supplier = s
        .suppliers_mut()
        .create(&SupplierDraft {
            code: "SUP-RP".into(),
            name: SUPPLIER.into(),
            status: "approved".into(),
            ..Default::default()
        })
        .expect("supplier")
        .id;
    for (i, sku) in SKUS.iter().enumerate() {
        let p = s
            .products_mut()
            .create(&ProductDraft {
                sku: (*sku).into(),
                name: format!("备件 {sku}"),
                unit: "件".into(),
                category: "紧固件".into(),
                currency: "CNY".into(),
                price: "2.00".into(),
                cost: "1.00".into(),
                pack_size: "10".into(),
                min_order_qty: "50".into(),
                lead_time_days: "7".into(),
                active: true,
                ..Default::default()
            })
            .expect("product")
            .id;
        s.suppliers_mut()
            .set_supply(&SupplyDraft {
                supplier_id: supplier,
                product_id: p,
                currency: "CNY".into(),
                price: "0.80".into(),
                lead_time_days: "14".into(),
                preferred: true,
            })
            .expect("supply");
        let days: Vec<i64> = (1..=40).filter(|d| d % (i as i64 + 2) == 0).collect();
        let per_day = 3 + i as i64;
        let total = per_day * days.len() as i64;
        s.stock_mut()
            .record(&MovementDraft {
                product_id: p,
                kind: "receipt".into(),
                quantity: total.to_string(),
                // Received before the first sale, so the stock chart reads as it happened.
                occurred_at: format!("{}T08:00:00Z", today - Duration::days(41)),
                ..Default::default()
            })
            .expect("receipt");
        let o = s
            .orders_mut()
            .create(&OrderDraft {
                customer_id: customer,
                promised_on: today.to_string(),
                lines: vec![OrderLineDraft {
                    id: None,
                    product_id: p,
                    money: LineMoneyDraft {
                        quantity: total.to_string(),
                        unit_price: "2.00".into(),
                        discount_pct: String::new(),
                        tax_rate_pct: String::new(),
                    },
                }],
                ..Default::default()
            })
            .expect("order");
        s.orders_mut().confirm(o.id, true, true).expect("confirm");
        for d in days {
            s.orders_mut()
                .ship(
                    o.id,
                    &ShipmentDraft {
                        shipped_on: (today - Duration::days(d)).to_string(),
                        lines: vec![(o.lines[0].id, per_day.to_string())],
                        ..Default::default()
                    },
                )
                .expect("ship");
        }
    }
    // The forecasts the app would make at start, made now: the suggestions below use them.
    s.planning_mut()
        .refresh_forecasts(today, 100, |_, _| {}, || false)
        .expect("forecasts");
    let groups = s.planning().suggestions(today).expect("suggestions");
    assert_eq!(groups.len(), 1, "one supplier's group");
    let quantities = groups[0]
        .lines
        .iter()
        .map(|l| (l.sku.clone(), l.reorder.quantity.to_decimal().to_string()))
        .collect::<Vec<_>>();
    assert_eq!(quantities.len(), 4, "every product needs ordering");
    Expected { quantities }
}

#[tokio::test]
async fn three_suggestions_become_one_draft_po_found_in_purchasing() {
    let data = DataDir::new("replenishment");
    let want = prepare(&data);
    session("replenishment", &data, |ui| async move {
        ui.select("lang-switch", "en").await?;
        // The product list shows reserved, available, on order and the class.
        ui.click("nav-products").await?;
        ui.wait_count("product-row", 4).await?;
        ui.wait_contains("product-class", "A").await?;
        ui.screenshot("replenishment_product_list_en").await?;
        // The product page: the stock to plan with and the plan's figures.
        ui.click_containing("product-row", "RP-BOLT").await?;
        ui.find("product-plan").await?;
        ui.wait_contains("product-count-frequency", "monthly")
            .await?;
        ui.wait_text("product-on-order", "0 件").await?;
        ui.scroll_to(&ui.find("product-plan").await?).await?;
        ui.screenshot("replenishment_product_page_en").await?;

        ui.click("nav-purchasing").await?;
        ui.click("replenishment-open").await?;
        ui.find("replenishment-page").await?;
        ui.wait_count("replenishment-line", 4).await?;
        ui.wait_contains("replenishment-group", SUPPLIER).await?;
        // The lines by SKU, each with the store's suggested quantity in its input.
        let lines = ui.texts("replenishment-line").await?;
        let mut shown = Vec::new();
        for (line, input) in lines.iter().zip(ui.find_all("replenishment-qty").await?) {
            let sku = line
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
            shown.push((sku, input.prop("value").await?.unwrap_or_default()));
        }
        if shown != want.quantities {
            return Err(format!("lines {shown:?}, expected {:?}", want.quantities).into());
        }
        let why = ui.texts("replenishment-why").await?;
        if !why[0].contains("Safety stock") || !why[0].contains("rounded up to packs of 10") {
            return Err(format!("no reasoning shown: {why:?}").into());
        }
        // Select the first three; change the third's quantity by hand.
        let boxes = ui.find_all("replenishment-select").await?;
        for b in boxes.iter().take(3) {
            b.click().await?;
        }
        let qtys = ui.find_all("replenishment-qty").await?;
        qtys[2].clear().await?;
        qtys[2].send_keys("120").await?;
        ui.wait_contains("replenishment-create", "(3)").await?;
        ui.screenshot("replenishment_page_en").await?;
        ui.select("lang-switch", "zh-CN").await?;
        ui.wait_contains("replenishment-create", "生成采购订单草稿")
            .await?;
        ui.screenshot("replenishment_page_zh-CN").await?;

        ui.click("replenishment-create").await?;
        ui.wait_count("replenishment-created-link", 1).await?;
        // The page reloads: only the unselected product is left to order.
        ui.wait_count("replenishment-line", 1).await?;
        ui.screenshot("replenishment_created_zh-CN").await?;
        ui.click("replenishment-created-link").await?;
        ui.find("po-page").await?;
        ui.wait_attr("po-status", "data-status", "draft").await?;
        ui.wait_count("po-line-row", 3).await?;
        let mut ordered = Vec::new();
        for input in ui.find_all("po-line-quantity").await? {
            ordered.push(input.prop("value").await?.unwrap_or_default());
        }
        let expected: Vec<String> = want
            .quantities
            .iter()
            .take(3)
            .enumerate()
            .map(|(i, (_, q))| if i == 2 { "120".to_string() } else { q.clone() })
            .collect();
        if ordered != expected {
            return Err(format!("ordered {ordered:?}, expected {expected:?}").into());
        }
        ui.screenshot("replenishment_draft_po_zh-CN").await?;
        // The draft is still editable: the first line becomes 60.
        ui.fill("po-line-quantity", "60").await?;
        ui.find("po-line-quantity")
            .await?
            .send_keys(&Key::Tab.to_string())
            .await?;
        // Saved: 60 + the other two lines at 0.80 each.
        let total = format!(
            "{:.2}",
            (60.0 + want.quantities[1].1.parse::<f64>()? + 120.0) * 0.8
        );
        ui.wait_contains("po-total", &total).await?;
        // And it is in the purchase order list as a draft, with the edit kept.
        ui.click("nav-purchasing").await?;
        ui.wait_count("po-row", 1).await?;
        ui.wait_contains("po-row", SUPPLIER).await?;
        ui.click("po-row").await?;
        ui.wait_count("po-line-quantity", 3).await?;
        let first = ui.find("po-line-quantity").await?.prop("value").await?;
        if first.as_deref() != Some("60") {
            return Err(format!("the edited quantity was not kept: {first:?}").into());
        }
        // The ordered quantity is on order on the product's page.
        ui.click("nav-products").await?;
        ui.click_containing("product-row", "RP-BOLT").await?;
        // The edited draft is on order on the product's page.
        ui.wait_text("product-on-order", "60 件").await?;
        ui.screenshot("replenishment_product_page_zh-CN").await?;
        ui.scroll_to(&ui.find("product-plan").await?).await?;
        ui.screenshot("replenishment_product_plan_zh-CN").await?;
        Ok(())
    })
    .await;
}
