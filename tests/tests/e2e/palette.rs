//! Speed of hand: the command palette (Ctrl+K) to a customer, to an order by its number and to
//! "新建订单"; an order created with the keyboard alone (palette → new order → customer → a
//! line → Ctrl+Enter); the shortcut sheet (`?`); the home showing an overdue follow-up and
//! opening it — in Chinese, then the same screens in English, at 1280×720.

use chainbook_core::order::{LineMoneyDraft, OrderDraft, OrderLineDraft};
use chainbook_core::product::{MovementDraft, ProductDraft};
use chainbook_e2e::{seed, session, DataDir, Result, Ui};
use chainbook_store::Store;
use fantoccini::key::Key;

const CUSTOMER: &str = "深圳华为技术有限公司";

/// A customer with an overdue follow-up, a stocked product and one order; returns the
/// order's number and the customer's id.
fn prepare(data: &DataDir) -> (String, String) {
    let mut s = Store::open(&data.path().join("chainbook.db")).expect("open the store");
    let c = seed::customer(&mut s, CUSTOMER);
    seed::overdue_follow_up(&mut s, &c, "报价跟进");
    let p = s
        .products_mut()
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
    s.stock_mut()
        .record(&MovementDraft {
            product_id: p.id,
            kind: "receipt".into(),
            quantity: "100".into(),
            ..Default::default()
        })
        .expect("stock");
    let o = s
        .orders_mut()
        .create(&OrderDraft {
            customer_id: c.id,
            lines: vec![OrderLineDraft {
                id: None,
                product_id: p.id,
                money: LineMoneyDraft {
                    quantity: "1".into(),
                    unit_price: "299.00".into(),
                    discount_pct: String::new(),
                    tax_rate_pct: String::new(),
                },
            }],
            ..Default::default()
        })
        .expect("an order");
    (o.number, c.id.to_string())
}

/// Types `text` into whatever has focus (the palette's input, a picker, a field).
async fn type_here(ui: &Ui, text: &str) -> Result<()> {
    ui.client().active_element().await?.send_keys(text).await?;
    Ok(())
}

