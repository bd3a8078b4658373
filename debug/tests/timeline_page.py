#!/usr/bin/env python3
"""The test behind testlogs/timeline_page.expect: timeline.html in a real
headless Chromium (debug/browser.py), with real pointer, wheel and key
input through the DevTools protocol -- no mock DOM.

    timeline_page.py RUNDIR     (a finished run; its trace.log is used)

Four kinds of page:
- debug/tests/timeline-known.log, a hand-written trace whose picture is
  known: the lanes, the slices counted in the canvas's own pixels, the
  colours, the hover card of a slice and of an instant, search, zoom, pan,
  and a highlighted record with the failure banner;
- odd traces (empty, an unknown event, cut off): quiet, with their notes;
- the real run: no console error, no request off the page, one lane per
  CPU, as many slices per lane and depth as trace.json has, the hover card;
- a trace of 30,000+ records (the run's records, repeated): it loads and
  draws within the per-pixel bound. How long it took is written to
  RUNDIR/timeline-large.txt (tests do not assert on wall-clock time).

Prints each problem and exits 1 when there is one.
"""
import json
import os
import random
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)
import browser  # noqa: E402
import timeline  # noqa: E402
import timeline_json  # noqa: E402
import trace_records  # noqa: E402

KNOWN = os.path.join(HERE, "timeline-known.log")
WIDTH, HEIGHT = 1200, 800
# Pixels that are no slice: the lanes' two backgrounds and the time grid.
EMPTY = ["255,255,255", "251,251,253", "227,230,236"]

RUNS_JS = """(() => {
  const c = document.getElementById("canvas"), g = c.getContext("2d"), T = glasswingTimeline;
  const empty = new Set(%s);
  return T.tracks().map(t => t.rows.map(r => {
    const y = Math.round(r.y + r.h / 2);
    const d = g.getImageData(T.gutter, y, c.width - T.gutter, 1).data;
    let runs = 0, inside = false;
    for (let x = 0; x < d.length; x += 4) {
      const full = !empty.has(d[x] + "," + d[x + 1] + "," + d[x + 2]);
      if (full && !inside) runs++;
      inside = full;
    }
    return runs;
  }));
})()""" % json.dumps(EMPTY)


class Page:
    """One exported trace opened in the browser."""

    def __init__(self, b, text, problems, label, highlight=(), failures=()):
        self.b, self.problems, self.label = b, problems, label
        self.dir = tempfile.mkdtemp(prefix="timeline-page-")
        with open(os.path.join(self.dir, "trace.log"), "w") as f:
            f.write(text)
        t0 = time.monotonic()
        self.doc, paths = timeline.write(self.dir, highlight, failures)
        self.export_s = time.monotonic() - t0
        b.errors.clear()
        b.requests.clear()
        t0 = time.monotonic()
        b.open("file://" + os.path.abspath(paths[1]))
        self.open_s = time.monotonic() - t0
        if b.evaluate("document.body.dataset.ready") != "1":
            self.fail("the page never got ready")
        b.frame()
        self.quiet()

    def fail(self, msg):
        self.problems.append("%s: %s" % (self.label, msg))

    def quiet(self):
        """No error on the console, no request off the page."""
        for e in self.b.errors:
            self.fail("console: %s" % e)
        for r in self.b.requests:
            self.fail("the page asked the network for %s" % r)
        self.b.errors.clear()
        self.b.requests.clear()

    def ev(self, js):
        return self.b.evaluate(js)

    def tracks(self):
        return self.ev("glasswingTimeline.tracks()")

    def x_of(self, ts):
        return self.ev("glasswingTimeline.xOf(%r)" % ts)

    def box(self, selector):
        return self.ev("(() => { const r = document.querySelector(%r).getBoundingClientRect();"
                       " return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()" % selector)

    def canvas_origin(self):
        """Where the canvas's (0, 0) is in the viewport."""
        return self.ev("(() => { const r = document.getElementById('canvas').getBoundingClientRect();"
                       " return {x: r.x, y: r.y}; })()")

    def hover(self, ts, y):
        """Move the real pointer to time @ts, canvas row @y; the card's text."""
        o = self.canvas_origin()
        self.b.mouse_move(o["x"] + self.x_of(ts), o["y"] + y)
        self.b.frame()
        return self.ev("(() => { const c = document.getElementById('card');"
                       " return c.hidden ? null : {seq: c.dataset.seq, text: c.innerText}; })()")

    def click(self, selector):
        p = self.box(selector)
        self.b.click(p["x"], p["y"])
        self.b.frame()

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def slices_by_track(doc):
    """{tid: [[slice, ...] for each depth]} (timeline_json.slices)."""
    out = {}
    for s in timeline_json.slices(doc):
        rows = out.setdefault(s["tid"], [])
        while len(rows) <= s["depth"]:
            rows.append([])
        rows[s["depth"]].append(s)
    return out


