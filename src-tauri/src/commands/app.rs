//! Commands: app info, the first run, the UI language and theme, business settings (home country, base currency, company header, loyalty weight), the home's "what needs attention today".

use super::prelude::*;

commands! {
    /// What needs attention on `today` (the user's local date, YYYY-MM-DD): per group the
    /// count and the first `lines` (1–20) records.
    fn attention(state, today: String, lines: u32) -> Vec<AttentionGroupDto> {
        let today = date_arg("today", &today)?;
        let groups = store(&state)?.attention(today, lines)?;
        Ok(groups.into_iter().map(Into::into).collect())
    }

    /// Version, folders, device and language settings.
    fn app_info(state) -> AppInfo {
        let s = store(&state)?;
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: state.data_dir.display().to_string(),
            device_code: s.device().code.clone(),
            locale: s.settings().locale()?,
            os_locale: sys_locale::get_locale(),
            theme: s.settings().theme()?.as_str().to_owned(),
            home_country: s.settings().home_country()?,
            company: s.settings().company()?.into(),
            base_currency: s.settings().base_currency()?,
            set_up: crate::first_run::is_set_up(&s)?,
            now: rfc3339(s.now()),
        })
    }

    /// Called once by the UI after its first complete render: logs `ui ready` with the time
    /// since start-up (`cargo xtask bench --app` reads it from the log file), then starts the
    /// launch's forecast run (forecasts due since the last start), which waits for this so as
    /// not to slow the first screen.
    fn app_ready(state) -> () {
        let startup_ms = crate::started().elapsed().as_millis() as u64;
        tracing::info!(startup_ms, "ui ready");
        if state.forecasts.first_launch_run() {
            let today = store(&state)?.now().with_timezone(&chrono::Local).date_naive();
            state.forecasts.start(state.store.clone(), today);
        }
        Ok(())
    }

    /// Saves the UI language ("zh-CN" or "en").
    fn settings_set_locale(state, locale: String) -> () {
        if !LOCALES.contains(&locale.as_str()) {
            return Err(CommandError::new(ErrorCode::InvalidArgument, format!("unknown locale {locale:?}")));
        }
        store(&state)?.settings_mut().set_locale(&locale)?;
        Ok(())
    }

    /// Saves the theme ("light", "dark" or "system"); returns it as stored.
    fn settings_set_theme(state, theme: String) -> String {
        Ok(store(&state)?.settings_mut().set_theme(&theme)?.as_str().to_owned())
    }

    /// Saves the business's home country (ISO 3166-1 alpha-2).
    fn settings_set_home_country(state, country: String) -> () {
        store(&state)?.settings_mut().set_home_country(&country)?;
        Ok(())
    }

    /// Saves the base currency (ISO 4217); returns it as stored (`usd` → `USD`).
    fn settings_set_base_currency(state, currency: String) -> String {
        Ok(store(&state)?.settings_mut().set_base_currency(&currency)?)
    }

    /// Saves the company header printed on documents.
    fn settings_set_company(state, company: CompanyDto) -> CompanyDto {
        Ok(store(&state)?.settings_mut().set_company(&company.into())?.into())
    }

    /// The loyalty index's subjective weight (0–1).
    fn loyalty_weight_get(state) -> f64 {
        Ok(store(&state)?.settings().loyalty_weight()?)
    }

    /// Saves the loyalty index's subjective weight (0–1).
    fn loyalty_weight_set(state, weight: f64) -> f64 {
        Ok(store(&state)?.settings_mut().set_loyalty_weight(weight)?)
    }
}

/// Finishes the first run: the wizard's choices saved in one write, after the sample company
/// was built and swapped in when `setup.sample` asks for it (refused with `not_empty` when the
/// database has records; a refused choice writes nothing). Sends `first_run://progress` while
/// the sample is built. Outside the `commands!` list because it needs the app handle for the
/// events.
#[tauri::command]
pub async fn first_run_finish<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    setup: Option<serde_json::Value>,
) -> CmdResult<()> {
    use tauri::Emitter;
    let setup: FirstRunDto = super::decode_arg("setup", setup)?;
    let (store, data_dir) = (state.store.clone(), state.data_dir.clone());
    blocking(move || {
        crate::first_run::finish(&store, &data_dir, &setup, move |p| {
            let _ = app.emit(crate::first_run::PROGRESS_EVENT, p);
        })
    })
    .await
}

/// [`first_run_finish`]'s signature for the bindings.
pub fn first_run_finish_signature(cfg: &ts_rs::Config) -> super::Signature {
    use ts_rs::TS;
    (
        "first_run_finish",
        vec![("setup", FirstRunDto::name(cfg))],
        <() as TS>::name(cfg),
    )
}
