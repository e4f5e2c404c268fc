//! Coverage-guided fuzzing of the targets in `crates/fuzzing` with cargo-fuzz (libFuzzer):
//! installs a nightly toolchain (rustup's minimal profile) and cargo-fuzz into
//! `target/tools` when missing, then runs each target of `fuzz/` for a fixed time. New inputs
//! go to `target/fuzz/corpus/<target>/` (the committed `fuzz/corpus/<target>/` is read, never
//! written); a crash is written under `target/fuzz/artifacts/<target>/` and fails the run.
//! `--merge` adds to the committed corpus the new inputs that reach new edges (libFuzzer's
//! `-merge=1` on edge coverage only), to be reviewed and committed.

use std::path::PathBuf;

use crate::cmd::{Cmd, Result, Workspace};

/// The binaries of `fuzz/Cargo.toml`, one per target of `chainbook_fuzzing::TARGETS`.
pub const TARGETS: [&str; 4] = ["ipc", "sync_api", "table", "segment_filter"];
/// The cargo-fuzz version the crate in `fuzz/` is written against.
const CARGO_FUZZ_VERSION: &str = "0.13.2";
/// Seconds per target in `cargo xtask test --slow`.
pub const SLOW_SECONDS: u32 = 60;

/// What to run.
pub struct Options {
    pub seconds: u32,
    pub targets: Vec<String>,
    pub merge: bool,
}

/// `cargo xtask fuzz [--seconds N] [--merge] [target...]`.
pub fn parse(args: &[String]) -> Result<Options> {
    let mut opts = Options {
        seconds: SLOW_SECONDS,
        targets: Vec::new(),
        merge: false,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--seconds" => {
                opts.seconds = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .ok_or("fuzz: --seconds takes a number")?;
            }
            "--merge" => opts.merge = true,
            t if TARGETS.contains(&t) => opts.targets.push(t.to_owned()),
            other => {
                return Err(format!(
                    "fuzz: unknown option or target `{other}` (targets: {})",
                    TARGETS.join(", ")
                )
                .into())
            }
        }
    }
    if opts.targets.is_empty() {
        opts.targets = TARGETS.iter().map(|t| t.to_string()).collect();
    }
    Ok(opts)
}

/// Installs nightly when rustup lacks it.
fn nightly() -> Result<()> {
    let have = Cmd::new("rustup")
        .args(["run", "nightly", "rustc", "--version"])
        .probe();
    if let Some(v) = have {
        println!("nightly is installed: {}", v.trim());
        return Ok(());
    }
    Cmd::new("rustup")
        .args(["toolchain", "install", "nightly", "--profile", "minimal"])
        .run()
}

/// Installs cargo-fuzz into `target/tools` unless it is already there; returns its path.
fn cargo_fuzz(ws: &Workspace) -> Result<PathBuf> {
    let root = ws.target.join("tools");
    let bin = root
        .join("bin")
        .join(format!("cargo-fuzz{}", std::env::consts::EXE_SUFFIX));
    if bin.is_file() {
        println!("cargo-fuzz is installed: {}", bin.display());
        return Ok(bin);
    }
    ws.cargo(&[
        "install",
        "cargo-fuzz",
        "--version",
        CARGO_FUZZ_VERSION,
        "--locked",
        "--root",
    ])
    .args([&root])
    .run()?;
    if !bin.is_file() {
        return Err(format!("cargo install did not produce {}", bin.display()).into());
    }
    Ok(bin)
}

/// Runs each target for `opts.seconds`.
pub fn run(ws: &Workspace, opts: &Options) -> Result<()> {
    nightly()?;
    let bin = cargo_fuzz(ws)?;
    let target_dir = ws.target.join("fuzz");
    // `rustup run nightly` puts nightly's cargo first on PATH for cargo-fuzz. No sanitizer:
    // the workspace forbids unsafe code, and the targets look for panics, untyped errors and
    // stray writes, which need none; without one each run is several times faster.
    let fuzz = |args: &[&str]| {
        Cmd::new("rustup")
            .args(["run", "nightly"])
            .args([&bin])
            .args(["fuzz"])
            .args(args)
            .args(["--sanitizer", "none", "--fuzz-dir"])
            .args([ws.root.join("fuzz")])
            .args(["--target-dir"])
            .args([&target_dir])
            .dir(&ws.root)
    };
    fuzz(&["build"]).run()?;
    for t in &opts.targets {
        let work = target_dir.join("corpus").join(t);
        let artifacts = target_dir.join("artifacts").join(t);
        std::fs::create_dir_all(&work)?;
        std::fs::create_dir_all(&artifacts)?;
        let committed = ws.root.join("fuzz").join("corpus").join(t);
        fuzz(&["run", t])
            .args([&work, &committed])
            .args([
                "--".to_owned(),
                format!("-max_total_time={}", opts.seconds),
                format!("-artifact_prefix={}/", artifacts.display()),
                "-rss_limit_mb=4096".to_owned(),
                "-max_len=65536".to_owned(),
                "-print_final_stats=1".to_owned(),
            ])
            .run()?;
        if opts.merge {
            // Merged on edge coverage only (not hit counts or comparisons), which keeps the
            // committed corpus small enough for the replay test of the normal suite.
            fuzz(&["run", t])
                .args([&committed, &work])
                .args([
                    "--",
                    "-merge=1",
                    "-use_counters=0",
                    "-use_value_profile=0",
                    "-use_cmp=0",
                    "-max_len=4096",
                ])
                .run()?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The binaries of `fuzz/Cargo.toml` are the targets run here.
    #[test]
    fn targets_are_the_fuzz_crates_binaries() {
        let manifest = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/Cargo.toml"),
        )
        .unwrap();
        let bins: Vec<&str> = manifest
            .lines()
            .filter_map(|l| l.strip_prefix("name = \""))
            .filter_map(|l| l.strip_suffix('"'))
            .filter(|n| *n != "chainbook-fuzz")
            .collect();
        assert_eq!(bins, TARGETS);
    }
}
