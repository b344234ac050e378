//! End to end: the real binary in a real terminal (tmux, on a private socket). Waits for text
//! on the screen by polling `capture-pane`, never by fixed sleeps. Skips when tmux is missing
//! (the CI script installs it).
#![cfg(feature = "tui")]

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

pub(crate) const TIMEOUT: Duration = Duration::from_secs(30);

pub(crate) struct Tmux {
    socket: String,
}

impl Tmux {
    /// A private tmux server running `sh` in a 120x40 window, or None without tmux.
    pub(crate) fn start(tag: &str, dir: &Path) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!("tmux is not installed: skipping the end-to-end explorer test");
            return None;
        }
        let t = Tmux {
            socket: format!("linkscope-test-{}-{tag}", std::process::id()),
        };
        let out = t.run(&[
            "new-session",
            "-d",
            "-x",
            "120",
            "-y",
            "40",
            "-s",
            "t",
            "-c",
            dir.to_str().unwrap(),
            "env",
            "PS1=ls-prompt$ ",
            "TERM=xterm-256color",
            "RUST_BACKTRACE=0",
            "sh",
        ]);
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Type nothing before the shell's first prompt: keys typed earlier are echoed by the
        // tty ahead of the prompt, which then lands where the explorer's screen is restored to
        // and the shell's next prompt shares its line (`ls-prompt$ ls-prompt$`).
        t.wait("the shell's first prompt", at_prompt);
        Some(t)
    }

    pub(crate) fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs")
    }

    pub(crate) fn keys(&self, keys: &[&str]) {
        let mut a = vec!["send-keys", "-t", "t"];
        a.extend_from_slice(keys);
        assert!(self.run(&a).status.success());
    }

    /// Type text literally.
    pub(crate) fn text(&self, s: &str) {
        assert!(
            self.run(&["send-keys", "-t", "t", "-l", s])
                .status
                .success()
        );
    }

    pub(crate) fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }

    fn var(&self, name: &str) -> String {
        let f = format!("#{{{name}}}");
        String::from_utf8_lossy(&self.run(&["display-message", "-p", "-t", "t", &f]).stdout)
            .trim()
            .to_string()
    }

    /// Poll the screen until `pred` holds.
    pub(crate) fn wait(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let t0 = Instant::now();
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            if t0.elapsed() > TIMEOUT {
                panic!("timed out waiting for {what}; the screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    pub(crate) fn wait_for(&self, text: &str) -> String {
        self.wait(&format!("{text:?}"), |s| s.contains(text))
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

pub(crate) fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Is the shell's prompt on the last line of the screen (so it waits for a command)?
fn at_prompt(s: &str) -> bool {
    s.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim() == "ls-prompt$")
}

/// The terminal is as the shell left it: raw mode off (`stty -a` in the pane shows canonical
/// input, echo, signals and output processing back on), the alternate screen left, mouse
/// reporting and bracketed paste off, the cursor shown, and the shell takes commands again.
fn check_terminal_restored(t: &Tmux, dir: &Path) {
    t.wait("the shell prompt", at_prompt);
    assert_eq!(t.var("alternate_on"), "0", "the alternate screen is left");
    for flag in [
        "mouse_any_flag",
        "mouse_button_flag",
        "mouse_standard_flag",
        "mouse_sgr_flag",
        "mouse_utf8_flag",
        "mouse_all_flag",
    ] {
        assert_eq!(t.var(flag), "0", "mouse reporting ({flag}) is off");
    }
    assert_eq!(t.var("cursor_flag"), "1", "the cursor is shown");

    // The tty's modes as the pane's shell sees them. Ended by Ctrl-J (a line feed), which a
    // shell reads as the end of a line even in raw mode, so a failure is an assertion, not a
    // timeout. (`stty` writes to a file outside the pane's text, so no wrapping to undo.)
    let modes_file = dir.join(".stty-modes");
    // (The marker is matched anywhere on a line: with output processing off, it lands after
    // the prompt; the echoed command shows `STTY-%s`, not the marker.)
    t.text(&format!(
        "stty -a > {} 2>&1; printf 'STTY-%s\\n' DONE",
        sh_quote(modes_file.to_str().unwrap())
    ));
    t.keys(&["C-j"]);
    t.wait("stty to finish", |s| s.contains("STTY-DONE"));
    let modes = std::fs::read_to_string(&modes_file).expect("stty -a output");
    std::fs::remove_file(&modes_file).ok();
    let words: Vec<&str> = modes
        .split(|c: char| c.is_whitespace() || c == ';')
        .filter(|w| !w.is_empty())
        .collect();
    // Raw mode (cfmakeraw) clears every one of these; each must be back on.
    for mode in ["icanon", "echo", "isig", "iexten", "icrnl", "opost"] {
        assert!(
            words.contains(&mode),
            "`{mode}` is on after the explorer (raw mode off); stty -a:\n{modes}"
        );
        assert!(
            !words.contains(&format!("-{mode}").as_str()),
            "`-{mode}`: raw mode was left on; stty -a:\n{modes}"
        );
    }

    // Bracketed paste is off: a paste reaches the shell as plain text (with the mode on it
    // would arrive wrapped in ESC[200~ ... ESC[201~ and the command would not run as typed).
    assert!(
        t.run(&["set-buffer", "-b", "p", "printf 'PAS%s\\n' TED"])
            .status
            .success()
    );
    assert!(
        t.run(&["paste-buffer", "-p", "-b", "p", "-t", "t"])
            .status
            .success()
    );
    t.keys(&["Enter"]);
    t.wait("PASTED from the shell", |s| {
        s.lines().any(|l| l.trim() == "PASTED")
    });

    // In raw mode Enter (a carriage return) would not end the line and this would never print.
    t.text("printf 'REA%s\\n' DY");
    t.keys(&["Enter"]);
    t.wait("READY from the shell", |s| {
        s.lines().any(|l| l.trim() == "READY")
    });
}

/// Quit, then check the terminal is restored.
pub(crate) fn quit_and_check_shell(t: &Tmux, dir: &Path) {
    t.keys(&["q"]);
    check_terminal_restored(t, dir);
}

#[test]
fn pick_step_and_quit_in_a_real_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("tour", dir.path()) else {
        return;
    };
    let bin = env!("CARGO_BIN_EXE_linkscope");

    // The tour, and a query the test computes the answer to with the library.
    let m = linkscope::model::load_str(linkscope::TOUR, "<tour>", None).unwrap();
    let (from, to) = match m.expectations.first() {
        Some(e) => (e.from.clone(), e.to.clone()),
        None => (
            m.instances[0].id.clone(),
            "s3://linkscope-no-such-bucket/x".to_string(),
        ),
    };
    let trace = linkscope::engine::trace(&m, &from, &to, &Default::default()).unwrap();
    let word = if trace.allowed() {
        "ALLOWED"
    } else {
        "BLOCKED"
    };
    let n = trace.steps.len();

    t.text(&sh_quote(bin));
    t.keys(&["Enter"]);
    t.wait_for("linkscope ·");
    t.wait_for("Pick a source with s");

    t.keys(&["s"]);
    t.wait_for("Source:");
    t.text(&from);
    t.wait_for(&format!("> {from}"));
    t.keys(&["Enter"]);
    t.wait_for(&format!("from {from}"));

    t.keys(&["d"]);
    t.wait_for("Destination:");
    t.text(&to);
    t.wait_for(&format!("> {to}"));
    t.keys(&["Enter"]);
    let s = t.wait_for("Trace · step");
    assert!(s.contains(word), "the verdict {word} is shown:\n{s}");

    if n >= 2 {
        for _ in 0..n {
            t.keys(&["p"]);
        }
        t.wait_for(&format!("Trace · step 1/{n}"));
        t.keys(&["n"]);
        t.wait_for(&format!("Trace · step 2/{n}"));
    }
    let s = t.screen();
    assert!(s.contains(word), "the verdict is still shown:\n{s}");

    quit_and_check_shell(&t, dir.path());
}

#[test]
fn edits_on_disk_are_picked_up() {
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("watch", dir.path()) else {
        return;
    };
    let model = dir.path().join("m.yaml");
    let good = std::fs::read_to_string("tests/fixtures/explorer.yaml").unwrap();
    std::fs::write(&model, &good).unwrap();
    let bin = env!("CARGO_BIN_EXE_linkscope");
    t.text(&format!("{} m.yaml", sh_quote(bin)));
    t.keys(&["Enter"]);
    t.wait_for("explorer fixture");

    // An invalid edit: the last good model stays, the problems are listed.
    std::fs::write(
        &model,
        good.replace(
            "subnet: subnet-app-a, ip: 10.0.1.10",
            "subnet: subnet-nowhere",
        ),
    )
    .unwrap();
    let s = t.wait_for("reload failed");
    assert!(
        s.contains("explorer fixture"),
        "the last good model stays:\n{s}"
    );

    // A good edit, written the way editors do (a new file renamed over the old one).
    let tmp = dir.path().join(".m.yaml.tmp");
    std::fs::write(&tmp, good.replace("explorer fixture", "edited on disk")).unwrap();
    std::fs::rename(&tmp, &model).unwrap();
    let s = t.wait_for("edited on disk");
    assert!(!s.contains("reload failed"), "{s}");

    quit_and_check_shell(&t, dir.path());
}

#[test]
fn a_panic_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("panic", dir.path()) else {
        return;
    };
    let bin = env!("CARGO_BIN_EXE_linkscope");
    t.text(&format!("LINKSCOPE_TEST_PANIC=1 {}", sh_quote(bin)));
    t.keys(&["Enter"]);
    // The message is printed after the terminal is restored, on the normal screen.
    t.wait_for("a deliberate panic after drawing");
    check_terminal_restored(&t, dir.path());
}

