#!/usr/bin/env python3
"""The notebook's fork-and-logging program, made finite, for lab-11-fork-deadlock.

    notebook_logging.py --rounds 30 --timeout 0.5 --dir DIR

As in the notebook: logging goes through a QueueHandler into a Queue, a
QueueListener thread writes it to a file, and a second thread logs without
pause. Each round starts a Pool with the fork start method and runs one
task in it that logs once. A task that has not answered after --timeout
seconds is stuck: the round counts it and terminates the pool (SIGTERM to
its worker), so the program ends. Warnings raised while forking are
recorded (Python 3.12 and later warn when a process with threads forks).

Prints one JSON object on stdout: {"version": "3.11.7", "rounds": n,
"hung": k, "finished": n - k, "warnings": ["..."], "seconds": s}.
Standard library only. Its log file, out.log, goes in --dir, a directory the
lab made and removes (also when the run is interrupted and this script is
killed, which gives it no chance to clean up).
"""

import argparse
import json
import logging
import multiprocessing as mp
import os
import sys
import threading
import time
import warnings
from logging.handlers import QueueHandler, QueueListener
from queue import Queue


def setup_logging(path, stop):
    """The notebook's setup_logging, with a way to stop its threads."""
    log_queue = Queue()
    listener = QueueListener(log_queue, logging.FileHandler(path))
    listener.start()
    root = logging.getLogger()
    root.addHandler(QueueHandler(log_queue))

    def write_logs():
        while not stop.is_set():
            logging.error("hello, I just did something")

    writer = threading.Thread(target=write_logs)
    writer.start()
    return listener, writer


def runs_in_subprocess():
    logging.error("hello, I did something")
    return os.getpid()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--timeout", type=float, default=0.5)
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()

    start = time.monotonic()
    hung = 0
    caught = []
    log = os.path.join(args.dir, "out.log")
    stop = threading.Event()
    listener, writer = setup_logging(log, stop)
    fork = mp.get_context("fork")
    try:
        for _ in range(args.rounds):
            with warnings.catch_warnings(record=True) as seen:
                warnings.simplefilter("always")
                pool = fork.Pool(1)
            caught.extend(str(w.message) for w in seen)
            try:
                pool.apply_async(runs_in_subprocess).get(timeout=args.timeout)
                pool.close()
            except mp.TimeoutError:
                hung += 1
                pool.terminate()
            pool.join()
    finally:
        stop.set()
        writer.join()
        listener.stop()
        logging.getLogger().handlers.clear()
        os.remove(log)

    print(json.dumps({
        "version": sys.version.split()[0],
        "rounds": args.rounds,
        "hung": hung,
        "finished": args.rounds - hung,
        "warnings": sorted(set(caught)),
        "seconds": time.monotonic() - start,
    }))


if __name__ == "__main__":
    main()
