#!/usr/bin/env python3
"""threading.Condition wake-up latency, timed for lab-04-condition.

    condition_wakeup.py --delays-us 1200,3400,2100,...

One waiter and one notifier, one round per delay, as the lab's Rust
`wakeups` does: the waiter takes the condition, marks itself waiting and
calls wait() in a while loop; the notifier waits for that mark, sleeps
the round's delay, then under the condition records the time and calls
notify(). The latency is from that time until the waiter runs again,
holding the lock. Prints one JSON object on stdout:
{"latencies": [seconds, one per round]}. Standard library only.
"""

import argparse
import json
import threading
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--delays-us", required=True)
    args = parser.parse_args()
    delays = [int(d) / 1e6 for d in args.delays_us.split(",")]

    cond = threading.Condition()
    state = {"phase": "idle", "at": 0.0}
    start_round = threading.Barrier(2)

    def notifier():
        for delay in delays:
            start_round.wait()
            while True:
                with cond:
                    if state["phase"] == "waiting":
                        began = state["at"]
                        break
                time.sleep(50e-6)
            time.sleep(max(0.0, began + delay - time.perf_counter()))
            with cond:
                state["phase"], state["at"] = "notified", time.perf_counter()
                cond.notify()

    thread = threading.Thread(target=notifier)
    thread.start()
    latencies = []
    for _ in delays:
        start_round.wait()
        with cond:
            state["phase"], state["at"] = "waiting", time.perf_counter()
            while state["phase"] != "notified":
                cond.wait()
            latencies.append(time.perf_counter() - state["at"])
            state["phase"] = "idle"
    thread.join()
    print(json.dumps({"latencies": latencies}))


if __name__ == "__main__":
    main()