/// Waits for a palette hit of `kind` to be the active one (what Enter would open).
async fn wait_active(ui: &Ui, kind: &str) -> Result<()> {
    let start = std::time::Instant::now();
    loop {
        let hits = ui.find_all("global-search-hit").await?;
        for h in hits {
            if h.attr("aria-selected").await?.as_deref() == Some("true")
                && h.attr("data-kind").await?.as_deref() == Some(kind)
            {
                return Ok(());
            }
        }
        if start.elapsed() > std::time::Duration::from_secs(10) {
            return Err(format!("no active {kind} hit in the palette").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn palette_keyboard_order_shortcuts_and_home() {
    let data = DataDir::new("palette");
    let (number, customer) = prepare(&data);
    session("palette", &data, |ui| async move {
        ui.client().set_window_size(1280, 720).await?;
        ui.find("nav-home").await?;
        ui.select("lang-switch", "zh-CN").await?;
        ui.wait_contains("nav-home", "今日待办").await?;

        // The palette to a customer: Ctrl+K, type, Enter.
        ui.press(&[Key::Control], 'k').await?;
        ui.find("global-search-input").await?;
        if ui.focused().await? != "global-search-input" {
            return Err("Ctrl+K did not put focus in the palette".into());
        }
        type_here(&ui, "华为").await?;
        ui.wait_contains("global-search-hit", CUSTOMER).await?;
        wait_active(&ui, "customer").await?;
        ui.screenshot("palette_zh_customer").await?;
        ui.press(&[], '\u{E007}').await?; // Enter
        ui.wait_text("customer-360-name", CUSTOMER).await?;
        // Focus follows into the page the palette opened: its heading.
        heading_has_focus(&ui, CUSTOMER).await?;

        // To an order by a prefix of its number, typed in lower case.
        ui.press(&[Key::Control], 'k').await?;
        ui.find("global-search-input").await?;
        type_here(&ui, &number[..number.len() - 1].to_lowercase()).await?;
        wait_active(&ui, "order").await?;
        ui.wait_contains("global-search-hit", &number).await?;
        ui.press(&[], '\u{E007}').await?;
        ui.wait_text("order-number", &number).await?;

        // To "新建订单", and an order made with the keyboard alone.
        ui.press(&[Key::Control], 'k').await?;
        ui.find("global-search-input").await?;
        type_here(&ui, "新建订单").await?;
        wait_active(&ui, "action").await?;
        ui.wait_contains("global-search-hit", "新建订单").await?;
        ui.screenshot("palette_zh_new_order").await?;
        ui.press(&[], '\u{E007}').await?;
        ui.find("order-form").await?;
        ui.wait_attr("order-field-customer", "id", "order-customer")
            .await?;
        if ui.focused().await? != "order-field-customer" {
            return Err(format!(
                "the new order form focused {:?}, not the customer",
                ui.focused().await?
            )
            .into());
        }
        type_here(&ui, "华为").await?;
        ui.wait_contains("customer-pick-option", CUSTOMER).await?;
        ui.press(&[], '\u{E007}').await?;
        // Picking the customer moves focus to the first line's product.
        wait_focus(&ui, "order-line-0-product").await?;
        type_here(&ui, "RT-AX3").await?;
        ui.wait_contains("order-product-option", "RT-AX3").await?;
        ui.press(&[], '\u{E007}').await?;
        wait_focus(&ui, "order-line-0-quantity").await?;
        type_here(&ui, "3").await?;
        ui.screenshot("palette_zh_keyboard_order").await?;
        ui.press(&[Key::Control], '\u{E007}').await?; // Ctrl+Enter saves
        ui.find("order-page").await?;
        ui.wait_attr("order-status", "data-status", "draft").await?;
        ui.wait_contains("order-page", "RT-AX3").await?;
        let saved = ui.text("order-number").await?;
        if saved == number {
            return Err("the keyboard order opened the old order".into());
        }

        // The shortcut sheet: `?` outside a field; Escape closes it.
        ui.client()
            .execute("document.activeElement?.blur()", vec![])
            .await?;
        ui.press(&[Key::Shift], '?').await?;
        ui.wait_contains("shortcut-sheet", "新建订单").await?;
        ui.screenshot("shortcuts_zh").await?;
        ui.press(&[], '\u{E00C}').await?; // Escape
        ui.wait_count("shortcut-sheet", 0).await?;

        // Alt+1: the home, with the overdue follow-up; its line opens the customer.
        ui.press(&[Key::Alt], '1').await?;
        ui.find("home").await?;
        heading_has_focus(&ui, "今天需要处理的事项").await?;
        ui.wait_attr("home-line", "data-id", &customer).await?;
        ui.wait_contains("home-group", "应于").await?;
        ui.screenshot("home_zh").await?;
        ui.click("home-line").await?;
        ui.wait_text("customer-360-name", CUSTOMER).await?;

        // A section chosen in the nav: focus moves to its heading, and Tab goes on inside it.
        ui.click("nav-orders").await?;
        heading_has_focus(&ui, "销售订单").await?;
        ui.screenshot("section_focus_orders_zh").await?;
        ui.press(&[], '\u{E004}').await?; // Tab
        let next = ui.wait_focus_in_main().await?;
        if next.starts_with("H1") {
            return Err("Tab from the section's heading stayed on it".into());
        }

        // The same screens in English.
        ui.select("lang-switch", "en").await?;
        ui.press(&[Key::Alt], '1').await?;
        ui.wait_contains("home", "What needs attention today")
            .await?;
        ui.wait_contains("home-group", "Follow-ups due").await?;
        ui.screenshot("home_en").await?;
        ui.press(&[Key::Control], 'k').await?;
        ui.find("global-search-input").await?;
        type_here(&ui, "new").await?;
        ui.wait_contains("global-search-hit", "New order").await?;
        ui.screenshot("palette_en_actions").await?;
        ui.press(&[], '\u{E00C}').await?;
        ui.wait_count("global-search", 0).await?;
        ui.press(&[Key::Control], 'k').await?;
        ui.find("global-search-input").await?;
        type_here(&ui, "rt-ax").await?;
        wait_active(&ui, "product").await?;
        ui.screenshot("palette_en_sku").await?;
        ui.press(&[], '\u{E00C}').await?;
        ui.client()
            .execute("document.activeElement?.blur()", vec![])
            .await?;
        ui.press(&[Key::Shift], '?').await?;
        ui.wait_contains("shortcut-sheet", "New complaint").await?;
        ui.screenshot("shortcuts_en").await?;
        Ok(())
    })
    .await;
}

/// Waits until the section's heading has keyboard focus and reads `text`.
async fn heading_has_focus(ui: &Ui, text: &str) -> Result<()> {
    let focus = ui.wait_focus_in_main().await?;
    if !(focus.starts_with("H1") && focus.contains(text)) {
        return Err(format!("focus went to {focus:?}, not the heading {text:?}").into());
    }
    Ok(())
}

/// Waits until the element with `testid` has focus.
async fn wait_focus(ui: &Ui, testid: &str) -> Result<()> {
    let start = std::time::Instant::now();
    loop {
        let now = ui.focused().await?;
        if now == testid {
            return Ok(());
        }
        if start.elapsed() > std::time::Duration::from_secs(10) {
            return Err(format!("focus stayed on {now:?}, not {testid:?}").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
