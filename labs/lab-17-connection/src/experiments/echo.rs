//! Experiment 2: the echo round trip over three transports, and Python's.
//!
//! One client, the notebook's echo server, one message at a time: send
//! it, wait for it to come back. The same connection code runs over a Unix
//! socket, TCP on 127.0.0.1 and a pair of pipes (chapter 12's transport,
//! between two threads: a pipe has no listener to connect to). At each
//! message size the three are calibrated, then sampled in rounds, one
//! sample of each per round. Then
//! `python/echo.py` does the same with `multiprocessing.connection`, its
//! server in a forked process.

use super::{KEY, Settings, size_name, unix_in};
use crate::connection::{Connection, DEFAULT_MAX_FRAME};
use crate::echo;
use crate::listener::{self, Options};
use crate::socket::{Address, pipe_pair};
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::{PerUnit, Samples, calibrate, timed};
use labkit::plot::{Axis, LinePlot, Series};
use labkit::process::TempDir;
use labkit::python::{Script, format_ratio};
use labkit::report::{Csv, Table};
use labkit::{LabContext, Stats};
use serde::Deserialize;
use std::time::Duration;

/// Seconds per round trip for one transport at each size.
struct Line {
    /// `Rust, Unix socket`, …
    name: String,
    /// `(size, seconds per round trip)`.
    points: Vec<(usize, Stats)>,
}

/// Measures, prints, saves `echo.csv` and `echo.svg`, records results and claims.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let dir = TempDir::new("lab17-echo")?;
    let mut csv = Csv::new(&["series", "size", "run", "seconds_per_round_trip"]);
    let options = Options::with_key(KEY);
    let unix = echo::serve(&unix_in(dir.path(), "echo.sock"), options.clone(), 4)?;
    let tcp = echo::serve(&Address::loopback(), options.clone(), 4)?;
    let (mine, theirs) = pipe_pair()?;
    let echoer = std::thread::spawn(move || {
        echo::echo_until_closed(&mut Connection::new(theirs, DEFAULT_MAX_FRAME))
    });
    let mut conns = vec![
        ("Rust, Unix socket", listener::connect(unix.address(), &options)?),
        ("Rust, TCP", listener::connect(tcp.address(), &options)?),
        ("Rust, pipe pair", Connection::new(mine, DEFAULT_MAX_FRAME)),
    ];
    let mut lines: Vec<Line> =
        conns.iter().map(|(name, _)| Line { name: name.to_string(), points: Vec::new() }).collect();
    for &size in &s.sizes {
        for (i, per) in measure_size(ctx, &mut conns, size).into_iter().enumerate() {
            for (run, sec) in per.per_unit_seconds() {
                csv.row(&[&lines[i].name, &size, &run, &sec]);
            }
            lines[i].points.push((size, per.per_unit()));
        }
    }
    drop(conns);
    echoer.join().map_err(|_| anyhow::anyhow!("the pipe echo thread panicked"))?;
    drop((unix, tcp));
    lines.extend(python(ctx, s, dir.path(), &mut csv));
    ctx.save_csv("echo", "seconds per echo round trip, per series, message size and run", &csv)?;
    report(ctx, s, &lines)
}

// ANCHOR: rounds
/// Round trips of `size` bytes on every connection: each is calibrated,
/// then the samples are taken in rounds, one per connection per round, so
/// that a busy spell of the machine falls on every transport alike.
fn measure_size(ctx: &LabContext, conns: &mut [(&str, Connection)], size: usize) -> Vec<PerUnit> {
    let message = vec![7u8; size];
    let round_trips = |conn: &mut Connection, n: u64| {
        for _ in 0..n {
            conn.send_bytes(&message).expect("sends");
            assert_eq!(conn.recv_bytes().expect("echoed").len(), size);
        }
    };
    let units: Vec<u64> = conns
        .iter_mut()
        .map(|(_, c)| calibrate(ctx.min_sample(), 1, |n| round_trips(c, n)))
        .collect();
    let mut samples = vec![Vec::new(); conns.len()];
    for _ in 0..ctx.repeat {
        for (i, (_, c)) in conns.iter_mut().enumerate() {
            samples[i].push(timed(|| round_trips(c, units[i])).1);
        }
    }
    units
        .into_iter()
        .zip(samples)
        .map(|(units, s)| PerUnit { units, samples: Samples(s) })
        .collect()
}
// ANCHOR_END: rounds

/// What `echo.py` prints.
#[derive(Deserialize)]
struct PyReport {
    /// Its version.
    python: String,
    /// One entry per transport and size.
    series: Vec<PySeries>,
}

/// Calibrated samples of one transport at one size.
#[derive(Deserialize)]
struct PySeries {
    /// `Unix` or `TCP`.
    transport: String,
    /// Message size in bytes.
    size: usize,
    /// Round trips per sample.
    units: u64,
    /// Each sample's time.
    seconds: Vec<f64>,
}

