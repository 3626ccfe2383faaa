//! A parent and its forked children around one cache: fork them, watch
//! their memory from `/proc` while they work, collect what each timed,
//! release and reap them.
//!
//! Parent and children talk through a small *shared* mapping (the
//! `Board`), created before the fork, holding one `Slot` of atomics per
//! child: its state, and the time and minor faults of each pass. A child
//! that has done its passes stays alive, doing nothing, until the parent
//! has read its memory and lets it go; so what `/proc` shows is the memory
//! of a child that has finished its work, not of one already gone.
//!
//! Forking, reaping and cleaning up on Ctrl-C are the kit's
//! ([`labkit::process`]); a child also asks the kernel to kill it if the
//! parent dies (`PR_SET_PDEATHSIG`), so it never waits for ever on a parent
//! that is gone.

use crate::behaviour::Behaviour;
use crate::cache::Cache;
use crate::smaps::Rollup;
use labkit::process::{ChildProcess, fork_child};
use nix::sys::mman::{MapFlags, ProtFlags, mmap_anonymous, munmap};
use nix::sys::resource::{UsageWho, getrusage};
use std::num::NonZeroUsize;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering::*};
use std::time::{Duration, Instant};

/// The notebook's number of children (`PROCESSES = 5`).
pub const CHILDREN: usize = 5;
/// Most children a family may have.
pub const MAX_CHILDREN: usize = 8;
/// Most passes a child may make.
pub const MAX_PASSES: usize = 2;

/// What one child is told to do.
#[derive(Clone, Debug)]
pub struct Plan {
    /// How long after the fork it starts (to stagger children, as the notebook's picture does).
    pub delay: Duration,
    /// The passes it makes over the cache, in order.
    pub passes: Vec<Behaviour>,
}

/// What one pass cost the child that made it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pass {
    /// Wall-clock time of the pass.
    pub seconds: f64,
    /// Minor page faults the child took during it (`getrusage` `ru_minflt`).
    pub minor_faults: u64,
}

/// A child's state in its slot.
const FORKED: u32 = 0; // not started its passes yet
const WORKING: u32 = 1; // making its passes
const DONE: u32 = 2; // passes made and recorded; waiting to be released

/// One child's slot on the board.
#[repr(C)]
struct Slot {
    /// FORKED, WORKING or DONE (above).
    state: AtomicU32,
    /// Per pass: nanoseconds it took.
    nanos: [AtomicU64; MAX_PASSES],
    /// Per pass: minor faults taken.
    faults: [AtomicU64; MAX_PASSES],
}

/// The shared mapping: the slots and the parent's "you may go".
#[repr(C)]
struct Board {
    /// 0 until the parent has read everything; then 1, and the children exit.
    release: AtomicU32,
    slots: [Slot; MAX_CHILDREN],
}

/// A family at work: the board, the children, when they were forked.
pub struct Family {
    /// The board, a `MAP_SHARED` anonymous mapping (all zeros to start: every
    /// state FORKED, release 0).
    board: NonNull<Board>,
    /// The children, in plan order; killed and reaped if dropped unreaped.
    children: Vec<ChildProcess>,
    /// When the last child was forked: time 0 of the samples.
    pub started: Instant,
}

impl Family {
    /// Forks one child per plan over `cache`.
    pub fn fork(cache: &Cache, plans: &[Plan]) -> anyhow::Result<Family> {
        assert!(plans.len() <= MAX_CHILDREN && plans.iter().all(|p| p.passes.len() <= MAX_PASSES));
        let size = NonZeroUsize::new(std::mem::size_of::<Board>()).expect("non-zero");
        let prot = ProtFlags::PROT_READ | ProtFlags::PROT_WRITE;
        // Safety: a fresh shared anonymous mapping, zero-filled: a valid Board
        // (atomics of 0), which parent and children then use only through atomics.
        let board = unsafe { mmap_anonymous(None, size, prot, MapFlags::MAP_SHARED)? }.cast();
        let mut family = Family { board, children: Vec::new(), started: Instant::now() };
        let parent = std::process::id() as i32;
        for (i, plan) in plans.iter().enumerate() {
            let slot = &family.board().slots[i];
            let child =
                fork_child(|| child_main(cache, plan, slot, &family.board().release, parent))?;
            family.children.push(child);
        }
        family.started = Instant::now();
        Ok(family)
    }

    fn board(&self) -> &Board {
        // Safety: the mapping lives until drop and holds a Board (see `fork`).
        unsafe { self.board.as_ref() }
    }

    /// The children's pids, in plan order.
    pub fn pids(&self) -> Vec<i32> {
        self.children.iter().map(|c| c.pid() as i32).collect()
    }

