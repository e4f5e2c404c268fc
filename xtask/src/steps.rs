//! The step runner behind `cargo xtask test`: runs named steps in order with a banner each,
//! stops at the first failure, and prints every step's wall time and a one-line summary.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::cmd::{Result, Workspace};

type Action = Box<dyn FnOnce(&Workspace) -> Result<()>>;

enum Plan {
    Run(Action),
    Skip(&'static str),
}

enum Outcome {
    Passed(Duration),
    Failed(Duration),
    Skipped(&'static str),
    NotRun,
}

/// An ordered list of steps.
pub struct Steps {
    title: &'static str,
    steps: Vec<(&'static str, Plan)>,
}

impl Steps {
    /// An empty plan; `title` starts the summary lines.
    pub fn new(title: &'static str) -> Steps {
        Steps {
            title,
            steps: Vec::new(),
        }
    }

    /// Adds a step.
    pub fn add(
        &mut self,
        name: &'static str,
        action: impl FnOnce(&Workspace) -> Result<()> + 'static,
    ) {
        self.steps.push((name, Plan::Run(Box::new(action))));
    }

    /// Adds a step that is reported as skipped, with the reason.
    pub fn skip(&mut self, name: &'static str, reason: &'static str) {
        self.steps.push((name, Plan::Skip(reason)));
    }

    /// Runs the steps in order until one fails; prints the timings and a summary line.
    pub fn run_all(self, ws: &Workspace) -> ExitCode {
        let started = Instant::now();
        let total = self.steps.len();
        let mut results: Vec<(&'static str, Outcome)> = Vec::with_capacity(total);
        let mut failure = None;
        for (i, (name, plan)) in self.steps.into_iter().enumerate() {
            let action = match plan {
                _ if failure.is_some() => {
                    results.push((name, Outcome::NotRun));
                    continue;
                }
                Plan::Skip(reason) => {
                    println!("\n==> [{}/{total}] {name}: SKIPPED ({reason})", i + 1);
                    results.push((name, Outcome::Skipped(reason)));
                    continue;
                }
                Plan::Run(action) => action,
            };
            println!("\n==> [{}/{total}] {name}", i + 1);
            let step_start = Instant::now();
            let outcome = action(ws);
            let took = step_start.elapsed();
            match outcome {
                Ok(()) => results.push((name, Outcome::Passed(took))),
                Err(e) => {
                    println!(
                        "\n!!! FAILED [{}/{total}] {name} after {}",
                        i + 1,
                        human(took)
                    );
                    println!("!!! {e}");
                    results.push((name, Outcome::Failed(took)));
                    failure = Some((i + 1, name));
                }
            }
        }

        println!("\n{}: step times", self.title);
        for (name, outcome) in &results {
            let (status, time, note) = match outcome {
                Outcome::Passed(t) => ("ok", human(*t), String::new()),
                Outcome::Failed(t) => ("FAILED", human(*t), String::new()),
                Outcome::Skipped(reason) => ("skipped", "-".into(), format!(" ({reason})")),
                Outcome::NotRun => ("not run", "-".into(), String::new()),
            };
            println!("  {status:<8} {time:>9}  {name}{note}");
        }
        let elapsed = human(started.elapsed());
        match failure {
            None => {
                let passed = results
                    .iter()
                    .filter(|(_, o)| matches!(o, Outcome::Passed(_)))
                    .count();
                let skipped = total - passed;
                let skipped = if skipped > 0 {
                    format!(", {skipped} skipped")
                } else {
                    String::new()
                };
                println!(
                    "{}: OK, {passed} steps passed{skipped} in {elapsed}",
                    self.title
                );
                ExitCode::SUCCESS
            }
            Some((n, name)) => {
                println!(
                    "{}: FAILED at step {n}/{total} ({name}) after {elapsed}",
                    self.title
                );
                ExitCode::FAILURE
            }
        }
    }
}

/// `4.2s`, `1m 05s`.
fn human(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1}s")
    } else {
        let whole = d.as_secs();
        format!("{}m {:02}s", whole / 60, whole % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;

    #[test]
    fn formats_durations() {
        assert_eq!(human(Duration::from_millis(4_240)), "4.2s");
        assert_eq!(human(Duration::from_secs(65)), "1m 05s");
        assert_eq!(human(Duration::from_secs(600)), "10m 00s");
    }

    #[test]
    fn stops_at_the_first_failure() {
        let ws = Workspace::locate().unwrap();
        let ran = Rc::new(Cell::new(0));
        let mut steps = Steps::new("unit");
        let r = ran.clone();
        steps.add("one", move |_| {
            r.set(r.get() + 1);
            Ok(())
        });
        steps.skip("two", "not needed");
        steps.add("three", |_| Err("boom".into()));
        let r = ran.clone();
        steps.add("four", move |_| {
            r.set(r.get() + 1);
            Ok(())
        });
        assert_eq!(steps.run_all(&ws), ExitCode::FAILURE);
        assert_eq!(ran.get(), 1, "the step after the failure must not run");
    }

    #[test]
    fn succeeds_when_every_step_does() {
        let ws = Workspace::locate().unwrap();
        let mut steps = Steps::new("unit");
        steps.add("one", |_| Ok(()));
        steps.skip("two", "not needed");
        assert_eq!(steps.run_all(&ws), ExitCode::SUCCESS);
    }
}
