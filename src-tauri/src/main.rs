//! The `chainbook` binary: starts the desktop app ([`chainbook_app::run`]).

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    chainbook_app::run();
}
