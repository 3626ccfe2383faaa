#!/usr/bin/env python3
"""The notebook's FetchUrls, ported to Python 3 as closely as possible, run
against the lab's local server to see what it does when a request fails.

    fetch_urls.py --ok URL --bad URL

Port: urllib2 -> urllib.request, `except URLError, e` -> `except URLError
as e`, and the output file opened in binary mode ("wb+"), since a Python 3
response body is bytes. The loop itself is the notebook's.

Two runs, one thread each, so that the output is the same every time:
  "a later URL fails":  urls = [bad, ok]  (pop() takes ok first, then bad)
  "the first URL fails": urls = [ok, bad]  (pop() takes bad first)

Prints one JSON object: for each run, the lines the thread printed, the
size of each write to the file, and the exception that ended the thread.
"""

import argparse
import json
import os
import tempfile
import threading
import urllib.error
import urllib.request

OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class FetchUrls(threading.Thread):
    """The notebook's thread, with `print` and `write` recorded."""

    def __init__(self, urls, output, log):
        threading.Thread.__init__(self, name="Thread-1")
        self.urls = urls
        self.output = output
        self.log = log

    def run(self):
        while self.urls:
            url = self.urls.pop()
            req = urllib.request.Request(url)
            try:
                d = OPENER.open(req, timeout=10)
            except urllib.error.URLError as e:
                self.log.append("URL %s failed: %s" % (url, e.reason))
            self.output.write(d.read())  # the notebook's line: `d` is whatever it was before
            self.log.append("write done by %s" % self.name)
            self.log.append("URL %s fetched by %s" % (url, self.name))


class RecordingFile:
    """A binary file that notes the size of every write."""

    def __init__(self, f):
        self.f = f
        self.writes = []

    def write(self, data):
        self.writes.append(len(data))
        return self.f.write(data)


def run(name, urls):
    log, exceptions = [], []
    threading.excepthook = lambda args: exceptions.append(
        "%s: %s" % (args.exc_type.__name__, args.exc_value))
    fd, path = tempfile.mkstemp(prefix="lab-01-output-")
    try:
        with os.fdopen(fd, "wb+") as f:
            output = RecordingFile(f)
            t = FetchUrls(list(urls), output, log)
            t.start()
            t.join()
        size = os.path.getsize(path)
    finally:
        os.remove(path)
    return {"name": name, "urls": urls, "printed": log, "writes": output.writes,
            "file_bytes": size, "exception": exceptions[0] if exceptions else None}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--ok", required=True)
    p.add_argument("--bad", required=True)
    a = p.parse_args()
    runs = [run("a later URL fails", [a.bad, a.ok]), run("the first URL fails", [a.ok, a.bad])]
    print(json.dumps({"runs": runs}))


if __name__ == "__main__":
    main()
