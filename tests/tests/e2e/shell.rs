//! The hardened shell, tried from inside the real window the way injected script would try
//! it: no global Tauri object, no core or plugin call outside the capability (window, path,
//! dialog), no eval, no inline script, nothing fetched, framed or loaded from the network, and
//! our own commands answering bad arguments with typed errors. (The prototypes are not frozen:
//! Tauri's `freezePrototype` stops the dashboard's charts from drawing — see docs/security.md.)
//! A loopback listener proves no request left the window.

use std::io::ErrorKind;
use std::net::TcpListener;
use std::time::Duration;

use chainbook_e2e::{session, DataDir};
use serde_json::{json, Value};

const PROBE: &str = r#"
const port = arguments[0];
const done = arguments[arguments.length - 1];
const out = {};
const inv = window.__TAURI_INTERNALS__.invoke;
async function attempt(f) {
  try {
    return { ok: true, value: JSON.stringify(await f()) };
  } catch (e) {
    return { ok: false, error: typeof e === 'string' ? e : JSON.stringify(e) };
  }
}
(async () => {
  out.global_tauri = typeof window.__TAURI__;
  out.set_title = await attempt(() => inv('plugin:window|set_title', { label: 'main', value: 'pwned' }));
  out.dialog = await attempt(() => inv('plugin:dialog|open', { options: {} }));
  out.path = await attempt(() => inv('plugin:path|resolve_directory', { directory: 6 }));
  out.bad_id = await attempt(() => inv('customer_get', { id: 'not-an-id' }));
  out.fetch = await attempt(() => fetch(`http://127.0.0.1:${port}/fetch`).then((r) => r.status));
  out.xhr = await attempt(() => new Promise((ok, fail) => {
    const x = new XMLHttpRequest();
    x.onload = () => ok(x.status);
    x.onerror = () => fail('blocked');
    x.open('GET', `http://127.0.0.1:${port}/xhr`);
    x.send();
  }));
  try { window.eval('1 + 1'); out.eval = 'ran'; } catch (e) { out.eval = 'blocked'; }
  try { new Function('return 1')(); out.function = 'ran'; } catch (e) { out.function = 'blocked'; }
  window.__inline_ran = false;
  const s = document.createElement('script');
  s.textContent = 'window.__inline_ran = true;';
  document.body.appendChild(s);
  const img = new Image();
  img.src = `http://127.0.0.1:${port}/img.png`;
  document.body.appendChild(img);
  const frame = document.createElement('iframe');
  frame.src = `http://127.0.0.1:${port}/frame`;
  document.body.appendChild(frame);
  const remote = document.createElement('script');
  remote.src = `http://127.0.0.1:${port}/remote.js`;
  document.body.appendChild(remote);
  await new Promise((r) => setTimeout(r, 1500));
  out.inline_ran = window.__inline_ran;
  for (const el of [img, frame, remote]) el.remove();
  done(out);
})();
"#;

/// The error a refused call returned, as text.
fn refused(out: &Value, key: &str) -> chainbook_e2e::Result<String> {
    match out.get(key) {
        Some(v) if v["ok"] == json!(false) => {
            Ok(v["error"].as_str().unwrap_or_default().to_owned())
        }
        other => Err(format!("{key}: expected a refusal, got {other:?}").into()),
    }
}

#[tokio::test]
async fn injected_script_can_reach_nothing_outside_the_capability() {
    let data = DataDir::new("shell_hardening");
    let listener = TcpListener::bind("127.0.0.1:0").expect("loopback listener");
    listener.set_nonblocking(true).expect("non-blocking");
    let port = listener.local_addr().expect("address").port();
    session("shell_hardening", &data, move |ui| async move {
        ui.find("nav-customers").await?;
        let out = ui.client().execute_async(PROBE, vec![json!(port)]).await?;
        eprintln!("shell probe: {out:#}");

        if out["global_tauri"] != json!("undefined") {
            return Err(format!("window.__TAURI__ is exposed: {}", out["global_tauri"]).into());
        }
        // Core and plugin calls outside the capability are refused by Tauri's ACL.
        for key in ["set_title", "dialog", "path"] {
            let e = refused(&out, key)?;
            if !e.contains("not allowed") {
                return Err(format!("{key}: refused for another reason: {e}").into());
            }
        }
        // Our own command: a typed error with a code the UI translates.
        let e = refused(&out, "bad_id")?;
        let typed: Value = serde_json::from_str(&e).map_err(|_| format!("untyped error: {e}"))?;
        if typed["code"] != json!("invalid_argument") && typed["code"] != json!("not_found") {
            return Err(format!("bad id: unexpected error {typed}").into());
        }
        for key in ["fetch", "xhr"] {
            refused(&out, key)?;
        }
        for (key, expected) in [
            ("eval", json!("blocked")),
            ("function", json!("blocked")),
            ("inline_ran", json!(false)),
        ] {
            if out[key] != expected {
                return Err(format!("{key}: expected {expected}, got {}", out[key]).into());
            }
        }
        // The window still works after the probe.
        ui.open_customers().await?;
        Ok(())
    })
    .await;
    // Nothing reached the listener: not the fetch, the XHR, the image, the frame or the script.
    tokio::time::sleep(Duration::from_millis(200)).await;
    match listener.accept() {
        Err(e) if e.kind() == ErrorKind::WouldBlock => {}
        Ok((_, from)) => panic!("the window made a network request (from {from})"),
        Err(e) => panic!("listener: {e}"),
    }
}

/// The `data-theme` the window paints with.
async fn painted_theme(ui: &chainbook_e2e::Ui) -> chainbook_e2e::Result<String> {
    let out = ui
        .client()
        .execute(
            "return document.documentElement.dataset.theme || ''",
            vec![],
        )
        .await?;
    Ok(out.as_str().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn the_theme_is_chosen_in_settings_and_kept_across_a_restart() {
    let data = DataDir::new("shell_theme");
    session("shell_theme", &data, |ui| async move {
        ui.select("lang-switch", "zh-CN").await?;
        ui.click("nav-settings").await?;
        ui.find("theme-settings").await?;
        // Xvfb has no desktop theme: following the system is light.
        if painted_theme(&ui).await? != "light" {
            return Err("the system theme should paint light here".into());
        }
        ui.select("theme-switch", "dark").await?;
        for _ in 0..50 {
            if painted_theme(&ui).await? == "dark" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if painted_theme(&ui).await? != "dark" {
            return Err("choosing dark did not paint dark".into());
        }
        ui.screenshot("shell_theme_dark_zh-CN").await?;
        Ok(())
    })
    .await;
    session("shell_theme_again", &data, |ui| async move {
        ui.find("nav-customers").await?;
        for _ in 0..50 {
            if painted_theme(&ui).await? == "dark" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if painted_theme(&ui).await? != "dark" {
            return Err("the dark theme was not kept across a restart".into());
        }
        ui.click("nav-settings").await?;
        ui.select("lang-switch", "en").await?;
        ui.wait_attr("theme-switch", "value", "dark").await?;
        ui.screenshot("shell_theme_dark_en").await?;
        ui.select("theme-switch", "light").await?;
        Ok(())
    })
    .await;
}
