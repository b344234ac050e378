//! Watching the model file: notify on the file's parent directory (editors replace files
//! rather than write them in place, and a deleted file may come back), reporting changes to the
//! file itself, to policy files beside it (`*.json`) and to the policy files the model names
//! elsewhere (their directories are watched too). The event loop debounces and reloads.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

pub struct Watcher {
    _watcher: RecommendedWatcher,
    rx: Receiver<()>,
    /// The other files watched, as given (to tell whether a new model names other ones).
    files: Vec<PathBuf>,
}

impl Watcher {
    /// Start watching the directory of `file`, and `files` (policy files) in theirs.
    pub fn new(file: &Path, files: &[PathBuf]) -> notify::Result<Watcher> {
        let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let parent = |p: &Path| {
            p.parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from("."))
        };
        let file = abs(file);
        let dir = parent(&file);
        let name: Option<OsString> = file.file_name().map(|n| n.to_os_string());
        let others: BTreeSet<PathBuf> = files.iter().map(|f| abs(f)).collect();
        let (tx, rx) = channel();
        let model_dir = dir.clone();
        let watched = others.clone();
        let mut w = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            let Ok(ev) = res else { return };
            if matches!(ev.kind, EventKind::Access(_)) {
                return;
            }
            let relevant = ev.paths.iter().any(|p| {
                let beside = p.parent() == Some(model_dir.as_path());
                (beside
                    && (p.file_name() == name.as_deref()
                        || p.extension().is_some_and(|e| e == "json")))
                    || watched.contains(p)
            });
            if relevant {
                let _ = tx.send(());
            }
        })?;
        w.watch(&dir, RecursiveMode::NonRecursive)?;
        let mut dirs: BTreeSet<PathBuf> = others.iter().map(|f| parent(f)).collect();
        dirs.remove(&dir);
        for d in dirs {
            // A policy's folder that does not exist (yet) is not watched; the model file is.
            let _ = w.watch(&d, RecursiveMode::NonRecursive);
        }
        Ok(Watcher {
            _watcher: w,
            rx,
            files: files.to_vec(),
        })
    }

    /// The other files this watcher was started with.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
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

    fn wait_for_change(w: &Watcher, what: &str) {
        let t0 = Instant::now();
        while !w.changed() {
            assert!(
                t0.elapsed() < Duration::from_secs(10),
                "no change reported: {what}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn reports_a_replaced_file() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("m.yaml");
        std::fs::write(&f, "a").unwrap();
        let w = Watcher::new(&f, &[]).unwrap();
        // Replace the file the way editors do: write a new one, rename over.
        let tmp = dir.path().join(".m.yaml.swp");
        std::fs::write(&tmp, "b").unwrap();
        std::fs::rename(&tmp, &f).unwrap();
        wait_for_change(&w, "renamed over");
    }

    #[test]
    fn reports_a_deleted_and_recreated_file() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("m.yaml");
        std::fs::write(&f, "a").unwrap();
        let w = Watcher::new(&f, &[]).unwrap();
        std::fs::remove_file(&f).unwrap();
        wait_for_change(&w, "deleted");
        std::fs::write(&f, "b").unwrap();
        wait_for_change(&w, "recreated");
    }

    #[test]
    fn reports_policy_files_in_other_folders_and_ignores_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("m.yaml");
        std::fs::write(&f, "a").unwrap();
        std::fs::create_dir(dir.path().join("policies")).unwrap();
        let p = dir.path().join("policies/p.json");
        std::fs::write(&p, "{}").unwrap();
        let w = Watcher::new(&f, std::slice::from_ref(&p)).unwrap();
        assert_eq!(w.files(), std::slice::from_ref(&p));
        // Another file in the policy's folder is not the model's business.
        std::fs::write(dir.path().join("policies/notes.txt"), "x").unwrap();
        std::thread::sleep(Duration::from_millis(300));
        assert!(!w.changed(), "an unrelated file");
        let tmp = dir.path().join("policies/.p.json.swp");
        std::fs::write(&tmp, "{\"Statement\": []}").unwrap();
        std::fs::rename(&tmp, &p).unwrap();
        wait_for_change(&w, "the policy renamed over");
    }
}
