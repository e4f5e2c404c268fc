//! Window behaviour: one running app per data folder (a second launch hands over to the first,
//! which brings its window to the front, and exits) and the main window's size, position and
//! maximised state kept across restarts; and, on Linux, WebKitGTK without accelerated
//! compositing or its DMA-BUF renderer ([`lighter_webview`]).
//!
//! Both are Tauri plugins used from Rust only: the capability grants the window none of their
//! permissions, so script in the window can neither read nor move it through them.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Runtime, WebviewWindow, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

use crate::paths::DATA_DIR_ENV;

/// The label of the app's one window (tauri.conf.json).
pub const MAIN: &str = "main";
/// The window state's file inside `CHAINBOOK_DATA_DIR` when that is set (tests, portable
/// installs); otherwise the plugin's default file in the OS config folder.
pub const STATE_FILE: &str = "window-state.json";
/// How long the window must stay still after a move or resize before its state is written:
/// a drag sends dozens of events, and a process that is killed never reaches the save at exit.
const SAVE_AFTER: Duration = Duration::from_millis(500);

/// The variable WebKitGTK reads at start: set and not `0` turns accelerated compositing off.
const NO_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
/// Set and not `0`: WebKitGTK's window shows the page without its DMA-BUF renderer (GL in the
/// app's own process).
const NO_DMABUF: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

/// Turns WebKitGTK's accelerated compositing and its DMA-BUF renderer off, each unless the
/// user's environment already says either way (`=0` keeps it on). Must run before any thread
/// starts (it sets the process's environment). Why: without a GPU (virtual machines, many
/// office laptops' fallbacks) the web process composites with Mesa's software GL, which costs
/// about 80 MB of its memory and buys nothing for this UI, whose pages use plain 2D layout; with
/// compositing off the DMA-BUF renderer has nothing to carry but still draws the page through
/// GL in the app's process (about 6 MB more). See docs/benchmarks.md, "In the window at L".
/// Many Tauri apps set both anyway for NVIDIA drivers and virtual machines.
pub fn lighter_webview() {
    if cfg!(target_os = "linux") {
        for var in [NO_COMPOSITING, NO_DMABUF] {
            if std::env::var_os(var).is_none() {
                std::env::set_var(var, "1");
            }
        }
    }
}

/// What is remembered: not visibility, decorations or full screen (the app never changes
/// them, and a window restored hidden could not be found again).
fn flags() -> StateFlags {
    StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED
}

/// `CHAINBOOK_DATA_DIR` when set and not empty.
fn data_dir_env() -> Option<PathBuf> {
    std::env::var_os(DATA_DIR_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The single-instance plugin, to be registered before any other: a second process on the
/// same data folder exits during its set-up, before it opens a window or the database.
///
/// On Linux the first instance owns a D-Bus name on the session bus; with no session bus (a
/// bare server or container) the plugin does nothing and a second launch runs as before.
pub fn single_instance<R: Runtime>(identifier: &str) -> TauriPlugin<R> {
    tauri_plugin_single_instance::Builder::new()
        .dbus_id(dbus_id(identifier, data_dir_env().as_deref()))
        .callback(|app, argv, _cwd| focus_main(app, &argv))
        .build()
}

/// The D-Bus name's base (the plugin appends `.SingleInstance`): the app's identifier, and
/// with `CHAINBOOK_DATA_DIR` a hash of that folder, so that apps on different data folders
/// (the end-to-end suite's, the sync tests' two devices) run side by side while two on the
/// same folder do not. FNV-1a, not std's hasher: the name must not change between builds.
pub fn dbus_id(identifier: &str, data_dir: Option<&Path>) -> String {
    let Some(dir) = data_dir else {
        return identifier.to_owned();
    };
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in dir.as_os_str().as_encoded_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // A D-Bus name element may not start with a digit.
    format!("{identifier}.data_{hash:016x}")
}

/// What the first instance does when a second one starts: shows, restores and focuses its
/// window.
fn focus_main<R: Runtime>(app: &AppHandle<R>, argv: &[String]) {
    tracing::info!(
        ?argv,
        "a second launch handed over: focusing the main window"
    );
    let Some(window) = app.get_webview_window(MAIN) else {
        tracing::warn!("no main window to focus");
        return;
    };
    let shown = window
        .unminimize()
        .and_then(|()| window.show())
        .and_then(|()| window.set_focus());
    if let Err(e) = shown {
        tracing::warn!(error = %e, "cannot focus the main window");
    }
}

/// The window-state plugin: restores the window when it opens and saves at a clean exit.
/// With `CHAINBOOK_DATA_DIR` the file lives in that folder (an absolute file name replaces the
/// plugin's config folder), so every test's data folder has its own.
pub fn window_state<R: Runtime>() -> TauriPlugin<R> {
    let builder = tauri_plugin_window_state::Builder::new().with_state_flags(flags());
    let file = data_dir_env().and_then(|dir| dir.join(STATE_FILE).to_str().map(str::to_owned));
    match file {
        Some(file) => builder.with_filename(file),
        None => builder,
    }
    .build()
}

/// Also saves the window's state [`SAVE_AFTER`] the last move or resize, from a `window-state`
/// thread that ends with the window.
pub fn save_when_moved<R: Runtime>(window: &WebviewWindow<R>) -> std::io::Result<()> {
    let (moved, rx) = mpsc::channel::<()>();
    window.on_window_event(move |event| {
        if matches!(event, WindowEvent::Moved(_) | WindowEvent::Resized(_)) {
            let _ = moved.send(());
        }
    });
    let app = window.app_handle().clone();
    std::thread::Builder::new()
        .name("window-state".into())
        .spawn(move || {
            while rx.recv().is_ok() {
                loop {
                    match rx.recv_timeout(SAVE_AFTER) {
                        Ok(()) => continue,
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                match app.save_window_state(flags()) {
                    Ok(()) => tracing::debug!("window state saved"),
                    Err(e) => tracing::warn!(error = %e, "cannot save the window state"),
                }
            }
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dbus_id_is_the_identifier_without_a_data_folder() {
        assert_eq!(
            dbus_id("com.chainbook.desktop", None),
            "com.chainbook.desktop"
        );
    }

    #[test]
    fn each_data_folder_has_its_own_stable_dbus_id() {
        let a = dbus_id("com.chainbook.desktop", Some(Path::new("/tmp/a")));
        let b = dbus_id("com.chainbook.desktop", Some(Path::new("/tmp/b")));
        assert_ne!(a, b);
        assert_eq!(
            a,
            dbus_id("com.chainbook.desktop", Some(Path::new("/tmp/a")))
        );
        // Fixed across builds and platforms: FNV-1a of the path's bytes.
        assert_eq!(a, "com.chainbook.desktop.data_6cc13bddf2746ce7");
    }

    #[test]
    fn dbus_ids_are_valid_bus_names() {
        for dir in ["/", "/tmp/chainbook-e2e-x-Ab3", "/home/张三/链簿"] {
            let id = dbus_id("com.chainbook.desktop", Some(Path::new(dir)));
            let name = format!("{id}.SingleInstance");
            assert!(name.len() <= 255, "{name}");
            for element in name.split('.') {
                assert!(!element.is_empty(), "{name}");
                assert!(!element.starts_with(|c: char| c.is_ascii_digit()), "{name}");
                assert!(
                    element
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
                    "{name}"
                );
            }
        }
    }
}
