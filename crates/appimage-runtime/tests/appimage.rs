//! A tiny AppImage made by the packer around the built runtime, started like a user would:
//! its `AppRun` (a shell script) prints its arguments and the AppImage environment.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chainbook_appimage_runtime::pack::pack;

const RUNTIME: &str = env!("CARGO_BIN_EXE_chainbook-appimage-runtime");

const APPRUN: &str = r#"#!/bin/sh
for a in "$@"; do echo "arg=[$a]"; done
echo "APPDIR=$APPDIR"
echo "APPIMAGE=$APPIMAGE"
echo "ARGV0=$ARGV0"
echo "OWD=$OWD"
cat "$APPDIR/usr/share/hello.txt"
"#;

struct Fixture {
    tmp: tempfile::TempDir,
    image: PathBuf,
    offset: u64,
}

impl Fixture {
    fn new() -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("Test.AppDir");
        fs::create_dir_all(dir.join("usr/share")).unwrap();
        fs::write(dir.join("AppRun"), APPRUN).unwrap();
        fs::set_permissions(dir.join("AppRun"), fs::Permissions::from_mode(0o755)).unwrap();
        fs::write(dir.join("usr/share/hello.txt"), "hello from the image\n").unwrap();
        let image = tmp.path().join("Test.AppImage");
        let offset = pack(&fs::read(RUNTIME).unwrap(), &dir, &image).unwrap();
        Fixture { tmp, image, offset }
    }

    fn cache(&self) -> PathBuf {
        self.tmp.path().join("cache")
    }

    /// Runs `program` with `args` in a working folder of its own and this fixture's cache.
    fn run(&self, program: &Path, args: &[&str]) -> Output {
        let cwd = self.tmp.path().join("cwd");
        fs::create_dir_all(&cwd).unwrap();
        let mut tries = 0;
        loop {
            let out = Command::new(program)
                .args(args)
                .current_dir(&cwd)
                .env("XDG_CACHE_HOME", self.cache())
                .output();
            match out {
                // ETXTBSY: a test on another thread forked while this file was open for
                // writing, and its child holds the descriptor until it execs.
                Err(e) if e.raw_os_error() == Some(26) && tries < 50 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                out => return out.unwrap(),
            }
        }
    }

    fn extracted(&self) -> Vec<PathBuf> {
        let root = self.cache().join("chainbook/appimage");
        fs::read_dir(root)
            .map(|d| d.map(|e| e.unwrap().path()).collect())
            .unwrap_or_default()
    }
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

#[test]
fn starts_the_apprun_with_its_arguments_and_environment() {
    let f = Fixture::new();
    let out = f.run(&f.image, &["one", "two words", "--flag"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    let dirs = f.extracted();
    assert_eq!(dirs.len(), 1, "one cache folder: {dirs:?}");
    let appdir = &dirs[0];
    assert!(appdir.starts_with(f.cache()));
    let expected = format!(
        "arg=[one]\narg=[two words]\narg=[--flag]\nAPPDIR={}\nAPPIMAGE={}\nARGV0={}\nOWD={}\n\
         hello from the image\n",
        appdir.display(),
        f.image.display(),
        f.image.display(),
        f.tmp.path().join("cwd").display()
    );
    assert_eq!(stdout, expected);

    // The second start uses the same folder, without extracting again.
    let marker = appdir.join("marker");
    fs::write(&marker, "").unwrap();
    let again = f.run(&f.image, &[]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(text(&again.stdout).starts_with(&format!("APPDIR={}\n", appdir.display())));
    assert!(marker.exists());
    assert_eq!(f.extracted().len(), 1);
}

#[test]
fn prints_its_offset_and_extracts_on_request() {
    let f = Fixture::new();
    let out = f.run(&f.image, &["--appimage-offset"]);
    assert!(out.status.success());
    assert_eq!(text(&out.stdout).trim(), f.offset.to_string());
    assert_eq!(f.offset, fs::metadata(RUNTIME).unwrap().len());
    let bytes = fs::read(&f.image).unwrap();
    assert_eq!(&bytes[8..11], b"AI\x02");
    assert_eq!(&bytes[f.offset as usize..f.offset as usize + 4], b"hsqs");

    let out = f.run(&f.image, &["--appimage-extract"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let root = f.tmp.path().join("cwd/squashfs-root");
    let mode = fs::metadata(root.join("AppRun"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o755);
    assert_eq!(
        fs::read_to_string(root.join("usr/share/hello.txt")).unwrap(),
        "hello from the image\n"
    );
    // Nothing went to the cache, and a second extraction refuses to overwrite.
    assert!(f.extracted().is_empty());
    let again = f.run(&f.image, &["--appimage-extract"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("exists"));

    let unknown = f.run(&f.image, &["--appimage-mount"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("unknown option --appimage-mount"));
}

#[test]
fn refuses_what_is_not_an_appimage_or_is_damaged() {
    let f = Fixture::new();
    // The bare runtime: no magic, nothing appended.
    let out = f.run(Path::new(RUNTIME), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("not an AppImage"),
        "{}",
        text(&out.stderr)
    );

    // Cut in the middle of its image, as by an interrupted download.
    let bytes = fs::read(&f.image).unwrap();
    let cut = f.tmp.path().join("Cut.AppImage");
    fs::write(&cut, &bytes[..f.offset as usize + 300]).unwrap();
    fs::set_permissions(&cut, fs::Permissions::from_mode(0o755)).unwrap();
    let out = f.run(&cut, &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("damaged"), "{stderr}");
    assert!(!stderr.contains("internal error"), "{stderr}");
    // Nothing half-extracted is left for the next start to trust.
    let left: Vec<_> = fs::read_dir(f.cache().join("chainbook/appimage"))
        .unwrap()
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
