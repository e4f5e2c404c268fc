//! The Chainbook desktop shell.
//!
//! A thin layer between the web UI and the Rust crates: it resolves the data and log folders,
//! starts logging, opens the [`chainbook_store::Store`], and exposes typed commands. Commands
//! decode a DTO, call one store function, and encode the result or a [`error::CommandError`];
//! no SQL and no business rules live here.
//!
//! - [`commands`]: the IPC commands the UI calls;
//! - [`dto`]: the wire types, one module per capability (generated into
//!   `ui/src/lib/bindings.ts` by [`bindings`]);
//! - [`error`]: the one error shape every command returns;
//! - [`sync`]: sign-in, the token in the keychain, the background sync task;
//! - [`paths`]: where data and logs go; [`logging`]: the daily log files.

pub mod bindings;
pub mod commands;
pub mod dto;
pub mod error;
pub mod logging;
pub mod paths;
pub mod sync;

use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use chainbook_store::Store;
use tauri::Manager;

/// What every command can reach.
pub struct AppState {
    pub store: Arc<Mutex<Store>>,
    pub data_dir: std::path::PathBuf,
    pub sync: Arc<sync::SyncShell>,
    pub import: Arc<ImportState>,
}

/// What an import keeps between its commands: the cancel flag of a running commit, and the
/// last check (by its plan and file) for paging its problems and writing the report.
#[derive(Default)]
pub struct ImportState {
    pub cancel: std::sync::atomic::AtomicBool,
    pub last: Mutex<Option<(String, chainbook_store::import::CheckReport)>>,
}

impl AppState {
    /// The state around an open store, with its sync client restored when the device is
    /// signed in (the token read from `tokens`, the OS keychain in the app).
    pub fn new(store: Store, data_dir: std::path::PathBuf, tokens: sync::Tokens) -> AppState {
        let shell = sync::SyncShell::new(tokens);
        shell.restore(&store);
        AppState {
            store: Arc::new(Mutex::new(store)),
            data_dir,
            sync: Arc::new(shell),
            import: Arc::default(),
        }
    }
}

static STARTED: OnceLock<Instant> = OnceLock::new();

/// When the app started: the first call, which [`run`] makes before anything else.
pub fn started() -> Instant {
    *STARTED.get_or_init(Instant::now)
}

/// The store's clock: the system time, or, in debug builds only, that time moved by
/// `CHAINBOOK_CLOCK_OFFSET_MINUTES`, so the end-to-end suite can let hours pass (an SLA
/// running out) without editing the database. Release builds ignore the variable.
fn clock() -> chainbook_store::Clock {
    let offset = if cfg!(debug_assertions) {
        std::env::var("CHAINBOOK_CLOCK_OFFSET_MINUTES")
            .ok()
            .and_then(|v| v.trim().parse::<i64>().ok())
            .filter(|m| *m != 0)
    } else {
        None
    };
    match offset {
        Some(minutes) => {
            tracing::warn!(
                minutes,
                "the clock runs ahead of the system time (test setting)"
            );
            let shift = chrono::Duration::minutes(minutes);
            Box::new(move || chrono::Utc::now() + shift)
        }
        None => Box::new(chrono::Utc::now),
    }
}

/// Builds and runs the app; returns when the last window closes.
pub fn run() {
    started();
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let dirs = paths::resolve(app.handle())?;
            let guard = logging::init(&dirs.log_dir)?;
            app.manage(guard);
            tracing::info!(version = %app.package_info().version, data_dir = %dirs.data_dir.display(), "starting Chainbook");
            let store = Store::open_with_clock(&dirs.db_path(), clock()).map_err(|e| {
                tracing::error!(error = %e, "cannot open the database");
                e
            })?;
            let state = AppState::new(store, dirs.data_dir, sync::os_tokens());
            let (shell, store) = (state.sync.clone(), state.store.clone());
            let handle = app.handle().clone();
            let progress = handle.clone();
            shell.set_on_progress(Box::new(move |p| {
                use tauri::Emitter;
                let _ = progress.emit(sync::PROGRESS_EVENT, p);
            }));
            std::thread::Builder::new()
                .name("sync".into())
                .spawn(move || {
                    shell.run(&store, |status| {
                        use tauri::Emitter;
                        if let Err(e) = handle.emit(sync::STATUS_EVENT, status) {
                            tracing::warn!(error = %e, "cannot emit the sync status");
                        }
                    })
                })?;
            app.manage(state);
            Ok(())
        })
        .invoke_handler(commands::handler())
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            eprintln!("Chainbook could not start: {e}");
            std::process::exit(1);
        }
    }
}
