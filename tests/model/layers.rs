//! The layer rules of `assets/design/ARCHITECTURE.md`, checked on the source: which top-level
//! module of the library may name which (`crate::module`). Nothing points upward, engine and
//! import stand side by side, the explorer reaches files only through `open`, and no layer
//! below the front ends names `tui` or `cli`. Test modules are left out (a test may build a
//! generated model with `testgen`), and so are comments.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layer of each top-level module, bottom up, and the modules it may name.
fn allowed() -> BTreeMap<&'static str, Vec<&'static str>> {
    let base = vec![
        "outcome",
        "suggest",
        "text",
        "diag",
        "par",
        "rules",
        "catalogue",
    ];
    let with = |extra: &[&'static str]| {
        let mut v = base.clone();
        v.extend_from_slice(extra);
        v
    };
    let mut m = BTreeMap::new();
    for b in &base {
        m.insert(*b, base.clone());
    }
    m.insert("policy", with(&[]));
    m.insert("model", with(&["policy"]));
    m.insert("engine", with(&["policy", "model"]));
    m.insert("import", with(&["policy", "model"]));
    m.insert("testgen", with(&["model"]));
    for r in ["report", "share", "diff", "draw"] {
        m.insert(r, with(&["policy", "model", "engine", "report"]));
    }
    m.insert("ci", with(&["policy", "model", "engine", "report"]));
    m.insert("open", with(&["policy", "model", "import"]));
    m.insert(
        "fuzzing",
        with(&["policy", "model", "engine", "import", "report"]),
    );
    m.insert(
        "tui",
        with(&[
            "policy", "model", "engine", "report", "share", "draw", "open", "testgen",
        ]),
    );
    m
}

/// The text of a source file without its test module and its comment lines.
fn production_text(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        if t == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|n| n.trim_start().starts_with("mod "))
        {
            // A test module: `#[cfg(test)] mod tests;` or `mod tests { ... }` to the end of
            // the file (this codebase keeps its test modules last).
            let next = lines.next().unwrap_or_default();
            if next.trim_end().ends_with(';') {
                continue;
            }
            break;
        }
        if t.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Every top-level module a file names as `crate::module`.
fn named_modules(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.insert(name);
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file under `src/` belongs to.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    Some(name.to_string())
}

#[test]
fn no_module_names_a_layer_above_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed = allowed();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut seen_modules = BTreeSet::new();
    let mut breaches = Vec::new();
    for f in &files {
        let Some(module) = module_of(&src, f) else {
            continue;
        };
        let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        if ["lib", "main", "cli"].contains(&module.as_str()) || stem.ends_with("tests") {
            // The front end and the crate root may name everything; `*_tests.rs` are tests.
            continue;
        }
        let Some(may) = allowed.get(module.as_str()) else {
            panic!(
                "src/{module} is not in the layer table of this test: give it its layer \
                 (assets/design/ARCHITECTURE.md, \"Layer rules\")"
            );
        };
        seen_modules.insert(module.clone());
        let text = std::fs::read_to_string(f).unwrap();
        for named in named_modules(&production_text(&text)) {
            // Items of the crate root (`crate::TOUR`) are no layer.
            let is_module = src.join(format!("{named}.rs")).exists() || src.join(&named).is_dir();
            if is_module && named != module && !may.contains(&named.as_str()) {
                breaches.push(format!(
                    "{} names crate::{named}, a layer {module} may not use",
                    f.strip_prefix(&src).unwrap().display()
                ));
            }
        }
    }
    assert!(
        breaches.is_empty(),
        "layer rules broken:\n{}",
        breaches.join("\n")
    );
    // The table covers the library: a module missing from it would go unchecked.
    for m in [
        "policy", "model", "engine", "import", "report", "open", "tui",
    ] {
        assert!(seen_modules.contains(m), "no source found for {m}");
    }
}

#[test]
fn the_checker_sees_a_breach_and_skips_tests_and_comments() {
    let text = "use crate::text::escape;\n// crate::tui in a comment\nfn f() { crate::engine::trace(); }\n#[cfg(test)]\nmod tests {\n    use crate::testgen;\n}\n";
    let named = named_modules(&production_text(text));
    assert_eq!(
        named.into_iter().collect::<Vec<_>>(),
        vec!["engine".to_string(), "text".to_string()]
    );
    let may = &allowed()["model"];
    assert!(
        !may.contains(&"engine"),
        "the model may not name the engine"
    );
}
