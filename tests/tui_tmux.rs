//! End to end: the real binary in a real terminal (tmux, on a private socket). Waits for text
//! on the screen by polling `capture-pane`, never by fixed sleeps. Skips when tmux is missing
//! (the CI script installs it).
#![cfg(feature = "tui")]

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(30);

struct Tmux {
    socket: String,
}

impl Tmux {
    /// A private tmux server running `sh` in a 120x40 window, or None without tmux.
    fn start(tag: &str, dir: &Path) -> Option<Tmux> {
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
        Some(t)
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs")
    }

    fn keys(&self, keys: &[&str]) {
        let mut a = vec!["send-keys", "-t", "t"];
        a.extend_from_slice(keys);
        assert!(self.run(&a).status.success());
    }

    /// Type text literally.
    fn text(&self, s: &str) {
        assert!(
            self.run(&["send-keys", "-t", "t", "-l", s])
                .status
                .success()
        );
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }

    fn var(&self, name: &str) -> String {
        let f = format!("#{{{name}}}");
        String::from_utf8_lossy(&self.run(&["display-message", "-p", "-t", "t", &f]).stdout)
            .trim()
            .to_string()
    }

    /// Poll the screen until `pred` holds.
    fn wait(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
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

    fn wait_for(&self, text: &str) -> String {
        self.wait(&format!("{text:?}"), |s| s.contains(text))
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Is the shell's prompt on the last line of the screen (so it waits for a command)?
fn at_prompt(s: &str) -> bool {
    s.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim() == "ls-prompt$")
}

/// Quit, then check the shell works again: raw mode, the alternate screen and mouse
/// reporting are all off.
fn quit_and_check_shell(t: &Tmux) {
    t.keys(&["q"]);
    check_shell(t);
}

/// The explorer has exited (or panicked): check the shell works again.
fn check_shell(t: &Tmux) {
    t.wait("the shell prompt after quitting", at_prompt);
    assert_eq!(t.var("alternate_on"), "0", "the alternate screen is left");
    for flag in [
        "mouse_any_flag",
        "mouse_button_flag",
        "mouse_standard_flag",
        "mouse_sgr_flag",
    ] {
        assert_eq!(t.var(flag), "0", "mouse reporting ({flag}) is off");
    }
    // In raw mode Enter would not end the line and this would never print.
    t.text("printf 'REA%s\\n' DY");
    t.keys(&["Enter"]);
    t.wait("READY from the shell", |s| {
        s.lines().any(|l| l.trim() == "READY")
    });
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

    quit_and_check_shell(&t);
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

    quit_and_check_shell(&t);
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
    check_shell(&t);
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
    check_shell(&t);
}
