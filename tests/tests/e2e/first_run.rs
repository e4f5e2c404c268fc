//! The first run on a new data folder: the wizard in Chinese with the sample company (its
//! progress, then the guided tour worked with the keyboard, then the home and the customer
//! list showing sample data, and the tour reopened from Help), and the empty start in English
//! (a refused currency sent back to its field, the country's currency preselected, the base
//! currency in Settings, no wizard at the next start). Screenshots of every step at 1280×720.

use std::time::{Duration, Instant};

use chainbook_e2e::{session, DataDir, Result, Ui};
use chainbook_store::Store;

const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";

/// Building the sample in a debug build on a loaded machine takes tens of seconds.
const SAMPLE_TIMEOUT: Duration = Duration::from_secs(180);

async fn wait_long(ui: &Ui, id: &str, limit: Duration) -> Result<()> {
    let start = Instant::now();
    loop {
        if !ui.find_all(id).await?.is_empty() {
            return Ok(());
        }
        if start.elapsed() > limit {
            return Err(format!("waited {limit:?} for [data-testid={id}]").into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Sends a key to whatever has focus (the tour listens on the window).
async fn key(ui: &Ui, k: &str) -> Result<()> {
    ui.client().active_element().await?.send_keys(k).await?;
    Ok(())
}

async fn value(ui: &Ui, id: &str) -> Result<String> {
    Ok(ui.find(id).await?.prop("value").await?.unwrap_or_default())
}

async fn focused(ui: &Ui) -> Result<String> {
    Ok(ui
        .client()
        .active_element()
        .await?
        .attr("data-testid")
        .await?
        .unwrap_or_default())
}

async fn tour_step(ui: &Ui, step: &str) -> Result<()> {
    ui.wait_attr("tour-card", "data-step", step).await
}

#[tokio::test]
async fn first_run_in_chinese_with_the_sample_company() {
    let data = DataDir::new("first_run_sample");
    data.first_run();
    session("first_run_sample", &data, |ui| async move {
        ui.client().set_window_size(1280, 720).await?;
        ui.find("firstrun").await?;
        ui.click("firstrun-lang-zh-CN").await?;
        ui.wait_contains("firstrun", "界面语言").await?;
        ui.screenshot("first_run_zh_1_language").await?;
        ui.click("firstrun-next").await?;
        ui.fill("firstrun-company-name", "深圳链簿贸易有限公司")
            .await?;
        ui.fill("firstrun-home-country", "CN").await?;
        if value(&ui, "firstrun-base-currency").await? != "CNY" {
            return Err("China's currency was not preselected".into());
        }
        ui.screenshot("first_run_zh_2_company").await?;
        ui.click("firstrun-next").await?;
        ui.click("firstrun-start-sample").await?;
        ui.screenshot("first_run_zh_3_start").await?;
        ui.click("firstrun-finish").await?;
        ui.find("firstrun-progress").await?;
        ui.wait_contains("firstrun-progress", "示例公司").await?;
        ui.screenshot("first_run_zh_4_progress").await?;

        // The tour follows, worked with the keyboard: Enter goes on, Esc skips.
        wait_long(&ui, "tour-card", SAMPLE_TIMEOUT).await?;
        tour_step(&ui, "home").await?;
        ui.wait_contains("tour-card", "首页与分析").await?;
        if focused(&ui).await? != "tour-next" {
            return Err("the tour's Next button does not have focus".into());
        }
        ui.screenshot("first_run_zh_5_tour_home").await?;
        key(&ui, ENTER).await?;
        tour_step(&ui, "customers").await?;
        ui.wait_contains("customer-row", "").await?;
        ui.screenshot("first_run_zh_6_tour_customers").await?;
        key(&ui, ENTER).await?;
        tour_step(&ui, "orders").await?;
        key(&ui, ESCAPE).await?;
        ui.wait_count("tour-card", 0).await?;

        // The home and the customer list show the sample.
        ui.click("nav-home").await?;
        ui.find("home-group").await?;
        let counts = ui.texts("home-count").await?;
        if !counts.iter().any(|c| c.trim() != "0") {
            return Err(format!("the home shows nothing to do: {counts:?}").into());
        }
        ui.screenshot("first_run_zh_7_home").await?;
        ui.open_customers().await?;
        ui.wait_contains("customer-row", "").await?;
        if ui.texts("customer-row").await?.len() < 10 {
            return Err("the customer list shows fewer than 10 sample customers".into());
        }
        ui.screenshot("first_run_zh_8_customers").await?;

        // Help reopens the tour.
        ui.click("nav-help").await?;
        ui.click("open-tour").await?;
        tour_step(&ui, "home").await?;
        key(&ui, ESCAPE).await?;
        ui.wait_count("tour-card", 0).await?;
        Ok(())
    })
    .await;
    let s = Store::open(&data.path().join("chainbook.db")).expect("open the store");
    assert!(s.settings().is_set_up().unwrap());
    assert_eq!(s.settings().locale().unwrap().as_deref(), Some("zh-CN"));
    assert_eq!(s.settings().base_currency().unwrap(), "CNY");
    assert_eq!(s.settings().company().unwrap().name, "深圳链簿贸易有限公司");
    let customers = s
        .customers()
        .list(&chainbook_store::CustomerQuery::default())
        .unwrap()
        .total;
    assert_eq!(customers, chainbook_datagen::SAMPLE.customers as u64);
}

#[tokio::test]
async fn first_run_in_english_with_an_empty_start() {
    let data = DataDir::new("first_run_empty");
    data.first_run();
    session("first_run_empty", &data, |ui| async move {
        ui.client().set_window_size(1280, 720).await?;
        ui.find("firstrun").await?;
        ui.click("firstrun-lang-en").await?;
        ui.wait_contains("firstrun", "Language").await?;
        ui.screenshot("first_run_en_1_language").await?;
        ui.click("firstrun-next").await?;
        ui.fill("firstrun-company-name", "Acme Trading Ltd").await?;
        ui.fill("firstrun-home-country", "US").await?;
        if value(&ui, "firstrun-base-currency").await? != "USD" {
            return Err("the US's currency was not preselected".into());
        }
        // A currency that is not ISO 4217 comes back to its field, and nothing is saved.
        ui.fill("firstrun-base-currency", "XYZ").await?;
        ui.click("firstrun-next").await?;
        ui.click("firstrun-start-empty").await?;
        ui.screenshot("first_run_en_3_start").await?;
        ui.click("firstrun-finish").await?;
        ui.find("error-base_currency").await?;
        if focused(&ui).await? != "firstrun-base-currency" {
            return Err("the refused currency's field does not have focus".into());
        }
        ui.screenshot("first_run_en_2_company_error").await?;
        ui.fill("firstrun-base-currency", "usd").await?;
        ui.click("firstrun-next").await?;
        ui.click("firstrun-finish").await?;
        ui.find("tour-card").await?;
        tour_step(&ui, "home").await?;
        ui.screenshot("first_run_en_4_tour_home").await?;
        for step in ["customers", "orders", "products", "service", "palette"] {
            key(&ui, ENTER).await?;
            tour_step(&ui, step).await?;
        }
        ui.screenshot("first_run_en_5_tour_palette").await?;
        key(&ui, ENTER).await?;
        ui.wait_count("tour-card", 0).await?;
        ui.open_customers().await?;
        ui.wait_count("customer-row", 0).await?;
        ui.click("nav-settings").await?;
        ui.find("settings-base-currency").await?;
        if value(&ui, "settings-base-currency").await? != "USD" {
            return Err("Settings does not show the base currency".into());
        }
        ui.screenshot("first_run_en_6_settings").await?;
        Ok(())
    })
    .await;
    // The next start goes straight to the app.
    session("first_run_empty_again", &data, |ui| async move {
        ui.find("nav-home").await?;
        ui.wait_count("firstrun", 0).await?;
        Ok(())
    })
    .await;
    let s = Store::open(&data.path().join("chainbook.db")).expect("open the store");
    assert!(!s.has_records().unwrap());
    assert_eq!(s.settings().base_currency().unwrap(), "USD");
    assert_eq!(s.settings().home_country().unwrap(), "US");
    assert_eq!(s.settings().locale().unwrap().as_deref(), Some("en"));
}
