//! Tests of the process bookkeeping. The signal path is tested in a child
//! process of the test (the test binary run again, in one helper test), so
//! the cleanup's `exit(130)` ends the helper, not the test run.

use super::*;
use crate::watchdog::tree::ended;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A child that sleeps for a minute, unless it is ended first.
fn sleeper() -> ChildProcess {
    fork_child(|| {
        std::thread::sleep(Duration::from_secs(60));
        0
    })
    .unwrap()
}

#[test]
fn a_child_exits_with_its_code() {
    let mut ok = fork_child(|| 7).unwrap();
    assert_eq!(ok.wait().unwrap().code(), Some(7));
    assert_eq!(ok.wait().unwrap().code(), Some(7), "a second wait gives the same status");
}

#[test]
fn a_panicking_child_exits_with_101() {
    // In the helper process: a forked child's panic message takes std's
    // panic-output lock, which another test's panic could hold here at the
    // moment of the fork (the deadlock of chapter 11).
    let out = helper("panic").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_child_never_returns_into_the_callers_code() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("pids");
    let mut child = fork_child(|| 0).unwrap();
    // Only the parent gets here; a child that returned from fork_child
    // would write its own pid too.
    writeln!(
        std::fs::OpenOptions::new().create(true).append(true).open(&log).unwrap(),
        "{}",
        std::process::id()
    )
    .unwrap();
    assert!(child.wait().unwrap().success());
    std::thread::sleep(Duration::from_millis(20));
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text, format!("{}\n", std::process::id()), "written by: {text}");
}

#[test]
fn a_dropped_child_is_killed_and_reaped_not_left_a_zombie() {
    let child = sleeper();
    let pid = child.pid();
    assert!(registry::lock().my_children().contains(&pid));
    drop(child);
    assert!(Diagnosis::of(pid).is_none(), "{pid} is still there: {:?}", Diagnosis::of(pid));
    assert!(!registry::lock().my_children().contains(&pid), "still registered");
}

