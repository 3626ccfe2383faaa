"""Cost per message of multiprocessing.Queue, for lab-13-process-queue.

A child process takes messages off one queue; on "sync" it answers on a
second queue, so a batch counts only messages the child has received.
For each payload size the batch grows until it lasts at least MIN_SECONDS,
then BATCHES batches are timed. Prints one JSON object: the sizes and, per
size, the seconds per message of each batch.

usage: mpqueue.py MIN_SECONDS BATCHES SIZE...
"""

import json
import multiprocessing as mp
import sys
import time


def consume(q, acks):
    while True:
        msg = q.get()
        if msg is None:
            return
        if msg == "sync":
            acks.put(1)


def batch(q, acks, payload, n):
    start = time.perf_counter()
    for _ in range(n):
        q.put(payload)
    q.put("sync")
    acks.get()
    return time.perf_counter() - start


def main():
    min_seconds = float(sys.argv[1])
    batches = int(sys.argv[2])
    sizes = [int(s) for s in sys.argv[3:]]
    q, acks = mp.Queue(), mp.Queue()
    child = mp.Process(target=consume, args=(q, acks))
    child.start()
    means = []
    try:
        batch(q, acks, b"warm-up", 1000)  # the child and both feeder threads running
        for size in sizes:
            payload = b"\x5a" * size
            batch(q, acks, payload, 10)  # this size's first allocations
            n = 1
            while batch(q, acks, payload, n) < min_seconds:
                n *= 2
            means.append([batch(q, acks, payload, n) / n for _ in range(batches)])
    finally:
        q.put(None)
        child.join()
    print(json.dumps({"sizes": sizes, "batch_means": means}))


if __name__ == "__main__":
    main()
