//! Issue 19, "a CLI that fits the shell": a misspelt command, `--color`, help with examples
//! and exit codes, clap's errors escaped, invisible characters made visible, duplicate keys in
//! policy JSON, and the explorer's refusal naming the stream that is not a terminal.

use assert_cmd::Command;

const SAMPLE: &str = "samples/s3-gateway-endpoint.yaml";
const MISTAKES: &str = "samples/find-the-mistakes.yaml";

fn bin() -> Command {
    let mut c = Command::cargo_bin("linkscope").expect("binary");
    c.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    c
}

fn run(c: &mut Command) -> (Option<i32>, String, String) {
    let o = c.output().unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn a_misspelt_command_is_suggested() {
    let (code, _, err) = run(bin().args(["tarce", "model.yaml"]));
    assert_eq!(code, Some(2));
    assert!(err.contains("did you mean `trace`?"), "{err}");
    assert!(!err.contains("cannot be used with"), "{err}");
    let (_, _, err) = run(bin().args(["valdiate", "m.yaml"]));
    assert!(err.contains("`validate`"), "{err}");
}

#[test]
fn color_always_never_and_the_environment() {
    let esc = |s: &str| s.contains('\u{1b}');
    // Not a terminal: no colour by default.
    let (_, out, _) = run(bin().args(["validate", MISTAKES]));
    assert!(!esc(&out));
    let (_, out, _) = run(bin().args(["--color", "always", "validate", MISTAKES]));
    assert!(esc(&out), "--color always colours a pipe");
    let (_, out, _) = run(bin().args(["validate", "--color=always", MISTAKES]));
    assert!(esc(&out), "--color after the command too");
    let (_, out, _) = run(bin()
        .args(["validate", MISTAKES])
        .env("CLICOLOR_FORCE", "1"));
    assert!(esc(&out), "CLICOLOR_FORCE colours a pipe");
    let (_, out, _) = run(bin()
        .args(["validate", MISTAKES])
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1"));
    assert!(!esc(&out), "NO_COLOR wins over CLICOLOR_FORCE");
    let (_, out, _) = run(bin()
        .args(["--color", "never", "validate", MISTAKES])
        .env("CLICOLOR_FORCE", "1"));
    assert!(!esc(&out), "--color never");
}

#[test]
fn every_help_has_examples_and_exit_codes() {
    for args in [
        &["--help"][..],
        &["validate", "--help"],
        &["trace", "--help"],
        &["test", "--help"],
        &["import", "--help"],
        &["policy", "eval", "--help"],
        &["schema", "--help"],
        &["completions", "--help"],
        &["draw", "--help"],
        &["man", "--help"],
    ] {
        let (code, out, _) = run(bin().args(args));
        assert_eq!(code, Some(0));
        assert!(out.contains("Example"), "{args:?}:\n{out}");
        assert!(out.contains("Exit codes"), "{args:?}:\n{out}");
    }
    let (_, out, _) = run(bin().args(["trace", "--help"]));
    assert!(out.contains("MODEL file or capture folder"), "{out}");
}

#[test]
fn clap_errors_escape_what_the_user_typed() {
    let (code, _, err) = run(bin().args([
        "trace",
        SAMPLE,
        "--from",
        "a",
        "--to",
        "b",
        "--port",
        "1\u{202e}\u{9b}\u{200b}",
    ]));
    assert_eq!(code, Some(2));
    for c in ['\u{202e}', '\u{9b}', '\u{200b}'] {
        assert!(!err.contains(c), "raw U+{:04X} in {err:?}", c as u32);
    }
    assert!(err.contains("\\u{202e}"), "{err}");
}

#[test]
fn zero_width_and_tag_characters_are_made_visible() {
    let dir = tempfile::tempdir().unwrap();
    // A copy of the sample with its policy files, an invisible suffix on a name and an id.
    std::fs::create_dir(dir.path().join("policies")).unwrap();
    for f in std::fs::read_dir("samples/policies").unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.path().join("policies").join(f.file_name().unwrap())).unwrap();
    }
    let m = std::fs::read_to_string(SAMPLE)
        .unwrap()
        .replacen(
            "name: app-server",
            "name: \"app-server\\u200b\\U000E0041\"",
            1,
        )
        .replacen("id: subnet-legacy", "id: \"subnet-legacy\\u2060\"", 1);
    let p = dir.path().join("m.yaml");
    std::fs::write(&p, m).unwrap();
    let (_, out, err) = run(bin().arg("validate").arg(&p));
    let (_, json, _) = run(bin().args(["validate", "--json"]).arg(&p));
    // `i-app` and `i-app` + U+200B must not look the same in an error.
    let (code, _, trace) = run(bin().args(["trace"]).arg(&p).args([
        "--from",
        "i-app\u{200b}",
        "--to",
        "s3://app-data/x",
    ]));
    assert_eq!(code, Some(2));
    assert!(trace.contains("i-app\\u{200b}"), "{trace}");
    let j =
        linkscope::text::json_safe(serde_json::json!({"id": "i-a\u{200b}\u{e0041}"}).to_string());
    assert_eq!(j, "{\"id\":\"i-a\\u200b\\udb40\\udc41\"}");
    for (what, s) in [
        ("text", &format!("{out}{err}")),
        ("json", &json),
        ("trace", &trace),
    ] {
        assert!(!s.contains('\u{200b}'), "{what}: raw U+200B in {s}");
        assert!(!s.contains('\u{e0041}'), "{what}: raw tag character in {s}");
    }
}