/// Every file under `dir` with its size and modification time.
fn listing(dir: &Path) -> Vec<(String, u64, std::time::SystemTime)> {
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

#[test]
fn valid_invalid_truncated_deleted_and_recreated_writes_while_it_runs() {
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("writes", dir.path()) else {
        return;
    };
    let model = dir.path().join("m.yaml");
    let good = std::fs::read_to_string("tests/fixtures/explorer.yaml").unwrap();
    std::fs::write(&model, &good).unwrap();
    let bin = env!("CARGO_BIN_EXE_linkscope");
    t.text(&format!("{} m.yaml", sh_quote(bin)));
    t.keys(&["Enter"]);
    t.wait_for("explorer fixture");
    // A trace on screen, so a reload has something to keep or re-run.
    t.keys(&["s"]);
    t.wait_for("Source:");
    t.text("i-app-a");
    t.wait_for("> i-app-a");
    t.keys(&["Enter"]);
    t.keys(&["d"]);
    t.wait_for("Destination:");
    t.text("s3://app-data/x");
    t.wait_for("> s3://app-data/x");
    t.keys(&["Enter"]);
    t.wait_for("Trace · step");

    // The last good model is still drawn: its name, a subnet and the trace.
    let still_shows = |s: &str, name: &str| {
        assert!(s.contains(name), "the last good model stays:\n{s}");
        assert!(
            s.contains("subnet-app-a") || s.contains("app-a"),
            "the VPC view is drawn:\n{s}"
        );
        assert!(s.contains("Trace · step"), "the trace stays:\n{s}");
    };

    // 1. An invalid edit in place: the problems panel lists the error.
    std::fs::write(
        &model,
        good.replace(
            "subnet: subnet-app-a, ip: 10.0.1.10",
            "subnet: subnet-nowhere",
        ),
    )
    .unwrap();
    let s = t.wait("the reference error", |s| {
        s.contains("reload failed") && s.contains("UNKNOWN_REFERENCE")
    });
    still_shows(&s, "explorer fixture");

    // 2. A truncated write (the editor or the disk stopped half-way, inside a mapping).
    let cut = good.find("subnet: subnet-app-a, ip: 10.0.1.10").unwrap() + "subnet: subn".len();
    std::fs::write(&model, &good[..cut]).unwrap();
    let s = t.wait("the syntax error of the truncated file", |s| {
        s.contains("reload failed") && s.contains("YAML_SYNTAX")
    });
    still_shows(&s, "explorer fixture");

    // 3. Deleted.
    std::fs::remove_file(&model).unwrap();
    let s = t.wait("the deleted file reported", |s| {
        s.contains("reload failed") && s.contains("FILE_UNREADABLE")
    });
    still_shows(&s, "explorer fixture");

    // 4. Recreated, valid: the new model replaces the old one and the problems go.
    std::fs::write(&model, good.replace("explorer fixture", "recreated model")).unwrap();
    let s = t.wait_for("recreated model");
    assert!(!s.contains("reload failed"), "{s}");
    assert!(!s.contains("FILE_UNREADABLE"), "{s}");
    assert!(s.contains("Trace · step"), "the trace is run again:\n{s}");

    // 5. Emptied (an editor truncating before it writes): the recreated model stays.
    std::fs::write(&model, "").unwrap();
    let s = t.wait("the empty file reported", |s| {
        s.contains("reload failed") && s.contains("EMPTY_FILE")
    });
    still_shows(&s, "recreated model");

    // 6. A valid model renamed over it, the way editors save.
    let tmp = dir.path().join(".m.yaml.swp");
    std::fs::write(&tmp, good.replace("explorer fixture", "final model")).unwrap();
    std::fs::rename(&tmp, &model).unwrap();
    let s = t.wait_for("final model");
    assert!(!s.contains("reload failed"), "{s}");

    // Still responsive.
    t.keys(&["p"]);
    t.wait_for("Trace · step 1/");
    quit_and_check_shell(&t, dir.path());
}

#[test]
fn the_explorer_writes_nothing_into_the_model_directory() {
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("nowrite", dir.path()) else {
        return;
    };
    let model = dir.path().join("m.yaml");
    std::fs::write(
        &model,
        std::fs::read_to_string("tests/fixtures/explorer.yaml").unwrap(),
    )
    .unwrap();
    let before = listing(dir.path());
    let bin = env!("CARGO_BIN_EXE_linkscope");
    // The session's working directory is the model's directory too.
    t.text(&format!("{} m.yaml", sh_quote(bin)));
    t.keys(&["Enter"]);
    t.wait_for("explorer fixture");
    t.keys(&["s"]);
    t.wait_for("Source:");
    t.text("i-app-a");
    t.wait_for("> i-app-a");
    t.keys(&["Enter"]);
    t.keys(&["d"]);
    t.wait_for("Destination:");
    t.text("s3://app-data/x");
    t.wait_for("> s3://app-data/x");
    t.keys(&["Enter"]);
    t.wait_for("Trace · step");
    t.keys(&["r"]);
    t.wait_for("reloaded");
    // Each popup is seen open and then closed before the next key (an Escape followed at once
    // by another key reads as Alt+key).
    t.keys(&["?"]);
    t.wait_for("Help · keys and concepts");
    t.keys(&["Escape"]);
    t.wait("the help to close", |s| {
        !s.contains("Help · keys and concepts")
    });
    t.keys(&["/"]);
    t.wait_for("Go to:");
    t.text("vpc");
    t.wait_for("> vpc");
    t.keys(&["Escape"]);
    t.wait("the search to close", |s| !s.contains("Go to:"));
    t.keys(&["q"]);
    t.wait("the shell prompt after quitting", at_prompt);
    assert_eq!(
        listing(dir.path()),
        before,
        "the explorer wrote into the model's directory"
    );
    check_terminal_restored(&t, dir.path());
}

/// The fixture with the S3 endpoint's policy in `policies/s3.json` (a folder below the model).
fn fixture_with_policy_file(dir: &Path, policy: &serde_json::Value) -> std::path::PathBuf {
    let good = std::fs::read_to_string("tests/fixtures/explorer.yaml").unwrap();
    let start = good.find("        policy:\n          Version").unwrap();
    let end = good.find("      - { id: vpce-ssm").unwrap();
    let yaml = format!(
        "{}        policy: policies/s3.json\n{}",
        &good[..start],
        &good[end..]
    );
    std::fs::create_dir_all(dir.join("policies")).unwrap();
    std::fs::write(dir.join("policies/s3.json"), policy.to_string()).unwrap();
    let model = dir.join("m.yaml");
    std::fs::write(&model, yaml).unwrap();
    model
}

fn s3_policy(effect: &str) -> serde_json::Value {
    serde_json::json!({"Version": "2012-10-17", "Statement": [{"Sid": "Edited", "Effect": effect,
        "Principal": "*", "Action": "s3:*", "Resource": "*"}]})
}

#[test]
fn an_edited_policy_file_in_a_subfolder_is_picked_up() {
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("policy", dir.path()) else {
        return;
    };
    fixture_with_policy_file(dir.path(), &s3_policy("Allow"));
    let bin = env!("CARGO_BIN_EXE_linkscope");
    t.text(&format!("{} m.yaml", sh_quote(bin)));
    t.keys(&["Enter"]);
    t.wait_for("explorer fixture");
    t.keys(&["s"]);
    t.wait_for("Source:");
    t.text("i-app-a");
    t.wait_for("> i-app-a");
    t.keys(&["Enter"]);
    t.keys(&["d"]);
    t.wait_for("Destination:");
    t.text("s3://app-data/x");
    t.wait_for("> s3://app-data/x");
    t.keys(&["Enter"]);
    t.wait_for("ALLOWED");

    // The policy saved the way editors do, in its own folder: the trace is run again.
    let tmp = dir.path().join("policies/.s3.json.swp");
    std::fs::write(&tmp, s3_policy("Deny").to_string()).unwrap();
    std::fs::rename(&tmp, dir.path().join("policies/s3.json")).unwrap();
    let s = t.wait_for("BLOCKED");
    assert!(s.contains("ENDPOINT_POLICY_DENY"), "{s}");
    quit_and_check_shell(&t, dir.path());
}

#[test]
fn exit_after_first_frame_quits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("first-frame", dir.path()) else {
        return;
    };
    let bin = env!("CARGO_BIN_EXE_linkscope");
    // The start-up benchmark's switch: draw one frame, then leave as `q` would.
    t.text(&format!(
        "LINKSCOPE_EXIT_AFTER_FIRST_FRAME=1 {}; echo EXIT-$?",
        sh_quote(bin)
    ));
    t.keys(&["Enter"]);
    t.wait_for("EXIT-0");
    check_terminal_restored(&t, dir.path());
}

