//! Experiment 3: what one lock + unlock costs when nobody else wants it.
//!
//! One thread increments a counter behind each lock a few million times;
//! the time per increment is the cost of the lock's fast paths (for the
//! futex lock: one compare-exchange to lock, one swap to unlock), plus the
//! increment itself, which every lock pays alike. The chapter's target:
//! the futex lock within 1.5× of std's `Mutex`.
//!
//! A few nanoseconds are easily drowned by one interruption, and a clock
//! read costs about as much as the thing measured, so each sample is
//! calibrated (the kit's `ctx.sample_units`): it repeats the increment
//! until the sample lasts at least 10 ms (5 ms with `--quick`), and the
//! figure shows the median time per increment over the samples.

use super::{slug, times};
use crate::contenders::{Contender, FUTEX, STD, Visit, each_lock};
use crate::raw::RawLock;
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::{PerUnit, Stats};
use labkit::plot::{Axis, BarPlot};
use labkit::report::{Csv, Table};
use std::hint::black_box;

/// The chapter's target for the futex lock, as a ratio to std's `Mutex`.
pub const TARGET: f64 = 1.5;

/// Calibrated samples of one `C`: lock, increment, unlock, on one thread.
pub fn cost<C: Contender>(ctx: &LabContext) -> PerUnit {
    let lock = C::new(0);
    ctx.sample_units(|n| {
        for _ in 0..n {
            black_box(&lock).increment();
        }
    })
}

/// Times each lock in turn.
struct Measure<'a> {
    /// Where repetitions come from.
    ctx: &'a LabContext,
    /// One row per sample: lock, run, increments in it, nanoseconds per lock + unlock.
    csv: Csv,
    /// Each lock's name and its cost in ns over the samples.
    costs: Vec<(&'static str, Stats)>,
    /// Increments per sample, per lock (the calibration's choice).
    units: Vec<u64>,
}

impl Visit for Measure<'_> {
    fn visit<C: Contender>(&mut self) {
        let per = cost::<C>(self.ctx);
        for (run, s) in per.per_unit_seconds() {
            self.csv.row(&[&C::NAME, &run, &per.units, &(s * 1e9)]);
        }
        self.costs.push((C::NAME, per.per_unit().map(|s| s * 1e9)));
        self.units.push(per.units);
    }
}

/// Measures, prints, and saves `uncontended.csv` and `uncontended.svg`.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    let mut m = Measure {
        ctx,
        csv: Csv::new(&["lock", "run", "increments", "ns_per_lock_unlock"]),
        costs: Vec::new(),
        units: Vec::new(),
    };
    each_lock(&mut m);
    let Measure { csv, costs, units, .. } = m;
    let fewest = units.iter().min().copied().unwrap_or(0);
    let min_ms = ctx.min_sample().as_millis();
    let of = |name: &str| costs.iter().find(|c| c.0 == name).expect("every lock was measured").1;
    let std_ns = of(STD).median;

    let mut table = Table::new(
        format!(
            "One lock + increment + unlock, no other thread (samples of at least {min_ms} ms, median of {})",
            ctx.repeat
        ),
        &["lock", "ns (median)", "fastest run", "slowest run", "ratio to std"],
    );
    for (name, st) in &costs {
        let ratio = st.median / std_ns;
        table.row([
            name.to_string(),
            format!("{:.1}", st.median),
            format!("{:.1}", st.min),
            format!("{:.1}", st.max),
            times(ratio),
        ]);
        ctx.record_result(
            &format!("uncontended-{}-ns", slug(name)),
            format!("{:.1} ns", st.median),
            &format!("one lock + unlock, uncontended: {name}"),
        );
        ctx.record_result(
            &format!("uncontended-{}-ratio", slug(name)),
            times(ratio),
            &format!("uncontended cost of the {name}, as a ratio to std's Mutex"),
        );
    }
    table.print();
    ctx.save_csv("uncontended", "nanoseconds per lock + increment + unlock, one thread", &csv)?;

    let plot = BarPlot::new("What one lock + unlock costs when nobody else wants it")
        .categories(costs.iter().map(|c| c.0))
        .y(Axis::linear("time per lock + increment + unlock (ns)"))
        .group_with_spread(
            "median",
            costs.iter().map(|c| c.1.median).collect(),
            costs.iter().map(|c| (c.1.min, c.1.max)).collect(),
        )
        .size(900, 500);
    ctx.save_figure(
        "uncontended",
        &plot,
        &format!(
            "one thread; each sample at least {min_ms} ms ({fewest} increments or more); medians of {} samples, bars from fastest to slowest",
            ctx.repeat
        ),
        &["uncontended"],
    )?;

    let q = |name: &str| Quantity::new(name, of(name), ns);
    ctx.claim(
        "uncontended-target",
        Claim::ratio_at_most(
            "the futex lock's uncontended cost is within 1.5× of std's `Mutex`",
            &q(FUTEX),
            &q(STD),
            TARGET,
        )
        .if_not("a difference of a nanosecond or two is within what a busy machine adds to one lock's samples"),
    );
    let spins = [crate::spin::CasSpinLock::NAME, crate::spin::SpinLock::NAME];
    let others: Vec<Quantity> =
        costs.iter().filter(|c| !spins.contains(&c.0)).map(|c| q(c.0)).collect();
    ctx.claim(
        "spin-cheapest",
        Claim::all(
            "both spin locks cost less than every sleeping lock when nobody else wants the lock",
            spins.iter().map(|s| Claim::smallest(format!("the {s}"), &q(s), &others)).collect(),
        )
        .if_not("the spin locks save one locked instruction on the unlock; on some processors that is too little to see next to the rest"),
    );
    #[cfg(target_os = "linux")]
    {
        let sem = crate::sem_lock::SemaphoreLock::NAME;
        ctx.claim(
            "semaphore-dearer",
            Claim::greater(
                "the semaphore lock costs more than the futex lock when nobody else wants it",
                &q(sem),
                &q(FUTEX),
            )
            .if_not("glibc's `sem_wait` and `sem_post` are short, and a fast call can cost less than the difference the runs can show"),
        );
    }
    let ratio = of(FUTEX).median / std_ns;
    ctx.record_result(
        "uncontended-futex-std-ratio",
        times(ratio),
        "the futex lock's uncontended cost against std's Mutex",
    );
    println!("futex lock against std's Mutex, uncontended: {}\n", times(ratio));
    Ok(())
}

/// Nanoseconds, as evidence shows them, to three digits: `1.23 ns`.
pub fn ns(x: f64) -> String {
    format!("{} ns", show::number(x))
}
