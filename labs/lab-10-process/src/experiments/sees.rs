//! What a child sees: the parent sets things up, starts one child of each
//! kind, and tabulates what each reported.
//!
//! The forked child runs [`observe`] in its copy of the parent; the
//! spawned ones are this binary run again with `--child sees`, told the
//! descriptor numbers and the serialized `A` in their arguments, because a
//! fresh program has nothing else. posix_spawn is given an empty
//! environment (its environment is an argument like the others); `Command`
//! passes the parent's on.

use crate::seen::{self, ChildArgs, ENV_MARK, Fds, GLOBAL, Seen, observe};
use crate::starts;
use crate::state::{self, A};
use labkit::LabContext;
use labkit::claim::Claim;
use labkit::process::TempDir;
use labkit::report::Table;
use nix::fcntl::{OFlag, open};
use nix::sys::stat::Mode;
use nix::unistd::{pipe2, write};
use std::io::Read;
use std::os::fd::{AsRawFd, OwnedFd};
use std::sync::atomic::Ordering;
use std::sync::mpsc;

/// Extra threads the parent runs while it starts the children.
const EXTRA_THREADS: usize = 3;

/// Sets the parent up, starts the three children and records what they saw.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    // ANCHOR: setup
    // The parent's state before any child starts.
    GLOBAL.store(1, Ordering::SeqCst); // import_mock.to_mock = 1
    // Safety: no other thread of this process reads or writes the
    // environment while the lab runs this experiment.
    unsafe { std::env::set_var(ENV_MARK, "set by the parent") };
    let heap = Box::new(String::from("made by the parent"));
    let dir = TempDir::new("fds")?;
    let plain = open(&dir.path().join("plain"), OFlag::O_CREAT | OFlag::O_WRONLY, Mode::S_IRWXU)?;
    let cloexec = open(
        &dir.path().join("cloexec"),
        OFlag::O_CREAT | OFlag::O_WRONLY | OFlag::O_CLOEXEC,
        Mode::S_IRWXU,
    )?;
    let fds = Fds { plain: plain.as_raw_fd(), cloexec: cloexec.as_raw_fd() };
    let a = A { a: 1, b: 2, c: 3 };
    // ANCHOR_END: setup
    let (stop, parked) = park_threads(EXTRA_THREADS);

    let parent = observe(Some(&heap), a, fds);
    // ANCHOR: fork_sees
    let (read_end, write_end) = pipe2(OFlag::O_CLOEXEC)?;
    let forked = starts::fork(|| {
        let line = seen::encode(&observe(Some(&heap), a, fds));
        i32::from(write(&write_end, line.as_bytes()).is_err())
    })?;
    drop(write_end);
    let fork = read_seen(read_end, forked.success())?;
    // ANCHOR_END: fork_sees

    // ANCHOR: spawn_sees
    let args = ChildArgs { fds, state: state::getstate(&a) };
    let hex = seen::to_hex(&postcard::to_allocvec(&args)?);
    let child_args = ["--child", "sees", "--child-args", hex.as_str()];
    let (read_end, write_end) = pipe2(OFlag::O_CLOEXEC)?;
    let mut spawned =
        starts::posix_spawn(&starts::self_exe(), &child_args, &[], Some(write_end.as_raw_fd()))?;
    drop(write_end);
    let spawn = read_seen(read_end, true)?;
    anyhow::ensure!(spawned.wait()?.success(), "the posix_spawn child failed");

    let output = starts::command(&starts::self_exe(), &child_args).output()?;
    anyhow::ensure!(output.status.success(), "the Command child failed: {output:?}");
    let command = seen::decode(&String::from_utf8_lossy(&output.stdout))?;
    // ANCHOR_END: spawn_sees
    drop(stop);
    for thread in parked {
        let _ = thread.join();
    }
    drop((plain, cloexec));
    let dir_path = dir.path().to_path_buf();
    // Safety: as above, nothing else touches the environment.
    unsafe { std::env::remove_var(ENV_MARK) };

    // std's own files: is close-on-exec set on them?
    let std_file = std::fs::File::create(dir_path.join("std"))?;
    // Safety: F_GETFD only reads the flags of a descriptor we own.
    let flags = unsafe { libc::fcntl(std_file.as_raw_fd(), libc::F_GETFD) };
    ctx.claim(
        "std-cloexec",
        Claim::fact(
            "a file opened by std's File::create has close-on-exec set",
            flags != -1 && flags & libc::FD_CLOEXEC != 0,
            format!("F_GETFD gives {flags:#x}; FD_CLOEXEC is {:#x}", libc::FD_CLOEXEC),
        ),
    );
    drop(std_file);
    drop(dir);

    print_table(&[&parent, &fork, &spawn, &command]);
    record(ctx, &parent, &fork, &spawn, &command, &state::getstate(&a));
    Ok(())
}

