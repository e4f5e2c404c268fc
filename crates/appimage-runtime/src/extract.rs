//! Extracting the squashfs image of an AppImage into a folder, keeping file modes and
//! symbolic links, and never leaving a half-written folder under the final name: everything
//! goes into a temporary folder beside it, renamed into place once complete.

use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Write};
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Component, Path, PathBuf};

use backhand::{FilesystemReader, InnerNode};

use crate::Error;

/// Extracts the squashfs image that starts at `offset` in `image` into `dest`. Returns the
/// number of entries written: 0 when `dest` appeared meanwhile (another start of the same
/// image won the race), which is then left as it is.
///
/// The entries go into `<dest>.tmp-<pid>` first, renamed to `dest` at the end: a start that is
/// killed half way, or a full disk, leaves at most that temporary folder (removed on errors
/// we see), never an incomplete `dest` that a later start would trust.
pub fn extract_to(image: &Path, offset: u64, dest: &Path) -> Result<usize, Error> {
    let file =
        File::open(image).map_err(|e| Error::io(format!("opening {}", image.display()), e))?;
    let fs = FilesystemReader::from_reader_with_offset(BufReader::new(file), offset)
        .map_err(|e| Error::Corrupt(format!("{}: {e}", image.display())))?;
    let tmp = temp_beside(dest)?;
    if tmp.exists() {
        // Left by a killed start with the same process id: stale by construction.
        remove_tree(&tmp).map_err(|e| Error::io(format!("removing {}", tmp.display()), e))?;
    }
    // Best effort on failure: the error being reported matters more than this one.
    let drop_tmp = || {
        let _ = remove_tree(&tmp);
    };
    let n = write_tree(&fs, &tmp).inspect_err(|_| drop_tmp())?;
    match fs::rename(&tmp, dest) {
        Ok(()) => Ok(n),
        // Another start of the same image published its folder first: use that one (only a
        // complete extraction is ever renamed into place) and drop ours.
        Err(_) if fs::symlink_metadata(dest).is_ok() => {
            drop_tmp();
            Ok(0)
        }
        Err(e) => {
            drop_tmp();
            Err(Error::io(
                format!("renaming {} to {}", tmp.display(), dest.display()),
                e,
            ))
        }
    }
}

/// `<dest>.tmp-<pid>`, in the same folder as `dest` so the final rename stays on one
/// filesystem (and is atomic).
pub fn temp_beside(dest: &Path) -> Result<PathBuf, Error> {
    let name = dest
        .file_name()
        .ok_or_else(|| Error::Usage(format!("{} names no folder", dest.display())))?;
    let mut tmp = name.to_os_string();
    tmp.push(format!(".tmp-{}", std::process::id()));
    Ok(dest.with_file_name(tmp))
}

/// Writes every entry of `fs` under `root` (created here). Folder modes are set last, so a
/// read-only folder does not stop its own contents from being written.
fn write_tree(fs: &FilesystemReader, root: &Path) -> Result<usize, Error> {
    fs::create_dir_all(root).map_err(|e| Error::io(format!("creating {}", root.display()), e))?;
    let mut dirs = Vec::new();
    let mut count = 0;
    let mut buf = Vec::new();
    for node in fs.files() {
        let path = root.join(relative(&node.fullpath)?);
        let mode = u32::from(node.header.permissions) & 0o7777;
        let at = |e: io::Error| Error::io(format!("writing {}", path.display()), e);
        match &node.inner {
            InnerNode::Dir(_) => {
                if path != root {
                    fs::create_dir(&path).map_err(at)?;
                }
                dirs.push((path.clone(), mode));
            }
            InnerNode::File(file) => {
                // `create_new`: the image cannot name one path twice, and nothing else is here.
                let out = File::options()
                    .write(true)
                    .create_new(true)
                    .open(&path)
                    .map_err(at)?;
                let mut out = BufWriter::new(out);
                let mut reader = fs.file(file).reader();
                copy(&mut reader, &mut out, &mut buf)
                    .map_err(|e| read_or_write(e, &node.fullpath, &path))?;
                let out = out.into_inner().map_err(|e| at(e.into_error()))?;
                out.set_permissions(fs::Permissions::from_mode(mode))
                    .map_err(at)?;
                // On disk before the rename publishes the folder: after a power cut a later
                // start must not find the folder complete and the binary in it empty.
                out.sync_data().map_err(at)?;
            }
            InnerNode::Symlink(link) => symlink(&link.link, &path).map_err(at)?,
            _ => {
                return Err(Error::Corrupt(format!(
                    "{} is a device, pipe or socket, which an AppImage does not hold",
                    node.fullpath.display()
                )))
            }
        }
        count += 1;
    }
    for (dir, mode) in dirs.iter().rev() {
        fs::set_permissions(dir, fs::Permissions::from_mode(*mode))
            .map_err(|e| Error::io(format!("setting the mode of {}", dir.display()), e))?;
    }
    Ok(count)
}