/// Python's two lines, or none (with the note printed) without Python.
fn python(ctx: &mut LabContext, s: &Settings, dir: &std::path::Path, csv: &mut Csv) -> Vec<Line> {
    let sizes: Vec<String> = s.sizes.iter().map(usize::to_string).collect();
    let script = Script::new(ctx.lab, "echo.py")
        .args([
            "--dir".to_string(),
            dir.display().to_string(),
            "--sizes".into(),
            sizes.join(","),
            "--min-sample".into(),
            ctx.min_sample().as_secs_f64().to_string(),
            "--repeat".into(),
            ctx.repeat.to_string(),
        ])
        .deadline(Duration::from_secs(120));
    let report = match s.python.run::<PyReport>(&script) {
        Ok(r) => r,
        Err(skipped) => {
            skipped.print();
            ctx.record_result(
                "python-echo",
                format!("not measured: {skipped}"),
                "Python's echo round trip",
            );
            return Vec::new();
        }
    };
    ctx.record_result(
        "python-echo-version",
        format!("Python {}", report.python),
        "the Python measured",
    );
    ["Unix", "TCP"]
        .into_iter()
        .map(|t| {
            let name = format!("Python, {}", if t == "Unix" { "Unix socket" } else { "TCP" });
            let mut points = Vec::new();
            for p in report.series.iter().filter(|p| p.transport == t) {
                let per: Vec<f64> = p.seconds.iter().map(|x| x / p.units as f64).collect();
                for (run, sec) in per.iter().enumerate() {
                    csv.row(&[&name, &p.size, &run, sec]);
                }
                if let Some(st) = Stats::of(&per) {
                    points.push((p.size, st));
                }
            }
            Line { name, points }
        })
        .collect()
}

fn report(ctx: &mut LabContext, s: &Settings, lines: &[Line]) -> anyhow::Result<()> {
    let at = |name: &str, size: usize| {
        let line = lines.iter().find(|l| l.name == name)?;
        line.points.iter().find(|(sz, _)| *sz == size).map(|(_, st)| *st)
    };
    let mut headers = vec!["size".to_string()];
    headers.extend(lines.iter().map(|l| l.name.clone()));
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut table = Table::new("Echo round trip (median)", &headers);
    for &size in &s.sizes {
        let mut row = vec![size_name(size)];
        row.extend(
            lines
                .iter()
                .map(|l| at(&l.name, size).map_or("-".into(), |st| show::seconds(st.median))),
        );
        table.row(row);
    }
    table.print();

    let mut plot = LinePlot::new("Echo round trip against message size")
        .x(Axis::log("message size (bytes)"))
        .y(Axis::log("round trip (µs)"));
    for l in lines {
        let pts = l.points.iter().map(|(sz, st)| (*sz as f64, st.map(|x| x * 1e6)));
        let series = Series::measured(l.name.clone(), pts);
        plot = plot.series(if l.name.starts_with("Python") { series.dashed() } else { series });
    }
    ctx.save_figure(
        "echo",
        &plot,
        &format!("one client, one message at a time; medians of {} calibrated samples", ctx.repeat),
        &["echo"],
    )?;

    let small = s.sizes[0];
    let large = *s.sizes.last().expect("at least one size");
    let q = |name: &str, size: usize| {
        at(name, size)
            .map(|st| Quantity::new(format!("{name}, {}", size_name(size)), st, show::seconds))
    };
    for (key, name) in
        [("unix", "Rust, Unix socket"), ("tcp", "Rust, TCP"), ("pipe", "Rust, pipe pair")]
    {
        for (which, size) in [("small", small), ("large", large)] {
            let v = at(name, size).expect("measured");
            ctx.record_result(
                &format!("echo-{key}-{which}"),
                show::seconds(v.median),
                &format!("{name}: round trip of {}", size_name(size)),
            );
        }
    }
    ctx.record_result("echo-small-size", size_name(small), "the smallest message measured");
    ctx.record_result("echo-large-size", size_name(large), "the largest message measured");
    let (unix, tcp) = (
        q("Rust, Unix socket", small).expect("measured"),
        q("Rust, TCP", small).expect("measured"),
    );
    ctx.claim(
        "unix-beats-tcp",
        Claim::less("a small message's round trip is quicker over a Unix socket than over TCP on 127.0.0.1", &unix, &tcp)
            .if_not("on loopback both are a copy through the kernel; TCP's extra work (checksums skipped on loopback, acknowledgements, the protocol's state) can drown in the scheduling noise of a busy machine"),
    );
    match (q("Python, Unix socket", small), q("Python, TCP", small)) {
        (Some(py_unix), Some(py_tcp)) => {
            let ratio = py_unix.stats.median / unix.stats.median;
            ctx.record_result(
                "python-echo",
                format_ratio(ratio),
                "Python's small-message Unix round trip as a multiple of Rust's",
            );
            ctx.record_result(
                "python-echo-unix-small",
                show::seconds(py_unix.stats.median),
                "Python: Unix round trip, smallest message",
            );
            ctx.record_result(
                "python-echo-tcp-small",
                show::seconds(py_tcp.stats.median),
                "Python: TCP round trip, smallest message",
            );
            ctx.claim(
                "python-echo-slower",
                Claim::all(
                    "Python's echo round trip is slower than Rust's on both sockets",
                    vec![
                        Claim::greater("Unix", &py_unix, &unix),
                        Claim::greater("TCP", &py_tcp, &tcp),
                    ],
                ),
            );
        }
        _ => ctx.claim(
            "python-echo-slower",
            Claim::fact(
                "Python's echo round trip is slower than Rust's on both sockets",
                false,
                "Python was not measured",
            )
            .if_not("the lab found no Python 3 to run"),
        ),
    }
    Ok(())
}
