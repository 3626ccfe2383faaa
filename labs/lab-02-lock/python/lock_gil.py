#!/usr/bin/env python3
"""CPython's side of chapter 02, measured for lab-02-lock.

    lock_gil.py --min-sample 0.01 --repeat 5 --threads 4 --count-seconds 0.05 \
                --counter-repeat 3

Two measurements, printed as one JSON object on stdout:

lock: what `with lock: counter += 1` costs on one thread, with no other
thread wanting the lock, against `counter += 1` alone (the loop and the
increment every lock pays alike). Each sample repeats the loop enough
times to last at least --min-sample seconds, found by doubling first, as
the Rust lab's calibrated samples do; the times are per sample, with the
count of iterations in it.

counter: --threads threads add one to a global counter, each a fixed
number of times (sized so that one thread alone takes about
--count-seconds), --counter-repeat times; whatever the counter falls short of threads x count was
lost. Two forms of the same increment: `counter += 1`, and
`counter = plus_one(counter)`, where the function call puts a point at
which CPython may switch threads between the read and the write.

Standard library only. Diagnostics, if any, go to stderr.
"""

import argparse
import json
import sys
import sysconfig
import threading
import time

counter = 0


def plus_one(x):
    return x + 1


def bare_loop(n):
    """`counter += 1`, n times: the cost every form pays."""
    global counter
    for _ in range(n):
        counter += 1


def locked_loop(n, lock=threading.Lock()):
    """`with lock: counter += 1`, n times."""
    global counter
    for _ in range(n):
        with lock:
            counter += 1


def calibrated(work, min_sample, repeat):
    """Grows n until work(n) lasts min_sample, then times `repeat` samples of n."""
    n = 1
    while True:
        start = time.perf_counter()
        work(n)
        took = time.perf_counter() - start
        if took >= min_sample:
            break
        n = int(n * min(100.0, max(2.0, 1.2 * min_sample / max(took, 1e-9))))
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        work(n)
        seconds.append(time.perf_counter() - start)
    return {"units": n, "seconds": seconds}


def plain_increments(n):
    global counter
    for _ in range(n):
        counter += 1


def call_increments(n):
    global counter
    for _ in range(n):
        counter = plus_one(counter)


def count_lost(increments, threads, n):
    """Runs `threads` threads of increments(n) from 0; returns (made, lost)."""
    global counter
    counter = 0
    start_line = threading.Barrier(threads)

    def worker():
        start_line.wait()
        increments(n)

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    made = threads * n
    return made, made - counter


def size_for(increments, seconds):
    """How many increments one thread makes in about `seconds`."""
    n = 10_000
    while True:
        start = time.perf_counter()
        increments(n)
        took = time.perf_counter() - start
        if took >= seconds / 4:
            return max(1, int(n * seconds / took))
        n *= 4


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--min-sample", type=float, default=0.01)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--count-seconds", type=float, default=0.05)
    p.add_argument("--counter-repeat", type=int, default=3)
    a = p.parse_args()
    if a.repeat < 1 or a.counter_repeat < 1 or a.threads < 1 or a.min_sample <= 0 or a.count_seconds <= 0:
        print("lock_gil.py: every option must be positive", file=sys.stderr)
        sys.exit(2)

    lock = {
        "locked": calibrated(locked_loop, a.min_sample, a.repeat),
        "bare": calibrated(bare_loop, a.min_sample, a.repeat),
    }
    forms = []
    for form, increments in [
        ("counter += 1", plain_increments),
        ("counter = plus_one(counter)", call_increments),
    ]:
        n = size_for(increments, a.count_seconds)
        runs = [count_lost(increments, a.threads, n) for _ in range(a.counter_repeat)]
        forms.append(
            {
                "form": form,
                "threads": a.threads,
                "per_thread": n,
                "made": [m for m, _ in runs],
                "lost": [l for _, l in runs],
            }
        )
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    json.dump(
        {
            "python": sys.version.split()[0],
            "gil": bool(gil),
            "free_threaded_build": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
            "switch_interval_s": sys.getswitchinterval(),
            "lock": lock,
            "counter": forms,
        },
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
