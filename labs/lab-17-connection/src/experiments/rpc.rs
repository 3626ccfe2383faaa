//! Experiment 3: RPC calls per second against the number of clients.
//!
//! An RPC server on 127.0.0.1 with the notebook's `add`; `k` clients, each
//! a thread with its own authenticated proxy, call `add(i, 1)` as fast as
//! the answers come back. A unit of work is one call by every client, so
//! the rate is `k × units / time`. Each call is two frames and two thread
//! wake-ups (client to server and back); with one client, one of the two
//! cores waits while the other works.

use super::{KEY, Settings};
use crate::listener::Options;
use crate::rpc::{self, Proxy};
use crate::socket::Address;
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table};

/// Measures, prints, saves `rpc.csv` and `rpc.svg`, records results and claims.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let options = Options::with_key(KEY);
    let max = *s.clients.last().expect("at least one client count");
    let server = rpc::serve(&Address::loopback(), options.clone(), max, rpc::arithmetic())?;
    let mut csv = Csv::new(&["clients", "run", "calls_per_second"]);
    let mut points = Vec::new();
    for &k in &s.clients {
        let mut proxies: Vec<Proxy> =
            (0..k).map(|_| Proxy::connect(server.address(), &options)).collect::<Result<_, _>>()?;
        let per = ctx.sample_units(|n| {
            std::thread::scope(|scope| {
                for p in proxies.iter_mut() {
                    scope.spawn(move || {
                        for i in 0..n as i64 {
                            let sum: i64 = p.call("add", &(i, 1i64)).expect("add answers");
                            assert_eq!(sum, i + 1);
                        }
                    });
                }
            });
        });
        let rate = per.rate().map(|r| r * k as f64);
        for (run, sec) in per.per_unit_seconds() {
            csv.row(&[&k, &run, &(k as f64 / sec)]);
        }
        points.push((k, rate));
    }
    drop(server);
    ctx.save_csv(
        "rpc",
        "RPC calls per second (all clients together) per client count and run",
        &csv,
    )?;

    let mut table = Table::new(
        "RPC: add(i, 1) over TCP 127.0.0.1",
        &["clients", "calls/s (all clients)", "per call, one client's view"],
    );
    for (k, rate) in &points {
        table.row([k.to_string(), show::rate(rate.median), show::seconds(*k as f64 / rate.median)]);
        ctx.record_result(
            &format!("rpc-{k}"),
            show::rate(rate.median),
            &format!("RPC calls per second with {k} client(s)"),
        );
    }
    if let Some((_, one)) = points.iter().find(|(k, _)| *k == 1) {
        // One client waits for each answer before it asks again: its time
        // per call is a whole round trip through the server.
        ctx.record_result(
            "rpc-call",
            show::seconds(1.0 / one.median),
            "one RPC call, request to answer, with one client",
        );
    }
    table.print();
    let plot = LinePlot::new("RPC calls per second against clients")
        .x(Axis::log("clients (threads, one connection each)"))
        .y(Axis::linear("calls per second (thousands)"))
        .series(Series::measured(
            "add(i, 1), TCP 127.0.0.1",
            points.iter().map(|(k, r)| (*k as f64, r.map(|x| x / 1e3))),
        ));
    ctx.save_figure(
        "rpc",
        &plot,
        &format!("all clients together; medians of {} calibrated samples", ctx.repeat),
        &["rpc"],
    )?;

    let q = |i: usize| Quantity::new(format!("{} client(s)", points[i].0), points[i].1, show::rate);
    if points.len() >= 2 {
        ctx.claim(
            "rpc-more-clients",
            Claim::greater("two clients get more calls answered per second than one", &q(1), &q(0))
                .if_not("one client already keeps both cores busy (its thread and the server's), or other work on the machine took the second core"),
        );
        let best = (0..points.len())
            .max_by(|&a, &b| points[a].1.median.total_cmp(&points[b].1.median))
            .expect("points");
        ctx.record_result(
            "rpc-best-clients",
            points[best].0.to_string(),
            "the client count with the most calls per second",
        );
        ctx.record_result(
            "rpc-best",
            show::rate(points[best].1.median),
            "the most calls per second measured",
        );
    }
    Ok(())
}
