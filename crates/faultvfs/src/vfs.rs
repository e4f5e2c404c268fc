//! The VFS: a copy of SQLite's default VFS whose `xOpen` wraps each file in [`File`] (the
//! default VFS's own file after a small header) and whose `xDelete` checks the faults. A file
//! outside every watched folder passes every call straight through; a watched one asks its
//! [`Scope`] before each write, truncate and sync (see [`State::verdict`]), and keeps what
//! each write replaces while a power cut may take it.

use std::ffi::{c_char, c_int, c_void, CStr};
use std::path::{Path, PathBuf};
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use rusqlite::ffi;

use crate::loss::{Op, Pending};
use crate::{OpKind, Scope, State, Verdict};

/// SQLite's default VFS when this one was installed.
static INNER: AtomicPtr<ffi::sqlite3_vfs> = AtomicPtr::new(ptr::null_mut());
static INSTALLED: OnceLock<()> = OnceLock::new();
static SCOPES: Mutex<Vec<Weak<Scope>>> = Mutex::new(Vec::new());

/// Registers the VFS as SQLite's default, once per process.
pub(crate) fn install() {
    INSTALLED.get_or_init(|| {
        // SAFETY: `sqlite3_vfs_find` initialises SQLite and returns its default VFS, which
        // lives as long as the process; ours is a leaked copy with our open and delete.
        unsafe {
            let inner = ffi::sqlite3_vfs_find(ptr::null());
            assert!(!inner.is_null(), "SQLite has a default VFS");
            INNER.store(inner, Ordering::SeqCst);
            let mut ours = *inner;
            ours.zName = c"chainbook-faults".as_ptr();
            ours.pNext = ptr::null_mut();
            ours.szOsFile = (HEADER + (*inner).szOsFile as usize) as c_int;
            ours.xOpen = Some(x_open);
            ours.xDelete = Some(x_delete);
            let rc = ffi::sqlite3_vfs_register(Box::leak(Box::new(ours)), 1);
            assert_eq!(rc, ffi::SQLITE_OK, "the fault VFS registers");
        }
    });
}

pub(crate) fn watch(scope: &Arc<Scope>) {
    let mut all = SCOPES.lock().unwrap_or_else(|e| e.into_inner());
    all.retain(|w| w.strong_count() > 0);
    all.push(Arc::downgrade(scope));
}

pub(crate) fn unwatch(scope: &Arc<Scope>) {
    let mut all = SCOPES.lock().unwrap_or_else(|e| e.into_inner());
    all.retain(|w| w.strong_count() > 0 && !ptr::eq(w.as_ptr(), Arc::as_ptr(scope)));
}

fn scope_of(path: &Path) -> Option<Arc<Scope>> {
    let all = SCOPES.lock().unwrap_or_else(|e| e.into_inner());
    all.iter()
        .filter_map(Weak::upgrade)
        .find(|s| path.starts_with(&s.dir))
}

/// A watched file: its folder's faults and its path.
struct Watched {
    scope: Arc<Scope>,
    path: PathBuf,
}

/// What SQLite allocates for each open file: our header, then the default VFS's file.
#[repr(C)]
struct File {
    base: ffi::sqlite3_file,
    /// Null for a file no folder watches.
    watched: *mut Watched,
    inner: *mut ffi::sqlite3_file,
}

const HEADER: usize = (std::mem::size_of::<File>() + 15) & !15;

static METHODS: ffi::sqlite3_io_methods = ffi::sqlite3_io_methods {
    iVersion: 3,
    xClose: Some(x_close),
    xRead: Some(x_read),
    xWrite: Some(x_write),
    xTruncate: Some(x_truncate),
    xSync: Some(x_sync),
    xFileSize: Some(x_file_size),
    xLock: Some(x_lock),
    xUnlock: Some(x_unlock),
    xCheckReservedLock: Some(x_check_reserved_lock),
    xFileControl: Some(x_file_control),
    xSectorSize: Some(x_sector_size),
    xDeviceCharacteristics: Some(x_device_characteristics),
    xShmMap: Some(x_shm_map),
    xShmLock: Some(x_shm_lock),
    xShmBarrier: Some(x_shm_barrier),
    xShmUnmap: Some(x_shm_unmap),
    xFetch: Some(x_fetch),
    xUnfetch: Some(x_unfetch),
};

