//! Build script: embeds the Tauri config, icons and capabilities into the app.

fn main() {
    // tauri.conf.json sits beside Cargo.toml (the standard layout the Tauri CLI's bundler expects).
    tauri_build::build();
}