def record_text(text, seq):
    """'SEQ n EVENT field=value ...' of record @seq as the card shows it."""
    r = next(r for r in trace_records.parse_log(text).records if r.seq == seq)
    return "SEQ %d %s" % (seq, r.body())


def check_known(b, problems):
    text = open(KNOWN).read()
    p = Page(b, text, problems, "known trace")
    try:
        tr = p.tracks()
        if [t["name"] for t in tr] != ["CPU 0", "CPU 1"]:
            p.fail("lanes %s, expected CPU 0 and CPU 1" % [t["name"] for t in tr])
            return
        want = [[2, 8, 2], [6, 11]]     # see the comment in timeline-known.log
        got = [[r["n"] for r in t["rows"]] for t in tr]
        if got != want:
            p.fail("slices per lane and depth %s, expected %s" % (got, want))
        if p.ev("glasswingTimeline.flows()") != 2:
            p.fail("%s arrows, expected 2" % p.ev("glasswingTimeline.flows()"))
        # What the canvas shows: arrows off (a real click), then one run of
        # slice pixels per slice along the middle of each row.
        p.click("#show-flows")
        runs = p.ev(RUNS_JS)
        if runs != want:
            p.fail("slices counted in the canvas's pixels %s, expected %s" % (runs, want))
        p.click("#show-flows")
        # Colours: env 1001's two runs alike, env 1000's another.
        rows = slices_by_track(p.doc)
        cpu1 = rows[2][0]

        def colour(t, s, depth=0):
            x = round(p.x_of((s["ts"] + s["end"]) / 2))
            y = round(t["rows"][depth]["y"] + 3)
            return p.ev("Array.from(document.getElementById('canvas').getContext('2d')"
                        ".getImageData(%d, %d, 1, 1).data.slice(0, 3))" % (x, y))
        a, b1, b2 = colour(tr[0], rows[1][0][1]), colour(tr[1], cpu1[2]), colour(tr[1], cpu1[4])
        if b1 != b2 or a == b1:
            p.fail("env colours: 1000 %s, 1001 %s and %s (1001 twice alike, 1000 apart)" % (a, b1, b2))
        # The hover card of a context slice, of a wait slice, of an instant.
        s = cpu1[4]
        card = p.hover((s["ts"] + s["end"]) / 2, tr[1]["rows"][0]["y"] + 8)
        for want_text in ("known:00001001", "begins " + record_text(text, 31),
                          "ends SEQ 39 cpu_idle prev=00001001 prev_state=free"):
            if not card or want_text not in " ".join(card["text"].split()):
                p.fail("hover on known:00001001: the card %r lacks %r" % (card, want_text))
        if card and card["seq"] != "31":
            p.fail("hover card of SEQ 31 says seq %s" % card["seq"])
        w = next(s for s in rows[1][1] if s["name"] == "wait kernel_lock")
        card = p.hover((w["ts"] + w["end"]) / 2, tr[0]["rows"][1]["y"] + 4)
        if not card or card["seq"] != "41" or record_text(text, 41) not in " ".join(card["text"].split()):
            p.fail("hover on the wait slice: card %r, expected SEQ 41" % card)
        block = next(ev for ev in p.doc["traceEvents"] if ev["ph"] == "i" and ev["args"]["seq"] == 22)
        card = p.hover(block["ts"], tr[1]["markY"])
        if not card or card["seq"] != "22" or record_text(text, 22) not in card["text"]:
            p.fail("hover on the ipc_block instant: card %r, expected %r" % (card, record_text(text, 22)))
        # Search: typed into the box. Env 1001: its 2 contexts, the kernel
        # slices begun by records naming it (19, 23, 31, 39) and its marks
        # (create 11, block 22, wake 26, send 27, free 38).
        p.click("#search")
        b.type_text("1001")
        b.frame()
        said = p.ev("document.getElementById('matches').textContent")
        if said != "11 matches":
            p.fail("search 1001 says %r, expected '11 matches'" % said)
        b.key("Enter", "Enter", "\r")
        b.frame()
        v = p.ev("glasswingTimeline.view()")
        create = next(ev for ev in p.doc["traceEvents"] if ev["ph"] == "i" and ev["args"]["seq"] == 11)
        if not v["t0"] < create["ts"] < v["t1"] or \
                p.ev("document.getElementById('matches').textContent") != "1 of 11 matches":
            p.fail("Enter does not go to the first match (SEQ 11 at %s; view %s)" % (create["ts"], v))
        p.ev("(() => { const s = document.getElementById('search'); s.select(); })()")
        b.type_text("ipc_block")
        b.frame()
        if p.ev("document.getElementById('matches').textContent") != "1 match":
            p.fail("search ipc_block: %r" % p.ev("document.getElementById('matches').textContent"))
        # Zoom at the pointer with the wheel, pan by dragging, fit with 0.
        p.click("#fit")
        o, v0 = p.canvas_origin(), p.ev("glasswingTimeline.view()")
        x, y = o["x"] + 600, o["y"] + tr[0]["rows"][0]["y"] + 5
        at = p.ev("glasswingTimeline.tOf(600)")
        b.wheel(x, y, -400)
        b.frame()
        v1 = p.ev("glasswingTimeline.view()")
        if not (v1["t1"] - v1["t0"]) < 0.7 * (v0["t1"] - v0["t0"]) or \
                abs(p.ev("glasswingTimeline.tOf(600)") - at) > 0.01 * (v0["t1"] - v0["t0"]):
            p.fail("the wheel does not zoom at the pointer: %s -> %s" % (v0, v1))
        b.call("Input.dispatchMouseEvent", {"type": "mousePressed", "x": x, "y": y, "button": "left",
                                            "clickCount": 1}, session=True)
        for dx in (-30, -60, -100):
            b.call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x + dx, "y": y,
                                                "button": "left", "buttons": 1}, session=True)
        b.call("Input.dispatchMouseEvent", {"type": "mouseReleased", "x": x - 100, "y": y,
                                            "button": "left", "clickCount": 1}, session=True)
        b.frame()
        v2 = p.ev("glasswingTimeline.view()")
        moved = (v2["t0"] - v1["t0"]) / ((v1["t1"] - v1["t0"]) / (WIDTH - 128 - 12))
        if not 90 < moved < 110:
            p.fail("dragging 100 px left moved the view by %.1f px" % moved)
        p.click("#canvas")          # the drag's click pinned nothing; the key goes to the page
        b.key("0", "Digit0", "0")
        b.frame()
        v3 = p.ev("glasswingTimeline.view()")
        if abs((v3["t1"] - v3["t0"]) - (v0["t1"] - v0["t0"])) > 1e-6:
            p.fail("key 0 does not fit the whole run: %s, fit was %s" % (v3, v0))
        p.quiet()
    finally:
        p.close()
    # A failed check's page: the banner, the view around the record, its mark.
    fails = ["ipc: a made-up failure\n    seq 22 cpu1 ipc_block env=00001001 dstva=eec00000"]
    p = Page(b, text, problems, "known trace, failed", timeline.failure_seqs(fails), fails)
    try:
        banner = p.ev("(() => { const f = document.getElementById('failure');"
                      " return f.hidden ? null : f.innerText; })()")
        if not banner or "SEQ 22" not in banner or "a made-up failure" not in banner:
            p.fail("the failure banner says %r" % banner)
        mark = p.doc["otherData"]["glasswing"]["marks"][0]
        v = p.ev("glasswingTimeline.view()")
        if not v["t0"] < mark["ts"] < v["t1"]:
            p.fail("the view %s does not show the offending record at %s" % (v, mark["ts"]))
        tr = p.tracks()
        x, y = round(p.x_of(mark["ts"])), round(tr[1]["rows"][0]["y"] + 10)
        px = p.ev("Array.from(document.getElementById('canvas').getContext('2d')"
                  ".getImageData(%d, %d, 1, 1).data.slice(0, 3))" % (x, y))
        if not (px[0] > 180 and px[1] < 80 and px[2] < 80):
            p.fail("no red mark at SEQ 22 (pixel %s at %d,%d)" % (px, x, y))
        p.quiet()
    finally:
        p.close()


