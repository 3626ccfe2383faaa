"""Chapter 14's Python series: copy-on-write after fork, in CPython 3.

A parent builds a cache and forks five children; each child reports how much
memory it made private (Private_Clean + Private_Dirty of
/proc/self/smaps_rollup, after its work minus before it). Printed as one JSON
object on stdout for the lab (labkit::python).

Rows (each a family of five children):
  ints  notebook  the notebook's program: Pool(5).map(job, [cache] * 5), so
                  each worker gets the list pickled, through the pool's queue;
                  with and without gc.freeze() before the pool forks
  ints  idle      a forked child that does nothing
  ints  read      a forked child that iterates over the inherited list
  ints  gc        a forked child that runs a garbage collection
  lists read/gc   the same over a list of small lists (objects the garbage
                  collector tracks), with and without gc.freeze() before the fork

The cache of the notebook is list(range(N)): in Python 3, range(N) alone is
a lazy object of constant size and there would be nothing to copy.
"""

import argparse
import ctypes
import gc
import json
import multiprocessing
import os

CACHE = None  # the inherited cache, a global the forked children use directly
START = 0  # a pool worker's private memory when it started


def private_bytes():
    total = 0
    with open("/proc/self/smaps_rollup") as f:
        for line in f:
            if line.startswith(("Private_Clean:", "Private_Dirty:")):
                total += int(line.split()[1]) * 1024
    return total


def rss_bytes():
    with open("/proc/self/smaps_rollup") as f:
        for line in f:
            if line.startswith("Rss:"):
                return int(line.split()[1]) * 1024
    return 0


def die_with_parent():
    """Ask the kernel to kill this process when its parent dies (Linux)."""
    try:
        ctypes.CDLL(None).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass


def work(mode):
    if mode == "read":
        for item in CACHE:
            pass
    elif mode == "gc":
        gc.collect()


def family(mode, children):
    """Forks `children` children that do `mode`; returns what each made private."""
    readers = []
    for _ in range(children):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            die_with_parent()
            before = private_bytes()
            work(mode)
            after = private_bytes()
            os.write(w, str(after - before).encode())
            os._exit(0)
        os.close(w)
        readers.append((pid, r))
    made = []
    for pid, r in readers:
        chunks = []
        while True:
            chunk = os.read(r, 64)
            if not chunk:
                break
            chunks.append(chunk)
        os.close(r)
        os.waitpid(pid, 0)
        made.append(int(b"".join(chunks)))
    return made


def pool_start():
    global START
    die_with_parent()
    START = private_bytes()


def job(cache):
    """The notebook's job: read every item of the list it was given."""
    for item in cache:
        pass
    return private_bytes() - START


def notebook(children):
    context = multiprocessing.get_context("fork")
    with context.Pool(children, initializer=pool_start) as pool:
        return pool.map(job, [CACHE] * children, chunksize=1)


def build(kind, n):
    global CACHE
    CACHE = None
    gc.collect()
    before = rss_bytes()
    CACHE = list(range(10**6, 10**6 + n)) if kind == "ints" else [[i] for i in range(n)]
    return rss_bytes() - before


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--objects", type=int, default=1_000_000)
    parser.add_argument("--children", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    die_with_parent()
    rows = []
    sizes = {}
    plan = [
        ("ints", "notebook", False),
        ("ints", "notebook", True),
        ("ints", "idle", False),
        ("ints", "read", False),
        ("ints", "gc", False),
        ("lists", "read", False),
        ("lists", "gc", False),
        ("lists", "read", True),
        ("lists", "gc", True),
    ]
    for kind in ("ints", "lists"):
        sizes[kind] = build(kind, args.objects)
        for cache, mode, freeze in plan:
            if cache != kind:
                continue
            made = []
            for _ in range(args.repeat):
                if freeze:
                    gc.freeze()  # https://docs.python.org/3/library/gc.html#gc.freeze
                made += notebook(args.children) if mode == "notebook" else family(mode, args.children)
                if freeze:
                    gc.unfreeze()
            rows.append({"cache": kind, "mode": mode, "freeze": freeze,
                         "shares": [m / sizes[kind] for m in made]})
    print(json.dumps({"objects": args.objects, "cache_bytes": sizes, "rows": rows}))


if __name__ == "__main__":
    main()
