//! Real forked children over a small cache: what each behaviour copies,
//! read from `/proc` as the lab reads it, and that every child is reaped.
//! Memory, not time: the page counts are exact whatever the machine's load.

use lab_14_cow::behaviour::Behaviour;
use lab_14_cow::cache::{Cache, Huge};
use lab_14_cow::family::{Family, Plan};
use lab_14_cow::smaps::Rollup;
use std::time::Duration;

const MIB: usize = 1 << 20;

/// One test at a time: a cache another test fills while this one forks is
/// inherited half-written, and the pages its filling copies would count as
/// this child's private memory.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// Forks one child per behaviour over a fresh 16 MiB cache and returns
/// each child's private memory as a share of the cache, and its first pass.
fn run(behaviours: &[Behaviour]) -> Vec<(f64, lab_14_cow::family::Pass)> {
    let _one_at_a_time = serial();
    let cache = Cache::new(16 * MIB, Huge::Off).unwrap();
    let plans: Vec<Plan> =
        behaviours.iter().map(|&b| Plan { delay: Duration::ZERO, passes: vec![b] }).collect();
    let family = Family::fork(&cache, &plans).unwrap();
    family.wait_done(Duration::from_secs(30)).unwrap();
    let rollups: Vec<Rollup> = family.rollups().unwrap();
    let passes: Vec<_> = (0..behaviours.len()).map(|i| family.pass(i, 0)).collect();
    family.finish().unwrap();
    rollups.iter().zip(passes).map(|(r, p)| (r.private() as f64 / cache.len() as f64, p)).collect()
}

#[test]
fn reading_copies_nothing_and_writing_copies_what_was_written() {
    let found =
        run(&[Behaviour::Idle, Behaviour::Read, Behaviour::Write(0.25), Behaviour::Write(1.0)]);
    let shares: Vec<f64> = found.iter().map(|f| f.0).collect();
    assert!(shares[0] < 0.02, "idle: {shares:?}");
    assert!(shares[1] < 0.02, "read: {shares:?}");
    assert!((0.24..0.27).contains(&shares[2]), "write a quarter: {shares:?}");
    assert!(shares[3] > 0.99, "write all: {shares:?}");
}

#[test]
fn a_refcount_style_read_copies_every_page() {
    let found = run(&[Behaviour::Refcount]);
    assert!(found[0].0 > 0.99, "refcount-style read: {:?}", found[0]);
}

#[test]
fn each_copied_page_costs_one_minor_fault() {
    let found = run(&[Behaviour::Write(1.0), Behaviour::Read]);
    let pages = (16 * MIB / 4096) as f64;
    let per_page = found[0].1.minor_faults as f64 / pages;
    assert!((0.98..1.05).contains(&per_page), "{per_page} faults per page written");
    assert!(found[1].1.minor_faults < 64, "a read took {} faults", found[1].1.minor_faults);
}

#[test]
fn a_finished_family_leaves_no_child() {
    let _one_at_a_time = serial();
    // Other tests fork at the same time, so look for these children only.
    let cache = Cache::new(4 * MIB, Huge::Off).unwrap();
    let plan = Plan { delay: Duration::ZERO, passes: vec![Behaviour::Read] };
    let family = Family::fork(&cache, &[plan.clone(), plan]).unwrap();
    let pids = family.pids();
    family.wait_done(Duration::from_secs(30)).unwrap();
    family.finish().unwrap();
    assert_gone(&pids);
}

fn assert_gone(pids: &[i32]) {
    for pid in pids {
        assert!(
            !std::path::Path::new(&format!("/proc/{pid}")).exists(),
            "child {pid} is still there"
        );
    }
}

#[test]
fn a_family_dropped_unfinished_is_killed_and_reaped() {
    let _one_at_a_time = serial();
    let cache = Cache::new(4 * MIB, Huge::Off).unwrap();
    let plan = Plan { delay: Duration::from_secs(3600), passes: vec![Behaviour::Read] };
    let family = Family::fork(&cache, &[plan.clone(), plan]).unwrap();
    let pids = family.pids();
    assert!(!family.all_done());
    drop(family);
    for pid in pids {
        assert!(
            !std::path::Path::new(&format!("/proc/{pid}")).exists(),
            "child {pid} is still there"
        );
    }
}

#[test]
fn a_late_family_is_reported_with_each_childs_state() {
    let _one_at_a_time = serial();
    let cache = Cache::new(4 * MIB, Huge::Off).unwrap();
    let plan = Plan { delay: Duration::from_secs(3600), passes: vec![Behaviour::Read] };
    let family = Family::fork(&cache, &[plan]).unwrap();
    let err = family.wait_done(Duration::from_millis(100)).unwrap_err().to_string();
    assert!(err.contains("not done") && err.contains("forked, not started"), "{err}");
}
