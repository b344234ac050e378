//! Start-up of the explorer on the tour model, as a whole process in a real terminal: the
//! release binary is spawned on a fresh pseudo-terminal of 200x60 (its own session, the pty its
//! controlling terminal, `TERM=xterm-256color`), with `LINKSCOPE_EXIT_AFTER_FIRST_FRAME=1` so
//! it quits, terminal restored, right after its first frame. Measured from before the spawn:
//!
//! - `first-frame`: until the end of the first frame's synchronized update (`ESC[?2026l`) is
//!   read from the terminal, i.e. the whole frame is on the screen;
//! - `exit`: until the process has exited and been reaped (the whole process: exec, dynamic
//!   linking, loading the tour, entering and leaving the alternate screen);
//! - `version`: `linkscope --version` the same way, the floor of spawning any process.
//!
//! (`hyperfine 'script -qfec "stty cols 200 rows 60; linkscope" /dev/null'` measures the same
//! thing through util-linux `script`, but `script` itself takes a fixed ~21 ms here even for
//! `true`, which hides the figure; this harness opens the pty itself.)
//!
//! `cargo bench --bench startup -- --warm-up-time 1 --measurement-time 3`

use criterion::{Criterion, criterion_group, criterion_main};
use std::fs::File;
use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_linkscope");
/// End of a synchronized update: the explorer wraps every frame in one.
const FRAME_END: &[u8] = b"\x1b[?2026l";

struct Run {
    first_frame: Option<Duration>,
    exit: Duration,
    output: Vec<u8>,
}

/// Spawn `BIN args` on a new 200x60 pty; read everything it writes until it exits.
fn run(args: &[&str]) -> Run {
    let (mut master, mut slave) = (-1, -1);
    let size = libc::winsize {
        ws_row: 60,
        ws_col: 200,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two descriptors; the pointers are valid for the call.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: both descriptors were just opened and are owned here.
    let (master, slave) = unsafe { (File::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    let io = |fd: &OwnedFd| Stdio::from(fd.try_clone().expect("dup"));
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("TERM", "xterm-256color")
        .env("LINKSCOPE_EXIT_AFTER_FIRST_FRAME", "1")
        .stdin(io(&slave))
        .stdout(io(&slave))
        .stderr(io(&slave));
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let start = Instant::now();
    let mut child = cmd.spawn().expect("spawn linkscope");
    drop(slave);
    drop(cmd); // its copies of the slave, so the master reads EOF/EIO once the child exits

    let mut master = master;
    let mut output = Vec::with_capacity(32 * 1024);
    let mut first_frame = None;
    let mut buf = [0u8; 16 * 1024];
    loop {
        match master.read(&mut buf) {
            Ok(0) | Err(_) => break, // EIO: the last holder of the slave has gone
            Ok(n) => {
                let from = output.len().saturating_sub(FRAME_END.len());
                output.extend_from_slice(&buf[..n]);
                if first_frame.is_none()
                    && output[from..]
                        .windows(FRAME_END.len())
                        .any(|w| w == FRAME_END)
                {
                    first_frame = Some(start.elapsed());
                }
            }
        }
    }
    let status = child.wait().expect("wait");
    let exit = start.elapsed();
    assert!(
        status.success(),
        "{status}: {}",
        String::from_utf8_lossy(&output)
    );
    Run {
        first_frame,
        exit,
        output,
    }
}

fn bench(c: &mut Criterion) {
    // The first frame is the tour's, drawn at 200x60, and the terminal is restored after it.
    let r = run(&[]);
    let text = String::from_utf8_lossy(&r.output);
    assert!(r.first_frame.is_some(), "no frame: {text}");
    assert!(text.contains("PrivateLink in one picture"), "{text}");
    assert!(text.contains("\x1b[60;"), "not drawn at 60 rows: {text}");
    assert!(text.ends_with("\x1b[?25h"), "terminal not restored: {text}");
    eprintln!(
        "tour: first frame after {:?}, exit after {:?}, {} bytes written",
        r.first_frame.unwrap(),
        r.exit,
        r.output.len()
    );

    let mut g = c.benchmark_group("startup-tour-200x60");
    g.sample_size(30);
    g.bench_function("first-frame", |b| {
        b.iter_custom(|n| (0..n).map(|_| run(&[]).first_frame.unwrap()).sum())
    });
    g.bench_function("exit", |b| {
        b.iter_custom(|n| (0..n).map(|_| run(&[]).exit).sum())
    });
    g.bench_function("version", |b| {
        b.iter_custom(|n| (0..n).map(|_| run(&["--version"]).exit).sum())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
