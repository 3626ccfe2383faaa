//! Experiment 4: throughput against chunk size.
//!
//! The parent writes chunks of one size into a pipe as fast as it can; a
//! forked child takes them out (`crate::stream`). Each point is the kit's
//! calibrated samples (at least 10 ms of chunks each), so a 1-byte chunk
//! and a 1 MiB chunk are timed equally well. Four routes: `write`/`read`
//! through a default pipe and through one enlarged to the system's maximum,
//! `vmsplice`/`read` (one copy instead of two) and `vmsplice`/`splice` to
//! `/dev/null` (no copy) through the enlarged pipe. The ceiling is measured
//! in the same run: copying a chunk of the same size from one buffer to
//! another (memcpy), which is what each copy through the pipe costs at least.
//!
//! A sample ends when the last chunk is in the pipe, not when the reader has
//! it; up to one pipe's worth (at most 1 MiB) is still in flight, under 1 %
//! of a sample's bytes at the sizes where the pipe is fast.

use super::{GIB, bytes};
use crate::capacity::max_size;
use crate::stream::{Flow, Put, Take};
use labkit::LabContext;
use labkit::Stats;
use labkit::claim::{Claim, Quantity};
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table};

/// Chunk sizes: 1 B to 1 MiB, every factor of 16.
pub const CHUNKS: [usize; 6] = [1, 16, 256, 4096, 65536, 1 << 20];

/// One way of moving bytes, measured at every chunk size.
struct Route {
    name: String,
    key: &'static str,
    /// GiB/s per chunk size.
    points: Vec<(usize, Stats)>,
}

/// `3.21 GiB/s`.
fn gib_s(x: f64) -> String {
    if x >= 0.1 { format!("{x:.2} GiB/s") } else { format!("{:.2} MiB/s", x * 1024.0) }
}

/// Measures every route and memcpy, prints, saves `throughput.csv` and `.svg`.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    let big = max_size()?;
    let source = vec![0x5au8; *CHUNKS.last().unwrap()];
    let routes = [
        (
            format!("write → read, {} pipe (default)", "64 KiB"),
            "default",
            None,
            Put::Write,
            Take::Read,
        ),
        (
            format!("write → read, {} pipe", bytes(big)),
            "enlarged",
            Some(big),
            Put::Write,
            Take::Read,
        ),
        (
            format!("vmsplice → read, {} pipe", bytes(big)),
            "vmsplice",
            Some(big),
            Put::Vmsplice,
            Take::Read,
        ),
        (
            format!("vmsplice → splice to /dev/null, {} pipe", bytes(big)),
            "splice",
            Some(big),
            Put::Vmsplice,
            Take::SpliceToNull,
        ),
    ];
    let mut measured = Vec::new();
    for (name, key, capacity, put, take) in routes {
        let mut flow = Flow::start(capacity, put, take)?;
        let mut points = Vec::new();
        for chunk in CHUNKS {
            let data = &source[..chunk];
            let mut failed = None;
            let per = ctx.sample_units(|n| {
                for _ in 0..n {
                    if let Err(e) = flow.send(data) {
                        failed.get_or_insert(e);
                    }
                }
            });
            if let Some(e) = failed {
                return Err(e.into());
            }
            points.push((chunk, per.rate().map(|r| r * chunk as f64 / GIB)));
        }
        flow.finish()?;
        measured.push(Route { name, key, points });
    }
    // The ceiling: memcpy of one chunk, in the same run, between two
    // page-aligned buffers (see `page_aligned`).
    let (mut from, mut to) = (page_aligned(*CHUNKS.last().unwrap()), page_aligned(source.len()));
    let (from_at, to_at) = (from.1, to.1);
    from.0[from_at..].fill(0x5a);
    let (src, dest) = (&from.0[from_at..], &mut to.0[to_at..]);
    let mut points = Vec::new();
    for chunk in CHUNKS {
        let per = ctx.sample_units(|n| {
            for _ in 0..n {
                dest[..chunk].copy_from_slice(std::hint::black_box(&src[..chunk]));
                std::hint::black_box(&mut *dest);
            }
        });
        points.push((chunk, per.rate().map(|r| r * chunk as f64 / GIB)));
    }
    measured.push(Route { name: "memcpy of one chunk (ceiling)".into(), key: "memcpy", points });
    report(ctx, &measured)
}