/// Starts `n` threads that wait until the sender is dropped.
fn park_threads(n: usize) -> (mpsc::Sender<()>, Vec<std::thread::JoinHandle<()>>) {
    let (tx, rx) = mpsc::channel::<()>();
    let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
    let threads = (0..n)
        .map(|_| {
            let rx = std::sync::Arc::clone(&rx);
            std::thread::spawn(move || {
                let _ = rx.lock().map(|r| r.recv());
            })
        })
        .collect();
    (tx, threads)
}

/// The heap object as a process saw it.
fn show_heap(s: &Seen) -> String {
    match &s.heap {
        Some((addr, text)) => format!("{text:?} at {addr:#x}"),
        None => "(a fresh heap)".into(),
    }
}

/// Reads a child's `Seen` line from the pipe (the write end already closed).
fn read_seen(read_end: OwnedFd, ok: bool) -> anyhow::Result<Seen> {
    anyhow::ensure!(ok, "the child failed");
    let mut text = String::new();
    std::fs::File::from(read_end).read_to_string(&mut text)?;
    seen::decode(&text)
}

fn print_table(all: &[&Seen; 4]) {
    let mut table = Table::new(
        "What the child sees (the parent set each of these before starting it)",
        &["", "parent", "fork", "posix_spawn", "Command"],
    );
    let yes = |b: bool| if b { "open" } else { "closed" };
    let mut row = |what: &str, f: &dyn Fn(&Seen) -> String| {
        let cells: Vec<String> =
            std::iter::once(what.to_string()).chain(all.iter().map(|s| f(s))).collect();
        table.row(cells);
    };
    row("GLOBAL (set to 1)", &|s| s.global.to_string());
    row("heap object", &show_heap);
    row("fd without O_CLOEXEC", &|s| yes(s.fd_plain).into());
    row("fd with O_CLOEXEC", &|s| yes(s.fd_cloexec).into());
    row(&format!("${ENV_MARK}"), &|s| s.env.clone().unwrap_or_else(|| "(unset)".into()));
    row("threads", &|s| s.threads.to_string());
    row("A { a, b, c }", &|s| format!("{} {} {}", s.a.0, s.a.1, s.a.2));
    table.print();
}

fn record(
    ctx: &mut LabContext,
    parent: &Seen,
    fork: &Seen,
    spawn: &Seen,
    command: &Seen,
    wire: &[u8],
) {
    let global =
        format!("fork {}, posix_spawn {}, Command {}", fork.global, spawn.global, command.global);
    ctx.claim(
        "global",
        Claim::fact(
            "a forked child sees the global as the parent set it (1), a spawned child its initial value (0)",
            fork.global == 1 && spawn.global == 0 && command.global == 0,
            global,
        ),
    );
    ctx.claim(
        "heap",
        Claim::fact(
            "the forked child reads the parent's heap object at the same address",
            fork.heap.is_some() && fork.heap == parent.heap,
            format!("parent: {}; fork: {}", show_heap(parent), show_heap(fork)),
        ),
    );
    ctx.claim(
        "threads",
        Claim::fact(
            "a forked child has one thread however many the parent has",
            fork.threads == 1 && parent.threads > 1,
            format!("parent {} threads, forked child {}", parent.threads, fork.threads),
        ),
    );
    ctx.claim(
        "cloexec",
        Claim::fact(
            "a descriptor without close-on-exec stays open in a spawned child and one with it is closed, while a forked child has both",
            fork.fd_plain && fork.fd_cloexec && spawn.fd_plain && !spawn.fd_cloexec
                && command.fd_plain && !command.fd_cloexec,
            format!(
                "fork {}/{}, posix_spawn {}/{}, Command {}/{} (without/with)",
                fork.fd_plain, fork.fd_cloexec, spawn.fd_plain, spawn.fd_cloexec, command.fd_plain,
                command.fd_cloexec
            ),
        ),
    );
    ctx.claim(
        "env",
        Claim::fact(
            "posix_spawn's child sees only the environment it is given, Command's child the parent's",
            spawn.env.is_none() && command.env.is_some() && fork.env.is_some(),
            format!("posix_spawn {:?}, Command {:?}, fork {:?}", spawn.env, command.env, fork.env),
        ),
    );
    ctx.claim(
        "getstate",
        Claim::fact(
            "the spawned children get 1 2 0 (c was not serialized) and the forked child 1 2 3",
            fork.a == (1, 2, 3) && spawn.a == (1, 2, 0) && command.a == (1, 2, 0),
            format!("fork {:?}, posix_spawn {:?}, Command {:?}", fork.a, spawn.a, command.a),
        ),
    );
    ctx.record_result(
        "parent-threads",
        parent.threads.to_string(),
        "threads in the parent at the start",
    );
    ctx.record_result("fork-threads", fork.threads.to_string(), "threads in the forked child");
    let bytes: Vec<String> = wire.iter().map(|b| format!("{b:02x}")).collect();
    ctx.record_result("state-bytes", bytes.join(" "), "the serialized A (postcard, hex)");
}