/// The explorer's process id: the pane shell's child running the binary.
fn explorer_pid(t: &Tmux) -> u32 {
    let shell = t.var("pane_pid");
    let t0 = Instant::now();
    loop {
        let out = Command::new("ps")
            .args(["-o", "pid=,comm=", "--ppid", &shell])
            .output()
            .expect("ps runs");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        if let Some(pid) = text
            .lines()
            .find(|l| l.contains("linkscope"))
            .and_then(|l| l.split_whitespace().next())
        {
            return pid.parse().unwrap();
        }
        assert!(
            t0.elapsed() < TIMEOUT,
            "no explorer process under {shell}:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(30));
    }
}

fn kill(pid: u32, sig: &str) {
    let st = Command::new("kill")
        .args([&format!("-{sig}"), &pid.to_string()])
        .status()
        .unwrap();
    assert!(st.success(), "kill -{sig} {pid}");
}

fn start_explorer(t: &Tmux) -> u32 {
    let bin = env!("CARGO_BIN_EXE_linkscope");
    t.text(&sh_quote(bin));
    t.keys(&["Enter"]);
    t.wait_for("Pick a source with s");
    assert_eq!(
        t.var("alternate_on"),
        "1",
        "the explorer is on the alternate screen"
    );
    explorer_pid(t)
}

#[test]
fn terminating_signals_restore_the_terminal() {
    for sig in ["TERM", "HUP", "QUIT", "INT"] {
        let dir = tempfile::tempdir().unwrap();
        let Some(t) = Tmux::start(&format!("sig-{sig}"), dir.path()) else {
            return;
        };
        let pid = start_explorer(&t);
        kill(pid, sig);
        check_terminal_restored(&t, dir.path());
    }
}

#[test]
fn sigtstp_and_ctrl_z_suspend_and_fg_resumes_in_raw_mode() {
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("tstp", dir.path()) else {
        return;
    };
    let pid = start_explorer(&t);
    for how in ["signal", "key"] {
        match how {
            "signal" => kill(pid, "TSTP"),
            _ => t.keys(&["C-z"]),
        }
        // Stopped: the shell has the terminal back, in cooked mode.
        check_terminal_restored(&t, dir.path());
        // A clean screen, so the next check's markers are new ones.
        t.text("clear");
        t.keys(&["Enter"]);
        t.wait("a cleared screen", |s| !s.contains("READY") && at_prompt(s));
        t.text("fg");
        t.keys(&["Enter"]);
        // Resumed: redrawn in full, on the alternate screen, keys read raw (not echoed).
        t.wait_for("Pick a source with s");
        t.wait("the alternate screen again", |_| {
            t.var("alternate_on") == "1"
        });
        t.keys(&["s"]);
        let s = t.wait_for("Source:");
        assert!(!s.contains("^["), "keys are not echoed:\n{s}");
        t.keys(&["Escape"]);
        t.wait("the finder to close", |s| !s.contains("Source:"));
    }
    quit_and_check_shell(&t, dir.path());
}

#[test]
fn a_closed_window_ends_the_explorer_even_with_sighup_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("hup-ignored", dir.path()) else {
        return;
    };
    let bin = env!("CARGO_BIN_EXE_linkscope");
    // `trap '' HUP` in the shell: the explorer starts with SIGHUP ignored (as under nohup).
    t.text(&format!("trap '' HUP; {}", sh_quote(bin)));
    t.keys(&["Enter"]);
    t.wait_for("Pick a source with s");
    let pid = explorer_pid(&t);
    // Close the window: the pty is hung up; the shell ignores HUP too and exits on EOF.
    let _ = t.run(&["kill-server"]);
    let proc_dir = format!("/proc/{pid}");
    if !Path::new("/proc/self").exists() {
        eprintln!("no /proc: cannot watch the process; skipping the check");
        return;
    }
    let t0 = Instant::now();
    while Path::new(&proc_dir).exists() {
        let stat = std::fs::read_to_string(format!("{proc_dir}/stat")).unwrap_or_default();
        // A zombie (Z) has exited already.
        if stat.split_whitespace().nth(2) == Some("Z") {
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "the explorer still runs 10 s after its window closed (spinning on read(0) = 0)"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Issue 19: whatever is swapped in at the model path (a FIFO, a link to /dev/zero, a
/// folder), the explorer stays responsive, says what is wrong, imports nothing, and picks up
/// the file when it comes back.
#[test]
fn special_files_and_a_folder_at_the_model_path_while_it_runs() {
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("special", dir.path()) else {
        return;
    };
    let model = dir.path().join("m.yaml");
    let good = std::fs::read_to_string("tests/fixtures/explorer.yaml").unwrap();
    std::fs::write(&model, &good).unwrap();
    let bin = env!("CARGO_BIN_EXE_linkscope");
    t.text(&format!("{} m.yaml", sh_quote(bin)));
    t.keys(&["Enter"]);
    t.wait_for("explorer fixture");

    let responsive = |t: &Tmux| {
        t.keys(&["?"]);
        t.wait_for("Help · keys and concepts");
        t.keys(&["Escape"]);
        t.wait("the help to close", |s| {
            !s.contains("Help · keys and concepts")
        });
    };

    // A FIFO: refused, not waited on.
    std::fs::remove_file(&model).unwrap();
    assert!(
        Command::new("mkfifo")
            .arg(&model)
            .status()
            .unwrap()
            .success()
    );
    t.wait("the FIFO reported", |s| s.contains("reload failed"));
    t.keys(&["r"]);
    responsive(&t);

    // A link to /dev/zero: refused, not read.
    std::fs::remove_file(&model).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &model).unwrap();
    t.keys(&["r"]);
    responsive(&t);
    let s = t.wait("still the last good model", |s| {
        s.contains("explorer fixture")
    });
    assert!(s.contains("reload failed"), "{s}");

    // A folder of captures: an error, not an import.
    std::fs::remove_file(&model).unwrap();
    std::fs::create_dir(&model).unwrap();
    for f in std::fs::read_dir("tests/fixtures/import/flat").unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, model.join(f.file_name().unwrap())).unwrap();
    }
    t.keys(&["r"]);
    let s = t.wait("the folder reported", |s| s.contains("NOT_A_FILE"));
    assert!(
        !s.contains("Imported from"),
        "the folder is not imported:\n{s}"
    );
    responsive(&t);

    // Back to a file: picked up without a key.
    std::fs::remove_dir_all(&model).unwrap();
    std::fs::write(&model, good.replace("explorer fixture", "back again")).unwrap();
    t.wait_for("back again");
    quit_and_check_shell(&t, dir.path());
}

/// The model path is a symbolic link: an edit of the file it points to is picked up.
#[test]
fn edits_to_a_symlinked_models_target_are_picked_up() {
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("symlink", dir.path()) else {
        return;
    };
    let real = dir.path().join("real");
    std::fs::create_dir(&real).unwrap();
    let target = real.join("model.yaml");
    let good = std::fs::read_to_string("tests/fixtures/explorer.yaml").unwrap();
    std::fs::write(&target, &good).unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join("m.yaml")).unwrap();
    let bin = env!("CARGO_BIN_EXE_linkscope");
    t.text(&format!("{} m.yaml", sh_quote(bin)));
    t.keys(&["Enter"]);
    t.wait_for("explorer fixture");
    std::fs::write(&target, good.replace("explorer fixture", "edited target")).unwrap();
    t.wait_for("edited target");
    quit_and_check_shell(&t, dir.path());
}