/// A buffer with `len` bytes that start on a page boundary: the buffer and
/// the offset of that boundary in it.
///
/// Where two buffers sit matters to memcpy. glibc copies chunks from a few
/// KiB up with the `rep movsb` instruction, and on some processors that
/// instruction is many times slower when the destination lies a few bytes
/// past the source modulo 4 KiB (most likely because the two addresses alias
/// in the processor's store buffer). Two plain `vec!`s can land that way: on an AMD EPYC with
/// glibc 2.36, a destination 16 bytes past the source's page offset copied
/// 4 KiB to 64 KiB chunks at about 2 GiB/s instead of 30 to 60. With both
/// buffers page-aligned the ceiling does not depend on where malloc put them.
fn page_aligned(len: usize) -> (Vec<u8>, usize) {
    const PAGE: usize = 4096;
    let buffer = vec![0u8; len + PAGE];
    let at = buffer.as_ptr().align_offset(PAGE);
    (buffer, at)
}

fn report(ctx: &mut LabContext, routes: &[Route]) -> anyhow::Result<()> {
    let mut headers = vec!["route".to_string()];
    headers.extend(CHUNKS.map(bytes));
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut table = Table::new("Throughput against chunk size (GiB/s, median)", &headers);
    let mut csv =
        Csv::new(&["route", "chunk_bytes", "gib_per_s_median", "gib_per_s_min", "gib_per_s_max"]);
    let mut plot = LinePlot::new("Pipe throughput against chunk size")
        .x(Axis::log("chunk size (bytes)"))
        .y(Axis::log("throughput (GiB/s)"));
    for r in routes {
        let mut row = vec![r.name.clone()];
        for (chunk, st) in &r.points {
            row.push(gib_s(st.median));
            csv.row(&[&r.name, chunk, &st.median, &st.min, &st.max]);
        }
        table.row(row);
        let series = Series::measured(&r.name, r.points.iter().map(|(c, st)| (*c as f64, *st)));
        plot = plot.series(if r.key == "memcpy" { series.dashed() } else { series });
        let at64 =
            r.points.iter().find(|(c, _)| *c == 65536).map(|p| p.1.median).unwrap_or(f64::NAN);
        ctx.record_result(
            &format!("tput-{}-64k", r.key),
            gib_s(at64),
            &format!("throughput at 64 KiB chunks: {}", r.name),
        );
    }
    table.print();
    println!();
    ctx.save_csv("throughput", "pipe throughput against chunk size, GiB/s", &csv)?;
    ctx.save_figure(
        "throughput",
        &plot,
        "GiB/s against chunk size (both log); dashed: memcpy of one chunk, the ceiling of a copy",
        &["throughput"],
    )?;

    let at = |key: &str, chunk: usize| {
        let r = routes.iter().find(|r| r.key == key).unwrap();
        let st = r.points.iter().find(|(c, _)| *c == chunk).unwrap().1;
        Quantity::new(format!("{} at {}", r.name, bytes(chunk)), st, gib_s)
    };
    let default_curve: Vec<Quantity> =
        CHUNKS.iter().filter(|&&c| c <= 4096).map(|&c| at("default", c)).collect();
    ctx.claim(
        "rises-with-chunk",
        Claim::rises(
            "throughput through a default pipe rises with the chunk size from 1 B to 4 KiB",
            &default_curve,
        ),
    );
    ctx.claim(
        "64k-beats-4k",
        Claim::greater(
            "a default pipe moves 64 KiB chunks faster than 4 KiB chunks",
            &at("default", 65536),
            &at("default", 4096),
        )
        .if_not("a 64 KiB chunk fills a default pipe in one call: the writer must then sleep until the reader has emptied it, so the two processes take turns instead of copying at the same time"),
    );
    ctx.claim(
        "memcpy-cache",
        Claim::less(
            "copying with memcpy is slower in 1 MiB chunks than in 64 KiB chunks",
            &at("memcpy", 1 << 20),
            &at("memcpy", 65536),
        )
        .if_not("how fast a copy runs depends on which cache level holds the source and the destination, and this processor's caches may hold two 1 MiB buffers"),
    );
    ctx.claim(
        "below-memcpy",
        Claim::less(
            "at 64 KiB chunks the pipe moves data more slowly than memcpy copies it",
            &at("default", 65536),
            &at("memcpy", 65536),
        ),
    );
    ctx.claim(
        "enlarged-helps",
        Claim::greater("at 1 MiB chunks the enlarged pipe is faster than the default one", &at("enlarged", 1 << 20), &at("default", 1 << 20))
            .if_not("a bigger pipe saves wake-ups, but it also lets the writer get up to 1 MiB ahead of the reader, and bytes that wait that long can leave the processor's cache before the reader copies them out"),
    );
    ctx.claim(
        "vmsplice-helps",
        Claim::greater("at 1 MiB chunks vmsplice into the pipe beats write", &at("vmsplice", 1 << 20), &at("enlarged", 1 << 20))
            .if_not("vmsplice saves one copy but pins the writer's pages and hands the reader pages that are not in its cache; on some machines the saved copy is not worth it"),
    );
    Ok(())
}
