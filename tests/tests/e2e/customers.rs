//! Customers: create, validation messages in both languages, persistence across restarts.

use chainbook_e2e::{session, DataDir, Ui};

const EMAIL_ERROR_EN: &str = "Enter a valid email address, e.g. name@example.com";
const EMAIL_ERROR_ZH: &str = "请输入有效的邮箱地址，例如 name@example.com";

/// Opens the form from the list, fills the fields given as `(testid, value)` and saves.
async fn create_customer(ui: &Ui, fields: &[(&str, &str)]) -> chainbook_e2e::Result<()> {
    ui.open_customers().await?;
    ui.click("customer-new").await?;
    for (id, value) in fields {
        ui.fill(id, value).await?;
    }
    ui.click("customer-save").await?;
    Ok(())
}

#[tokio::test]
async fn add_customer_shows_it_in_the_list() {
    let data = DataDir::new("customer_add");
    session("customer_add", &data, |ui| async move {
        let name = "深圳华为技术有限公司";
        create_customer(
            &ui,
            &[
                ("field-name", name),
                ("field-email", "info@huawei.com"),
                ("field-city", "深圳"),
            ],
        )
        .await?;
        // Back on the list, the new customer is there.
        ui.find("customer-new").await?;
        ui.wait_contains("customer-row", name).await?;
        ui.screenshot("customer_add").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn invalid_email_is_explained_in_both_languages_and_not_saved() {
    let data = DataDir::new("customer_invalid_email");
    session("customer_invalid_email", &data, |ui| async move {
        ui.open_customers().await?;
        ui.click("customer-new").await?;
        ui.fill("field-name", "无效邮箱测试公司").await?;
        ui.fill("field-email", "not-an-email").await?;
        ui.click("customer-save").await?;
        ui.find("error-email").await?;

        ui.select("lang-switch", "en").await?;
        ui.wait_text("error-email", EMAIL_ERROR_EN).await?;
        ui.screenshot("customer_invalid_email_en").await?;

        ui.select("lang-switch", "zh-CN").await?;
        ui.wait_text("error-email", EMAIL_ERROR_ZH).await?;
        ui.screenshot("customer_invalid_email_zh-CN").await?;

        // Cancel returns to the list, which is still empty: nothing was saved.
        ui.click("customer-cancel").await?;
        ui.find("customers-empty").await?;
        let rows = ui.texts("customer-row").await?;
        if !rows.is_empty() {
            return Err(format!("expected no customers after cancel, found {rows:?}").into());
        }
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn customer_survives_a_restart() {
    let data = DataDir::new("customer_persist");
    let name = "上海浦东发展银行股份有限公司";
    session("customer_persist_1", &data, |ui| async move {
        create_customer(&ui, &[("field-name", name), ("field-city", "上海")]).await?;
        ui.wait_contains("customer-row", name).await?;
        Ok(())
    })
    .await;
    // The first session has ended, and the app with it; a new launch reads the same folder.
    session("customer_persist_2", &data, |ui| async move {
        ui.open_customers().await?;
        ui.wait_contains("customer-row", name).await?;
        ui.screenshot("customer_persist_after_restart").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn delete_asks_for_confirmation_then_removes_the_customer() {
    let data = DataDir::new("customer_delete");
    session("customer_delete", &data, |ui| async move {
        let name = "待删除的测试客户";
        create_customer(&ui, &[("field-name", name)]).await?;
        ui.wait_contains("customer-row", name).await?;
        ui.click("customer-row").await?;
        ui.wait_text("customer-360-name", name).await?;
        ui.click("customer-edit").await?;
        ui.click("customer-delete").await?;
        ui.find("confirm-dialog").await?;
        ui.screenshot("customer_delete_confirm").await?;
        // Cancelling keeps the customer; confirming removes it.
        ui.click("confirm-cancel").await?;
        ui.wait_count("confirm-dialog", 0).await?;
        ui.click("customer-delete").await?;
        ui.click("confirm-ok").await?;
        ui.find("customers-empty").await?;
        Ok(())
    })
    .await;
}
