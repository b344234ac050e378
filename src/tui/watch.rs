//! Watching the model file: notify on the file's parent directory (editors replace files
//! rather than write them in place), reporting changes to the file itself and to policy files
//! beside it (`*.json`). The event loop debounces and reloads.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

pub struct Watcher {
    _watcher: RecommendedWatcher,
    rx: Receiver<()>,
}

impl Watcher {
    /// Start watching the directory of `file`.
    pub fn new(file: &Path) -> notify::Result<Watcher> {
        let file = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        let dir: PathBuf = file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name: Option<OsString> = file.file_name().map(|n| n.to_os_string());
        let (tx, rx) = channel();
        let mut w = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            let Ok(ev) = res else { return };
            if matches!(ev.kind, EventKind::Access(_)) {
                return;
            }
            let relevant = ev.paths.iter().any(|p| {
                p.file_name() == name.as_deref() || p.extension().is_some_and(|e| e == "json")
            });
            if relevant {
                let _ = tx.send(());
            }
        })?;
        w.watch(&dir, RecursiveMode::NonRecursive)?;
        Ok(Watcher { _watcher: w, rx })
    }

    /// Did anything change since the last call? (Drains every queued notice.)
    pub fn changed(&self) -> bool {
        let mut any = false;
        loop {
            match self.rx.try_recv() {
                Ok(()) => any = true,
                Err(TryRecvError::Empty) | Err(TryRecvError::Disconnected) => return any,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn reports_a_replaced_file() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("m.yaml");
        std::fs::write(&f, "a").unwrap();
        let w = Watcher::new(&f).unwrap();
        // Replace the file the way editors do: write a new one, rename over.
        let tmp = dir.path().join(".m.yaml.swp");
        std::fs::write(&tmp, "b").unwrap();
        std::fs::rename(&tmp, &f).unwrap();
        let t0 = Instant::now();
        while !w.changed() {
            assert!(t0.elapsed() < Duration::from_secs(10), "no change reported");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