/// Removes a folder tree whose folders may be read-only (their modes come from the image):
/// each is made writable by its owner first, or its entries could not be removed (unless
/// root).
pub fn remove_tree(root: &Path) -> io::Result<()> {
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o700))?;
        for entry in fs::read_dir(&dir)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                stack.push(entry.path());
            }
        }
    }
    fs::remove_dir_all(root)
}

/// An image path (`/usr/bin/x`) as a path below the extraction folder, refusing `..` and
/// anything else that could point outside it.
fn relative(path: &Path) -> Result<PathBuf, Error> {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::RootDir | Component::CurDir => {}
            Component::Normal(name) => out.push(name),
            _ => {
                return Err(Error::Corrupt(format!(
                    "the image names {}, outside its root",
                    path.display()
                )))
            }
        }
    }
    Ok(out)
}

/// Where a copy failed: reading (decompressing) the image is corruption, writing is the
/// disk's (full, read-only, …).
enum CopyError {
    Read(io::Error),
    Write(io::Error),
}

fn copy(from: &mut impl io::Read, to: &mut impl Write, buf: &mut Vec<u8>) -> Result<(), CopyError> {
    buf.resize(128 * 1024, 0);
    loop {
        let n = match from.read(buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(CopyError::Read(e)),
        };
        to.write_all(&buf[..n]).map_err(CopyError::Write)?;
    }
}

