#!/usr/bin/env python3
"""Python's side of chapter 17: the notebook's echo server, measured.

    echo.py --dir DIR --sizes 16,1024,65536 --min-sample 0.01 --repeat 5

For a Unix socket (a file in DIR) and TCP on 127.0.0.1 (a free port), a
server process runs multiprocessing.connection's Listener with an authkey
and echoes every message with send_bytes(recv_bytes()), as the notebook's
handle_client does (with bytes, so that pickling is not what is timed).
The parent connects with Client and times round trips of each size in
calibrated samples: the count per sample is doubled until two samples in a
row last about --min-sample seconds, then --repeat samples of that count are timed.
One JSON object goes to stdout:

    {"python": "3.11.7", "series": [{"transport": "Unix", "size": 16,
     "units": 4096, "seconds": [0.011, ...]}, ...]}

The server process ends when its client hangs up and is joined. Standard
library only.
"""

import argparse
import json
import multiprocessing
import os
import platform
import sys
import time
from multiprocessing.connection import Client, Listener

KEY = b"peekaboo"


def serve(listener):
    conn = listener.accept()
    try:
        while True:
            conn.send_bytes(conn.recv_bytes())
    except EOFError:
        pass
    finally:
        conn.close()
        listener.close()


def round_trips(conn, message, n):
    for _ in range(n):
        conn.send_bytes(message)
        conn.recv_bytes()


def calibrated(work, min_sample, repeat):
    work(20)  # warm up: the first round trips pay for page faults and slow starts
    n = 1
    while n < 1 << 30:
        if timed(work, n) >= min_sample and timed(work, n) >= 0.8 * min_sample:
            break  # twice long enough: not one slow outlier
        n *= 2
    return n, [timed(work, n) for _ in range(repeat)]


def timed(work, n):
    start = time.perf_counter()
    work(n)
    return time.perf_counter() - start


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--sizes", required=True)
    p.add_argument("--min-sample", type=float, default=0.01)
    p.add_argument("--repeat", type=int, default=5)
    a = p.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")]
    ctx = multiprocessing.get_context("fork")
    series = []
    for transport, address, family in [
        ("Unix", os.path.join(a.dir, "py-echo.sock"), "AF_UNIX"),
        ("TCP", ("127.0.0.1", 0), "AF_INET"),
    ]:
        listener = Listener(address, family=family, authkey=KEY)
        server = ctx.Process(target=serve, args=(listener,))
        server.start()
        conn = Client(listener.address, family=family, authkey=KEY)
        listener.close()
        try:
            for size in sizes:
                message = b"x" * size
                units, seconds = calibrated(
                    lambda n: round_trips(conn, message, n), a.min_sample, a.repeat
                )
                series.append(
                    {"transport": transport, "size": size, "units": units, "seconds": seconds}
                )
        finally:
            conn.close()
            server.join(10)
            if server.is_alive():
                server.kill()
                server.join()
    json.dump({"python": platform.python_version(), "series": series}, sys.stdout)


if __name__ == "__main__":
    main()
