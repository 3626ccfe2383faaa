//! Experiment 2: what one operation costs, from a local `Vec` to a
//! manager proxy, and Python's `Manager().list().append` beside them.
//!
//! Each rival does the same unit of work, one append (or one increment,
//! for the atomic), in calibrated samples:
//!
//! | rival | what one unit is |
//! | --- | --- |
//! | local `Vec` | `v.push(Value::Int(i))` in this thread |
//! | `Mutex<Vec>`, 2 threads | lock, push, unlock, two threads at once |
//! | shared-memory atomic, 2 processes | `fetch_add(1)` on a word both processes map; each sample forks the second process |
//! | manager proxy | `list.append(Value::Int(i))`: a request, a round trip, a reply |
//! | manager proxy, batched by b | one b-th of a `Batch` of b appends |
//!
//! A unit's time is the sample's wall-clock time divided by its units, all
//! threads or processes together. Every list is kept across samples and
//! cleared at the start of each one (for the proxy, one more call), so
//! that none grows for the whole run and the local ones reuse their memory.

use super::Settings;
use crate::protocol::Value;
use crate::proxy::Client;
use crate::server::Manager;
use crate::state::State;
use labkit::claim::{Claim, Quantity, show};
use labkit::plot::{Axis, BarPlot, LinePlot, Series};
use labkit::python::format_ratio;
use labkit::report::{Csv, Table};
use labkit::{LabContext, Stats};
use std::hint::black_box;
use std::sync::Mutex;

/// The value every rival appends: a small number, so that no rival pays
/// for an allocation and the costs compared are the operations'.
fn item(i: u64) -> Value {
    Value::Int(i as i64)
}

/// Measures every rival, prints, saves `cost.csv` and `cost.svg`, records results and claims.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let mut rivals: Vec<(String, Stats)> = Vec::new();
    let mut csv = Csv::new(&["rival", "run", "seconds_per_op"]);
    let mut add = |name: String, per: labkit::measure::PerUnit, scale: f64, csv: &mut Csv| {
        for (run, sec) in per.per_unit_seconds() {
            csv.row(&[&name, &run, &(sec / scale)]);
        }
        rivals.push((name, per.per_unit().map(|x| x / scale)));
    };

    // Like the manager's list, each list is kept across samples and
    // cleared at the start of each one, so its memory is reused.
    let mut v = Vec::new();
    let local = ctx.sample_units(|n| {
        v.clear();
        for i in 0..n {
            v.push(item(i));
        }
        black_box(&v);
    });
    drop(v);
    add("local Vec".into(), local, 1.0, &mut csv);

    let v = Mutex::new(Vec::new());
    let locked = ctx.sample_units(|n| {
        v.lock().unwrap().clear();
        std::thread::scope(|scope| {
            for _ in 0..2 {
                scope.spawn(|| {
                    for i in 0..n.div_ceil(2) {
                        v.lock().unwrap().push(item(i));
                    }
                });
            }
        });
        black_box(&v);
    });
    drop(v);
    add("Mutex<Vec>, 2 threads".into(), locked, 1.0, &mut csv);

    let atomic = super::atomic::two_processes(ctx)?;
    add("shared-memory atomic, 2 processes".into(), atomic, 1.0, &mut csv);

    let manager = Manager::start(State::default())?;
    let mut client = Client::connect(manager.path())?;
    let proxy = ctx.sample_units(|n| {
        let mut list = client.list();
        list.clear().expect("clear");
        for i in 0..n {
            list.append(item(i)).expect("append");
        }
    });
    add("manager proxy".into(), proxy, 1.0, &mut csv);
    for &b in &s.batches {
        let batched = ctx.sample_units(|n| {
            let mut list = client.list();
            list.clear().expect("clear");
            for _ in 0..n {
                list.extend_batched((0..b as u64).map(item)).expect("batch");
            }
        });
        add(format!("manager proxy, batches of {b}"), batched, b as f64, &mut csv);
    }
    drop(client);
    manager.shutdown()?;
    super::cost_python::run(ctx, s, &mut rivals, &mut csv);
    ctx.save_csv("cost", "seconds per operation for each rival and run", &csv)?;
    report(ctx, s, &rivals)
}

/// A rival's name short enough to sit under its bar.
fn short(name: &str) -> String {
    match name {
        "Mutex<Vec>, 2 threads" => "Mutex, 2 threads".into(),
        "shared-memory atomic, 2 processes" => "shared atomic, 2 procs".into(),
        "Python Manager().list().append" => "Python Manager".into(),
        "Python list.append" => "Python list".into(),
        n => match n.strip_prefix("manager proxy, batches of ") {
            Some(b) => format!("proxy, batch {b}"),
            None => n.to_string(),
        },
    }
}

