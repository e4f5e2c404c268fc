//! The forecast run in the background: every product whose forecast is due is forecast in
//! batches, the store's lock held only to read a batch's demand and to save its forecasts,
//! never while the models are fitted (on every core), so the app stays usable. Progress goes
//! to the window as `forecast://progress`; a run can be cancelled between batches and keeps
//! what it saved. One run at a time; the app starts one at launch, once its first screen is
//! painted.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chainbook_store::planning::forecasts;
use chainbook_store::Store;
use chrono::NaiveDate;

use crate::dto::planning::ForecastStatusDto;

/// The event carrying a run's [`ForecastStatusDto`].
pub const PROGRESS_EVENT: &str = "forecast://progress";
/// Products read, fitted and saved together: big enough that the lock is taken rarely,
/// small enough that a cancel or another command waits a fraction of a second.
const BATCH: usize = 200;

type Emit = Box<dyn Fn(ForecastStatusDto) + Send + Sync>;

/// The state of the background run.
#[derive(Default)]
pub struct ForecastRun {
    running: AtomicBool,
    cancel: AtomicBool,
    /// Whether the launch's run was asked for (the UI may say it is ready more than once).
    launched: AtomicBool,
    /// (done, due) of the current or last run.
    progress: Mutex<(u64, u64)>,
    emit: Mutex<Option<Emit>>,
}

impl ForecastRun {
    /// Where progress goes (the window, in the app).
    pub fn set_emit(&self, emit: Emit) {
        *self.emit.lock().unwrap_or_else(|p| p.into_inner()) = Some(emit);
    }

    /// The run's state; `due` and `total` read from the store when no run is going.
    pub fn status(
        &self,
        store: &Store,
        as_of: NaiveDate,
    ) -> chainbook_store::Result<ForecastStatusDto> {
        let (due, total) = store.planning().forecasts_due(as_of)?;
        let running = self.running.load(Ordering::SeqCst);
        let (done, run_due) = *self.progress.lock().unwrap_or_else(|p| p.into_inner());
        Ok(ForecastStatusDto {
            running,
            done: if running { done } else { 0 },
            due: if running { run_due } else { due },
            total,
        })
    }

    /// Starts a run as of `as_of` on its own thread unless one is going; whether it started.
    pub fn start(self: &Arc<Self>, store: Arc<Mutex<Store>>, as_of: NaiveDate) -> bool {
        if self.running.swap(true, Ordering::SeqCst) {
            return false;
        }
        self.cancel.store(false, Ordering::SeqCst);
        let me = self.clone();
        let spawned = std::thread::Builder::new()
            .name("forecasts".into())
            .spawn(move || {
                if let Err(e) = me.run(&store, as_of) {
                    tracing::warn!(error = %e, "the forecast run stopped");
                }
                me.running.store(false, Ordering::SeqCst);
                me.send(false);
            });
        if spawned.is_err() {
            self.running.store(false, Ordering::SeqCst);
        }
        spawned.is_ok()
    }

    /// True the first time only: the launch's run is to start now.
    pub fn first_launch_run(&self) -> bool {
        !self.launched.swap(true, Ordering::SeqCst)
    }

    /// Asks the run to stop after its current batch.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::SeqCst);
    }

    /// Waits for the run to end (tests).
    pub fn wait(&self) {
        while self.running.load(Ordering::SeqCst) {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    fn send(&self, running: bool) {
        let (done, due) = *self.progress.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(emit) = &*self.emit.lock().unwrap_or_else(|p| p.into_inner()) {
            emit(ForecastStatusDto {
                running,
                done,
                due,
                total: 0,
            });
        }
    }

    fn run(&self, store: &Mutex<Store>, as_of: NaiveDate) -> chainbook_store::Result<()> {
        let lock = || store.lock().unwrap_or_else(|p| p.into_inner());
        let (due, _) = lock().planning().forecasts_due(as_of)?;
        *self.progress.lock().unwrap_or_else(|p| p.into_inner()) = (0, due);
        self.send(true);
        let started = std::time::Instant::now();
        let mut done = 0u64;
        while !self.cancel.load(Ordering::SeqCst) {
            let (inputs, now) = {
                let s = lock();
                (s.planning().forecast_inputs(as_of, BATCH)?, s.now())
            };
            if inputs.is_empty() {
                break;
            }
            let fitted = forecasts::compute(&inputs, now);
            let kept = lock().planning_mut().save_forecasts(&inputs, &fitted)?;
            done += inputs.len() as u64;
            *self.progress.lock().unwrap_or_else(|p| p.into_inner()) = (done.min(due), due);
            self.send(true);
            if kept == 0 {
                // The demand moved under every read of this batch: the next run takes it.
                break;
            }
        }
        tracing::info!(
            done,
            due,
            cancelled = self.cancel.load(Ordering::SeqCst),
            ms = started.elapsed().as_millis() as u64,
            "forecast run"
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_launch_run_is_asked_for_once() {
        let run = ForecastRun::default();
        assert!(run.first_launch_run());
        assert!(!run.first_launch_run());
        assert!(!run.first_launch_run());
    }
}
