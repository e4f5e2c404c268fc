//! Desktop notifications: the user's choices, what is new to tell, and showing one through
//! the OS (`notify_show`, outside the `commands!` list because it needs the app handle).
//!
//! The UI asks [`notify_due`] at start and every few minutes, words each notice in the user's
//! language and hands it to [`notify_show`]: the words live in the UI's catalog, so the shell
//! never composes user-visible text.

use super::prelude::*;
use chainbook_store::notify::NotifyPrefs;

commands! {
    /// Notifications on or off, and which kinds.
    fn notify_settings(state) -> NotifySettingsDto {
        Ok(store(&state)?.notify_prefs()?.into())
    }

    /// Saves the notification choices (on with no kind chosen is refused); returns them.
    fn notify_set_settings(state, settings: NotifySettingsDto) -> NotifySettingsDto {
        let prefs: NotifyPrefs = settings.into();
        Ok(store(&state)?.set_notify_prefs(&prefs)?.into())
    }

    /// What is new to tell on `today` (the user's local date, YYYY-MM-DD) since the last
    /// call, one notice per kind; empty while notifications are off.
    fn notify_due(state, today: String) -> Vec<NoticeDto> {
        let today = date_arg("today", &today)?;
        let notices = store(&state)?.take_notices(today)?;
        Ok(notices.into_iter().map(Into::into).collect())
    }
}

/// The longest title and body passed on: notification servers cut or refuse longer ones, and
/// a notice names at most three records.
const TITLE_MAX: usize = 200;
const BODY_MAX: usize = 1000;

/// Shows one notification through the OS (D-Bus notifications on Linux, the notification
/// centre on macOS, toasts on Windows). Delivery is the OS's: a desktop without a notification
/// service drops it (logged), as it would any application's.
#[tauri::command]
pub async fn notify_show<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    notification: Option<serde_json::Value>,
) -> CmdResult<()> {
    use tauri_plugin_notification::NotificationExt;
    let n: NotificationDto = super::decode_arg("notification", notification)?;
    let title = n.title.trim();
    if title.is_empty() {
        return Err(
            CommandError::new(ErrorCode::Required, "a notification needs a title")
                .with_field("title"),
        );
    }
    let title: String = title.chars().take(TITLE_MAX).collect();
    let body: String = n.body.trim().chars().take(BODY_MAX).collect();
    app.notification()
        .builder()
        .title(title)
        .body(body)
        .show()
        .map_err(|e| {
            tracing::warn!(error = %e, "notification not shown");
            CommandError::new(ErrorCode::Internal, format!("notification not shown: {e}"))
        })?;
    tracing::info!("notification shown");
    Ok(())
}

/// [`notify_show`]'s signature for the bindings.
pub fn notify_show_signature(cfg: &ts_rs::Config) -> super::Signature {
    use ts_rs::TS;
    (
        "notify_show",
        vec![("notification", NotificationDto::name(cfg))],
        "null".to_owned(),
    )
}
