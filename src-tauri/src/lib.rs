//! The Chainbook desktop shell.
//!
//! A thin layer between the web UI and the Rust crates: it resolves the data and log folders,
//! starts logging, opens the [`chainbook_store::Store`], and exposes typed commands. Commands
//! decode a DTO, call one store function, and encode the result or a [`error::CommandError`];
//! no SQL and no business rules live here.
//!
//! - [`commands`]: the IPC commands the UI calls;
//! - [`lists`]: the one fetch behind each paged list, shared by its command and exports;
//! - [`export`]: a list with its filters to a CSV or .xlsx file;
//! - [`backup`]: backups now and automatic, restore, the idle checkpoint;
//! - [`cipher`]: encryption at rest (the database key in the keychain, opening with it,
//!   turning it on and off);
//! - [`first_run`]: finishing the first-run wizard, the sample company swapped in;
//! - [`forecasts`]: the background run that keeps every product's demand forecast current;
//! - [`dto`]: the wire types, one module per capability (generated into
//!   `ui/src/lib/bindings.ts` by [`bindings`]);
//! - [`error`]: the one error shape every command returns;
//! - [`sync`]: sign-in, the token in the keychain, the background sync task;
//! - [`paths`]: where data and logs go; [`logging`]: the daily log files;
//! - [`window`]: one instance per data folder, the window's size and position kept;
//! - [`changes`]: the window told when the data changed (its badges asked for again then).

