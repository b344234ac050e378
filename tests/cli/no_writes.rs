//! The tool writes files only when asked (`import -o`): `validate`, `trace`, `test`,
//! `policy eval`, `import` to stdout and `schema` leave the model's directory (and the working
//! directory) exactly as they found it. (The explorer's case is in tests/tui/tui_tmux.rs.)

use std::path::Path;
use std::time::SystemTime;

use assert_cmd::Command;

/// Every entry under `dir` (recursively) with its size and modification time.
fn listing(dir: &Path) -> Vec<(String, u64, SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let meta = e.metadata().unwrap();
            if meta.is_dir() {
                stack.push(e.path());
            }
            out.push((
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                meta.len(),
                meta.modified().unwrap(),
            ));
        }
    }
    out.sort();
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn read_only_commands_write_nothing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // A model with a policy file beside it, a model with errors, and a folder of captures.
    copy_dir(&root.join("samples"), dir);
    std::fs::copy(
        root.join("tests/models/invalid/unknown_reference.yaml"),
        dir.join("broken.yaml"),
    )
    .unwrap();
    copy_dir(
        &root.join("tests/fixtures/import/flat"),
        &dir.join("captures"),
    );
    let before = listing(dir);
    assert!(before.iter().any(|(p, ..)| p == "s3-gateway-endpoint.yaml"));
    assert!(before.iter().any(|(p, ..)| p.starts_with("policies")));

    let runs: &[(&[&str], i32)] = &[
        (
            &[
                "validate",
                "s3-gateway-endpoint.yaml",
                "find-the-mistakes.yaml",
            ],
            0,
        ),
        (&["validate", "broken.yaml"], 2),
        (&["validate", "s3-gateway-endpoint.yaml", "--json"], 0),
        (&["validate", "captures"], 0),
        (
            &[
                "trace",
                "s3-gateway-endpoint.yaml",
                "--from",
                "i-app",
                "--to",
                "s3://app-data/reports/1.csv",
            ],
            0,
        ),
        (
            &[
                "trace",
                "s3-gateway-endpoint.yaml",
                "--from",
                "i-app",
                "--to",
                "s3://app-data/x",
                "--json",
            ],
            0,
        ),
        (
            &["trace", "broken.yaml", "--from", "i-a", "--to", "s3://b/k"],
            2,
        ),
        (
            &[
                "test",
                "s3-gateway-endpoint.yaml",
                "interface-endpoints.yaml",
            ],
            0,
        ),
        (&["test", "s3-gateway-endpoint.yaml", "--json"], 0),
        (&["test", "broken.yaml"], 2),
        (
            &[
                "policy",
                "eval",
                "policies/app-data-bucket.json",
                "--kind",
                "bucket",
                "--action",
                "s3:GetObject",
                "--resource",
                "arn:aws:s3:::app-data/x",
            ],
            -1,
        ),
        (&["import", "captures"], 0),
        (&["schema"], 0),
    ];
    for (args, code) in runs {
        let out = Command::cargo_bin("linkscope")
            .unwrap()
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .args(*args)
            .output()
            .unwrap();
        if *code >= 0 {
            assert_eq!(
                out.status.code(),
                Some(*code),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert_eq!(
            listing(dir),
            before,
            "`linkscope {}` wrote into the directory",
            args.join(" ")
        );
    }
}
