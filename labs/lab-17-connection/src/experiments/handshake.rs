//! Experiment 1: what a connection costs, with and without the handshake.
//!
//! Each unit of work connects to an echo server, authenticates (or not),
//! sends one byte, reads it back and hangs up: the whole life of a
//! short connection. Four variants: Unix socket or TCP on 127.0.0.1, with
//! the key or without. The HMAC itself is timed apart, to show where the
//! handshake's time goes: its six messages (three each way), not the
//! arithmetic.

use super::{KEY, Settings, unix_in};
use crate::auth;
use crate::echo;
use crate::listener::{self, Options};
use crate::socket::Address;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::{PerUnit, Samples, calibrate, timed};
use labkit::plot::{Axis, BarPlot};
use labkit::process::TempDir;
use labkit::report::{Csv, Table, duration};
use labkit::{LabContext, Stats};
use std::time::Duration;

/// One variant measured: seconds per connection.
struct Point {
    /// `Unix` or `TCP`.
    transport: &'static str,
    /// Whether the handshake ran.
    keyed: bool,
    /// Seconds per connection.
    cost: Stats,
}

/// Measures, prints, saves `handshake.csv` and `handshake.svg`, records results and claims.
pub fn run(ctx: &mut LabContext, _s: &Settings) -> anyhow::Result<()> {
    let dir = TempDir::new("lab17-handshake")?;
    let mut csv = Csv::new(&["transport", "key", "run", "seconds_per_connection"]);
    // One server per variant, all running at once. Room for many clients:
    // a short connection's server thread may still be finishing when the
    // next one connects, and the bound must not make that one wait.
    let mut variants = Vec::new();
    for (transport, keyed, address) in [
        ("Unix", false, unix_in(dir.path(), "plain.sock")),
        ("Unix", true, unix_in(dir.path(), "keyed.sock")),
        ("TCP", false, Address::loopback()),
        ("TCP", true, Address::loopback()),
    ] {
        let options = if keyed { Options::with_key(KEY) } else { Options::no_key() };
        let server = echo::serve(&address, options.clone(), 64)?;
        let target = server.address().clone();
        variants.push((transport, keyed, server, target, options));
    }
    let connect = |target: &Address, options: &Options, n: u64| {
        for _ in 0..n {
            let mut conn = listener::connect(target, options).expect("connects");
            conn.send_bytes(b"x").expect("sends");
            conn.recv_bytes().expect("echoed");
        }
    };
    // Calibrate each variant, then take the samples in rounds, one of each
    // variant per round, so that a slow spell of the machine falls on all
    // four alike instead of on whichever ran then.
    let units: Vec<u64> = variants
        .iter()
        .map(|(_, _, _, target, options)| {
            calibrate(ctx.min_sample(), 1, |n| connect(target, options, n))
        })
        .collect();
    let mut samples = vec![Vec::new(); variants.len()];
    for _ in 0..ctx.repeat {
        for (i, (_, _, _, target, options)) in variants.iter().enumerate() {
            samples[i].push(timed(|| connect(target, options, units[i])).1);
        }
    }
    let mut points = Vec::new();
    for (i, (transport, keyed, _, _, _)) in variants.iter().enumerate() {
        let per = PerUnit { units: units[i], samples: Samples(samples[i].clone()) };
        for (run, s) in per.per_unit_seconds() {
            csv.row(&[transport, keyed, &run, &s]);
        }
        points.push(Point { transport, keyed: *keyed, cost: per.per_unit() });
    }
    drop(variants);
    let hmac = ctx.sample_units(|n| {
        for i in 0..n {
            std::hint::black_box(auth::digest(KEY, &i.to_le_bytes()));
        }
    });
    for (run, s) in hmac.per_unit_seconds() {
        csv.row(&[&"HMAC-SHA256 alone", &true, &run, &s]);
    }
    ctx.save_csv(
        "handshake",
        "seconds per short connection (connect, handshake or not, one echo, close)",
        &csv,
    )?;
    report(ctx, &points, hmac.per_unit())
}

fn report(ctx: &mut LabContext, points: &[Point], hmac: Stats) -> anyhow::Result<()> {
    let at = |t: &str, k: bool| {
        points.iter().find(|p| p.transport == t && p.keyed == k).expect("measured")
    };
    let mut table = Table::new(
        "One short connection: connect, handshake?, one echo, close",
        &["transport", "no key", "with key", "the handshake adds"],
    );
    for t in ["Unix", "TCP"] {
        let (plain, keyed) = (at(t, false).cost.median, at(t, true).cost.median);
        let d = |s: f64| duration(Duration::from_secs_f64(s.max(0.0)));
        table.row([t.to_string(), d(plain), d(keyed), d(keyed - plain)]);
        let key = t.to_lowercase();
        ctx.record_result(
            &format!("connect-{key}"),
            d(plain),
            &format!("{t}: a connection without a key"),
        );
        ctx.record_result(
            &format!("connect-{key}-key"),
            d(keyed),
            &format!("{t}: a connection with the handshake"),
        );
        ctx.record_result(
            &format!("handshake-{key}"),
            d(keyed - plain),
            &format!("{t}: what the handshake adds"),
        );
    }
    table.print();
    println!("HMAC-SHA256 of a nonce, alone: {}\n", show::seconds(hmac.median));
    ctx.record_result("hmac", show::seconds(hmac.median), "one HMAC-SHA256 of a short nonce");

    let mut plot = BarPlot::new("A short connection, with and without the handshake")
        .categories(["Unix socket", "TCP 127.0.0.1"])
        .y(Axis::linear("time per connection (µs)"));
    for keyed in [false, true] {
        let stats = ["Unix", "TCP"].map(|t| at(t, keyed).cost.map(|s| s * 1e6)).to_vec();
        plot = plot.group_measured(if keyed { "with key (handshake)" } else { "no key" }, stats);
    }
    ctx.save_figure(
        "handshake",
        &plot,
        &format!(
            "connect, handshake or not, one 1-byte echo, close; medians of {} calibrated samples",
            ctx.repeat
        ),
        &["handshake"],
    )?;

    let q = |t: &str, k: bool| {
        let label = format!("{t} {}", if k { "with key" } else { "without" });
        Quantity::new(label, at(t, k).cost, show::seconds)
    };
    ctx.claim(
        "handshake-costs",
        Claim::all(
            "a connection with the handshake costs more than one without, on both transports",
            vec![
                Claim::greater("Unix", &q("Unix", true), &q("Unix", false)),
                Claim::greater("TCP", &q("TCP", true), &q("TCP", false)),
            ],
        ),
    );
    // Two HMACs per side are computed per handshake; compare them with what it adds.
    let added = at("Unix", true).cost.median - at("Unix", false).cost.median;
    let four = Quantity::exact("four HMACs", 4.0 * hmac.median, show::seconds);
    let extra = Quantity::exact("the Unix handshake's extra time", added.max(0.0), show::seconds);
    ctx.claim(
        "hmac-is-cheap",
        Claim::ratio_at_least("the handshake's time goes to its round trips, not to hashing: its four HMACs take under a third of what it adds", &extra, &four, 3.0),
    );
    Ok(())
}
