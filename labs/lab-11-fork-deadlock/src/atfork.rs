//! The `pthread_atfork` fix: the three functions of `around_fork.rs` run by
//! the C library around every `fork` of this process.
//!
//! `pthread_atfork(3)` takes plain functions without arguments, and a
//! registration lasts for the life of the process (there is no way to take
//! it back). So the handlers are registered once, and they act on the lock
//! named in `PROTECTED`, or on nothing when it is null. [`Protect`] names
//! a lock for as long as it lives.

use crate::around_fork::{after_fork_in_child, after_fork_in_parent, before_fork};
use lab_02_lock::FutexLock;
use std::marker::PhantomData;
use std::ptr::null_mut;
use std::sync::Once;
use std::sync::atomic::{AtomicPtr, Ordering};

/// The lock the handlers take around a fork; null: none.
static PROTECTED: AtomicPtr<FutexLock> = AtomicPtr::new(null_mut());

/// The handlers are registered once per process.
static REGISTER: Once = Once::new();

// ANCHOR: handlers
extern "C" fn prepare() {
    // Safety (of the dereference): a non-null PROTECTED points to the lock
    // of a live `Protect` (see its Safety note).
    if let Some(lock) = unsafe { PROTECTED.load(Ordering::Acquire).as_ref() } {
        before_fork(lock);
    }
}

extern "C" fn parent() {
    // Safety: as in `prepare`, and `prepare` took this lock in this thread.
    if let Some(lock) = unsafe { PROTECTED.load(Ordering::Acquire).as_ref() } {
        unsafe { after_fork_in_parent(lock) };
    }
}

extern "C" fn child() {
    // Safety: as in `parent`; the child's only thread is the one that ran `prepare`.
    if let Some(lock) = unsafe { PROTECTED.load(Ordering::Acquire).as_ref() } {
        unsafe { after_fork_in_child(lock) };
    }
}
// ANCHOR_END: handlers

/// While it lives, every `fork` of this process takes `lock` first and
/// releases it on both sides.
pub struct Protect<'a> {
    /// Ties the protection to the lock's lifetime.
    _lock: PhantomData<&'a FutexLock>,
}

impl<'a> Protect<'a> {
    /// Protects `lock` (one lock at a time), registering the handlers the
    /// first time.
    ///
    /// # Safety
    ///
    /// No thread may fork while the `Protect` is being dropped (a handler
    /// could still be using the lock as it goes). The lab forks from its
    /// main thread only, which is also the one that drops it.
    pub unsafe fn new(lock: &'a FutexLock) -> std::io::Result<Protect<'a>> {
        let mut registered = Ok(());
        // ANCHOR: register
        REGISTER.call_once(|| {
            // Safety: the three handlers are plain functions that live for
            // the whole program.
            let rc = unsafe { libc::pthread_atfork(Some(prepare), Some(parent), Some(child)) };
            if rc != 0 {
                registered = Err(std::io::Error::from_raw_os_error(rc));
            }
        });
        // ANCHOR_END: register
        registered?;
        let previous = PROTECTED.swap((lock as *const FutexLock).cast_mut(), Ordering::AcqRel);
        assert!(previous.is_null(), "one protected lock at a time");
        Ok(Protect { _lock: PhantomData })
    }
}

impl Drop for Protect<'_> {
    fn drop(&mut self) {
        PROTECTED.store(null_mut(), Ordering::Release);
    }
}
