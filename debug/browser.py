"""Headless Chromium, driven over the DevTools protocol on a pipe.

Standard library only: Chromium is started with --remote-debugging-pipe,
reads protocol commands (JSON, each ended by a NUL byte) on its fd 3 and
writes replies and events on its fd 4. No port is opened, no websocket is
needed, and nothing but Debian's `chromium` package (debug/install-deps.sh)
is used. The test of timeline.html (debug/tests/timeline_page.py) and
`make timeline-screenshots` (debug/timeline-screenshots.py) use it:

    with Browser(width=1200, height=800) as b:
        b.open("file:///.../timeline.html")
        b.evaluate("document.title")
        b.mouse_move(300, 120)
        b.screenshot("out.png")

Everything the page says on its console at level error, every uncaught
exception and every request for anything but the page itself (file: and
data: URLs) is collected in .errors and .requests: the page must work
offline and quietly.
"""
import base64
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time

# The browser itself, not Debian's wrapper script (which adds flags of its
# own, extensions among them); the wrapper where the layout differs.
CANDIDATES = ("/usr/lib/chromium/chromium", "chromium")

# Headless and quiet: no sandbox (the page is our own file, and root cannot
# have one), no GPU, and none of the background connections that a closed
# network refuses by the dozen.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-default-apps", "--disable-extensions", "--mute-audio",
         "--hide-scrollbars", "--force-device-scale-factor=1",
         "--remote-debugging-pipe"]


class BrowserError(Exception):
    """The browser could not be started, or did not answer in time."""


def executable():
    """The Chromium binary, or None when it is not installed."""
    for cand in CANDIDATES:
        path = cand if os.path.isabs(cand) else shutil.which(cand)
        if path and os.access(path, os.X_OK):
            return path
    return None


