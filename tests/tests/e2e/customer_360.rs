//! Customer management: a customer with contacts and an address, an interaction with a
//! follow-up, search by pinyin initials, the follow-ups view.

use chainbook_e2e::{session, DataDir};

#[tokio::test]
async fn contacts_interaction_search_and_follow_up() {
    let data = DataDir::new("customer_360");
    session("customer_360", &data, |ui| async move {
        let name = "深圳华为技术有限公司";
        ui.open_customers().await?;
        ui.click("customer-new").await?;
        ui.fill("field-name", name).await?;
        ui.fill("field-city", "深圳").await?;
        ui.click("contact-add").await?;
        ui.fill("contact-0-name", "张伟").await?;
        ui.fill("contact-0-role", "采购经理").await?;
        ui.fill("contact-0-phone", "13800138000").await?;
        ui.click("contact-add").await?;
        ui.fill("contact-1-name", "王芳").await?;
        ui.fill("contact-1-email", "wangfang@huawei.com").await?;
        ui.click("address-add").await?;
        ui.select("address-0-kind", "shipping").await?;
        ui.fill("address-0-country", "CN").await?;
        ui.fill("address-0-city", "深圳").await?;
        ui.fill("address-0-street", "龙岗区坂田华为基地").await?;
        ui.screenshot("customer_360_form").await?;
        ui.click("customer-save").await?;
        ui.wait_contains("customer-row", name).await?;

        // Global search by pinyin initials opens the customer 360 page.
        ui.click("nav-search").await?;
        ui.fill("global-search-input", "hw").await?;
        ui.wait_contains("global-search-hit", name).await?;
        ui.screenshot("customer_360_search_hw").await?;
        ui.click("global-search-hit").await?;
        ui.wait_text("customer-360-name", name).await?;
        ui.wait_contains("customer-360", "张伟").await?;
        ui.wait_contains("customer-360", "王芳").await?;
        ui.wait_contains("customer-360", "龙岗区坂田华为基地")
            .await?;

        // Log a call with a follow-up tomorrow.
        let tomorrow = (chrono::Local::now().date_naive() + chrono::Duration::days(1))
            .format("%Y-%m-%d")
            .to_string();
        ui.click("interaction-add").await?;
        ui.select("interaction-kind", "call").await?;
        ui.fill("interaction-summary", "询问春节前交货安排").await?;
        ui.fill("interaction-followup", &tomorrow).await?;
        // When it happened: a date and a time as an English speaker types them, shown in the
        // app's English style; switching to Chinese re-shows the same value the Chinese way.
        let today = chrono::Local::now().date_naive();
        ui.fill(
            "interaction-occurred",
            &today.format("%-m/%-d/%Y 9:30 am").to_string(),
        )
        .await?;
        ui.press(&[], '\u{E004}').await?; // Tab
        let at = today.format("%Y-%m-%dT09:30").to_string();
        ui.wait_attr("interaction-occurred", "data-value", &at)
            .await?;
        ui.wait_value(
            "interaction-occurred",
            &today.format("%b %-d, %Y, 9:30 AM").to_string(),
        )
        .await?;
        ui.screenshot("datefield_time_en").await?;
        ui.select("lang-switch", "zh-CN").await?;
        ui.wait_value(
            "interaction-occurred",
            &today.format("%Y年%-m月%-d日 09:30").to_string(),
        )
        .await?;
        ui.wait_attr("interaction-occurred", "data-value", &at)
            .await?;
        ui.screenshot("datefield_time_zh").await?;
        ui.click("interaction-save").await?;
        ui.wait_contains("customer-360", "询问春节前交货安排")
            .await?;
        ui.screenshot("customer_360_timeline").await?;

        // The follow-up is listed among the open ones and can be marked done.
        ui.click("nav-followups").await?;
        ui.click("followups-tab-all_open").await?;
        ui.wait_contains("followup-row", name).await?;
        ui.screenshot("customer_360_followups").await?;
        ui.click("followup-done").await?;
        ui.wait_count("followup-row", 0).await?;
        ui.screenshot("customer_360_followups_done").await?;
        Ok(())
    })
    .await;
}
