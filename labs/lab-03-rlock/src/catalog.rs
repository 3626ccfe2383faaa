//! A recursive walk that takes its lock again at every level: what needs a
//! reentrant lock.
//!
//! A catalog of bicycle parts, shared between threads behind one lock. A
//! part has its own price and is made of other parts (a bicycle of a frame
//! and two wheels, a wheel of a rim and 32 spokes, ...). [`price`] prices a
//! part: its own price plus the prices of what it is made of, found by
//! calling itself. Each call takes the catalog's lock and keeps it while it
//! prices the sub-parts, so the whole walk sees one version of the catalog:
//! a price another thread changes lands before the walk or after it, never
//! half-way through. So the second call takes the lock while the first
//! still holds it, in the same thread. A reentrant lock lets it in; a plain
//! lock makes it wait for itself, for ever.
//!
//! Prices already computed are kept in a memo inside the catalog. The
//! reentrant lock hands out only `&Catalog`, so the memo sits in a
//! `RefCell`: each borrow is short, and never held across the recursive
//! call (a `borrow_mut` held across it would make the next level's
//! `borrow` panic, "already mutably borrowed": the aliasing a `&mut` guard
//! would have allowed, caught at run time).
//!
//! [`CatalogLock`] lets the same walk run with chapter 02's plain lock and
//! with this chapter's [`RLock`]; [`Step`] reports each call's progress, so
//! a watchdog can say who waits for what.

use crate::RLock;
use lab_02_lock::Mutex;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Deref;

/// One part: its own price and what it is made of.
#[derive(Debug, Clone)]
pub struct Part {
    /// The part's own price (labour, or the part bought whole), in cents.
    pub price: u64,
    /// The parts it is made of, with how many of each.
    pub made_of: Vec<(&'static str, u64)>,
}

/// The shared catalog: parts by name, and the prices worked out so far.
#[derive(Debug, Default)]
pub struct Catalog {
    /// Every part, by name.
    pub parts: HashMap<&'static str, Part>,
    /// Total prices already computed, by part name. In a `RefCell`: the
    /// walk reaches the catalog through `&Catalog` only.
    pub memo: RefCell<HashMap<&'static str, u64>>,
}

impl Catalog {
    /// A bicycle, four levels deep (bicycle, wheel, hub, bearing).
    pub fn bicycle() -> Catalog {
        let mut parts = HashMap::new();
        let mut add = |name, price, made_of: &[(&'static str, u64)]| {
            parts.insert(name, Part { price, made_of: made_of.to_vec() });
        };
        add("bicycle", 4_000, &[("frame", 1), ("wheel", 2), ("drivetrain", 1), ("saddle", 1)]);
        add("frame", 25_000, &[]);
        add("saddle", 3_500, &[]);
        add("wheel", 1_500, &[("rim", 1), ("spoke", 32), ("hub", 1), ("tyre", 1)]);
        add("rim", 3_000, &[]);
        add("spoke", 40, &[]);
        add("tyre", 2_500, &[]);
        add("hub", 800, &[("axle", 1), ("bearing", 2), ("shell", 1)]);
        add("axle", 600, &[]);
        add("shell", 1_200, &[]);
        add("bearing", 150, &[("ball", 9), ("race", 2)]);
        add("ball", 5, &[]);
        add("race", 60, &[]);
        add("drivetrain", 2_000, &[("chain", 1), ("crank", 2), ("cassette", 1)]);
        add("chain", 2_000, &[]);
        add("crank", 3_000, &[]);
        add("cassette", 500, &[("sprocket", 11)]);
        add("sprocket", 300, &[]);
        Catalog { parts, memo: RefCell::default() }
    }
}

/// A lock around the catalog whose guard gives `&Catalog`: the plain lock
/// of chapter 02 and the reentrant lock of this one.
pub trait CatalogLock: Sync {
    /// What [`CatalogLock::enter`] returns; dropping it unlocks.
    type Guard<'a>: Deref<Target = Catalog>
    where
        Self: 'a;
    /// Takes the lock.
    fn enter(&self) -> Self::Guard<'_>;
}

impl CatalogLock for Mutex<Catalog> {
    type Guard<'a> = lab_02_lock::Guard<'a, Catalog, lab_02_lock::FutexLock>;
    fn enter(&self) -> Self::Guard<'_> {
        self.lock()
    }
}

impl CatalogLock for RLock<Catalog> {
    type Guard<'a> = crate::RLockGuard<'a, Catalog>;
    fn enter(&self) -> Self::Guard<'_> {
        self.lock()
    }
}

/// Where one call of [`price`] is; `depth` 1 is the outermost call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// About to take the catalog's lock to price `part`.
    Waits {
        /// The part this call prices.
        part: &'static str,
        /// How many calls deep (1 = the first).
        depth: u32,
    },
    /// Took the lock to price `part`.
    Holds {
        /// The part this call prices.
        part: &'static str,
        /// How many calls deep (1 = the first).
        depth: u32,
    },
    /// Priced `part` and let go of this level of the lock.
    Released {
        /// The part this call priced.
        part: &'static str,
        /// How many calls deep (1 = the first).
        depth: u32,
    },
}

// ANCHOR: price
/// The price of `part` in cents: its own, plus that of everything it is
/// made of. Takes the lock at every level and holds it across the
/// recursive calls. `on` hears of every step (pass `&|_| {}` to ignore them).
pub fn price<L: CatalogLock>(lock: &L, part: &'static str, depth: u32, on: &dyn Fn(Step)) -> u64 {
    on(Step::Waits { part, depth });
    let catalog = lock.enter(); // a plain lock never returns here at depth 2
    on(Step::Holds { part, depth });
    let known = catalog.memo.borrow().get(part).copied();
    let total = known.unwrap_or_else(|| {
        let item = &catalog.parts[part];
        let parts: u64 =
            item.made_of.iter().map(|&(sub, n)| n * price(lock, sub, depth + 1, on)).sum();
        let total = item.price + parts;
        catalog.memo.borrow_mut().insert(part, total);
        total
    });
    drop(catalog);
    on(Step::Released { part, depth });
    total
}
// ANCHOR_END: price

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// The price worked out by hand, without any lock.
    fn by_hand(catalog: &Catalog, part: &str) -> u64 {
        let item = &catalog.parts[part];
        item.price + item.made_of.iter().map(|&(s, n)| n * by_hand(catalog, s)).sum::<u64>()
    }

    #[test]
    fn the_reentrant_walk_prices_the_bicycle_and_goes_five_levels_deep() {
        let lock = RLock::new(Catalog::bicycle());
        let deepest = Cell::new(0);
        let on = |step| {
            if let Step::Holds { depth, .. } = step {
                deepest.set(deepest.get().max(depth));
                assert_eq!(lock.depth(), depth, "one guard per level");
            }
        };
        let total = price(&lock, "bicycle", 1, &on);
        assert_eq!(total, by_hand(&Catalog::bicycle(), "bicycle"));
        assert_eq!(deepest.get(), 5, "bicycle > wheel > hub > bearing > ball");
        assert_eq!(lock.depth(), 0, "every level released");
        assert_eq!(price(&lock, "bicycle", 1, &|_| {}), total, "the memo gives the same answer");
    }

    #[test]
    fn a_leaf_needs_no_reentry_and_a_plain_lock_prices_it() {
        let lock = Mutex::<Catalog>::new(Catalog::bicycle());
        assert_eq!(price(&lock, "spoke", 1, &|_| {}), 40);
    }
}
