#!/usr/bin/env python3
"""Python threads on CPU-bound and on I/O-bound work, timed for lab-01-threads.

    cpu_threads.py cpu --threads 1,2,4 --seconds 0.2 --repeat 3
    cpu_threads.py io --base http://127.0.0.1:PORT --pages 16 --latency-ms 20 \
                      --bytes 4096 --threads 1,2,4 --repeat 3

cpu: counts primes by trial division, split between k threads the way the
Rust lab does it (thread t tests the blocks of 64 numbers starting at
64t, 64(t + k), 64(t + 2k), ...). The limit is chosen
so that one thread takes about --seconds.

io: fetches --pages pages from the lab's local server with a pool of k
threads (concurrent.futures), each page taking --latency-ms to answer.

Prints one JSON object on stdout: {"mode": ..., "runs": [{"threads": k,
"seconds": [...]}, ...], ...}. Standard library only.
"""

import argparse
import json
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def is_prime(n):
    if n < 4:
        return n >= 2
    if n % 2 == 0:
        return False
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


BLOCK = 64


def count_primes(limit, threads):
    """Counts primes below limit with `threads` threads; thread t tests the
    blocks of BLOCK numbers starting at t*BLOCK, (t+threads)*BLOCK, ..."""
    counts = [0] * threads

    def work(t):
        counts[t] = sum(
            1
            for start in range(t * BLOCK, limit, threads * BLOCK)
            for n in range(start, min(start + BLOCK, limit))
            if is_prime(n)
        )

    workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return sum(counts)


def calibrate(seconds):
    """A limit for which count_primes(limit, 1) takes about `seconds`: double
    until a run takes an eighth of it, then scale from the fastest of three
    runs (the cost of testing n grows about as n**1.5)."""

    def took(limit):
        start = time.perf_counter()
        count_primes(limit, 1)
        return time.perf_counter() - start

    limit = 2000
    while took(limit) < seconds / 8 and limit < 10**9:
        limit *= 2
    fastest = min(took(limit) for _ in range(3))
    return max(2, int(limit * (seconds / max(fastest, 1e-6)) ** (1 / 1.5)))


def timed_runs(run, threads, repeat):
    """One untimed run of each thread count, then `repeat` rounds of every
    count, so that a busy moment of the machine slows one run of each count
    rather than every run of one count (the Rust lab does the same)."""
    for k in threads:
        run(k)
    seconds = {k: [] for k in threads}
    for _ in range(repeat):
        for k in threads:
            start = time.perf_counter()
            run(k)
            seconds[k].append(time.perf_counter() - start)
    return [{"threads": k, "seconds": seconds[k]} for k in threads]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("mode", choices=["cpu", "io"])
    p.add_argument("--threads", default="1,2,4")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--seconds", type=float, default=0.2)
    p.add_argument("--base", default="")
    p.add_argument("--pages", type=int, default=16)
    p.add_argument("--latency-ms", type=float, default=20.0)
    p.add_argument("--bytes", type=int, default=4096)
    a = p.parse_args()
    threads = [int(k) for k in a.threads.split(",")]
    out = {"mode": a.mode, "python": sys.version.split()[0]}
    # The GIL: Python 3.13 can be built without it; say which build this is.
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)
    out["gil"] = True if is_gil_enabled is None else bool(is_gil_enabled())

    if a.mode == "cpu":
        limit = calibrate(a.seconds)
        out["limit"] = limit
        out["primes"] = count_primes(limit, 1)
        out["runs"] = timed_runs(lambda k: count_primes(limit, k), threads, a.repeat)
    else:
        # No proxy, whatever the environment says: the server is local.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        urls = [f"{a.base}/page/{i}?latency_ms={a.latency_ms}&bytes={a.bytes}" for i in range(a.pages)]

        def fetch(url):
            with opener.open(url, timeout=30) as response:
                return len(response.read())

        def run(k):
            with ThreadPoolExecutor(max_workers=k) as pool:
                sizes = list(pool.map(fetch, urls))
            assert sizes == [a.bytes] * a.pages, sizes

        out["runs"] = timed_runs(run, threads, a.repeat)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
