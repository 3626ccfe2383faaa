#!/usr/bin/env python3
"""Python's side of chapter 16: what one Manager().list().append costs.

    manager.py --min-sample 0.01 --repeat 5

Times, in calibrated samples (the count doubled until two samples in a
row last about --min-sample seconds, then --repeat samples of that
count): a plain list's append, and the append of a list proxy from
multiprocessing's Manager (a server process; every call pickles its
arguments, sends them over a socket and waits for the reply). The proxy's
list is cleared before each sample so it does not grow without bound.
Prints one JSON object:

    {"python": "3.11.7", "local": {"units": ..., "seconds": [...]},
     "proxy": {"units": ..., "seconds": [...]}}

The manager process is shut down by the `with` block. Standard library only.
"""

import argparse
import json
import multiprocessing
import platform
import sys
import time


def calibrated(work, min_sample, repeat):
    work(20)
    n = 1
    while n < 1 << 30:
        if timed(work, n) >= min_sample and timed(work, n) >= 0.8 * min_sample:
            break
        n *= 2
    return {"units": n, "seconds": [timed(work, n) for _ in range(repeat)]}


def timed(work, n):
    start = time.perf_counter()
    work(n)
    return time.perf_counter() - start


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--min-sample", type=float, default=0.01)
    p.add_argument("--repeat", type=int, default=5)
    a = p.parse_args()

    def local(n):
        items = []
        append = items.append
        for i in range(n):
            append(i)

    with multiprocessing.get_context("fork").Manager() as manager:
        records = manager.list()

        def proxy(n):
            del records[:]
            append = records.append
            for i in range(n):
                append(i)

        result = {
            "python": platform.python_version(),
            "local": calibrated(local, a.min_sample, a.repeat),
            "proxy": calibrated(proxy, a.min_sample, a.repeat),
        }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