#[test]
fn the_finder_of_a_large_model_ranks_off_the_ui_thread_and_enter_takes_the_typed_query() {
    // 10,000 instances and 10,000 subnets: above the worker's threshold (src/tui/finder.rs).
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("large", dir.path()) else {
        return;
    };
    let model = dir.path().join("big.yaml");
    std::fs::write(
        &model,
        linkscope::testgen::generate(&linkscope::testgen::Spec::LARGE),
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_linkscope");
    t.text(&format!(
        "{} {}",
        sh_quote(bin),
        sh_quote(model.to_str().unwrap())
    ));
    t.keys(&["Enter"]);
    t.wait_for("Pick a source with s");
    t.keys(&["s"]);
    t.wait_for("Source:");
    // Enter right after the text: it waits for the ranking of the whole query, not an earlier
    // one (where "i-g7-1" would rank another instance first).
    t.text("i-g7-123");
    t.keys(&["Enter"]);
    t.wait_for("from i-g7-123 ");
    quit_and_check_shell(&t, dir.path());
}

/// The live test loop in a real terminal: `E` shows the expectations; an edit on disk that
/// makes one fail is announced, and `f` traces it.
#[test]
fn an_edit_on_disk_flipping_an_expectation_is_announced_and_f_traces_it() {
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("tests", dir.path()) else {
        return;
    };
    let model = dir.path().join("m.yaml");
    let good = std::fs::read_to_string("tests/fixtures/explorer.yaml").unwrap();
    std::fs::write(&model, &good).unwrap();
    let bin = env!("CARGO_BIN_EXE_linkscope");
    t.text(&format!("{} m.yaml", sh_quote(bin)));
    t.keys(&["Enter"]);
    t.wait_for("explorer fixture");
    t.keys(&["E"]);
    t.wait_for("✓ 2/2 expectations met");
    t.keys(&["Escape"]);
    std::fs::write(
        &model,
        good.replace(
            r#"Action: ["s3:GetObject", "s3:ListBucket"]"#,
            r#"Action: ["s3:ListBucket"]"#,
        ),
    )
    .unwrap();
    let s = t.wait_for("✗ 1/2 expectations met");
    assert!(s.contains("✓→✗ i-app-a"), "the change is named:\n{s}");
    t.keys(&["f"]);
    let s = t.wait_for("Trace · step");
    assert!(s.contains("BLOCKED ENDPOINT_POLICY_NO_ALLOW"), "{s}");
    quit_and_check_shell(&t, dir.path());
}

/// A model file that is broken (or missing) at start: the explorer opens, lists the error and
/// waits; once the file is valid the model appears.
#[test]
fn a_broken_file_at_start_waits_for_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("broken", dir.path()) else {
        return;
    };
    let model = dir.path().join("m.yaml");
    let good = std::fs::read_to_string("tests/fixtures/explorer.yaml").unwrap();
    std::fs::write(&model, good.replace("linkscope: 1", "linkscope: [")).unwrap();
    let bin = env!("CARGO_BIN_EXE_linkscope");
    t.text(&format!("{} m.yaml", sh_quote(bin)));
    t.keys(&["Enter"]);
    let s = t.wait_for("waiting for it to become valid");
    assert!(s.contains("Problems"), "the error is listed:\n{s}");
    let tmp = dir.path().join(".m.yaml.tmp");
    std::fs::write(&tmp, &good).unwrap();
    std::fs::rename(&tmp, &model).unwrap();
    t.wait_for("explorer fixture");
    quit_and_check_shell(&t, dir.path());
}

