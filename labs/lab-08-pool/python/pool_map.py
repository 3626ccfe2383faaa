#!/usr/bin/env python3
"""The notebook's second pool in Python 3, on the lab's local server.

    pool_map.py --base URL --urls N --runs R --tiny T --workers W

1. `ThreadPool(4).map(urlopen, urls)` (multiprocessing.dummy.Pool: the
   process pool's interface, run on threads), timed R times over N page
   URLs of the local server; each body is read whole, as the Rust side does.
2. The pool's cost per task for tiny tasks: `Pool(W).imap_unordered(inc,
   range(T), chunksize=1)`, consumed in full (summed), timed R times,
   divided by T: the same call the Rust side times.

Prints one JSON object: {"fetch_seconds": [...], "tiny_seconds_per_task": [...]}.
"""

import argparse
import json
import time
import urllib.request
from multiprocessing.dummy import Pool as ThreadPool

# The lab talks to 127.0.0.1 only: no proxy, whatever the environment says.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def urlopen(url):
    with OPENER.open(url, timeout=10) as response:
        return len(response.read())


def inc(x):
    return x + 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--urls", type=int, required=True)
    parser.add_argument("--runs", type=int, required=True)
    parser.add_argument("--tiny", type=int, required=True)
    parser.add_argument("--workers", type=int, required=True)
    args = parser.parse_args()
    urls = ["%s/page/%d" % (args.base, i) for i in range(args.urls)]

    fetch = []
    with ThreadPool(4) as pool:
        pool.map(urlopen, urls)  # warm-up
        for _ in range(args.runs):
            start = time.perf_counter()
            sizes = pool.map(urlopen, urls)
            fetch.append(time.perf_counter() - start)
            assert len(sizes) == len(urls)
        pool.close()
        pool.join()

    tiny = []
    with ThreadPool(args.workers) as pool:
        sum(pool.imap_unordered(inc, range(1000), chunksize=1))  # warm-up
        for _ in range(args.runs):
            start = time.perf_counter()
            total = sum(pool.imap_unordered(inc, range(args.tiny), chunksize=1))
            tiny.append((time.perf_counter() - start) / args.tiny)
            assert total == args.tiny * (args.tiny + 1) // 2
        pool.close()
        pool.join()

    print(json.dumps({"fetch_seconds": fetch, "tiny_seconds_per_task": tiny}))


if __name__ == "__main__":
    main()
