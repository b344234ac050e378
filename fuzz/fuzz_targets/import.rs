//! AWS capture import from an arbitrary JSON file: never panics; what it produces loads or
//! fails with diagnostics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::LazyLock;

/// One private folder per fuzzing process (libFuzzer runs inputs one at a time).
static DIR: LazyLock<Option<PathBuf>> = LazyLock::new(|| {
    let d = std::env::temp_dir().join(format!("linkscope-fuzz-import-{}", std::process::id()));
    std::fs::create_dir_all(&d).ok().map(|_| d)
});

fuzz_target!(|data: &[u8]| {
    if let Some(dir) = DIR.as_deref() {
        linkscope::fuzzing::import(dir, data);
    }
});
