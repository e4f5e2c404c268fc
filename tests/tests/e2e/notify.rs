//! Desktop notifications in the real app, shown by a real notification server: a test
//! notification from Settings; turning notifications on tells an overdue follow-up and a
//! product below its safety stock at once, worded in Chinese; a restart does not tell them
//! again. The desktop is a private D-Bus session bus with `dunst` printing what it shows.

use std::time::Duration;

use chainbook_core::product::ProductDraft;
use chainbook_e2e::desktop::{Bus, NotificationServer};
use chainbook_e2e::{seed, session, DataDir};
use chainbook_store::Store;

const CUSTOMER: &str = "深圳华为技术有限公司";

/// A customer with a follow-up two days overdue and a product with nothing of its safety
/// stock on hand; returns the customer's code.
fn prepare(data: &DataDir) -> String {
    let mut s = Store::open(&data.path().join("chainbook.db")).expect("open the store");
    let c = seed::customer(&mut s, CUSTOMER);
    seed::overdue_follow_up(&mut s, &c, "报价跟进");
    s.products_mut()
        .create(&ProductDraft {
            sku: "RT-AX3".into(),
            name: "无线路由器 AX3".into(),
            unit: "台".into(),
            currency: "CNY".into(),
            safety_stock: "10".into(),
            active: true,
            ..Default::default()
        })
        .expect("a product");
    c.code
}

#[tokio::test]
async fn notifications_tell_what_needs_attention_once() {
    let data = DataDir::new("notify");
    let code = prepare(&data);
    let bus = Bus::start();
    let server = std::sync::Arc::new(NotificationServer::start(&bus).expect("dunst"));
    data.set_env("DBUS_SESSION_BUS_ADDRESS", &bus.address);

    let seen = server.clone();
    session("notify", &data, move |ui| async move {
        ui.client().set_window_size(1280, 720).await?;
        ui.find("nav-home").await?;
        ui.select("lang-switch", "zh-CN").await?;
        ui.click("nav-settings").await?;
        let card = ui.find("notify-settings").await?;
        ui.scroll_to(&card).await?;

        // The test notification reaches the desktop.
        ui.click("notify-test").await?;
        ui.find("notify-test-sent").await?;
        let test = seen
            .wait_for("链簿通知已开启", Duration::from_secs(15))
            .await?;
        assert!(test.body.contains("到期跟进"), "{test:?}");

        // On with no kind chosen is refused, in Chinese.
        ui.click("notify-enabled").await?;
        for kind in ["follow_ups", "sla_breaches", "contracts", "low_stock"] {
            ui.click(&format!("notify-kind-{kind}")).await?;
        }
        ui.click("notify-save").await?;
        ui.wait_contains("notify-error", "请至少选择一种通知")
            .await?;
        assert_eq!(seen.shown().len(), 1, "nothing told while refused");

        // Follow-ups and low stock: both told at once after saving.
        ui.click("notify-kind-follow_ups").await?;
        ui.click("notify-kind-low_stock").await?;
        ui.click("notify-save").await?;
        ui.find("notify-saved").await?;
        let due = seen
            .wait_for("1 条跟进到期", Duration::from_secs(15))
            .await?;
        assert!(
            due.body.contains(&code) && due.body.contains(CUSTOMER) && due.body.contains("到期"),
            "{due:?}"
        );
        let low = seen
            .wait_for("1 个产品低于安全库存", Duration::from_secs(15))
            .await?;
        assert_eq!(low.body, "RT-AX3 无线路由器 AX3");
        ui.screenshot("notify_settings_zh").await?;
        ui.select("lang-switch", "en").await?;
        ui.wait_contains("notify-settings", "Show desktop notifications")
            .await?;
        ui.screenshot("notify_settings_en").await?;
        Ok(())
    })
    .await;
    assert_eq!(server.shown().len(), 3, "{:?}", server.shown());

    // A restart: the first check (3 s after start) finds nothing new to tell.
    let seen = server.clone();
    session("notify_restart", &data, move |ui| async move {
        ui.find("nav-home").await?;
        ui.click("nav-settings").await?;
        // The choice came back from the database.
        let start = std::time::Instant::now();
        while ui
            .find("notify-enabled")
            .await?
            .prop("checked")
            .await?
            .as_deref()
            != Some("true")
        {
            if start.elapsed() > Duration::from_secs(15) {
                return Err("notifications are not shown as on after a restart".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        tokio::time::sleep(Duration::from_secs(6)).await;
        assert_eq!(seen.shown().len(), 3, "told again: {:?}", seen.shown());
        Ok(())
    })
    .await;
}