def check_odd(b, problems):
    """Pages of odd traces load quietly and show the exporter's notes."""
    known = open(KNOWN).read()
    cases = [("an empty trace", "", "no glasswing-trace header"),
             ("a trace with an unknown event", known.replace(
                 "22 1 7100 ipc_block", "22 1 7100 ipc_blocked"), "'ipc_blocked' is not in the"),
             ("a cut trace", known[:known.index("30 1 9050")] + "30 1 90", "cut off")]
    for label, text, said in cases:
        p = Page(b, text, problems, label)
        try:
            notes = p.ev("(() => { const n = document.getElementById('notes');"
                         " return n.hidden ? '' : n.innerText; })()")
            if said not in notes:
                p.fail("the page's notes %r do not say %r" % (notes, said))
            p.b.mouse_move(400, 300)     # hover and draw over whatever is there
            p.b.frame()
            p.quiet()
        finally:
            p.close()


def check_real(b, rundir, problems):
    text = open(os.path.join(rundir, "trace.log")).read()
    cpus = int(trace_records.parse_log(text).header.get("cpus", "0"))
    p = Page(b, text, problems, "the run in %s" % rundir)
    try:
        tr = p.tracks()
        if [t["name"] for t in tr] != ["CPU %d" % c for c in range(cpus)]:
            p.fail("lanes %s for %d CPUs" % ([t["name"] for t in tr], cpus))
        rows = slices_by_track(p.doc)
        want = {tid: [len(r) for r in rs] for tid, rs in rows.items()}
        got = {t["tid"]: [r["n"] for r in t["rows"]] for t in tr}
        if got != want:
            p.fail("slices per lane and depth %s, trace.json has %s" % (got, want))
        pairs = len({(ev["cat"], ev["id"]) for ev in p.doc["traceEvents"] if ev["ph"] == "f"})
        if p.ev("glasswingTimeline.flows()") != pairs:
            p.fail("%s arrows drawn, trace.json pairs %d" % (p.ev("glasswingTimeline.flows()"), pairs))
        drawn = p.ev("glasswingTimeline.stats()")["slices"]
        for t in tr:
            if not drawn[str(t["tid"])][0]:
                p.fail("%s: no context slice drawn" % t["name"])
        # The hover card of the longest env slice of the busiest lane.
        busiest = max(tr, key=lambda t: t["rows"][0]["n"] if t["rows"] else 0)
        envs = [s for s in rows[busiest["tid"]][0] if ":" in s["name"]]
        if envs:
            s = max(envs, key=lambda s: s["end"] - s["ts"])
            card = p.hover((s["ts"] + s["end"]) / 2, busiest["rows"][0]["y"] + 8)
            want_text = record_text(text, s["args"]["seq"])
            if not card or card["seq"] != str(s["args"]["seq"]) or want_text not in " ".join(card["text"].split()):
                p.fail("hover on %s: card %r, expected %r" % (s["name"], card, want_text))
        p.quiet()
    finally:
        p.close()


