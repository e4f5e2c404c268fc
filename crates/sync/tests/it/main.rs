//! Integration tests of the sync client against the real `chainbook-server` binary over
//! HTTP on 127.0.0.1, with stores on temp files.
//!
//! - [`harness`]: the server process, admin CLI, devices, lost answers, raw reads;
//! - [`roundtrip`]: two devices meeting through the server, sign-in and refusals;
//! - [`retry`]: lost requests and answers, clocks behind and ahead;
//! - [`snapshot`]: a new device's first sync by snapshot, equal to replaying every change,
//!   resumed after a stop, and never for a device with rows of its own;
//! - [`client_kill`]: a client killed with SIGKILL mid-pull, again and again, resuming;
//! - [`sim`]: random work on 3–5 devices through the server, with faults, converging;
//! - [`sim_common`]: the store simulation's random work and checks (shared file).

mod client_kill;
mod harness;
mod retry;
mod roundtrip;
mod sim;
#[path = "../../../store/tests/common/sim.rs"]
mod sim_common;
mod snapshot;
