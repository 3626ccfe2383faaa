//! Experiment 1: how much a pipe holds.
//!
//! A fresh pipe is probed with non-blocking writes until it is full
//! (`crate::capacity::probe`), then resized with `F_SETPIPE_SZ` to each power
//! of two from 4 KiB to `/proc/sys/fs/pipe-max-size` and probed again. The
//! kernel's own answer (`F_GETPIPE_SZ`) is printed beside each probe.

use super::bytes;
use crate::capacity::{max_size, pipe_of, probe, reported_size};
use labkit::LabContext;
use labkit::claim::Claim;
use labkit::report::{Csv, Table};

/// Probes, prints, saves `capacity.csv`, records the default and maximum.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    let mut table = Table::new(
        "Pipe capacity, probed with non-blocking writes",
        &["asked for", "kernel says", "probe held"],
    );
    let mut csv = Csv::new(&["requested_bytes", "reported_bytes", "probed_bytes"]);
    let (_r, mut w) = pipe_of(None)?;
    let default = probe(&mut w)?;
    let default_reported = reported_size(&w)?;
    table.row(["(default)".to_string(), bytes(default_reported), bytes(default)]);
    csv.row(&[&0, &default_reported, &default]);

    let max = max_size()?;
    let mut agree = default == default_reported;
    let mut largest = 0;
    let mut size = 4096;
    while size <= max {
        let (_r, mut w) = pipe_of(Some(size))?;
        let reported = reported_size(&w)?;
        let held = probe(&mut w)?;
        agree &= held == reported;
        largest = largest.max(held);
        table.row([bytes(size), bytes(reported), bytes(held)]);
        csv.row(&[&size, &reported, &held]);
        size *= 2;
    }
    table.print();
    println!();
    ctx.save_csv("capacity", "pipe capacity: requested, reported by F_GETPIPE_SZ, probed", &csv)?;
    ctx.record_result("capacity-default", bytes(default), "pipe capacity, default (probed)");
    ctx.record_result("capacity-max", bytes(largest), "pipe capacity, largest allowed (probed)");
    ctx.record_result("pipe-max-size", bytes(max), "/proc/sys/fs/pipe-max-size");
    ctx.claim(
        "default-64k",
        Claim::fact(
            "a new pipe holds 64 KiB before a write blocks",
            default == 64 << 10,
            format!("the probe wrote {} before EAGAIN", bytes(default)),
        )
        .if_not("the default is a kernel setting; pipe(7) documents 65,536 bytes since Linux 2.6.35, but a kernel or a per-user limit (pipe-user-pages-soft) can lower it"),
    );
    ctx.claim(
        "probe-agrees",
        Claim::fact(
            "at every size the probe fills the pipe with exactly the bytes F_GETPIPE_SZ reports",
            agree,
            format!("{} sizes from 4 KiB to {}", csv.len(), bytes(max)),
        ),
    );
    Ok(())
}