    /// Whether every child has made and recorded all its passes.
    pub fn all_done(&self) -> bool {
        (0..self.children.len()).all(|i| self.board().slots[i].state.load(Acquire) == DONE)
    }

    /// Each child's memory now, in plan order.
    pub fn rollups(&self) -> anyhow::Result<Vec<Rollup>> {
        self.pids().into_iter().map(|pid| Ok(Rollup::of(pid)?)).collect()
    }

    /// Reads every child's memory every `tick` until all are done, then once
    /// more: `(seconds since fork, memory per child)`. Fails, with each
    /// child's state, if they are not done within `limit`.
    pub fn watch(
        &self,
        tick: Duration,
        limit: Duration,
    ) -> anyhow::Result<Vec<(f64, Vec<Rollup>)>> {
        let mut samples = Vec::new();
        loop {
            let done = self.all_done();
            samples.push((self.started.elapsed().as_secs_f64(), self.rollups()?));
            if done {
                return Ok(samples);
            }
            if self.started.elapsed() > limit {
                anyhow::bail!("the children were not done after {limit:?}: {}", self.describe());
            }
            std::thread::sleep(tick);
        }
    }

    /// Waits until every child is done (or fails after `limit`, saying how each stands).
    pub fn wait_done(&self, limit: Duration) -> anyhow::Result<()> {
        while !self.all_done() {
            if self.started.elapsed() > limit {
                anyhow::bail!("the children were not done after {limit:?}: {}", self.describe());
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        Ok(())
    }

    /// Pass `pass` of child `child`, as the child recorded it.
    pub fn pass(&self, child: usize, pass: usize) -> Pass {
        let slot = &self.board().slots[child];
        Pass {
            seconds: slot.nanos[pass].load(Acquire) as f64 * 1e-9,
            minor_faults: slot.faults[pass].load(Acquire),
        }
    }

    /// Lets the children go and reaps them; fails if one did not exit with 0.
    pub fn finish(mut self) -> anyhow::Result<()> {
        self.board().release.store(1, Release);
        for child in &mut self.children {
            let status = match child.wait_timeout(Duration::from_secs(10))? {
                Some(status) => status,
                None => child.kill_and_reap()?,
            };
            anyhow::ensure!(status.success(), "child {} ended with {status}", child.pid());
        }
        Ok(())
    }

    /// Each child's pid and state, for an error message.
    fn describe(&self) -> String {
        let states = ["forked, not started", "working", "done"];
        self.children
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let state = self.board().slots[i].state.load(Acquire) as usize;
                let proc_state = c.diagnose().map(|d| d.state_meaning()).unwrap_or("gone");
                format!("child {} {} ({proc_state})", c.pid(), states[state.min(2)])
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

impl Drop for Family {
    fn drop(&mut self) {
        // Release first, so children still running exit by themselves;
        // the kit kills and reaps any that are left when they drop.
        self.board().release.store(1, Release);
        self.children.clear();
        // Safety: the mapping is ours, and no child of ours is left using it.
        let _ = unsafe { munmap(self.board.cast(), std::mem::size_of::<Board>()) };
    }
}

// ANCHOR: child
/// The child: make the passes, record each, wait to be released, exit.
/// It allocates nothing (see [`crate::behaviour`]).
fn child_main(cache: &Cache, plan: &Plan, slot: &Slot, release: &AtomicU32, parent: i32) -> i32 {
    // Die with the parent, and do not start if it is already gone.
    // Safety: prctl(PR_SET_PDEATHSIG) only sets a flag of this process.
    unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) };
    if nix::unistd::getppid().as_raw() != parent {
        return 1;
    }
    std::thread::sleep(plan.delay);
    slot.state.store(WORKING, Release);
    for (k, behaviour) in plan.passes.iter().enumerate() {
        let faults_before = minor_faults();
        let start = Instant::now();
        std::hint::black_box(behaviour.run(cache));
        let nanos = start.elapsed().as_nanos() as u64;
        slot.nanos[k].store(nanos, Relaxed);
        slot.faults[k].store(minor_faults() - faults_before, Relaxed);
    }
    slot.state.store(DONE, Release); // publishes the passes above
    while release.load(Acquire) == 0 {
        std::thread::sleep(Duration::from_millis(1));
    }
    0
}
// ANCHOR_END: child

/// Minor page faults this process has taken so far.
pub fn minor_faults() -> u64 {
    getrusage(UsageWho::RUSAGE_SELF).map(|u| u.minor_page_faults() as u64).unwrap_or(0)
}

/// Minor page faults the calling thread has taken so far.
pub fn thread_minor_faults() -> u64 {
    getrusage(UsageWho::RUSAGE_THREAD).map(|u| u.minor_page_faults() as u64).unwrap_or(0)
}

#[allow(dead_code)]
const _: () = assert!(FORKED == 0, "a zero-filled board means every child is FORKED");