#[test]
fn duplicate_keys_in_policy_json_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.json");
    std::fs::write(
        &p,
        "{\"Statement\": [{\"Effect\": \"Deny\",\n \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": \"*\",\n \"Effect\": \"Allow\"}]}",
    )
    .unwrap();
    let (code, _, err) = run(bin().args(["policy", "eval"]).arg(&p).args([
        "--action",
        "s3:GetObject",
        "--resource",
        "*",
    ]));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("`Effect` appears twice"), "{err}");
    // In a model, the same policy file is an error too.
    let m = std::fs::read_to_string(SAMPLE).unwrap().replacen(
        "policy: policies/s3-only-app-data.json",
        &format!("policy: {}", p.display()),
        1,
    );
    let mp = dir.path().join("m.yaml");
    std::fs::write(&mp, m).unwrap();
    let (code, _, err) = run(bin().arg("validate").arg(&mp));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("appears twice"), "{err}");
}

#[cfg(feature = "tui")]
#[test]
fn the_explorer_says_which_stream_is_not_a_terminal() {
    // stdout a pipe, stdin a pipe.
    let (code, _, err) = run(bin().arg(SAMPLE).write_stdin(""));
    assert_eq!(code, Some(2));
    assert!(
        err.contains("neither standard input nor standard output"),
        "{err}"
    );
}

#[test]
fn the_caret_stays_under_the_token_after_escaped_characters() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("m.yaml");
    std::fs::write(
        &p,
        "linkscope: 1\nname: base\nregion: us-east-1\naccounts:\n  - id: \"111111111111\"\nvpcs:\n  - id: vpc-a\n    account: \"111111111111\"\n    cidrs: [10.0.0.0/16]\n    subnets:\n      - { id: \"sn\u{202e}\u{200b}x\", zone: us-east-1a, cidr: 10.0.1.0/33 }\n",
    )
    .unwrap();
    let (code, _, err) = run(bin().arg("validate").arg(&p));
    assert_eq!(code, Some(2));
    let lines: Vec<&str> = err.lines().collect();
    let src = lines
        .iter()
        .position(|l| l.contains("cidr: 10.0.1.0/33"))
        .expect("the line");
    let caret = lines[src + 1];
    let at = |s: &str, pat: &str| s.chars().take(s.find(pat).unwrap()).count();
    assert_eq!(
        at(caret, "^"),
        at(lines[src], "10.0.1.0/33"),
        "\n{}\n{}",
        lines[src],
        caret
    );
    assert!(err.contains("m.yaml:11:48"), "the file's column:\n{err}");
}

