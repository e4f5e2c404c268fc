//! The runtime's command line: the `--appimage-*` options, the per-user cache folder keyed by
//! the image, and the `exec` of `AppRun` with the environment AppImages get (`APPIMAGE`,
//! `APPDIR`, `ARGV0`, `OWD`).

use std::ffi::{OsStr, OsString};
use std::fs::{self, File};
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{elf, extract, Error};

/// How the runtime names itself in messages.
pub const NAME: &str = "chainbook AppImage";
/// The cache folder's name under `$XDG_CACHE_HOME`: the app's.
const APP: &str = "chainbook";
/// Where `--appimage-extract` writes, as with the official runtime.
const EXTRACT_DIR: &str = "squashfs-root";

/// Runs the runtime with its whole command line (`args[0]` is how it was called). Returns only
/// for the options that print something, or with an error: a normal start ends in `exec`.
pub fn main(args: Vec<OsString>) -> Result<(), Error> {
    let mut args = args.into_iter();
    let argv0 = args.next().unwrap_or_default();
    let rest: Vec<OsString> = args.collect();
    let image = std::env::current_exe()
        .map_err(|e| Error::io("finding the AppImage's own file (/proc/self/exe)", e))?;
    let option = rest
        .first()
        .and_then(|a| a.to_str())
        .filter(|a| a.starts_with("--appimage-"));
    match option {
        Some("--appimage-offset") => {
            println!("{}", offset(&image)?);
            Ok(())
        }
        Some("--appimage-extract") => {
            let dest = std::env::current_dir()
                .map_err(|e| Error::io("reading the current folder", e))?
                .join(EXTRACT_DIR);
            if fs::symlink_metadata(&dest).is_ok() {
                return Err(Error::Usage(format!(
                    "{} exists; remove it or extract elsewhere",
                    dest.display()
                )));
            }
            let n = extract::extract_to(&image, offset(&image)?, &dest)?;
            println!("extracted {n} entries to {}", dest.display());
            Ok(())
        }
        Some("--appimage-extract-and-run") => start(&image, &argv0, &rest[1..]),
        Some(other) => Err(Error::Usage(format!(
            "unknown option {other}; this runtime knows --appimage-offset, \
             --appimage-extract and --appimage-extract-and-run (any other arguments go to the app)"
        ))),
        None => start(&image, &argv0, &rest),
    }
}

/// Extracts the image into its cache folder unless already there, then `exec`s `AppRun`.
fn start(image: &Path, argv0: &OsStr, args: &[OsString]) -> Result<(), Error> {
    let dir = cache_root()?.join(cache_key(image)?);
    if !dir.join("AppRun").is_file() {
        // Check the file before writing anything for it.
        let offset = offset(image)?;
        if fs::symlink_metadata(&dir).is_ok() {
            // Only a rename publishes the folder, so this one was damaged after the fact
            // (someone deleted files in it): start afresh.
            extract::remove_tree(&dir)
                .map_err(|e| Error::io(format!("removing {}", dir.display()), e))?;
        }
        if let Some(parent) = dir.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| Error::io(format!("creating {}", parent.display()), e))?;
        }
        extract::extract_to(image, offset, &dir)?;
    }
    let apprun = dir.join("AppRun");
    let owd = std::env::current_dir().map_err(|e| Error::io("reading the current folder", e))?;
    let err = Command::new(&apprun)
        .args(args)
        .env("APPIMAGE", image)
        .env("APPDIR", &dir)
        .env("ARGV0", argv0)
        .env("OWD", owd)
        .exec();
    Err(Error::io(format!("starting {}", apprun.display()), err))
}

/// Where the squashfs image starts in `image`, after checking the file is an AppImage.
pub fn offset(image: &Path) -> Result<u64, Error> {
    let mut bytes = Vec::new();
    File::open(image)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| Error::io(format!("reading {}", image.display()), e))?;
    offset_in(&bytes).map_err(|why| Error::NotAnAppImage(format!("{}: {why}", image.display())))
}

/// [`offset`] on the file's bytes.
pub fn offset_in(bytes: &[u8]) -> Result<u64, String> {
    let end = elf::elf_end(bytes).map_err(|e| e.to_string())?;
    if !elf::has_magic(bytes) {
        return Err("no AppImage type-2 magic (AI\\x02) at offset 8".into());
    }
    if end >= bytes.len() as u64 {
        return Err("nothing follows the runtime (no squashfs image)".into());
    }
    Ok(end)
}

/// `$XDG_CACHE_HOME/chainbook/appimage`, or `~/.cache/…` when that is unset or relative (as
/// the XDG base directory specification says).
fn cache_root() -> Result<PathBuf, Error> {
    let absolute = |v: Option<OsString>| v.map(PathBuf::from).filter(|p| p.is_absolute());
    let base = absolute(std::env::var_os("XDG_CACHE_HOME"))
        .or_else(|| absolute(std::env::var_os("HOME")).map(|h| h.join(".cache")))
        .ok_or_else(|| {
            Error::Usage("neither XDG_CACHE_HOME nor HOME is set to an absolute path: nowhere to extract the app".into())
        })?;
    Ok(base.join(APP).join("appimage"))
}

/// The cache folder's name for `image`: its size and modification time (to the nanosecond).
/// A rebuilt or updated AppImage gets a new folder; reading a hash of the whole file would
/// cost every start a read of it, where this costs one `stat`.
fn cache_key(image: &Path) -> Result<String, Error> {
    let meta =
        fs::metadata(image).map_err(|e| Error::io(format!("reading {}", image.display()), e))?;
    Ok(key_of(meta.size(), meta.mtime(), meta.mtime_nsec()))
}

fn key_of(size: u64, secs: i64, nanos: i64) -> String {
    format!("{size}-{secs}.{nanos:09}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_changes_with_size_or_time() {
        assert_eq!(key_of(10, 1_700_000_000, 5), "10-1700000000.000000005");
        assert_ne!(key_of(10, 1, 0), key_of(11, 1, 0));
        assert_ne!(key_of(10, 1, 0), key_of(10, 1, 1));
    }

    #[test]
    fn an_executable_without_magic_or_image_is_refused() {
        let exe = fs::read(std::env::current_exe().unwrap()).unwrap();
        assert!(offset_in(&exe).unwrap_err().contains("magic"));
        let mut patched = exe.clone();
        elf::patch_magic(&mut patched).unwrap();
        assert!(offset_in(&patched).unwrap_err().contains("nothing follows"));
        patched.extend_from_slice(b"hsqs");
        assert_eq!(offset_in(&patched).unwrap(), exe.len() as u64);
        assert!(offset_in(b"#!/bin/sh\n")
            .unwrap_err()
            .contains("not an ELF"));
    }
}