pub mod backup;
pub mod bindings;
pub mod changes;
pub mod cipher;
pub mod commands;
pub mod dto;
pub mod error;
pub mod export;
pub mod first_run;
pub mod forecasts;
pub mod lists;
pub mod logging;
pub mod paths;
pub mod sync;
pub mod window;

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
    /// The last automatic backup's outcome since the app started.
    pub auto_backup: Arc<Mutex<Option<dto::data::AutoOutcome>>>,
    /// The background forecast run.
    pub forecasts: Arc<forecasts::ForecastRun>,
    /// Where the database key is kept: the OS keychain (a mock in tests).
    pub keychain: Arc<cipher::Keychain>,
    /// Whether that keychain keeps a key across a restart (encryption is refused otherwise).
    pub keychain_keeps_secrets: bool,
    /// Set to stop the running export (`export_cancel`).
    pub export_cancel: Arc<std::sync::atomic::AtomicBool>,
    /// Set to stop the running "back up now" (`backup_cancel`).
    pub backup_cancel: Arc<std::sync::atomic::AtomicBool>,
    /// Set to stop a running encryption switch (`encryption_cancel`).
    pub encryption_cancel: Arc<std::sync::atomic::AtomicBool>,
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
            auto_backup: Arc::new(Mutex::new(None)),
            forecasts: Arc::default(),
            keychain: Arc::new(cipher::os_keychain()),
            keychain_keeps_secrets: cipher::os_keychain_keeps_secrets(),
            export_cancel: Arc::default(),
            backup_cancel: Arc::default(),
            encryption_cancel: Arc::default(),
        }
    }

    /// The same state with the database key kept in `keychain` (tests give a mock store,
    /// which lives as long as the test).
    pub fn with_keychain(mut self, keychain: cipher::Keychain) -> AppState {
        self.keychain = Arc::new(keychain);
        self.keychain_keeps_secrets = true;
        self
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

/// Tells the user, in a native message box in the OS language, why the app cannot start on
/// its data: above all a migration that failed (the data was left as it was, and its copy from
/// before the attempt is named), or a database from a newer Chainbook.
fn start_failed<R: tauri::Runtime>(app: &tauri::AppHandle<R>, e: &chainbook_store::StoreError) {
    use chainbook_store::StoreError;
    use tauri_plugin_dialog::{DialogExt, MessageDialogKind};
    let zh = sys_locale::get_locale().is_some_and(|l| l.starts_with("zh"));
    let text = match (e, zh) {
        (StoreError::MigrationFailed { from, to, snapshot, .. }, true) => format!(
            "无法将数据从版本 {from} 升级到版本 {to}。数据未作任何更改，仍可由之前的链簿版本打开。\n升级前的副本：{}\n请联系支持并附上日志文件。",
            snapshot.as_ref().map(|p| p.display().to_string()).unwrap_or_default()
        ),
        (StoreError::MigrationFailed { from, to, snapshot, .. }, false) => format!(
            "Your data could not be upgraded from version {from} to {to}. Nothing was changed: the previous version of Chainbook still opens it.\nCopy taken before the upgrade: {}\nPlease contact support with the log file.",
            snapshot.as_ref().map(|p| p.display().to_string()).unwrap_or_default()
        ),
        (StoreError::KeyMissing, true) => "数据库已加密，但在此电脑的钥匙串中找不到它的密钥。没有密钥就无法读取数据；链簿不会新建一个空数据库。请在保存密钥的同一用户会话中启动链簿，或从备份恢复。".to_owned(),
        (StoreError::KeyMissing, false) => "The database is encrypted and its key is not in this computer's keychain. Without the key the data cannot be read; Chainbook will not start a new empty database instead. Start Chainbook in the session that holds the key, or restore from a backup.".to_owned(),
        (StoreError::KeyWrong, true) => "钥匙串中的密钥无法打开已加密的数据库。数据未作任何更改。请从备份恢复或联系支持。".to_owned(),
        (StoreError::KeyWrong, false) => "The key in the keychain does not open the encrypted database. Nothing was changed. Restore from a backup or contact support.".to_owned(),
        (StoreError::NewerSchema { .. }, true) => "此数据由更新版本的链簿创建。请更新链簿。".to_owned(),
        (StoreError::NewerSchema { .. }, false) => {
            "This data was written by a newer version of Chainbook. Please update Chainbook.".to_owned()
        }
        (other, true) => format!("链簿无法打开数据：{other}"),
        (other, false) => format!("Chainbook cannot open its data: {other}"),
    };
    app.dialog()
        .message(text)
        .title("链簿 Chainbook")
        .kind(MessageDialogKind::Error)
        .blocking_show();
}

/// Builds and runs the app; returns when the last window closes.
pub fn run() {
    started();
    window::lighter_webview();
    let context = tauri::generate_context!();
    let identifier = context.config().identifier.clone();
    let app = tauri::Builder::default()
        // First: a second launch exits here, before it opens a window or the database.
        .plugin(window::single_instance(&identifier))
        .plugin(window::window_state())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            let dirs = paths::resolve(app.handle())?;
            let guard = logging::init(&dirs.log_dir)?;
            app.manage(guard);
            tracing::info!(version = %app.package_info().version, data_dir = %dirs.data_dir.display(), "starting Chainbook");
            let keychain = cipher::os_keychain();
            let db = dirs.db_path();
            let opened = cipher::key_for_open(&keychain, &db)
                .and_then(|key| Store::open_keyed(&db, clock(), key));
            let store = match opened {
                Ok(mut store) => {
                    cipher::forget_stale_key(&keychain, &store);
                    let window = app.handle().clone();
                    store.on_change(changes::notifier(move || {
                        use tauri::Emitter;
                        let _ = window.emit(changes::EVENT, ());
                    }));
                    store
                }
                Err(e) => {
                    tracing::error!(error = %e, "cannot open the database");
                    start_failed(app.handle(), &e);
                    return Err(e.into());
                }
            };
            let state =
                AppState::new(store, dirs.data_dir, sync::os_tokens()).with_keychain(keychain);
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
            let progress = app.handle().clone();
            state.forecasts.set_emit(Box::new(move |p| {
                use tauri::Emitter;
                let _ = progress.emit(forecasts::PROGRESS_EVENT, p);
            }));
            // Forecasts due since the last start (a new month, demand changed) are made once the
            // window has painted its first screen (`app_ready`): fitting thousands of products
            // takes every core for seconds, which the start-up must not wait behind.
            let (store, last) = (state.store.clone(), state.auto_backup.clone());
            std::thread::Builder::new()
                .name("backup".into())
                .spawn(move || backup::run(store, last))?;
            app.manage(state);
            if let Some(main) = app.get_webview_window(window::MAIN) {
                window::save_when_moved(&main)?;
            }
            Ok(())
        })
        .invoke_handler(commands::handler())
        .build(context);
    match app {
        Ok(app) => app.run(|handle, event| {
            // The process ends without dropping the store: fold the write-ahead log into the
            // database file now, so a copy of chainbook.db alone holds every write.
            if let tauri::RunEvent::Exit = event {
                if let Some(state) = handle.try_state::<AppState>() {
                    let store = state.store.lock().unwrap_or_else(|p| p.into_inner());
                    match store.checkpoint() {
                        Ok(whole) => tracing::info!(whole, "checkpoint at exit"),
                        Err(e) => tracing::warn!(error = %e, "checkpoint at exit failed"),
                    }
                }
            }
        }),
        Err(e) => {
            eprintln!("Chainbook could not start: {e}");
            std::process::exit(1);
        }
    }
}