#[test]
fn a_sleeping_child_is_diagnosed_timed_out_then_killed() {
    let mut child = sleeper();
    let seen = loop {
        // Wait until it is inside its sleep, not still starting.
        let d = child.diagnose().unwrap();
        if d.state == 'S' {
            break d;
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    assert_eq!(seen.threads, 1, "a forked child has only the forking thread: {seen}");
    assert!(seen.to_string().contains("sleeping"), "{seen}");
    assert_eq!(child.wait_timeout(Duration::from_millis(30)).unwrap(), None);
    let status = child.kill_and_reap().unwrap();
    assert_eq!(status.signal(), Some(libc::SIGKILL));
    assert!(child.diagnose().is_none());
}

#[test]
fn a_temp_dir_and_a_shm_name_are_removed_on_drop() {
    let dir = TempDir::new("t").unwrap();
    let path = dir.path().to_path_buf();
    std::fs::write(path.join("f"), "x").unwrap();
    assert!(path.file_name().unwrap().to_str().unwrap().contains("-t-"));
    drop(dir);
    assert!(!path.exists());

    use nix::fcntl::OFlag;
    use nix::sys::stat::Mode;
    let name = shm_name("t");
    let fd = nix::sys::mman::shm_open(name.as_str(), OFlag::O_CREAT | OFlag::O_RDWR, Mode::S_IRWXU)
        .unwrap();
    let file = format!("/dev/shm{name}");
    assert!(Path::new(&file).exists());
    drop(fd);
    drop(name);
    assert!(!Path::new(&file).exists());
}

use std::path::Path;

#[test]
fn open_fds_lists_an_open_file_and_not_a_closed_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("open-me");
    let file = std::fs::File::create(&path).unwrap();
    let listed = |p: &Path| open_fds().iter().any(|(_, target)| target == p);
    assert!(listed(&path));
    drop(file);
    assert!(!listed(&path));
}

#[test]
fn check_no_children_names_a_child_left_running() {
    // In the helper process: the test process has other tests' children.
    let out = helper("children").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn install_cleanup_is_idempotent_and_refused_in_a_forked_child() {
    install_cleanup().unwrap();
    install_cleanup().unwrap();
    let mut child = fork_child(|| i32::from(install_cleanup().is_ok())).unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

/// Set in the helper's environment: the scenario it runs.
const HELPER: &str = "LABKIT_PROCESS_HELPER";

/// The test binary run again as the helper, in `scenario`, in a fresh
/// temporary directory (`TMPDIR`) of the caller's.
pub(crate) fn helper(scenario: &str) -> Command {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["process::tests::helper_process", "--exact", "--ignored", "--nocapture"])
        .args(["--test-threads", "1"])
        .env(HELPER, scenario)
        .env(RUN_TAG_VAR, format!("labkit-test-{}", std::process::id()));
    command
}

/// Not a test: the helper process, a fresh process for the scenarios that
/// must not share the test process. Its exit status is the verdict.
#[test]
#[ignore = "run by the tests that call helper()"]
fn helper_process() {
    match std::env::var(HELPER).as_deref() {
        Ok("panic") => helper_panic(),
        Ok("children") => helper_children(),
        Ok("signal") => helper_signal(),
        Ok("lab") => helper_lab(false),
        Ok("lab-leaky") => helper_lab(true),
        Ok("lab-no-cleanup") => std::thread::sleep(Duration::from_secs(60)),
        _ => {}
    }
}

/// Exits 0 if a forked child that panics exits with 101.
fn helper_panic() {
    let mut panics = fork_child(|| panic!("on purpose, in a forked child")).unwrap();
    let code = panics.wait().unwrap().code();
    std::process::exit(if code == Some(101) { 0 } else { 1 });
}

/// Exits 0 if check_no_children passes with no child, fails naming a
/// `sleep` left running, and passes again once it is reaped.
fn helper_children() {
    let none_at_first = check_no_children().is_ok();
    let mut sleep = Command::new("sleep").arg("30").spawn().unwrap();
    let named = check_no_children().is_err_and(|e| e.to_string().contains("(sleep)"));
    sleep.kill().unwrap();
    sleep.wait().unwrap();
    let none_after = check_no_children().is_ok();
    eprintln!("none at first {none_at_first}, named {named}, none after {none_after}");
    std::process::exit(if none_at_first && named && none_after { 0 } else { 1 });
}

/// A stand-in for a process lab, for `labkit::testing`'s tests: cleanup
/// installed, a child, a temporary directory and a shared-memory object,
/// then a minute of work. `leaky` also leaves a file in `TMPDIR` that
/// nobody registered.
fn helper_lab(leaky: bool) {
    use nix::fcntl::OFlag;
    use nix::sys::stat::Mode;
    install_cleanup().unwrap();
    let _child = sleeper();
    let dir = TempDir::new("lab").unwrap();
    std::fs::write(dir.path().join("data"), "x").unwrap();
    let shm = shm_name("lab");
    let _fd = nix::sys::mman::shm_open(shm.as_str(), OFlag::O_CREAT | OFlag::O_RDWR, Mode::S_IRWXU)
        .unwrap();
    if leaky {
        std::fs::write(std::env::temp_dir().join("forgotten"), "x").unwrap();
    }
    std::thread::sleep(Duration::from_secs(60));
}

/// Installs the cleanup, makes a forked child, a `Command` child, a
/// temporary directory with a file and a shared-memory object, says so,
/// and sleeps until the signal test interrupts it.
fn helper_signal() {
    use nix::fcntl::OFlag;
    use nix::sys::stat::Mode;
    install_cleanup().unwrap();
    let forked = sleeper();
    let spawned = Command::new("sleep").arg("60").spawn().unwrap();
    let dir = TempDir::new("sig").unwrap();
    std::fs::write(dir.path().join("file"), "x").unwrap();
    let shm = shm_name("sig");
    let _fd = nix::sys::mman::shm_open(shm.as_str(), OFlag::O_CREAT | OFlag::O_RDWR, Mode::S_IRWXU)
        .unwrap();
    println!("ready {} {} {} {}", forked.pid(), spawned.id(), dir.path().display(), shm);
    std::io::stdout().flush().unwrap();
    std::thread::sleep(Duration::from_secs(60));
    std::process::exit(1);
}

#[test]
fn the_signal_cleanup_ends_children_removes_names_and_exits_130() {
    let tmp = tempfile::tempdir().unwrap();
    let mut helper =
        helper("signal").env("TMPDIR", tmp.path()).stdout(Stdio::piped()).spawn().unwrap();
    let mut lines = BufReader::new(helper.stdout.take().unwrap()).lines();
    let ready = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| Some(l.split_once("ready ")?.1.to_string()))
        .expect("the helper says it is ready");
    // libtest prints the test's name on the same line, before it.
    let parts: Vec<&str> = std::iter::once("ready").chain(ready.split_whitespace()).collect();
    let (forked, spawned): (u32, u32) = (parts[1].parse().unwrap(), parts[2].parse().unwrap());
    let (dir, shm) = (Path::new(parts[3]), format!("/dev/shm{}", parts[4]));
    assert!(dir.join("file").exists() && Path::new(&shm).exists());

    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(helper.id() as i32),
        nix::sys::signal::Signal::SIGINT,
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = helper.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = helper.kill();
            let _ = helper.wait();
            panic!("the helper did not exit after SIGINT");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    assert_eq!(status.code(), Some(130), "{status:?}");
    assert!(ended(forked), "the forked child {forked} is still running");
    assert!(ended(spawned), "the Command child {spawned} is still running");
    assert!(!dir.exists(), "{} was not removed", dir.display());
    assert!(!Path::new(&shm).exists(), "{shm} was not unlinked");
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "left in TMPDIR: {left:?}");
}
