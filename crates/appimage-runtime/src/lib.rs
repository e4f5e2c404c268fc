//! Chainbook's AppImage runtime, and the packer that makes the AppImage around it.
//!
//! An AppImage (type 2) is an ELF executable — the *runtime* — with `AI\x02` at file offset 8
//! and a squashfs image of the app's AppDir appended right after the ELF's end. The official
//! runtime (AppImageKit's `runtime.c`, a static C program) is only distributed from GitHub,
//! which the build machines cannot reach, so this crate is our own, written from the format's
//! description: the binary `chainbook-appimage-runtime` is what `cargo xtask dist` puts in
//! front of the image, with the crate's other binary, `chainbook-appimage-pack`.
//!
//! The official runtime mounts the image with FUSE and runs `AppRun` from the mount point.
//! This one extracts the image once into a per-user cache folder
//! (`$XDG_CACHE_HOME/chainbook/appimage/<key>/`, see [`run`]) and `exec`s `AppRun` from
//! there: many machines and containers have no FUSE (no `/dev/fuse`, no `fusermount`, no
//! permission to mount), and after the first start the cost is one `stat` before the `exec`.
//! The options it understands are the official ones for this: `--appimage-offset`,
//! `--appimage-extract` and `--appimage-extract-and-run` (what a normal start does anyway).
//!
//! Modules:
//! - [`elf`]: where the ELF ends (the image's offset), and the magic bytes;
//! - [`extract`]: the squashfs image into a folder, modes and symbolic links kept, published by
//!   an atomic rename;
//! - [`pack`]: the AppImage from the runtime and an AppDir (used by `cargo xtask dist` and the
//!   tests);
//! - [`run`]: the runtime's command line, cache folder and `exec`.
//!
//! Deliberately small: `backhand` (squashfs, zstd only) and the standard library.

use std::fmt;
use std::io;
use std::process::ExitCode;

pub mod elf;
pub mod extract;
pub mod pack;
pub mod run;

/// What can go wrong, each with a message for the person who started the AppImage.
#[derive(Debug)]
pub enum Error {
    /// The file is not an AppImage of ours (no magic, not ELF).
    NotAnAppImage(String),
    /// The squashfs image cannot be read (cut short, damaged).
    Corrupt(String),
    /// Reading or writing a file failed (disk full, permissions, …).
    Io { what: String, source: io::Error },
    /// A wrong option or input.
    Usage(String),
    /// Writing the squashfs image failed (in the packer).
    Squashfs(String),
}

impl Error {
    /// An I/O error while doing `what`.
    pub fn io(what: impl Into<String>, source: io::Error) -> Error {
        Error::Io {
            what: what.into(),
            source,
        }
    }

    /// A `backhand` error while writing an image.
    fn backhand(e: backhand::BackhandError) -> Error {
        match e {
            backhand::BackhandError::StdIo(source) => {
                Error::io("writing the squashfs image", source)
            }
            other => Error::Squashfs(other.to_string()),
        }
    }

    /// The process's exit code for this error: 2 for usage errors, 1 for the rest.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Usage(_) => ExitCode::from(2),
            _ => ExitCode::FAILURE,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotAnAppImage(why) => write!(f, "not an AppImage: {why}"),
            Error::Corrupt(why) => write!(
                f,
                "the AppImage is damaged ({why}); download or copy it again"
            ),
            Error::Io { what, source } if source.kind() == io::ErrorKind::StorageFull => write!(
                f,
                "{what}: {source}; free some disk space and start it again"
            ),
            Error::Io { what, source } => write!(f, "{what}: {source}"),
            Error::Usage(why) => f.write_str(why),
            Error::Squashfs(why) => write!(f, "writing the squashfs image: {why}"),
        }
    }
}

impl std::error::Error for Error {}
