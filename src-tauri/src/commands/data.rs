//! Commands: exports of lists, backups, restore with its preview, encryption at rest. The file choosers are
//! `file_pick` in `commands/mod.rs` (they need the window, not the store).

use super::prelude::*;
use crate::dto::data::*;

commands! {
    /// Stops a running encryption switch; it answers `cancelled` and the database stays as it
    /// was.
    fn encryption_cancel(state) -> () {
        state.encryption_cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    /// Stops the running export after its current page; it answers `cancelled` and leaves no
    /// file.
    fn export_cancel(state) -> () {
        state.export_cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    /// Stops the running "back up now" after its current step; it answers `cancelled` and the
    /// chosen file stays as it was.
    fn backup_cancel(state) -> () {
        state.backup_cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    /// The automatic backup settings, the last automatic backup's outcome and the backups in
    /// their folder.
    fn backup_overview(state) -> BackupOverview {
        let settings = store(&state)?.settings().auto_backup()?;
        let last_auto = state.auto_backup.lock().unwrap_or_else(|p| p.into_inner()).clone();
        Ok(BackupOverview {
            files: crate::backup::list(&settings.folder),
            settings: settings.into(),
            last_auto,
        })
    }

    /// Saves the automatic backup settings (device-local).
    fn backup_settings_set(state, settings: BackupSettings) -> BackupSettings {
        let saved = store(&state)?.settings_mut().set_auto_backup(&settings.into())?;
        Ok(saved.into())
    }

    /// What a backup file holds; refused when it is not a Chainbook database or is newer.
    fn restore_preview(state, path: String) -> BackupPreview {
        let store = state.store.clone();
        blocking(move || crate::backup::preview(&store, std::path::Path::new(&path))).await
    }

    /// Saves the data as it is now (a backup beside the automatic ones, or in the data
    /// folder's `backups/`), then replaces it with the backup at `path`.
    fn restore_backup(state, path: String) -> RestoreDone {
        let store = state.store.clone();
        let saved_dir = crate::backup::saved_dir(&*super::store(&state)?, &state.data_dir)?;
        let done = blocking(move || {
            crate::backup::restore(&store, std::path::Path::new(&path), &saved_dir)
        })
        .await?;
        // The restored data has its own sync link (or none): show it as it is now.
        state.sync.restore(&*super::store(&state)?);
        tracing::info!(from = %done.restored.path, saved = %done.saved_to, "restored");
        Ok(done)
    }

    /// Whether the database on this computer is encrypted.
    fn encryption_status(state) -> EncryptionStatus {
        Ok(EncryptionStatus { encrypted: store(&state)?.is_encrypted() })
    }
}

/// Copies the database now to `path` (a backup file) while the app keeps working, sending
/// `backup://progress` after every step; `backup_cancel` stops it. Outside the `commands!` list
/// because it needs the app handle for the events.
#[tauri::command]
pub async fn backup_now<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    path: Option<serde_json::Value>,
) -> CmdResult<BackupFile> {
    use std::ops::ControlFlow;
    use std::sync::atomic::Ordering;
    use tauri::Emitter;
    let path: String = super::decode_arg("path", path)?;
    let (store, cancel) = (state.store.clone(), state.backup_cancel.clone());
    cancel.store(false, Ordering::Relaxed);
    let f = blocking(move || {
        crate::backup::back_up_watched(&store, std::path::Path::new(&path), |p| {
            let _ = app.emit(crate::backup::PROGRESS_EVENT, p);
            if cancel.load(Ordering::Relaxed) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
    })
    .await?;
    tracing::info!(path = %f.path, "backed up");
    Ok(f)
}

/// [`backup_now`]'s signature for the bindings.
pub fn backup_now_signature(cfg: &ts_rs::Config) -> super::Signature {
    use ts_rs::TS;
    (
        "backup_now",
        vec![("path", String::name(cfg))],
        BackupFile::name(cfg),
    )
}

/// Writes every row of a list, with the filters the view has, to a CSV or .xlsx file, sending
/// `export://progress` after every page; `export_cancel` stops it. Outside the `commands!` list
/// because it needs the app handle for the events.
#[tauri::command]
pub async fn export_list<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    request: Option<serde_json::Value>,
) -> CmdResult<ExportDone> {
    use std::sync::atomic::Ordering;
    use tauri::Emitter;
    let request: ExportRequest = super::decode_arg("request", request)?;
    let (store, cancel) = (state.store.clone(), state.export_cancel.clone());
    // A cancel meant for an earlier export does not stop this one.
    cancel.store(false, Ordering::Relaxed);
    blocking(move || {
        let mut progress = |p: ExportProgress| {
            let _ = app.emit(crate::export::PROGRESS_EVENT, p);
        };
        crate::export::run(
            &store,
            request,
            crate::export::Watch {
                cancel: &cancel,
                progress: &mut progress,
            },
        )
    })
    .await
}

/// [`export_list`]'s signature for the bindings.
pub fn export_list_signature(cfg: &ts_rs::Config) -> super::Signature {
    use ts_rs::TS;
    (
        "export_list",
        vec![("request", ExportRequest::name(cfg))],
        ExportDone::name(cfg),
    )
}

/// Turns encryption at rest on (a new key in the OS keychain) or off, re-encrypting the
/// database in place on a blocking thread and sending `encryption://progress`. Outside the
/// `commands!` list because it needs the app handle for the events.
#[tauri::command]
pub async fn encryption_set<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    on: Option<serde_json::Value>,
) -> CmdResult<EncryptionStatus> {
    use tauri::Emitter;
    let on: bool = super::decode_arg("on", on)?;
    let (store, keychain) = (state.store.clone(), state.keychain.clone());
    let keeps_secrets = state.keychain_keeps_secrets;
    let cancel = state.encryption_cancel.clone();
    cancel.store(false, std::sync::atomic::Ordering::Relaxed);
    blocking(move || {
        crate::cipher::switch(&store, &keychain, keeps_secrets, on, move |p| {
            let _ = app.emit(crate::cipher::PROGRESS_EVENT, p);
            !cancel.load(std::sync::atomic::Ordering::Relaxed)
        })
    })
    .await
}

/// [`encryption_set`]'s signature for the bindings.
pub fn encryption_set_signature(cfg: &ts_rs::Config) -> super::Signature {
    use ts_rs::TS;
    (
        "encryption_set",
        vec![("on", bool::name(cfg))],
        EncryptionStatus::name(cfg),
    )
}
