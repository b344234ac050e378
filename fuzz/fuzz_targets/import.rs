//! AWS capture import from an arbitrary JSON file: never panics; what it produces loads or
//! fails with diagnostics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile_dir() else { return };
    let path = dir.join("capture.json");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    if let Ok(imp) = linkscope::import::import_dir(&dir) {
        let _ = linkscope::model::load_str(&imp.yaml, "imported", None);
    }
});

/// One private folder per fuzzing process (libFuzzer runs inputs one at a time).
fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    let d = std::env::temp_dir().join(format!("linkscope-fuzz-import-{}", std::process::id()));
    std::fs::create_dir_all(&d)?;
    Ok(d)
}
