//! A full disk and a read-only data file seen through the commands: the error crosses IPC
//! with the code the UI words (`disk_full`, `read_only`; the messages in both catalogs are
//! checked by the UI's i18n test), nothing is saved, the lists still load, and the same
//! command succeeds once the disk has room again.

use chainbook_faultvfs::{Fault, Faults};
use serde_json::json;

use crate::{input, list, Harness};

#[test]
fn a_full_disk_and_a_read_only_file_are_told_by_code_and_the_app_recovers() {
    let dir = tempfile::tempdir().unwrap();
    // Watched before the store opens its file.
    let faults = Faults::new(dir.path());
    let h = Harness::in_dir(dir, |_| {});
    let create = |name: &str| {
        h.call(
            "customer_create",
            json!({"input": input(name, "buyer@example.com")}),
        )
    };
    for (fault, code) in [
        (Fault::DiskFull { bytes: 0 }, "disk_full"),
        (Fault::DiskFull { bytes: 20_000 }, "disk_full"),
        (Fault::ReadOnly, "read_only"),
        (Fault::IoError, "disk_error"),
    ] {
        faults.set(fault);
        let err = create("深圳满盘科技").unwrap_err();
        assert_eq!(err["code"], code, "{fault:?}: {err}");
        assert!(err["field"].is_null(), "{err}");
        // The app stays usable: its lists load, and nothing was saved.
        assert_eq!(list(&h)["total"], 0, "{fault:?}");
        faults.lift();
    }
    assert!(faults.injected() >= 4);
    let c = create("深圳满盘科技").expect("saved once the disk has room");
    assert_eq!(c["name"], "深圳满盘科技");
    assert_eq!(list(&h)["total"], 1);
}
