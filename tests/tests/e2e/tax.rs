//! Tax rates in Settings, in Chinese: a rate listed twice is explained on its row and nothing
//! is saved; a new default (9 %) and a named rate saved; a new order line in the base currency
//! starts at the new default, and the line's tax field offers the rates.

use chainbook_core::product::ProductDraft;
use chainbook_e2e::{seed, session, DataDir};
use chainbook_store::Store;

const CUSTOMER: &str = "深圳华为技术有限公司";

fn prepare(data: &DataDir) {
    let mut s = Store::open(&data.path().join("chainbook.db")).expect("open the store");
    seed::customer(&mut s, CUSTOMER);
    s.products_mut()
        .create(&ProductDraft {
            sku: "RT-AX3".into(),
            name: "无线路由器 AX3".into(),
            unit: "台".into(),
            currency: "CNY".into(),
            price: "299.00".into(),
            active: true,
            ..Default::default()
        })
        .expect("a product");
}

#[tokio::test]
async fn tax_rates_are_edited_in_settings_and_start_new_lines() {
    let data = DataDir::new("tax_rates");
    prepare(&data);
    session("tax_rates", &data, |ui| async move {
        ui.client().set_window_size(1280, 720).await?;
        ui.find("nav-home").await?;
        ui.select("lang-switch", "zh-CN").await?;
        ui.click("nav-settings").await?;
        let form = ui.find("tax-rates-form").await?;
        ui.scroll_to(&form).await?;
        // China's rates until edited.
        ui.wait_count("tax-row", 4).await?;

        // 13 % twice: explained on the second row, nothing saved.
        ui.click("tax-add").await?;
        ui.wait_count("tax-row", 5).await?;
        let rates = ui.find_all("tax-rate").await?;
        rates[4].send_keys("１３%").await?;
        ui.click("tax-save").await?;
        ui.wait_text("tax-error", "这个税率已在列表中。").await?;
        ui.screenshot("tax_rates_duplicate_zh").await?;

        // A named reduced rate instead, and 9 % as the default.
        rates[4].clear().await?;
        rates[4].send_keys("5.5").await?;
        let names = ui.find_all("tax-name").await?;
        names[4].send_keys("小规模").await?;
        let defaults = ui.find_all("tax-default").await?;
        defaults[1].click().await?;
        ui.click("tax-save").await?;
        ui.find("tax-saved").await?;
        ui.screenshot("tax_rates_saved_zh").await?;

        // A new order line in CNY starts at 9 %.
        ui.open_customers().await?;
        ui.click("customer-row").await?;
        ui.click("c360-new-order").await?;
        ui.pick("order-line-0-product", "order-product-option", "RT-AX3")
            .await?;
        let rate = ui
            .find("order-line-0-tax_rate_pct")
            .await?
            .prop("value")
            .await?;
        assert_eq!(rate.as_deref(), Some("9"));
        let offered = ui
            .client()
            .execute(
                "return [...document.querySelectorAll('#order-tax-rates option')].map(o => o.value + '|' + o.textContent.trim());",
                vec![],
            )
            .await?;
        assert_eq!(
            offered,
            serde_json::json!(["13|13 %", "9|9 %", "6|6 %", "0|0 %", "5.5|小规模 5.5 %"])
        );
        Ok(())
    })
    .await;
}