class Browser:
    """One headless Chromium with one page (a target attached in flat mode)."""

    def __init__(self, width=1200, height=800, timeout=30.0):
        exe = executable()
        if exe is None:
            raise BrowserError("no chromium: `make deps` installs Debian's chromium package")
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="glasswing-chromium-")
        self.errors, self.requests = [], []
        self.events = []
        self._buf = b""
        self._id = 0
        cmd_r, self._cmd_w = os.pipe()      # we write, Chromium reads on fd 3
        self._out_r, out_w = os.pipe()      # Chromium writes on fd 4

        def fds():
            # In the child, before the descriptors not in pass_fds are
            # closed: the pipe ends become 3 and 4 (by way of fds above
            # both, so that neither overwrites the other).
            high_r = fcntl.fcntl(cmd_r, fcntl.F_DUPFD, 10)
            high_w = fcntl.fcntl(out_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)
        # Its chatter goes to a file: a pipe nobody reads would fill and
        # stop the browser.
        self.log_path = os.path.join(self.profile, "chromium.log")
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [exe] + FLAGS + ["--user-data-dir=" + os.path.join(self.profile, "profile"),
                                 "--window-size=%d,%d" % (width, height), "about:blank"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                pass_fds=(3, 4), preexec_fn=fds, start_new_session=True)
        os.close(cmd_r)
        os.close(out_w)
        try:
            target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            self.session = self.call("Target.attachToTarget",
                                     {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Page", "Runtime", "Log", "Network"):
                self.call(domain + ".enable", session=True)
            self.resize(width, height)
        except BaseException:
            self.close()
            raise

    # ------------------------------------------------------------ protocol

    def _read_message(self, deadline):
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("chromium did not answer within %.0f s%s" % (self.timeout, self._stderr()))
            ready, _, _ = select.select([self._out_r], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._out_r, 1 << 20)
            if not chunk:
                raise BrowserError("chromium exited%s" % self._stderr())
            self._buf += chunk
        msg, _, self._buf = self._buf.partition(b"\0")
        return json.loads(msg)

    def _stderr(self):
        if self.proc.poll() is None:
            return ""
        try:
            with open(self.log_path, errors="replace") as f:
                tail = f.read().strip().splitlines()[-5:]
        except OSError:
            tail = []
        return (": " + " | ".join(tail)) if tail else ""

    def _note(self, msg):
        """Keep what the page says: errors, requests, other events."""
        method, p = msg.get("method"), msg.get("params", {})
        if method == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            self.errors.append("exception: %s %s" % (d.get("text", ""),
                                                     d.get("exception", {}).get("description", "")))
        elif method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            self.errors.append("console.%s: %s" % (p["type"], " ".join(
                str(a.get("value", a.get("description", ""))) for a in p.get("args", []))))
        elif method == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            self.errors.append("log: %s %s" % (p["entry"].get("text", ""), p["entry"].get("url", "")))
        elif method == "Network.requestWillBeSent":
            url = p.get("request", {}).get("url", "")
            if not url.startswith(("file:", "data:", "about:")):
                self.requests.append(url)
        self.events.append(msg)

    def call(self, method, params=None, session=False):
        """Send one command; its result (BrowserError on a protocol error)."""
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = self.session
        os.write(self._cmd_w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise BrowserError("%s: %s" % (method, reply["error"].get("message")))
                return reply.get("result", {})
            self._note(reply)

    def wait_for(self, method, deadline_s=None):
        """Wait for the next event @method of the page; returns its params."""
        for i, msg in enumerate(self.events):
            if msg.get("method") == method:
                del self.events[i]
                return msg.get("params", {})
        deadline = time.monotonic() + (deadline_s or self.timeout)
        while True:
            msg = self._read_message(deadline)
            if msg.get("method") == method:
                return msg.get("params", {})
            self._note(msg)

    # ----------------------------------------------------------- the page

    def open(self, url):
        """Load @url and wait for its load event."""
        self.events = [m for m in self.events if m.get("method") != "Page.loadEventFired"]
        res = self.call("Page.navigate", {"url": url}, session=True)
        if res.get("errorText"):
            raise BrowserError("cannot open %s: %s" % (url, res["errorText"]))
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression):
        """The value of a JavaScript expression in the page (JSON-able)."""
        res = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                             "awaitPromise": True}, session=True)
        if "exceptionDetails" in res:
            d = res["exceptionDetails"]
            raise BrowserError("evaluate %r: %s" % (expression[:80], d.get("exception", {}).get(
                "description", d.get("text"))))
        return res.get("result", {}).get("value")

    def frame(self):
        """Wait until the page has drawn a frame (two animation frames)."""
        self.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(1))))")

    def mouse_move(self, x, y):
        """A real pointer move (through the browser's input pipeline)."""
        self.call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y}, session=True)

    def click(self, x, y):
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left",
                                                   "clickCount": 1}, session=True)

    def wheel(self, x, y, delta_y, delta_x=0):
        self.call("Input.dispatchMouseEvent", {"type": "mouseWheel", "x": x, "y": y,
                                               "deltaX": delta_x, "deltaY": delta_y}, session=True)

    def type_text(self, text):
        """Text typed into the focused element."""
        self.call("Input.insertText", {"text": text}, session=True)

    def key(self, key, code=None, text=None):
        params = {"type": "keyDown", "key": key, "code": code or key}
        if text:
            params["text"] = text
        self.call("Input.dispatchKeyEvent", params, session=True)
        self.call("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "code": code or key},
                  session=True)

    def resize(self, width, height):
        """The page's viewport, in CSS pixels (one device pixel each)."""
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": int(width), "height": int(height), "deviceScaleFactor": 1,
                   "mobile": False}, session=True)

    def screenshot(self, path, height=None):
        """A PNG of the page (its whole height, or @height pixels)."""
        if height is None:
            height = self.evaluate("document.documentElement.scrollHeight")
        self.resize(self.evaluate("document.documentElement.clientWidth"), height)
        self.frame()
        data = self.call("Page.captureScreenshot", {"format": "png"}, session=True)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    # ------------------------------------------------------------- the end

    def close(self):
        """Stop the browser (politely, then by signal) and remove its profile."""
        if self.proc.poll() is None:
            try:
                os.write(self._cmd_w, json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        for fd in (self._cmd_w, self._out_r):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