fn inner_vfs() -> *mut ffi::sqlite3_vfs {
    INNER.load(Ordering::SeqCst)
}

/// The default VFS's file inside ours and its methods.
unsafe fn inner(
    f: *mut ffi::sqlite3_file,
) -> (*mut ffi::sqlite3_file, &'static ffi::sqlite3_io_methods) {
    let inner = (*(f as *mut File)).inner;
    (inner, &*(*inner).pMethods)
}

unsafe fn watched<'a>(f: *mut ffi::sqlite3_file) -> Option<&'a Watched> {
    (*(f as *mut File)).watched.as_ref()
}

fn path_of(name: *const c_char) -> Option<PathBuf> {
    if name.is_null() {
        return None;
    }
    // SAFETY: SQLite passes a NUL-terminated file name.
    let s = unsafe { CStr::from_ptr(name) }.to_str().ok()?;
    Some(PathBuf::from(s))
}

unsafe extern "C" fn x_open(
    _vfs: *mut ffi::sqlite3_vfs,
    name: ffi::sqlite3_filename,
    file: *mut ffi::sqlite3_file,
    flags: c_int,
    out_flags: *mut c_int,
) -> c_int {
    let f = file as *mut File;
    (*f).base.pMethods = ptr::null();
    (*f).watched = ptr::null_mut();
    (*f).inner = (file as *mut u8).add(HEADER) as *mut ffi::sqlite3_file;
    let path = path_of(name);
    let scope = path.as_deref().and_then(scope_of);
    let mut flags = flags;
    if let Some(scope) = &scope {
        let mut st = scope.lock();
        if st.cut {
            return ffi::SQLITE_CANTOPEN;
        }
        if st.fault == Some(crate::Fault::ReadOnly) && flags & ffi::SQLITE_OPEN_READWRITE != 0 {
            // As the default VFS opens a file it may not write: read-only, and a file it
            // would have to create cannot be opened.
            flags &= !(ffi::SQLITE_OPEN_READWRITE | ffi::SQLITE_OPEN_CREATE);
            flags |= ffi::SQLITE_OPEN_READONLY;
            st.injected += 1;
        }
    }
    let vfs = inner_vfs();
    let rc = ((*vfs).xOpen.expect("xOpen"))(vfs, name, (*f).inner, flags, out_flags);
    if rc != ffi::SQLITE_OK {
        return rc;
    }
    (*f).base.pMethods = &METHODS;
    if let (Some(scope), Some(path)) = (scope, path) {
        (*f).watched = Box::into_raw(Box::new(Watched { scope, path }));
    }
    ffi::SQLITE_OK
}

unsafe extern "C" fn x_delete(
    _vfs: *mut ffi::sqlite3_vfs,
    name: *const c_char,
    sync_dir: c_int,
) -> c_int {
    let path = path_of(name);
    let scope = path.as_deref().and_then(scope_of);
    let mut guard = scope.as_ref().map(|s| s.lock());
    if let Some(st) = guard.as_deref_mut() {
        if st.cut {
            return ffi::SQLITE_IOERR_DELETE;
        }
        if st.fault == Some(crate::Fault::ReadOnly) {
            st.injected += 1;
            return ffi::SQLITE_IOERR_DELETE;
        }
    }
    let vfs = inner_vfs();
    let rc = ((*vfs).xDelete.expect("xDelete"))(vfs, name, sync_dir);
    if rc == ffi::SQLITE_OK {
        if let (Some(st), Some(path)) = (guard.as_deref_mut(), &path) {
            // Gone, and its unsynced writes with it (deleting counts as done at once).
            st.pending.remove(path);
        }
    }
    rc
}

unsafe extern "C" fn x_close(file: *mut ffi::sqlite3_file) -> c_int {
    let (i, m) = inner(file);
    let rc = (m.xClose.expect("xClose"))(i);
    let f = file as *mut File;
    if !(*f).watched.is_null() {
        drop(Box::from_raw((*f).watched));
        (*f).watched = ptr::null_mut();
    }
    rc
}