fn read_or_write(e: CopyError, inside: &Path, path: &Path) -> Error {
    match e {
        CopyError::Read(e) => {
            Error::Corrupt(format!("reading {} from the image: {e}", inside.display()))
        }
        CopyError::Write(e) => Error::io(format!("writing {}", path.display()), e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::pack;
    use std::os::unix::fs::MetadataExt;

    /// An AppDir with the kinds of entries an AppImage holds, and the modes to keep.
    fn appdir(root: &Path) {
        let write = |p: &str, text: &str, mode: u32| {
            let path = root.join(p);
            fs::write(&path, text).unwrap();
            fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
        };
        fs::create_dir_all(root.join("usr/bin")).unwrap();
        fs::create_dir_all(root.join("usr/share/empty")).unwrap();
        fs::create_dir_all(root.join("locked")).unwrap();
        write("AppRun", "#!/bin/sh\nexit 0\n", 0o755);
        write("usr/bin/tool", &"x".repeat(300_000), 0o750);
        write("notes.txt", "private", 0o600);
        write("locked/inside", "read me", 0o644);
        fs::set_permissions(root.join("locked"), fs::Permissions::from_mode(0o555)).unwrap();
        fs::set_permissions(
            root.join("usr/share/empty"),
            fs::Permissions::from_mode(0o700),
        )
        .unwrap();
        symlink("usr/bin/tool", root.join("tool")).unwrap();
        symlink("/nonexistent/elsewhere", root.join("dangling")).unwrap();
    }

    /// The test binary as the runtime: a real ELF whose end is its file's end.
    fn runtime() -> Vec<u8> {
        fs::read(std::env::current_exe().unwrap()).unwrap()
    }

    fn packed(tmp: &Path) -> (PathBuf, u64) {
        let dir = tmp.join("AppDir");
        fs::create_dir(&dir).unwrap();
        appdir(&dir);
        let image = tmp.join("test.AppImage");
        let offset = pack(&runtime(), &dir, &image).unwrap();
        (image, offset)
    }

    fn mode_of(path: &Path) -> u32 {
        fs::symlink_metadata(path).unwrap().mode() & 0o7777
    }

    #[test]
    fn extraction_keeps_contents_modes_and_symlinks() {
        let tmp = tempfile::tempdir().unwrap();
        let (image, offset) = packed(tmp.path());
        let out = tmp.path().join("out");
        let n = extract_to(&image, offset, &out).unwrap();
        // root, AppRun, dangling, locked, locked/inside, notes.txt, tool, usr, usr/bin,
        // usr/bin/tool, usr/share, usr/share/empty
        assert_eq!(n, 12);
        assert_eq!(
            fs::read_to_string(out.join("usr/bin/tool")).unwrap().len(),
            300_000
        );
        assert_eq!(
            fs::read_to_string(out.join("locked/inside")).unwrap(),
            "read me"
        );
        assert_eq!(mode_of(&out.join("AppRun")), 0o755);
        assert_eq!(mode_of(&out.join("usr/bin/tool")), 0o750);
        assert_eq!(mode_of(&out.join("notes.txt")), 0o600);
        assert_eq!(mode_of(&out.join("locked")), 0o555);
        assert_eq!(mode_of(&out.join("usr/share/empty")), 0o700);
        assert_eq!(
            fs::read_link(out.join("tool")).unwrap(),
            Path::new("usr/bin/tool")
        );
        assert_eq!(fs::read_to_string(out.join("tool")).unwrap().len(), 300_000);
        assert_eq!(
            fs::read_link(out.join("dangling")).unwrap(),
            Path::new("/nonexistent/elsewhere")
        );
        // Nothing is left beside the published folder.
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 3, "{names:?}");
        fs::set_permissions(out.join("locked"), fs::Permissions::from_mode(0o755)).unwrap();
    }

    #[test]
    fn an_existing_destination_is_not_overwritten() {
        let tmp = tempfile::tempdir().unwrap();
        let (image, offset) = packed(tmp.path());
        let out = tmp.path().join("out");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("AppRun"), "first").unwrap();
        // Another start got there first: its folder stands, ours is dropped.
        extract_to(&image, offset, &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("AppRun")).unwrap(), "first");
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 3, "{names:?}");
    }

    #[test]
    fn a_damaged_image_is_an_error_not_a_panic() {
        let tmp = tempfile::tempdir().unwrap();
        let (image, offset) = packed(tmp.path());
        let good = fs::read(&image).unwrap();
        let at = offset as usize;
        let out = tmp.path().join("out");
        let mut damaged = Vec::new();
        // Cut short: the superblock's tables point past the end.
        damaged.push(good[..at + 200].to_vec());
        // No image at all after the runtime.
        damaged.push(good[..at].to_vec());
        // The superblock's magic gone.
        let mut bad = good.clone();
        bad[at..at + 4].copy_from_slice(b"xxxx");
        damaged.push(bad);
        // Bytes flipped across the image (data blocks, tables, superblock fields).
        let len = good.len() - at;
        for k in 1..40 {
            let mut bad = good.clone();
            let pos = at + len * k / 40;
            for b in &mut bad[pos..(pos + 16).min(good.len())] {
                *b ^= 0x5a;
            }
            damaged.push(bad);
        }
        let mut errors = 0;
        for (i, bytes) in damaged.iter().enumerate() {
            let path = tmp.path().join(format!("damaged-{i}.AppImage"));
            fs::write(&path, bytes).unwrap();
            let result = std::panic::catch_unwind(|| extract_to(&path, offset, &out));
            match result {
                Err(_) => panic!("damaged image {i} made the extraction panic"),
                Ok(Err(e)) => {
                    errors += 1;
                    assert!(!out.exists(), "image {i}: a half folder was published");
                    let text = e.to_string();
                    assert!(
                        text.contains("damaged") || text.contains("writing"),
                        "{text}"
                    );
                }
                // Flipped bytes in padding or in a file's contents the format does not
                // checksum: the extraction may succeed.
                Ok(Ok(_)) => remove_tree(&out).unwrap(),
            }
            let left: Vec<_> = fs::read_dir(tmp.path())
                .unwrap()
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| n.contains(".tmp-"))
                .collect();
            assert!(left.is_empty(), "image {i}: left {left:?}");
        }
        assert!(
            errors >= 3,
            "only {errors} of {} damaged images were refused",
            damaged.len()
        );
    }

    #[test]
    fn paths_stay_below_the_root() {
        assert_eq!(
            relative(Path::new("/usr/bin/x")).unwrap(),
            Path::new("usr/bin/x")
        );
        assert_eq!(relative(Path::new("/")).unwrap(), Path::new(""));
        assert!(relative(Path::new("/usr/../../etc/passwd")).is_err());
    }

    #[test]
    fn the_temporary_folder_is_beside_the_final_one() {
        let tmp = temp_beside(Path::new("/c/appimage/abc")).unwrap();
        assert_eq!(tmp.parent(), Some(Path::new("/c/appimage")));
        assert!(tmp
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("abc.tmp-"));
        assert!(temp_beside(Path::new("/")).is_err());
    }
}
