//! Speed of hand: the command palette (Ctrl+K) to a customer, to an order by its number and to
//! "新建订单"; an order created with the keyboard alone (palette → new order → customer → a
//! line → Ctrl+Enter); the shortcut sheet (`?`); the home showing an overdue follow-up and
//! opening it — in Chinese, then the same screens in English, at 1280×720.

use chainbook_core::customer::{CustomerDraft, CustomerKind};
use chainbook_core::interaction::InteractionDraft;
use chainbook_core::order::{LineMoneyDraft, OrderDraft, OrderLineDraft};
use chainbook_core::product::{MovementDraft, ProductDraft};
use chainbook_e2e::{session, DataDir, Result, Ui};
use chainbook_store::Store;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;

const CUSTOMER: &str = "深圳华为技术有限公司";

/// A customer with an overdue follow-up, a stocked product and one order; returns the
/// order's number and the customer's id.
fn prepare(data: &DataDir) -> (String, String) {
    let mut s = Store::open(&data.path().join("chainbook.db")).expect("open the store");
    let c = s
        .customers_mut()
        .create(&CustomerDraft {
            kind: CustomerKind::Company,
            name: CUSTOMER.into(),
            phone: "0755-28780808".into(),
            country: "CN".into(),
            city: "深圳".into(),
            currency: "CNY".into(),
            ..Default::default()
        })
        .expect("a customer");
    let today = chrono::Local::now().date_naive();
    s.interactions_mut()
        .add(&InteractionDraft {
            customer_id: c.id,
            contact_id: None,
            kind: "call".into(),
            occurred_at: format!("{}T09:00:00+08:00", today - chrono::Duration::days(4)),
            summary: "报价跟进".into(),
            outcome: String::new(),
            follow_up_on: (today - chrono::Duration::days(2)).to_string(),
        })
        .expect("an interaction with a follow-up");
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

/// Presses `key` with `modifiers` held, wherever focus is (WebDriver key actions).
async fn press(ui: &Ui, modifiers: &[Key], key: char) -> Result<()> {
    let mut actions = KeyActions::new("keyboard".into());
    for m in modifiers {
        actions = actions.then(KeyAction::Down { value: char_of(m) });
    }
    actions = actions
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    for m in modifiers.iter().rev() {
        actions = actions.then(KeyAction::Up { value: char_of(m) });
    }
    ui.client().perform_actions(actions).await?;
    Ok(())
}

fn char_of(k: &Key) -> char {
    k.to_string().chars().next().expect("a key code")
}

/// Types `text` into whatever has focus (the palette's input, a picker, a field).
async fn type_here(ui: &Ui, text: &str) -> Result<()> {
    ui.client().active_element().await?.send_keys(text).await?;
    Ok(())
}

/// The `data-testid` of the focused element.
async fn focused(ui: &Ui) -> Result<String> {
    let el = ui.client().active_element().await?;
    Ok(el.attr("data-testid").await?.unwrap_or_default())
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
        press(&ui, &[Key::Control], 'k').await?;
        ui.find("global-search-input").await?;
        if focused(&ui).await? != "global-search-input" {
            return Err("Ctrl+K did not put focus in the palette".into());
        }
        type_here(&ui, "华为").await?;
        ui.wait_contains("global-search-hit", CUSTOMER).await?;
        wait_active(&ui, "customer").await?;
        ui.screenshot("palette_zh_customer").await?;
        press(&ui, &[], '\u{E007}').await?; // Enter
        ui.wait_text("customer-360-name", CUSTOMER).await?;

        // To an order by a prefix of its number, typed in lower case.
        press(&ui, &[Key::Control], 'k').await?;
        ui.find("global-search-input").await?;
        type_here(&ui, &number[..number.len() - 1].to_lowercase()).await?;
        wait_active(&ui, "order").await?;
        ui.wait_contains("global-search-hit", &number).await?;
        press(&ui, &[], '\u{E007}').await?;
        ui.wait_text("order-number", &number).await?;

        // To "新建订单", and an order made with the keyboard alone.
        press(&ui, &[Key::Control], 'k').await?;
        ui.find("global-search-input").await?;
        type_here(&ui, "新建订单").await?;
        wait_active(&ui, "action").await?;
        ui.wait_contains("global-search-hit", "新建订单").await?;
        ui.screenshot("palette_zh_new_order").await?;
        press(&ui, &[], '\u{E007}').await?;
        ui.find("order-form").await?;
        ui.wait_attr("order-field-customer", "id", "order-customer")
            .await?;
        if focused(&ui).await? != "order-field-customer" {
            return Err(format!(
                "the new order form focused {:?}, not the customer",
                focused(&ui).await?
            )
            .into());
        }
        type_here(&ui, "华为").await?;
        ui.wait_contains("customer-pick-option", CUSTOMER).await?;
        press(&ui, &[], '\u{E007}').await?;
        // Picking the customer moves focus to the first line's product.
        wait_focus(&ui, "order-line-0-product").await?;
        type_here(&ui, "RT-AX3").await?;
        ui.wait_contains("order-product-option", "RT-AX3").await?;
        press(&ui, &[], '\u{E007}').await?;
        wait_focus(&ui, "order-line-0-quantity").await?;
        type_here(&ui, "3").await?;
        ui.screenshot("palette_zh_keyboard_order").await?;
        press(&ui, &[Key::Control], '\u{E007}').await?; // Ctrl+Enter saves
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
        press(&ui, &[Key::Shift], '?').await?;
        ui.wait_contains("shortcut-sheet", "新建订单").await?;
        ui.screenshot("shortcuts_zh").await?;
        press(&ui, &[], '\u{E00C}').await?; // Escape
        ui.wait_count("shortcut-sheet", 0).await?;

        // Alt+1: the home, with the overdue follow-up; its line opens the customer.
        press(&ui, &[Key::Alt], '1').await?;
        ui.find("home").await?;
        ui.wait_attr("home-line", "data-id", &customer).await?;
        ui.wait_contains("home-group", "应于").await?;
        ui.screenshot("home_zh").await?;
        ui.click("home-line").await?;
        ui.wait_text("customer-360-name", CUSTOMER).await?;

        // The same screens in English.
        ui.select("lang-switch", "en").await?;
        press(&ui, &[Key::Alt], '1').await?;
        ui.wait_contains("home", "What needs attention today")
            .await?;
        ui.wait_contains("home-group", "Follow-ups due").await?;
        ui.screenshot("home_en").await?;
        press(&ui, &[Key::Control], 'k').await?;
        ui.find("global-search-input").await?;
        type_here(&ui, "new").await?;
        ui.wait_contains("global-search-hit", "New order").await?;
        ui.screenshot("palette_en_actions").await?;
        press(&ui, &[], '\u{E00C}').await?;
        ui.wait_count("global-search", 0).await?;
        press(&ui, &[Key::Control], 'k').await?;
        ui.find("global-search-input").await?;
        type_here(&ui, "rt-ax").await?;
        wait_active(&ui, "product").await?;
        ui.screenshot("palette_en_sku").await?;
        press(&ui, &[], '\u{E00C}').await?;
        ui.client()
            .execute("document.activeElement?.blur()", vec![])
            .await?;
        press(&ui, &[Key::Shift], '?').await?;
        ui.wait_contains("shortcut-sheet", "New complaint").await?;
        ui.screenshot("shortcuts_en").await?;
        Ok(())
    })
    .await;
}

/// Waits until the element with `testid` has focus.
async fn wait_focus(ui: &Ui, testid: &str) -> Result<()> {
    let start = std::time::Instant::now();
    loop {
        let now = focused(ui).await?;
        if now == testid {
            return Ok(());
        }
        if start.elapsed() > std::time::Duration::from_secs(10) {
            return Err(format!("focus stayed on {now:?}, not {testid:?}").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