def large_trace(text, least=30000):
    """The run's records, again and again later in time, renumbered, to
    at least @least records."""
    tr = trace_records.parse_log(text)
    head = [l for l in text.splitlines() if l.startswith("#")]
    recs = tr.records
    if not recs:
        return None
    span = max(r.tsc for r in recs) - min(r.tsc for r in recs) + 1000
    out, seq, k = list(head), 0, 0
    while seq < least:
        for r in recs:
            out.append("%d %d %d %s" % (seq, r.cpu, r.tsc + k * span, r.body()))
            seq += 1
        k += 1
    return "\n".join(out) + "\n"


def one_per_column(p):
    """The page's promise for a trace too dense to show every slice: at
    most one rectangle per pixel column in each row of each lane."""
    stats = p.ev("glasswingTimeline.stats()")["slices"]
    width = WIDTH - 128 - 12
    for t in p.tracks():
        for d, n in enumerate(stats[str(t["tid"])]):
            if n > width + 2:
                p.fail("%s depth %d: %d rectangles for %d pixel columns" % (t["name"], d, n, width))


def uneven_trace(text):
    """The run's records 20 times over with made-up, very uneven gaps
    between them (a fixed pseudo-random draw, from 1 to 2,000 ticks), so
    that slices of about one pixel, wider and narrower, mix as under
    QEMU's host TSC -- where the page once drew more rectangles than a row
    has columns. Bochs' even clock does not make them."""
    tr = trace_records.parse_log(text)
    head = [l for l in text.splitlines() if l.startswith("#")]
    draw = random.Random(4)
    out, seq, tsc = list(head), 0, tr.records[0].tsc if tr.records else 0
    for _ in range(20):
        for r in tr.records:
            tsc += draw.choice((1, 2, 5, 30, 300, 2000))
            out.append("%d %d %d %s" % (seq, r.cpu, tsc, r.body()))
            seq += 1
    return "\n".join(out) + "\n"


