//! Build script of the `chainbook` package (whose manifest is the root `Cargo.toml`): embeds
//! the Tauri config (`tauri.conf.json` at the root), the icons and the capabilities into the app.

fn main() {
    // The build script runs in the package's folder, the repository root, where tauri.conf.json
    // is found. The capabilities stay beside the sources in src-tauri/, so their pattern is
    // given, and their folder watched (tauri-build watches only its default `capabilities/`).
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let attributes =
        tauri_build::Attributes::new().capabilities_path_pattern("src-tauri/capabilities/**/*");
    if let Err(e) = tauri_build::try_build(attributes) {
        // What `tauri_build::build()` does on an error.
        println!("cargo:warning={e:#}");
        std::process::exit(1);
    }
}
