//! The app's window as a test drives it: elements found by `data-testid`, every lookup
//! waiting up to [`crate::TIMEOUT`] instead of sleeping.

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::json;

use crate::{screenshot_dir, Result, POLL, TIMEOUT};

/// CSS selector for a `data-testid`.
fn testid(id: &str) -> String {
    format!(r#"[data-testid="{id}"]"#)
}

/// How long WebKit may take to answer a screenshot (it answers at the next repaint).
const SCREENSHOT_TIMEOUT: Duration = Duration::from_secs(30);

/// The app's window, driven by `data-testid` (see notes/contract.md for the ids).
///
/// Every lookup waits up to [`TIMEOUT`] for its element or condition instead of sleeping.
#[derive(Clone)]
pub struct Ui {
    pub(crate) client: Client,
}

impl Ui {
    /// The underlying WebDriver client, for anything the helpers do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Waits for the element with this `data-testid` to be present.
    pub async fn find(&self, id: &str) -> Result<Element> {
        self.client
            .wait()
            .at_most(TIMEOUT)
            .every(POLL)
            .for_element(Locator::Css(&testid(id)))
            .await
            .map_err(|e| format!("no element [data-testid={id}] within {TIMEOUT:?}: {e}").into())
    }

    /// All elements with this `data-testid` right now (no waiting).
    pub async fn find_all(&self, id: &str) -> Result<Vec<Element>> {
        Ok(self.client.find_all(Locator::Css(&testid(id))).await?)
    }

    /// Waits for the element, then clicks it.
    pub async fn click(&self, id: &str) -> Result<()> {
        let el = self.find(id).await?;
        self.scroll_to(&el).await?;
        el.click()
            .await
            .map_err(|e| format!("click [data-testid={id}]: {e}"))?;
        Ok(())
    }

    /// Replaces the value of an input or textarea by typing `text`.
    ///
    /// If typing did not produce exactly `text` (some WebDriver builds cannot type every
    /// non-ASCII character), sets the value by script and fires `input` and `change`, which is
    /// what the page sees from a paste.
    pub async fn fill(&self, id: &str, text: &str) -> Result<()> {
        let mut el = self.find(id).await?;
        if let Err(first) = el.clear().await {
            // The form may have re-rendered the field between finding and clearing it (a
            // validation message appearing beside it): find it again, once.
            eprintln!("clear [data-testid={id}] failed ({first}); finding it again");
            el = self.find(id).await?;
            el.clear()
                .await
                .map_err(|e| format!("clear [data-testid={id}]: {e}"))?;
        }
        el.send_keys(text)
            .await
            .map_err(|e| format!("type into [data-testid={id}]: {e}"))?;
        let typed = el.prop("value").await?;
        if typed.as_deref() == Some(text) {
            return Ok(());
        }
        eprintln!("typing {text:?} into [data-testid={id}] gave {typed:?}; setting it by script");
        self.set_value_by_script(&el, text).await?;
        match el.prop("value").await? {
            Some(v) if v == text => Ok(()),
            other => Err(format!("[data-testid={id}] holds {other:?} instead of {text:?}").into()),
        }
    }

    /// Chooses the option with this `value` in a `<select>`.
    pub async fn select(&self, id: &str, value: &str) -> Result<()> {
        let el = self.find(id).await?;
        self.scroll_to(&el).await?;
        el.select_by_value(value)
            .await
            .map_err(|e| format!("choose {value:?} in [data-testid={id}]: {e}"))?;
        if el.prop("value").await?.as_deref() != Some(value) {
            self.set_value_by_script(&el, value).await?;
        }
        match el.prop("value").await? {
            Some(v) if v == value => Ok(()),
            other => Err(format!("[data-testid={id}] is {other:?} instead of {value:?}").into()),
        }
    }

    /// Scrolls the element to the middle of its scroll container, so sticky bars (a form's
    /// Save/Cancel footer) never cover it when WebDriver clicks at its centre.
    pub async fn scroll_to(&self, el: &Element) -> Result<()> {
        self.client
            .execute(
                "arguments[0].scrollIntoView({ block: 'center', inline: 'nearest' });",
                vec![serde_json::to_value(el)?],
            )
            .await?;
        Ok(())
    }

    async fn set_value_by_script(&self, el: &Element, value: &str) -> Result<()> {
        let script = "const [el, value] = arguments;
            el.value = value;
            el.dispatchEvent(new Event('input', { bubbles: true }));
            el.dispatchEvent(new Event('change', { bubbles: true }));";
        self.client
            .execute(script, vec![serde_json::to_value(el)?, json!(value)])
            .await?;
        Ok(())
    }

    /// The visible text of the element, trimmed.
    pub async fn text(&self, id: &str) -> Result<String> {
        Ok(self.find(id).await?.text().await?.trim().to_string())
    }

    /// Waits until the element's trimmed text is exactly `expected`.
    pub async fn wait_text(&self, id: &str, expected: &str) -> Result<()> {
        let what = format!("[data-testid={id}] to read {expected:?}");
        let mut last = String::new();
        let start = Instant::now();
        loop {
            if let Ok(els) = self.find_all(id).await {
                if let Some(el) = els.first() {
                    if let Ok(text) = el.text().await {
                        last = text.trim().to_string();
                        if last == expected {
                            return Ok(());
                        }
                    }
                }
            }
            if start.elapsed() > TIMEOUT {
                return Err(format!("waited {TIMEOUT:?} for {what}; it reads {last:?}").into());
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// The trimmed texts of all elements with this `data-testid`.
    pub async fn texts(&self, id: &str) -> Result<Vec<String>> {
        let mut texts = Vec::new();
        for el in self.find_all(id).await? {
            texts.push(el.text().await?.trim().to_string());
        }
        Ok(texts)
    }

    /// Waits until some element with this `data-testid` contains `needle` in its text.
    pub async fn wait_contains(&self, id: &str, needle: &str) -> Result<()> {
        let start = Instant::now();
        loop {
            // Rows may be re-rendered while we read them; a stale element just means "retry".
            let texts = self.texts(id).await.unwrap_or_default();
            if texts.iter().any(|t| t.contains(needle)) {
                return Ok(());
            }
            if start.elapsed() > TIMEOUT {
                return Err(format!(
                    "waited {TIMEOUT:?} for a [data-testid={id}] containing {needle:?}; \
                     found {texts:?}"
                )
                .into());
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until the first element with this `data-testid` has `attr` equal to `expected`.
    pub async fn wait_attr(&self, id: &str, attr: &str, expected: &str) -> Result<()> {
        let start = Instant::now();
        let mut last = None;
        loop {
            if let Some(el) = self.find_all(id).await?.first() {
                last = el.attr(attr).await.ok().flatten();
                if last.as_deref() == Some(expected) {
                    return Ok(());
                }
            }
            if start.elapsed() > TIMEOUT {
                return Err(format!(
                    "waited {TIMEOUT:?} for [data-testid={id}] {attr}={expected:?}; it is {last:?}"
                )
                .into());
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until the first input with this `data-testid` shows `expected` (its `value`
    /// property: what the user sees in the field).
    pub async fn wait_value(&self, id: &str, expected: &str) -> Result<()> {
        let start = Instant::now();
        let mut last = None;
        loop {
            if let Some(el) = self.find_all(id).await?.first() {
                last = el.prop("value").await.ok().flatten();
                if last.as_deref() == Some(expected) {
                    return Ok(());
                }
            }
            if start.elapsed() > TIMEOUT {
                return Err(format!(
                    "waited {TIMEOUT:?} for [data-testid={id}] to show {expected:?}; it shows {last:?}"
                )
                .into());
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until the elements with this `data-testid` read exactly `expected`, in order.
    pub async fn wait_texts(&self, id: &str, expected: &[&str]) -> Result<()> {
        let start = Instant::now();
        loop {
            let texts = self.texts(id).await.unwrap_or_default();
            if texts == expected {
                return Ok(());
            }
            if start.elapsed() > TIMEOUT {
                return Err(format!(
                    "waited {TIMEOUT:?} for [data-testid={id}] to read {expected:?}; found {texts:?}"
                )
                .into());
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Clicks the first element with this `data-testid` whose text contains `text`.
    pub async fn click_containing(&self, id: &str, text: &str) -> Result<()> {
        let start = Instant::now();
        loop {
            for el in self.find_all(id).await.unwrap_or_default() {
                if el.text().await.is_ok_and(|t| t.contains(text)) {
                    self.scroll_to(&el).await?;
                    el.click().await?;
                    return Ok(());
                }
            }
            if start.elapsed() > TIMEOUT {
                return Err(format!(
                    "waited {TIMEOUT:?} for a [data-testid={id}] containing {text:?} to click"
                )
                .into());
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Types into a search picker and picks the option that shows `text` (once the results for
    /// what was typed are in: every option shown contains it); waits for the options to close.
    pub async fn pick(&self, input: &str, option: &str, text: &str) -> Result<()> {
        self.fill(input, text).await?;
        let start = Instant::now();
        loop {
            let texts = self.texts(option).await.unwrap_or_default();
            if !texts.is_empty() && texts.iter().all(|t| t.contains(text)) {
                break;
            }
            if start.elapsed() > TIMEOUT {
                return Err(format!(
                    "waited {TIMEOUT:?} for [data-testid={option}] options showing {text:?}; found {texts:?}"
                )
                .into());
            }
            tokio::time::sleep(POLL).await;
        }
        self.click(option).await?;
        self.wait_count(option, 0).await
    }

    /// Waits until exactly `n` elements with this `data-testid` are present.
    pub async fn wait_count(&self, id: &str, n: usize) -> Result<()> {
        let start = Instant::now();
        loop {
            let found = self
                .find_all(id)
                .await
                .map(|v| v.len())
                .unwrap_or(usize::MAX);
            if found == n {
                return Ok(());
            }
            if start.elapsed() > TIMEOUT {
                return Err(format!(
                    "waited {TIMEOUT:?} for {n} [data-testid={id}]; found {found}"
                )
                .into());
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Saves a screenshot of the window to `target/e2e-screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        // WebKit captures the last painted frame: let two frames pass so the picture shows the
        // state the test just checked, not the one before it.
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await?;
        // The app runs WebKitGTK without accelerated compositing (src-tauri/src/window.rs),
        // and then WebKit answers a screenshot only at the next repaint: a page that has
        // settled would never answer. So a 1-pixel, all but transparent mark blinks a few
        // times while the picture is taken, then goes.
        self.client
            .execute(
                "const mark = document.createElement('div');
                 mark.setAttribute('aria-hidden', 'true');
                 mark.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none;opacity:0.01';
                 document.body.appendChild(mark);
                 let n = 0;
                 const blink = () => {
                   n += 1;
                   mark.style.opacity = n % 2 ? '0.02' : '0.01';
                   if (n < 40) setTimeout(blink, 50); else mark.remove();
                 };
                 setTimeout(blink, 50);",
                vec![],
            )
            .await?;
        // A window whose page never painted would never answer: fail instead of hanging.
        let png = tokio::time::timeout(SCREENSHOT_TIMEOUT, self.client.screenshot())
            .await
            .map_err(|_| {
                format!(
                    "no screenshot within {SCREENSHOT_TIMEOUT:?}: the page did not repaint \
                     (a blank window?)"
                )
            })??;
        let dir = screenshot_dir();
        fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        fs::write(&path, png)?;
        Ok(path)
    }

    /// Presses `key` with `modifiers` held, wherever focus is (WebDriver key actions).
    pub async fn press(&self, modifiers: &[Key], key: char) -> Result<()> {
        let code = |k: &Key| k.to_string().chars().next().expect("a key code");
        let mut actions = KeyActions::new("keyboard".into());
        for m in modifiers {
            actions = actions.then(KeyAction::Down { value: code(m) });
        }
        actions = actions
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        for m in modifiers.iter().rev() {
            actions = actions.then(KeyAction::Up { value: code(m) });
        }
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// The `data-testid` of the focused element ("" when it has none).
    pub async fn focused(&self) -> Result<String> {
        let el = self.client.active_element().await?;
        Ok(el.attr("data-testid").await?.unwrap_or_default())
    }

    /// Waits until keyboard focus is inside the main area (a section, not the navigation), and
    /// returns the focused element's tag and text, e.g. `"H1 订单"`.
    pub async fn wait_focus_in_main(&self) -> Result<String> {
        let start = Instant::now();
        loop {
            let found = self
                .client
                .execute(
                    "const a = document.activeElement;
                     const main = document.querySelector('main');
                     return a && main && a !== main && main.contains(a)
                       ? a.tagName + ' ' + (a.textContent || '').trim() : null;",
                    vec![],
                )
                .await?;
            if let Some(s) = found.as_str() {
                return Ok(s.to_string());
            }
            if start.elapsed() > TIMEOUT {
                let now = self
                    .client
                    .execute(
                        "const a = document.activeElement; return a ? a.outerHTML.slice(0, 120) : null;",
                        vec![],
                    )
                    .await?;
                return Err(format!("focus did not move into the section; it is on {now}").into());
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Opens the customer list from the navigation and waits for it to be ready.
    pub async fn open_customers(&self) -> Result<()> {
        self.click("nav-customers").await?;
        self.find("customer-new").await?;
        Ok(())
    }
}
