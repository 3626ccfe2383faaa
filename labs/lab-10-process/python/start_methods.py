"""Python's three start methods timed against the parent's size.

For each size (MiB) the parent holds a bytes object of that size (every
page written), then starts and joins a child that does nothing, with each
of multiprocessing's start methods: fork, forkserver, spawn. One warm-up
start per method and size (forkserver starts its server then), then
--runs timed starts. Prints one JSON object:
{"sizes": [...], "methods": {"fork": [[seconds per run] per size], ...}}.
"""

import argparse
import json
import multiprocessing as mp
import time

METHODS = ["fork", "forkserver", "spawn"]


def noop():
    pass


def start_and_join(ctx):
    p = ctx.Process(target=noop)
    t = time.perf_counter()
    p.start()
    p.join()
    elapsed = time.perf_counter() - t
    assert p.exitcode == 0, p.exitcode
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", required=True, help="MiB, comma-separated")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    result = {"sizes": sizes, "methods": {m: [] for m in METHODS}}
    for mib in sizes:
        held = b"\x01" * (mib << 20)  # written, so every page is really there
        for method in METHODS:
            ctx = mp.get_context(method)
            start_and_join(ctx)  # warm-up
            result["methods"][method].append([start_and_join(ctx) for _ in range(args.runs)])
        del held
    print(json.dumps(result))


if __name__ == "__main__":
    main()
