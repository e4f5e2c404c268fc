//! Demand forecast on the product page: a product sold for three years with a yearly season
//! and never forecast; the app forecasts it in the background at start, and its page shows
//! the next three months, the chart with the history, forecast and both bands, the model and
//! its accuracy against the naive baseline, in English and Chinese; then its category's.

use chainbook_core::order::{LineMoneyDraft, OrderDraft, OrderLineDraft, ShipmentDraft};
use chainbook_core::product::ProductDraft;
use chainbook_e2e::{session, DataDir};
use chainbook_store::Store;
use chrono::{Datelike, Local, Months, NaiveDate};

fn prepare(data: &DataDir) {
    let mut s = Store::open(&data.path().join("chainbook.db")).expect("open");
    let customer = s
        .customers_mut()
        .create(&chainbook_core::customer::CustomerDraft {
            kind: chainbook_core::customer::CustomerKind::Company,
            name: "杭州暖风电器有限公司".into(),
            phone: "0571-12345678".into(),
            country: "CN".into(),
            currency: "CNY".into(),
            ..Default::default()
        })
        .expect("customer")
        .id;
    let p = s
        .products_mut()
        .create(&ProductDraft {
            sku: "FC-HEATER".into(),
            name: "暖风机 2000W".into(),
            unit: "台".into(),
            category: "小家电".into(),
            currency: "CNY".into(),
            price: "199.00".into(),
            cost: "120.00".into(),
            pack_size: "1".into(),
            active: true,
            ..Default::default()
        })
        .expect("product")
        .id;
    let today = Local::now().date_naive();
    let this_month = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap();
    // Heaters sell in winter: 36 months ending last month.
    for k in (1..=36u32).rev() {
        let month = this_month - Months::new(k);
        let winter = [11, 12, 1, 2].contains(&month.month());
        let qty = if winter {
            60 + k as i64 % 7
        } else {
            12 + k as i64 % 5
        };
        let on = (month + chrono::Duration::days(9)).to_string();
        let o = s
            .orders_mut()
            .create(&OrderDraft {
                customer_id: customer,
                ordered_on: on.clone(),
                promised_on: on.clone(),
                lines: vec![OrderLineDraft {
                    id: None,
                    product_id: p,
                    money: LineMoneyDraft {
                        quantity: qty.to_string(),
                        unit_price: "199.00".into(),
                        discount_pct: String::new(),
                        tax_rate_pct: String::new(),
                    },
                }],
                ..Default::default()
            })
            .expect("order");
        s.orders_mut().confirm(o.id, true, true).expect("confirm");
        s.orders_mut()
            .ship(
                o.id,
                &ShipmentDraft {
                    shipped_on: on,
                    lines: vec![(o.lines[0].id, qty.to_string())],
                    ..Default::default()
                },
            )
            .expect("ship");
    }
    assert_eq!(s.planning().forecasts_due(today).expect("due"), (1, 1));
}

#[tokio::test]
async fn a_seasonal_products_forecast_with_its_bands_on_its_page() {
    let data = DataDir::new("forecast");
    prepare(&data);
    session("forecast", &data, |ui| async move {
        ui.select("lang-switch", "en").await?;
        ui.click("nav-products").await?;
        ui.click_containing("product-row", "FC-HEATER").await?;
        ui.find("product-forecast").await?;
        // Made in the background at start; the card follows the run and shows it.
        ui.wait_count("forecast-next-mean", 3).await?;
        ui.wait_attr("forecast-chart", "data-ready", "true").await?;
        ui.wait_contains("forecast-model", "Holt-Winters").await?;
        ui.wait_contains("forecast-accuracy", "MASE").await?;
        let means = ui.texts("forecast-next-mean").await?;
        if means.iter().any(|m| !m.ends_with('台')) {
            return Err(format!("next months {means:?}").into());
        }
        ui.scroll_to(&ui.find("product-forecast").await?).await?;
        ui.screenshot("forecast_product_page_en").await?;
        ui.select("lang-switch", "zh-CN").await?;
        ui.wait_contains("product-forecast", "需求预测").await?;
        ui.wait_contains("forecast-accuracy", "回测误差").await?;
        ui.scroll_to(&ui.find("product-forecast").await?).await?;
        ui.screenshot("forecast_product_page_zh-CN").await?;
        // The category's demand (this product alone here), forecast when chosen.
        ui.click("forecast-scope-category").await?;
        ui.wait_attr("forecast-scope-category", "aria-pressed", "true")
            .await?;
        ui.wait_count("forecast-next-mean", 3).await?;
        ui.wait_contains("forecast-model", "Holt-Winters").await?;
        ui.screenshot("forecast_category_zh-CN").await?;
        Ok(())
    })
    .await;
}