unsafe extern "C" fn x_read(
    file: *mut ffi::sqlite3_file,
    buf: *mut c_void,
    amt: c_int,
    off: ffi::sqlite3_int64,
) -> c_int {
    let (i, m) = inner(file);
    (m.xRead.expect("xRead"))(i, buf, amt, off)
}

/// The file's current length.
unsafe fn size(i: *mut ffi::sqlite3_file, m: &ffi::sqlite3_io_methods) -> u64 {
    let mut n: ffi::sqlite3_int64 = 0;
    (m.xFileSize.expect("xFileSize"))(i, &mut n);
    n.max(0) as u64
}

/// The bytes of `[at, at + len)` that exist now.
unsafe fn bytes(
    i: *mut ffi::sqlite3_file,
    m: &ffi::sqlite3_io_methods,
    at: u64,
    len: u64,
) -> Vec<u8> {
    let end = size(i, m).min(at + len);
    if end <= at {
        return Vec::new();
    }
    let mut old = vec![0u8; (end - at) as usize];
    (m.xRead.expect("xRead"))(
        i,
        old.as_mut_ptr() as *mut c_void,
        old.len() as c_int,
        at as i64,
    );
    old
}

/// Notes `op` among the file's unsynced writes (its length at the last sync first).
unsafe fn record(
    st: &mut State,
    w: &Watched,
    i: *mut ffi::sqlite3_file,
    m: &ffi::sqlite3_io_methods,
    op: Op,
) {
    let pending = st.pending.entry(w.path.clone()).or_insert_with(|| Pending {
        len: size(i, m),
        ops: Vec::new(),
    });
    pending.ops.push(op);
}

unsafe extern "C" fn x_write(
    file: *mut ffi::sqlite3_file,
    buf: *const c_void,
    amt: c_int,
    off: ffi::sqlite3_int64,
) -> c_int {
    let (i, m) = inner(file);
    let Some(w) = watched(file) else {
        return (m.xWrite.expect("xWrite"))(i, buf, amt, off);
    };
    let mut st = w.scope.lock();
    let verdict = st.verdict(OpKind::Write(amt as u64));
    let (record_it, cut) = match verdict {
        Verdict::Fail(rc) => return rc,
        Verdict::Go { record } => (record, false),
        Verdict::Cut => (true, true),
    };
    if record_it {
        let at = off as u64;
        let new = std::slice::from_raw_parts(buf as *const u8, amt as usize).to_vec();
        let old = bytes(i, m, at, amt as u64);
        record(&mut st, w, i, m, Op::Write { at, old, new });
    }
    if cut {
        return ffi::SQLITE_IOERR_WRITE;
    }
    (m.xWrite.expect("xWrite"))(i, buf, amt, off)
}

unsafe extern "C" fn x_truncate(file: *mut ffi::sqlite3_file, len: ffi::sqlite3_int64) -> c_int {
    let (i, m) = inner(file);
    let Some(w) = watched(file) else {
        return (m.xTruncate.expect("xTruncate"))(i, len);
    };
    let mut st = w.scope.lock();
    let (record_it, cut) = match st.verdict(OpKind::Truncate) {
        Verdict::Fail(rc) => return rc,
        Verdict::Go { record } => (record, false),
        Verdict::Cut => (true, true),
    };
    if record_it {
        let len = len.max(0) as u64;
        let tail = bytes(i, m, len, size(i, m).saturating_sub(len));
        record(&mut st, w, i, m, Op::Truncate { len, tail });
    }
    if cut {
        return ffi::SQLITE_IOERR_TRUNCATE;
    }
    (m.xTruncate.expect("xTruncate"))(i, len)
}

unsafe extern "C" fn x_sync(file: *mut ffi::sqlite3_file, flags: c_int) -> c_int {
    let (i, m) = inner(file);
    let Some(w) = watched(file) else {
        return (m.xSync.expect("xSync"))(i, flags);
    };
    let mut st = w.scope.lock();
    match st.verdict(OpKind::Sync) {
        Verdict::Fail(rc) => return rc,
        Verdict::Cut => return ffi::SQLITE_IOERR_FSYNC,
        Verdict::Go { .. } => {}
    }
    let rc = (m.xSync.expect("xSync"))(i, flags);
    if rc == ffi::SQLITE_OK {
        // On the disk now: no cut can take these writes any more.
        st.pending.remove(&w.path);
        st.syncs += 1;
    }
    rc
}

