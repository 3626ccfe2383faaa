//! The objects of a reference-counting runtime, made concrete: each carries
//! its count inline, in the same cache line (and so the same page) as its
//! value, as every CPython object does
//! ([`ob_refcnt`](https://docs.python.org/3/c-api/structures.html#c.PyObject)).
//!
//! Reading an object through a [`Ref`] bumps its count and drops it again:
//! two writes to the page for one read. The count ends where it started,
//! but the page has been written, so after a fork the kernel has copied it.

use std::cell::Cell;

// ANCHOR: object
/// An object as a reference-counting runtime lays it out: header, then value.
#[repr(C)]
pub struct Object {
    /// How many references to this object exist. A read takes one and
    /// gives it back: a write to this page each time.
    refcount: Cell<u64>,
    /// The object's value; reading it writes nothing.
    pub value: u64,
    /// The rest of the object, so that one is 64 bytes (a cache line).
    pub payload: [u64; 6],
}

/// A counted reference: made by [`Object::get`], gives its count back on drop.
pub struct Ref<'a>(&'a Object);

impl Object {
    /// A fresh object holding `value`, referenced once (by the cache).
    pub fn new(value: u64) -> Object {
        Object { refcount: Cell::new(1), value, payload: [value; 6] }
    }

    /// Takes a reference, as the runtime does for every name bound to the object.
    pub fn get(&self) -> Ref<'_> {
        bump(&self.refcount, 1);
        Ref(self)
    }

    /// The count now.
    pub fn refcount(&self) -> u64 {
        self.refcount.get()
    }
}

impl Ref<'_> {
    /// The object's value.
    pub fn value(&self) -> u64 {
        self.0.value
    }
}

impl Drop for Ref<'_> {
    fn drop(&mut self) {
        bump(&self.0.refcount, u64::MAX); // -1, wrapping
    }
}

/// Adds `by` to the count (wrapping) as a store the compiler must make: the
/// increment and the decrement cancel, and without a volatile store the
/// optimiser would remove both, and with them the lesson.
fn bump(count: &Cell<u64>, by: u64) {
    // Safety: `as_ptr` points at this live, aligned `Cell`, and no reference
    // into its contents exists (a `Cell` gives none out).
    unsafe { count.as_ptr().write_volatile(count.as_ptr().read_volatile().wrapping_add(by)) }
}
// ANCHOR_END: object

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_bumps_the_count_and_gives_it_back() {
        let object = Object::new(7);
        {
            let r = object.get();
            assert_eq!(object.refcount(), 2);
            assert_eq!(r.value(), 7);
        }
        assert_eq!(object.refcount(), 1);
    }

    #[test]
    fn an_object_is_one_cache_line() {
        assert_eq!(std::mem::size_of::<Object>(), 64);
    }
}
