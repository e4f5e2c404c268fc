//! Making an AppImage: the runtime executable with the type-2 magic patched in, and the
//! AppDir as a zstd-compressed squashfs image appended right after the ELF's end.
//!
//! The image is written with the `backhand` crate, the same one the runtime reads it with,
//! rather than `mksquashfs`: one implementation of the format on both sides, no system
//! package to install for `dist` or for the tests, and the whole packer testable from Rust.
//! zstd rather than xz: within a few percent of xz's size on the app's binary at level 19,
//! and several times faster to decompress on the first start.

use std::fs::{self, File};
use std::io::{BufWriter, Seek, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use backhand::compression::{CompressionOptions, Compressor, Zstd};
use backhand::{FilesystemCompressor, FilesystemWriter, NodeHeader};

use crate::{elf, Error};

/// zstd's level for the image: slow to write once in `dist`, as fast to read as any level.
pub const ZSTD_LEVEL: u32 = 19;
/// squashfs block size: 1 MiB (the format's largest) compresses the binary best.
const BLOCK_SIZE: u32 = 1 << 20;

/// Writes the AppImage `out` from the runtime executable `runtime` (the bytes of the built
/// `chainbook-appimage-runtime`) and the folder `appdir`. Files keep their modes (not their
/// owners: everything belongs to root in the image, as in appimagetool's); symbolic links are
/// stored as links. Returns the squashfs image's offset in `out`.
pub fn pack(runtime: &[u8], appdir: &Path, out: &Path) -> Result<u64, Error> {
    let offset = elf::elf_end(runtime).map_err(|e| Error::Usage(format!("the runtime: {e}")))?;
    if offset != runtime.len() as u64 {
        // Bytes after the ELF's end would sit between the runtime and the image, where the
        // runtime does not look.
        return Err(Error::Usage(format!(
            "the runtime is {} bytes but its ELF headers end at {offset}",
            runtime.len()
        )));
    }
    let apprun = appdir.join("AppRun");
    let executable = fs::metadata(&apprun).is_ok_and(|m| m.is_file() && m.mode() & 0o111 != 0);
    if !executable {
        return Err(Error::Usage(format!(
            "{} is missing or not executable",
            apprun.display()
        )));
    }
    let mut head = runtime.to_vec();
    elf::patch_magic(&mut head).map_err(|e| Error::Usage(format!("the runtime: {e}")))?;

    let mut image = FilesystemWriter::default();
    image.set_block_size(BLOCK_SIZE);
    let zstd = CompressionOptions::Zstd(Zstd {
        compression_level: ZSTD_LEVEL,
    });
    let compressor =
        FilesystemCompressor::new(Compressor::Zstd, Some(zstd)).map_err(Error::backhand)?;
    image.set_compressor(compressor);
    let root =
        fs::metadata(appdir).map_err(|e| Error::io(format!("reading {}", appdir.display()), e))?;
    image.set_root_mode(mode(&root));
    for (path, meta) in walk(appdir)? {
        let inside = Path::new("/").join(path.strip_prefix(appdir).unwrap_or(&path));
        let header = NodeHeader::new(mode(&meta), 0, 0, mtime(&meta));
        let kind = meta.file_type();
        let added = if kind.is_symlink() {
            let target = fs::read_link(&path)
                .map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
            image.push_symlink(target, &inside, header)
        } else if kind.is_dir() {
            image.push_dir(&inside, header)
        } else if kind.is_file() {
            let file = File::open(&path)
                .map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
            image.push_file(file, &inside, header)
        } else {
            return Err(Error::Usage(format!(
                "{} is not a file, folder or symbolic link",
                path.display()
            )));
        };
        added.map_err(Error::backhand)?;
    }

    let mut file =
        File::create(out).map_err(|e| Error::io(format!("creating {}", out.display()), e))?;
    let written = (|| -> Result<(), Error> {
        let at = |e| Error::io(format!("writing {}", out.display()), e);
        file.write_all(&head).map_err(at)?;
        let mut w = BufWriter::new(&mut file);
        image
            .write_with_offset(&mut w, offset)
            .map_err(Error::backhand)?;
        w.flush().map_err(at)?;
        drop(w);
        file.rewind().map_err(at)?;
        file.sync_all().map_err(at)?;
        let mut perms = file.metadata().map_err(at)?.permissions();
        perms.set_mode(0o755);
        file.set_permissions(perms).map_err(at)
    })();
    if written.is_err() {
        let _ = fs::remove_file(out);
    }
    written.map(|()| offset)
}

/// Every entry below `root` (not `root` itself), parents before children, in name order so
/// the same AppDir gives the same image. Symbolic links are listed, not followed.
fn walk(root: &Path) -> Result<Vec<(PathBuf, fs::Metadata)>, Error> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let read =
            fs::read_dir(&dir).map_err(|e| Error::io(format!("reading {}", dir.display()), e))?;
        let mut entries = Vec::new();
        for entry in read {
            let entry = entry.map_err(|e| Error::io(format!("reading {}", dir.display()), e))?;
            let meta = fs::symlink_metadata(entry.path())
                .map_err(|e| Error::io(format!("reading {}", entry.path().display()), e))?;
            entries.push((entry.path(), meta));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        // Children of the folders found here are visited after this folder's entries.
        let mut sub: Vec<PathBuf> = entries
            .iter()
            .filter(|(_, m)| m.is_dir())
            .map(|(p, _)| p.clone())
            .collect();
        sub.reverse();
        stack.extend(sub);
        out.extend(entries);
    }
    Ok(out)
}

fn mode(meta: &fs::Metadata) -> u16 {
    // The permission bits and setuid/setgid/sticky: 12 bits, which fit.
    (meta.mode() & 0o7777) as u16
}

fn mtime(meta: &fs::Metadata) -> u32 {
    u32::try_from(meta.mtime()).unwrap_or(0)
}
