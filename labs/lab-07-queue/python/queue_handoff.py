#!/usr/bin/env python3
"""queue.Queue put/get with one producer and one consumer, timed for lab-07-queue.

    queue_handoff.py --capacity 1024 --items 20000 --runs 5

Each run starts a consumer thread that gets --items items from a
queue.Queue(maxsize=--capacity), while the main thread puts them, and
times the whole transfer (the same workload as the lab's Rust stream).
Prints one JSON object on stdout: {"capacity": C, "items": N,
"seconds": [one per run]}. Standard library only.
"""

import argparse
import json
import queue
import threading
import time


def transfer(capacity, items):
    q = queue.Queue(maxsize=capacity)
    total = [0]

    def consume():
        s = 0
        for _ in range(items):
            s += q.get()
        total[0] = s

    start = time.perf_counter()
    consumer = threading.Thread(target=consume)
    consumer.start()
    for i in range(items):
        q.put(i)
    consumer.join()
    took = time.perf_counter() - start
    if total[0] != items * (items - 1) // 2:
        raise SystemExit("items lost or duplicated")
    return took


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--capacity", type=int, required=True)
    parser.add_argument("--items", type=int, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    transfer(args.capacity, min(args.items, 1000))  # warm up
    seconds = [transfer(args.capacity, args.items) for _ in range(args.runs)]
    print(json.dumps({"capacity": args.capacity, "items": args.items, "seconds": seconds}))


if __name__ == "__main__":
    main()