def check_uneven(b, rundir, problems):
    text = uneven_trace(open(os.path.join(rundir, "trace.log")).read())
    p = Page(b, text, problems, "uneven-timing trace")
    try:
        one_per_column(p)
        p.quiet()
    finally:
        p.close()


def check_large(b, rundir, problems):
    text = large_trace(open(os.path.join(rundir, "trace.log")).read())
    if text is None:
        problems.append("large trace: the run has no records")
        return
    p = Page(b, text, problems, "30,000-record trace")
    try:
        nav = p.ev("(() => { const n = performance.getEntriesByType('navigation')[0];"
                   " return {load: n.loadEventEnd - n.startTime}; })()")
        script_ms = p.ev("glasswingTimeline.loadMs")
        one_per_column(p)
        records = len(text.splitlines()) - len([l for l in text.splitlines() if l.startswith("#")])
        size = os.path.getsize(os.path.join(p.dir, "timeline.html"))
        with open(os.path.join(rundir, "timeline-large.txt"), "w") as f:
            f.write("records %d\nexport %.2f s\npage %.1f MB\nopen (navigate to load event) %.2f s\n"
                    "load event after navigation start %.0f ms\npage script %.0f ms\n"
                    % (records, p.export_s, size / 1e6, p.open_s, nav["load"], script_ms))
        p.quiet()
    finally:
        p.close()


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: timeline_page.py RUNDIR")
    problems = []
    try:
        with browser.Browser(WIDTH, HEIGHT) as b:
            for check in (check_known, check_odd, check_real, check_uneven, check_large):
                try:
                    if check in (check_known, check_odd):
                        check(b, problems)
                    else:
                        check(b, sys.argv[1], problems)
                except browser.BrowserError as e:
                    problems.append("%s: the browser: %s" % (check.__name__, e))
    except browser.BrowserError as e:
        problems.append("cannot start the browser: %s" % e)
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
