"""Chapter 15's Python series: the notebook's prime check with an early-exit
flag, fixed for Python 3, over a multiprocessing Pool of forked workers.

Variants:
  noflag  each worker checks its whole range (or to its own divisor)
  value   the notebook's multiprocessing.Value flag: synchronized, so every
          read of .value takes its lock. The notebook passes it through
          pool.map, which Python 3 refuses ("Synchronized objects should only
          be shared between processes through inheritance"): here the pool's
          initializer hands it to each worker when the worker starts.
  mmap    the notebook's one-byte anonymous mmap, created before the pool
          forks, so every worker inherits the same shared page

Prints one JSON object: {"rows": [{"variant", "label", "n", "prime", "seconds": [...]}]}.
"""

import argparse
import ctypes
import json
import math
import mmap
import multiprocessing
import time

SERIAL_CHECK_CUTOFF = 21
CHECK_EVERY = 1000
FLAG_CLEAR = b"0"
FLAG_SET = b"1"

VALUE = None  # the synchronized Value, given to each worker by the initializer
SH_MEM = mmap.mmap(-1, 1)  # one shared byte, inherited by fork


def die_with_parent():
    try:
        ctypes.CDLL(None).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass


def init_worker(value):
    global VALUE
    die_with_parent()
    VALUE = value


def create_ranges(from_i, to_i, parts):
    """Splits from_i..to_i into `parts` contiguous ranges (create_range.create)."""
    span = to_i - from_i
    edges = [from_i + span * k // parts for k in range(parts + 1)]
    return list(zip(edges[:-1], edges[1:]))


def check_noflag(args):
    n, (from_i, to_i) = args
    if n % 2 == 0:
        return False
    for i in range(from_i | 1, to_i, 2):
        if n % i == 0:
            return False
    return True


def check_value(args):
    n, (from_i, to_i) = args
    if n % 2 == 0:
        return False
    check_every = CHECK_EVERY
    for i in range(from_i | 1, to_i, 2):
        check_every -= 1
        if not check_every:
            if VALUE.value == FLAG_SET:
                return False
            check_every = CHECK_EVERY
        if n % i == 0:
            VALUE.value = FLAG_SET
            return False
    return True


def check_mmap(args):
    n, (from_i, to_i) = args
    if n % 2 == 0:
        return False
    for outer in range(from_i | 1, to_i, 2 * CHECK_EVERY):
        upper = min(to_i, outer + 2 * CHECK_EVERY)
        for i in range(outer, upper, 2):
            if n % i == 0:
                SH_MEM[0:1] = FLAG_SET
                return False
        if SH_MEM[0:1] == FLAG_SET:
            return False
    return True


CHECKS = {"noflag": check_noflag, "value": check_value, "mmap": check_mmap}


def check_prime(n, pool, workers, variant, value):
    if n % 2 == 0 or any(n % i == 0 for i in range(3, SERIAL_CHECK_CUTOFF, 2)):
        return False
    value.value = FLAG_CLEAR
    SH_MEM[0:1] = FLAG_CLEAR
    to_i = math.isqrt(n) + 1
    ranges = create_ranges(SERIAL_CHECK_CUTOFF, to_i, workers)
    return all(pool.map(CHECKS[variant], [(n, r) for r in ranges], chunksize=1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--numbers", default="")  # label=n,label=n
    parser.add_argument("--variants", default="noflag,value,mmap")
    args = parser.parse_args()
    die_with_parent()
    numbers = [(item.split("=")[0], int(item.split("=")[1])) for item in args.numbers.split(",") if item]
    value = multiprocessing.Value("c", FLAG_CLEAR)
    context = multiprocessing.get_context("fork")
    rows = []
    with context.Pool(args.workers, initializer=init_worker, initargs=(value,)) as pool:
        for label, n in numbers:
            for variant in args.variants.split(","):
                seconds = []
                prime = None
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    prime = check_prime(n, pool, args.workers, variant, value)
                    seconds.append(time.perf_counter() - start)
                rows.append({"variant": variant, "label": label, "n": n, "prime": prime, "seconds": seconds})
    print(json.dumps({"rows": rows}))


if __name__ == "__main__":
    main()
