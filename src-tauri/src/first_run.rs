//! The first run: finishing the wizard, with the sample company built by `chainbook-datagen`
//! into a file of its own and swapped into the empty database through the restore path
//! (`Store::load_sample`: one atomic copy, never half a sample), with progress events.
//!
//! The UI shows the wizard while `AppInfo::set_up` is false (see
//! `chainbook_store::settings::first_run` for how a database counts as set up). Debug builds
//! also count a database as set up when `CHAINBOOK_TEST_SET_UP` is set: the end-to-end suite
//! sets it for every test except the first run's own, so the other tests start on the screens
//! they test (their data folders are new and empty, which would otherwise mean the wizard).

use std::path::Path;
use std::sync::Mutex;

use chainbook_datagen::{build_sample, SampleStep, SAMPLE, SAMPLE_SEED};
use chainbook_store::settings::first_run::FirstRun;
use chainbook_store::Store;

use crate::dto::app::{FirstRunDto, SampleProgress};
use crate::error::CmdResult;

/// The event the sample's progress is sent on.
pub const PROGRESS_EVENT: &str = "first_run://progress";

/// The environment variable debug builds read as "the first run is done" (tests only).
pub const TEST_SET_UP_ENV: &str = "CHAINBOOK_TEST_SET_UP";

/// Whether the database is set up, or a debug build runs under the end-to-end suite's
/// [`TEST_SET_UP_ENV`].
pub fn is_set_up(store: &Store) -> CmdResult<bool> {
    let harness = cfg!(debug_assertions) && std::env::var_os(TEST_SET_UP_ENV).is_some();
    Ok(harness || store.settings().is_set_up()?)
}

fn lock(store: &Mutex<Store>) -> std::sync::MutexGuard<'_, Store> {
    store.lock().unwrap_or_else(|e| e.into_inner())
}

/// Validates every choice first (a refused one writes nothing), then, when asked, builds the
/// sample in `data_dir` without holding the store's lock (it takes seconds), loads it (refused
/// with `not_empty` when the database has records, checked before building and again under
/// the lock) and saves the choices over it. Blocking: call from a blocking thread.
pub fn finish(
    store: &Mutex<Store>,
    data_dir: &Path,
    setup: &FirstRunDto,
    progress: impl Fn(SampleProgress),
) -> CmdResult<()> {
    let choices = FirstRun::from(setup).validate()?;
    if setup.sample {
        if lock(store).has_records()? {
            return Err(chainbook_core::ValidationError::new(
                chainbook_core::ErrorCode::NotEmpty,
                "sample",
                "the sample company only goes into an empty database",
            )
            .into());
        }
        let of = SampleStep::ALL.len() as u32 + 1;
        let file = data_dir.join(format!("sample-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&file);
        let mut index = 0;
        let started = std::time::Instant::now();
        build_sample(&file, SAMPLE_SEED, SAMPLE, &mut |step| {
            index += 1;
            progress(SampleProgress {
                step: step.as_str().to_owned(),
                index,
                of,
            });
        })
        .map_err(|e| {
            crate::error::CommandError::new(
                chainbook_core::ErrorCode::Internal,
                format!("building the sample company failed: {e}"),
            )
        })?;
        tracing::info!(
            ms = started.elapsed().as_millis() as u64,
            "sample company built"
        );
        progress(SampleProgress {
            step: "loading".to_owned(),
            index: of,
            of,
        });
        let loaded = {
            let mut s = lock(store);
            s.load_sample(&file)
                .and_then(|()| s.settings_mut().finish_first_run(&choices).map(|_| ()))
        };
        // The restore reads the file through a read-only connection, which leaves its WAL
        // sidecars behind.
        for suffix in ["", "-wal", "-shm"] {
            let mut p = file.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(std::path::PathBuf::from(p));
        }
        loaded?;
        tracing::info!("first run finished with the sample company");
    } else {
        lock(store).settings_mut().finish_first_run(&choices)?;
        tracing::info!("first run finished, empty start");
    }
    Ok(())
}