/// A model file missing at start: the explorer waits for it to appear.
#[test]
fn a_missing_file_at_start_waits_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("missing", dir.path()) else {
        return;
    };
    let good = std::fs::read_to_string("tests/fixtures/explorer.yaml").unwrap();
    let bin = env!("CARGO_BIN_EXE_linkscope");
    let missing = dir.path().join("later.yaml");
    t.text(&format!("{} later.yaml", sh_quote(bin)));
    t.keys(&["Enter"]);
    t.wait_for("waiting for it to become valid");
    std::fs::write(&missing, &good).unwrap();
    t.wait_for("explorer fixture");
    quit_and_check_shell(&t, dir.path());
}

/// `y` in a real terminal: the trace's text reaches tmux's clipboard through OSC 52.
#[test]
fn y_copies_the_trace_through_osc52() {
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("copy", dir.path()) else {
        return;
    };
    assert!(
        t.run(&["set", "-s", "set-clipboard", "on"])
            .status
            .success()
    );
    std::fs::copy("tests/fixtures/explorer.yaml", dir.path().join("m.yaml")).unwrap();
    let bin = env!("CARGO_BIN_EXE_linkscope");
    t.text(&format!("{} m.yaml", sh_quote(bin)));
    t.keys(&["Enter"]);
    t.wait_for("explorer fixture");
    t.keys(&["e"]);
    t.keys(&["Enter"]);
    t.wait_for("Trace · step");
    t.keys(&["y"]);
    t.wait_for("copied the trace");
    let deadline = Instant::now() + TIMEOUT;
    let buffer = loop {
        let out = t.run(&["show-buffer"]);
        let b = String::from_utf8_lossy(&out.stdout).to_string();
        if b.contains("i-app-a") || Instant::now() > deadline {
            break b;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        buffer.contains("i-app-a") && buffer.contains("ALLOWED"),
        "tmux buffer: {buffer}"
    );
    quit_and_check_shell(&t, dir.path());
}

/// Issue 14: a generated model of 50 VPCs in 10 accounts, in a real terminal: the palette jumps
/// to a VPC by its name, `A` aligns it by AZ ID, and the shell gets the terminal back.
#[test]
fn fifty_vpcs_palette_jump_and_align_in_a_real_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let spec = linkscope::testgen::Spec::small_vpcs(800);
    assert_eq!(spec.accounts * spec.vpcs_per_account, 50);
    std::fs::write(
        dir.path().join("big.yaml"),
        linkscope::testgen::generate(&spec),
    )
    .unwrap();
    let Some(t) = Tmux::start("fifty", dir.path()) else {
        return;
    };
    let bin = env!("CARGO_BIN_EXE_linkscope");
    t.text(&format!("{} big.yaml", sh_quote(bin)));
    t.keys(&["Enter"]);
    let s = t.wait_for("linkscope ·");
    assert!(!s.contains("vpc-g37 "), "starts elsewhere:\n{s}");

    t.keys(&[":"]);
    t.wait_for("Go to or run");
    t.text("vpc-37");
    t.wait_for("> vpc-37");
    t.keys(&["Enter"]);
    let s = t.wait("the header to name vpc-g37", |s| {
        s.lines().next().is_some_and(|l| l.contains("vpc-g37"))
    });
    assert!(!s.contains("Go to or run"), "the palette closed:\n{s}");

    t.keys(&["A"]);
    t.wait_for("Align by AZ ID");
    // The VPC's column names its account; a row per AZ ID.
    t.wait("the aligned columns", |s| {
        s.contains("vpc-g37 · acct-7")
            && ["use1-az1", "use1-az2", "use1-az4"]
                .iter()
                .all(|id| s.lines().any(|l| l.contains(&format!("┃ {id} "))))
    });
    t.keys(&["Escape"]);
    t.wait("the align view to close", |s| !s.contains("Align by AZ ID"));
    quit_and_check_shell(&t, dir.path());
}