#[test]
fn man_page_is_roff_naming_every_visible_command() {
    let out = Command::cargo_bin("linkscope")
        .unwrap()
        .arg("man")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(".ie") || text.starts_with(".TH"),
        "{}",
        &text[..80.min(text.len())]
    );
    assert!(text.contains(".TH linkscope"), "no title header");
    for cmd in [
        "validate",
        "trace",
        "test",
        "reach",
        "diff",
        "draw",
        "completions",
    ] {
        assert!(text.contains(cmd), "man page lacks {cmd}");
    }
}

#[test]
fn ids_lists_every_object_id_of_the_model() {
    let out = Command::cargo_bin("linkscope")
        .unwrap()
        .args(["ids", "assets/tour.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let ids: Vec<&str> = text.lines().collect();
    for want in [
        "i-app-a",
        "vpc-app",
        "vpce-partner",
        "subnet-app-b",
        "vpce-svc-0partner",
    ] {
        assert!(ids.contains(&want), "{want} missing: {ids:?}");
    }
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
    Command::cargo_bin("linkscope")
        .unwrap()
        .args(["ids", "no-such.yaml"])
        .assert()
        .code(2);
}

/// Bash completes `--from`/`--to` with the model's ids through `linkscope ids`.
#[test]
fn bash_completion_offers_model_ids() {
    if std::process::Command::new("bash")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("no bash: skipped");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("linkscope");
    let script = Command::cargo_bin("linkscope")
        .unwrap()
        .args(["completions", "bash"])
        .output()
        .unwrap()
        .stdout;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("linkscope.bash");
    std::fs::write(&path, script).unwrap();
    let probe = format!(
        "source '{}'\nCOMP_WORDS=(linkscope trace assets/tour.yaml --from i-app)\nCOMP_CWORD=4\n_linkscope_ids linkscope i-app --from\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        path.display()
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(&probe)
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin.parent().unwrap().display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .output()
        .unwrap();
    let got = String::from_utf8_lossy(&out.stdout);
    let mut words: Vec<&str> = got.lines().collect();
    words.sort_unstable();
    assert_eq!(
        words,
        vec!["i-app-a", "i-app-b"],
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Under `--json` a script reads errors as JSON too: a model that does not load gives its located
/// diagnostics, a bad request its message and fix, both on stderr with exit 2 and nothing on stdout.
#[test]
fn errors_are_json_under_json() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "name: x\nacounts: []\n").unwrap();
    let (code, out, err) = run(bin()
        .args(["trace"])
        .arg(&bad)
        .args(["--from", "i-a", "--to", "s3", "--json"]));
    assert_eq!(code, Some(2));
    assert!(out.is_empty(), "{out}");
    let v: serde_json::Value = serde_json::from_str(&err).expect("stderr is one JSON document");
    assert_eq!(v["format"], 1);
    assert_eq!(v["error"], "load");
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "UNKNOWN_FIELD");
    assert_eq!(d["line"], 2);
    assert!(d["help"].as_str().unwrap().contains("accounts"), "{d}");

    let (code, _, err) =
        run(bin().args(["trace", SAMPLE, "--from", "i-nope", "--to", "s3", "--json"]));
    assert_eq!(code, Some(2));
    let v: serde_json::Value = serde_json::from_str(&err).expect("stderr is one JSON document");
    assert_eq!(v["error"], "request");
    assert!(v["message"].as_str().unwrap().contains("i-nope"), "{v}");
    assert!(v["help"].as_str().unwrap().contains("did you mean"), "{v}");

    // Without --json the same error is prose.
    let (_, _, err) = run(bin().args(["trace", SAMPLE, "--from", "i-nope", "--to", "s3"]));
    assert!(err.starts_with("error: unknown source"), "{err}");
    // Every command that prints JSON does the same.
    let (code, _, err) = run(bin().arg("reach").arg(&bad).args(["--to", "s3", "--json"]));
    assert_eq!(code, Some(2));
    let v: serde_json::Value = serde_json::from_str(&err).expect("stderr is one JSON document");
    assert_eq!(v["error"], "load");
}