unsafe extern "C" fn x_file_size(
    file: *mut ffi::sqlite3_file,
    out: *mut ffi::sqlite3_int64,
) -> c_int {
    let (i, m) = inner(file);
    (m.xFileSize.expect("xFileSize"))(i, out)
}

unsafe extern "C" fn x_lock(file: *mut ffi::sqlite3_file, lock: c_int) -> c_int {
    let (i, m) = inner(file);
    (m.xLock.expect("xLock"))(i, lock)
}

unsafe extern "C" fn x_unlock(file: *mut ffi::sqlite3_file, lock: c_int) -> c_int {
    let (i, m) = inner(file);
    (m.xUnlock.expect("xUnlock"))(i, lock)
}

unsafe extern "C" fn x_check_reserved_lock(file: *mut ffi::sqlite3_file, out: *mut c_int) -> c_int {
    let (i, m) = inner(file);
    (m.xCheckReservedLock.expect("xCheckReservedLock"))(i, out)
}

unsafe extern "C" fn x_file_control(
    file: *mut ffi::sqlite3_file,
    op: c_int,
    arg: *mut c_void,
) -> c_int {
    let (i, m) = inner(file);
    (m.xFileControl.expect("xFileControl"))(i, op, arg)
}

unsafe extern "C" fn x_sector_size(file: *mut ffi::sqlite3_file) -> c_int {
    let (i, m) = inner(file);
    (m.xSectorSize.expect("xSectorSize"))(i)
}

unsafe extern "C" fn x_device_characteristics(file: *mut ffi::sqlite3_file) -> c_int {
    let (i, m) = inner(file);
    (m.xDeviceCharacteristics.expect("xDeviceCharacteristics"))(i)
}

unsafe extern "C" fn x_shm_map(
    file: *mut ffi::sqlite3_file,
    region: c_int,
    size: c_int,
    extend: c_int,
    out: *mut *mut c_void,
) -> c_int {
    let (i, m) = inner(file);
    match m.xShmMap {
        Some(f) => f(i, region, size, extend, out),
        None => ffi::SQLITE_IOERR_SHMMAP,
    }
}

unsafe extern "C" fn x_shm_lock(
    file: *mut ffi::sqlite3_file,
    offset: c_int,
    n: c_int,
    flags: c_int,
) -> c_int {
    let (i, m) = inner(file);
    match m.xShmLock {
        Some(f) => f(i, offset, n, flags),
        None => ffi::SQLITE_IOERR_SHMLOCK,
    }
}

unsafe extern "C" fn x_shm_barrier(file: *mut ffi::sqlite3_file) {
    let (i, m) = inner(file);
    if let Some(f) = m.xShmBarrier {
        f(i);
    }
}

unsafe extern "C" fn x_shm_unmap(file: *mut ffi::sqlite3_file, delete: c_int) -> c_int {
    let (i, m) = inner(file);
    match m.xShmUnmap {
        Some(f) => f(i, delete),
        None => ffi::SQLITE_OK,
    }
}

unsafe extern "C" fn x_fetch(
    file: *mut ffi::sqlite3_file,
    off: ffi::sqlite3_int64,
    amt: c_int,
    out: *mut *mut c_void,
) -> c_int {
    let (i, m) = inner(file);
    match m.xFetch {
        Some(f) => f(i, off, amt, out),
        None => {
            *out = ptr::null_mut();
            ffi::SQLITE_OK
        }
    }
}

unsafe extern "C" fn x_unfetch(
    file: *mut ffi::sqlite3_file,
    off: ffi::sqlite3_int64,
    p: *mut c_void,
) -> c_int {
    let (i, m) = inner(file);
    match m.xUnfetch {
        Some(f) => f(i, off, p),
        None => ffi::SQLITE_OK,
    }
}