/// `linkscope --teach LAB`: the explorer opens in teaching mode, the lab's answers hidden until
/// `!`.
#[test]
fn teach_flag_opens_a_lab_with_its_answers_hidden() {
    let dir = tempfile::tempdir().unwrap();
    // The sample itself (it names policy files next to it); the explorer writes nothing.
    let lab = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/find-the-mistakes.yaml");
    let Some(t) = Tmux::start("teach", dir.path()) else {
        return;
    };
    let bin = env!("CARGO_BIN_EXE_linkscope");
    t.text(&format!(
        "{} --teach {}",
        sh_quote(bin),
        sh_quote(lab.to_str().unwrap())
    ));
    t.keys(&["Enter"]);
    let s = t.wait_for("teaching mode");
    assert!(!s.contains("Spoilers"), "answers hidden:\n{s}");
    t.keys(&["!"]);
    t.wait_for("answers and the problems list are shown");
    quit_and_check_shell(&t, dir.path());
}

/// Issue 17 in a real terminal: the 2026 sample, `/` finds a resource configuration, Enter
/// shows its details (gateway, address, ports, sharing).
#[test]
fn the_finder_opens_a_resource_configuration_of_the_2026_sample() {
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("rcfg", dir.path()) else {
        return;
    };
    let model = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/privatelink-2026.yaml");
    let bin = env!("CARGO_BIN_EXE_linkscope");
    t.text(&format!(
        "{} {}",
        sh_quote(bin),
        sh_quote(model.to_str().unwrap())
    ));
    t.keys(&["Enter"]);
    t.wait_for("Pick a source with s");
    t.keys(&["/"]);
    t.wait_for("Go to:");
    t.text("rcfg-ledger-db");
    t.wait_for("resource configuration · vpc-ledger");
    t.keys(&["Enter"]);
    t.wait_for("Details: resource configuration");
    let s = t.wait_for("rgw-ledger in vpc-ledger");
    assert!(s.contains("tcp 5432"), "{s}");
    assert!(s.contains("10.9.1.30"), "{s}");
    assert!(s.contains("payments (111111111111)"), "{s}");
    quit_and_check_shell(&t, dir.path());
}