fn report(ctx: &mut LabContext, s: &Settings, rivals: &[(String, Stats)]) -> anyhow::Result<()> {
    let at = |name: &str| rivals.iter().find(|(n, _)| n == name).map(|(_, st)| *st);
    let mut table =
        Table::new("Cost of one operation (median)", &["rival", "per operation", "× local Vec"]);
    let base = at("local Vec").expect("measured").median;
    for (name, st) in rivals {
        table.row([name.clone(), show::seconds(st.median), show::ratio(st.median / base)]);
    }
    table.print();

    let plot = BarPlot::new("Cost of one append (or increment)")
        .categories(rivals.iter().map(|(n, _)| short(n)))
        .y(Axis::log("time per operation (ns)"))
        .group_measured(
            "per operation",
            rivals.iter().map(|(_, st)| st.map(|x| x * 1e9)).collect(),
        );
    let plot = plot.size(1100, 560);
    ctx.save_figure(
        "cost",
        &plot,
        &format!("medians of {} calibrated samples; log scale", ctx.repeat),
        &["cost"],
    )?;

    let keys = [
        ("local Vec", "cost-local"),
        ("Mutex<Vec>, 2 threads", "cost-mutex"),
        ("shared-memory atomic, 2 processes", "cost-atomic"),
        ("manager proxy", "cost-proxy"),
        ("Python list.append", "cost-python-local"),
        ("Python Manager().list().append", "cost-python-proxy"),
    ];
    for (name, key) in keys {
        if let Some(st) = at(name) {
            ctx.record_result(key, show::seconds(st.median), &format!("{name}: one operation"));
        }
    }
    // Per append against batch size: the unbatched proxy is the point at 1.
    let mut curve = vec![(1.0, at("manager proxy").expect("measured").map(|x| x * 1e9))];
    for &b in &s.batches {
        let st = at(&format!("manager proxy, batches of {b}")).expect("measured");
        curve.push((b as f64, st.map(|x| x * 1e9)));
    }
    let (lo, hi) = (1.0, *s.batches.last().expect("a batch size") as f64);
    let mut plot = LinePlot::new("One append through the manager, against batch size")
        .x(Axis::log("appends per call (batch size)"))
        .y(Axis::log("time per append (ns)"))
        .series(Series::measured("manager proxy", curve));
    for (name, label) in [
        ("local Vec", "local Vec"),
        ("Python Manager().list().append", "Python Manager, one per call"),
    ] {
        if let Some(st) = at(name) {
            plot = plot.series(
                Series::line(label, vec![(lo, st.median * 1e9), (hi, st.median * 1e9)]).dashed(),
            );
        }
    }
    ctx.save_figure(
        "batching",
        &plot,
        &format!("medians of {} calibrated samples; dashed: references", ctx.repeat),
        &["cost"],
    )?;

    let largest = *s.batches.last().expect("a batch size");
    let batched_name = format!("manager proxy, batches of {largest}");
    let batched = at(&batched_name).expect("measured");
    ctx.record_result(
        "cost-batched",
        show::seconds(batched.median),
        &format!("{batched_name}: one append"),
    );
    ctx.record_result("batch-largest", largest.to_string(), "the largest batch measured");
    let proxy = at("manager proxy").expect("measured");
    let q = |name: &str, st: Stats| Quantity::new(name.to_string(), st, show::seconds);
    ctx.claim(
        "proxy-dearest",
        Claim::all(
            "a manager proxy's append costs at least a hundred times a local push, and more than the Mutex and the shared atomic",
            vec![
                Claim::ratio_at_least("proxy against local", &q("manager proxy", proxy), &q("local Vec", at("local Vec").expect("measured")), 100.0),
                Claim::greater("proxy against Mutex", &q("manager proxy", proxy), &q("Mutex", at("Mutex<Vec>, 2 threads").expect("measured"))),
                Claim::greater("proxy against atomic", &q("manager proxy", proxy), &q("atomic", at("shared-memory atomic, 2 processes").expect("measured"))),
            ],
        ),
    );
    ctx.record_result(
        "batch-gain",
        format_ratio(proxy.median / batched.median),
        &format!("one append through the proxy against one in {batched_name}"),
    );
    ctx.claim(
        "batching-helps",
        Claim::ratio_at_least(
            format!("batching {largest} appends per call makes each at least ten times cheaper than a call of its own"),
            &q("manager proxy", proxy),
            &q(&batched_name, batched),
            10.0,
        ),
    );
    match at("Python Manager().list().append") {
        Some(py) => {
            ctx.record_result(
                "python-proxy",
                format_ratio(py.median / proxy.median),
                "Python's Manager list append as a multiple of this manager's",
            );
            ctx.claim(
                "python-proxy-slower",
                Claim::greater("Python's Manager().list().append costs more than this chapter's proxy append", &q("Python proxy", py), &q("Rust proxy", proxy))
                    .if_not("both are a round trip through a Unix socket; on a busy machine the scheduling can outweigh Python's pickling and interpreter"),
            );
        }
        None => ctx.claim(
            "python-proxy-slower",
            Claim::fact(
                "Python's Manager().list().append costs more than this chapter's proxy append",
                false,
                "Python was not measured",
            )
            .if_not("the lab found no Python 3 to run"),
        ),
    }
    Ok(())
}
