#!/usr/bin/env python3
"""make timeline-screenshots: the pictures of docs/timeline.md, taken of
real runs in headless Chromium (debug/browser.py), never drawn by hand.

    timeline-screenshots.py [OUTDIR]        (default docs/images)

Boots fork_tree on two CPUs with every trace category and ipc_ring on
four (its test's configuration) into build/screenshots/NAME, writes their
timelines, and saves:

- timeline-fork_tree.png: the whole fork tree;
- timeline-fork_tree-zoom.png: a copy-on-write fault up close, the hover
  card on its upcall;
- timeline-ipc_ring.png: the token's rounds, IPC arrows between the CPUs,
  the hover card on a send.

Bochs is deterministic, so the same tree gives the same pictures.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import browser  # noqa: E402
import runner  # noqa: E402
import timeline  # noqa: E402

WIDTH = 1280


def instants(doc, event):
    return [ev for ev in doc["traceEvents"] if ev["ph"] == "i" and ev["args"].get("event") == event]


def fork_tree_zoom(doc):
    """Around the first copy-on-write fault on CPU 1: the fault, its upcall,
    the handler's page_alloc / page_map / page_unmap, back to the program."""
    fault = next(ev for ev in instants(doc, "page_fault_user") if ev["tid"] == 2)
    upcall = next(ev for ev in instants(doc, "pgfault_upcall") if ev["ts"] >= fault["ts"]
                  and ev["tid"] == fault["tid"])
    return fault["ts"] - 12, fault["ts"] + 60, upcall


def ipc_ring_zoom(doc):
    """Where the token first goes from one CPU to another: the arrows
    cross lanes; the card on that send."""
    starts = {ev["id"]: ev for ev in doc["traceEvents"] if ev["ph"] == "s" and ev["cat"] == "ipc"}
    cross = next(ev for ev in doc["traceEvents"] if ev["ph"] == "f" and ev["cat"] == "ipc"
                 and starts[ev["id"]]["tid"] != ev["tid"])
    s = starts[cross["id"]]
    send = min((ev for ev in instants(doc, "ipc_send") if ev["tid"] == s["tid"]),
               key=lambda ev: abs(ev["ts"] - s["ts"]))
    return s["ts"] - 400, s["ts"] + 1600, send


SHOTS = [
    ("fork_tree", {"prog": "fork_tree", "cpus": "2", "trace": "all"},
     [("timeline-fork_tree.png", None), ("timeline-fork_tree-zoom.png", fork_tree_zoom)]),
    ("ipc_ring", {"prog": "ipc_ring", "cpus": "4"},
     [("timeline-ipc_ring.png", ipc_ring_zoom)]),
]


def shoot(b, page, doc, out, zoom):
    b.resize(WIDTH, 300)            # the screenshot grows it to the page's height
    b.open("file://" + os.path.abspath(page))
    if b.evaluate("document.body.dataset.ready") != "1":
        sys.exit("timeline-screenshots: %s did not get ready" % page)
    if zoom:
        t0, t1, hover = zoom(doc)
        b.evaluate("glasswingTimeline.setView(%r, %r)" % (t0, t1))
        o = b.evaluate("(() => { const r = document.getElementById('canvas').getBoundingClientRect();"
                       " return {x: r.x, y: r.y}; })()")
        lane = next(t for t in b.evaluate("glasswingTimeline.tracks()") if t["tid"] == hover["tid"])
        b.mouse_move(o["x"] + b.evaluate("glasswingTimeline.xOf(%r)" % hover["ts"]), o["y"] + lane["markY"])
    b.frame()
    if b.errors:
        sys.exit("timeline-screenshots: %s: %s" % (page, "; ".join(b.errors)))
    b.screenshot(out)
    print("  SHOT   %s" % os.path.relpath(out))


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(HERE), "docs", "images")
    os.makedirs(outdir, exist_ok=True)
    schema = runner.build_schema()
    with browser.Browser(WIDTH, 700) as b:
        for name, cfg, pictures in SHOTS:
            rundir = os.path.join(runner.BUILD, "screenshots", name)
            res = runner.run(cfg, rundir, schema=schema)
            if res.verdict != "finished":
                sys.exit("timeline-screenshots: %s ended in %s (see %s)" % (name, res.verdict, rundir))
            doc, paths = timeline.write(rundir)
            for png, zoom in pictures:
                shoot(b, paths[1], doc, os.path.join(outdir, png), zoom)
    return 0


if __name__ == "__main__":
    sys.exit(main())
