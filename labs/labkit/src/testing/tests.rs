//! Tests of the leftover checks, on the process tests' helper: a stand-in
//! lab run as a fresh process (see `process/tests.rs`).

use super::{RunEnv, interrupt_command};
use crate::process::tests::helper;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::Command;
use std::time::Duration;

/// When the stand-in lab has made its child, directory and shm object.
const AFTER: Duration = Duration::from_millis(700);

/// The message `f` panics with; fails if it returns.
fn panic_of(f: impl FnOnce()) -> String {
    let Err(panic) = catch_unwind(AssertUnwindSafe(f)) else { panic!("it did not fail") };
    match panic.downcast::<String>() {
        Ok(s) => *s,
        Err(p) => p.downcast::<&str>().map(|s| s.to_string()).unwrap_or_default(),
    }
}

#[test]
fn a_process_of_the_run_is_found_by_its_tag_until_it_is_reaped() {
    let env = RunEnv::new();
    let mut sleep = env.apply(Command::new("sleep").arg("30")).spawn().unwrap();
    let found = env.processes();
    assert!(found.iter().any(|d| d.pid == sleep.id()), "{found:?}");
    assert!(env.leftovers().iter().any(|l| l.contains("(sleep)")));
    sleep.kill().unwrap();
    sleep.wait().unwrap();
    env.assert_nothing_left();
}

#[test]
fn a_lab_that_cleans_up_passes_the_interrupt_check() {
    let run = interrupt_command(&mut helper("lab"), &RunEnv::new(), AFTER);
    assert!(run.stderr.contains("exiting with status 130"), "{}", run.stderr);
}

#[test]
fn a_lab_that_leaves_a_file_fails_the_interrupt_check() {
    let env = RunEnv::new();
    let why = panic_of(|| {
        interrupt_command(&mut helper("lab-leaky"), &env, AFTER);
    });
    assert!(why.contains("left behind") && why.contains("forgotten"), "{why}");
}

#[test]
fn a_lab_without_the_cleanup_fails_the_interrupt_check() {
    let why = panic_of(|| {
        interrupt_command(&mut helper("lab-no-cleanup"), &RunEnv::new(), AFTER);
    });
    assert!(why.contains("exits with 130"), "{why}");
}
