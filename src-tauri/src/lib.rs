//! The Chainbook desktop shell.
//!
//! A thin layer between the web UI and the Rust crates: it resolves the data and log folders,
//! starts logging, opens the [`chainbook_store::Store`], and exposes typed commands. Commands
//! decode a DTO, call one store function, and encode the result or a [`error::CommandError`];
//! no SQL and no business rules live here.
//!
//! - [`commands`]: the IPC commands the UI calls;
//! - [`dto`]: the wire types (generated into `ui/src/lib/bindings.ts` by [`bindings`]);
//! - [`error`]: the one error shape every command returns;
//! - [`paths`] and [`logging`]: where data and logs go.

pub mod bindings;
pub mod commands;
pub mod dto;
pub mod dto_orders;
pub mod dto_service;
pub mod dto_supply;
pub mod error;
pub mod logging;
pub mod paths;

use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use chainbook_store::Store;
use tauri::Manager;

/// What every command can reach.
pub struct AppState {
    pub store: Mutex<Store>,
    pub data_dir: std::path::PathBuf,
}

static STARTED: OnceLock<Instant> = OnceLock::new();

/// When the app started: the first call, which [`run`] makes before anything else.
pub fn started() -> Instant {
    *STARTED.get_or_init(Instant::now)
}

/// Builds and runs the app; returns when the last window closes.
pub fn run() {
    started();
    let app = tauri::Builder::default()
        .setup(|app| {
            let dirs = paths::resolve(app.handle())?;
            let guard = logging::init(&dirs.log_dir)?;
            app.manage(guard);
            tracing::info!(version = %app.package_info().version, data_dir = %dirs.data_dir.display(), "starting Chainbook");
            let store = Store::open(&dirs.db_path()).map_err(|e| {
                tracing::error!(error = %e, "cannot open the database");
                e
            })?;
            app.manage(AppState {
                store: Mutex::new(store),
                data_dir: dirs.data_dir,
            });
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
