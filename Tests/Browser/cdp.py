"""A small Chrome DevTools Protocol client: starts Debian's headless Chromium and drives pages.

Only what the browser suite needs: isolated browser contexts (separate storage, like separate
people), pages in them, script evaluation, console and WebSocket events, screenshots. Every wait
is for a condition with a deadline, never a fixed sleep.
"""
import base64
import itertools
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time

import websocket


class BrowserError(Exception):
    """A DevTools command failed, a page threw, or a condition was not met in time."""


class Chromium:
    """A headless Chromium process and its DevTools connection."""

    def __init__(self, binary=None, timeout=60.0):
        self.binary = binary or shutil.which("chromium") or shutil.which("chromium-browser")
        if not self.binary:
            raise BrowserError("chromium is not installed (scripts/test installs Debian's chromium)")
        self.profile = tempfile.mkdtemp(prefix="vantahire-chromium.")
        self.process = subprocess.Popen(
            [self.binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--mute-audio",
             "--autoplay-policy=no-user-gesture-required", "--remote-debugging-port=0",
             f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.monotonic() + timeout
        while not os.path.exists(port_file) or len(open(port_file).read().splitlines()) < 2:
            if self.process.poll() is not None:
                raise BrowserError("chromium exited: " + self.process.stderr.read().decode(errors="replace")[-2000:])
            if time.monotonic() > deadline:
                raise BrowserError("chromium did not open its DevTools port")
            time.sleep(0.05)
        port, path = open(port_file).read().splitlines()[:2]
        self.socket = websocket.create_connection(f"ws://127.0.0.1:{port}{path}", timeout=timeout, suppress_origin=True)
        self.socket.settimeout(None)
        self.ids = itertools.count(1)
        self.pending = {}
        self.lock = threading.Lock()
        self.events = {}
        self.closed = False
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            try:
                message = json.loads(self.socket.recv())
            except Exception:  # the browser went away: fail every waiter
                with self.lock:
                    self.closed = True
                    for waiter in self.pending.values():
                        waiter.put({"error": {"message": "DevTools connection closed"}})
                return
            if "id" in message:
                with self.lock:
                    waiter = self.pending.pop(message["id"], None)
                if waiter:
                    waiter.put(message)
            else:
                with self.lock:
                    self.events.setdefault(message.get("sessionId"), []).append(message)

    def send(self, method, params=None, session=None, timeout=60.0):
        """Runs one DevTools command and returns its result (raises on error)."""
        number = next(self.ids)
        waiter = queue.Queue()
        with self.lock:
            if self.closed:
                raise BrowserError("DevTools connection closed")
            self.pending[number] = waiter
        message = {"id": number, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.socket.send(json.dumps(message))
        try:
            answer = waiter.get(timeout=timeout)
        except queue.Empty:
            raise BrowserError(f"{method} got no answer in {timeout} s")
        if "error" in answer:
            raise BrowserError(f"{method}: {answer['error'].get('message')}")
        return answer.get("result", {})

    def events_for(self, session, method):
        with self.lock:
            return [event["params"] for event in self.events.get(session, []) if event.get("method") == method]

    def new_page(self, name, before_load=None):
        """A page in a fresh browser context (its own cookies and localStorage)."""
        context = self.send("Target.createBrowserContext")["browserContextId"]
        target = self.send("Target.createTarget", {"url": "about:blank", "browserContextId": context})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, name, session)
        for domain in ("Page", "Runtime", "Network"):
            self.send(f"{domain}.enable", session=session)
        if before_load:
            self.send("Page.addScriptToEvaluateOnNewDocument", {"source": before_load}, session=session)
        return page

    def close(self):
        try:
            self.socket.close()
        except Exception:
            pass
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    """One tab: navigate, evaluate, wait for conditions, read what the page logged."""

    def __init__(self, browser, name, session):
        self.browser, self.name, self.session = browser, name, session

    def navigate(self, url, ready="document.readyState === 'complete'", timeout=30.0):
        self.browser.send("Page.navigate", {"url": url}, session=self.session)
        self.wait_for(ready, timeout=timeout, what=f"{url} to load")

    def evaluate(self, expression, timeout=60.0):
        """The JSON value of `expression` (awaited when it is a promise); raises what the page threw."""
        result = self.browser.send("Runtime.evaluate", {
            "expression": expression, "awaitPromise": True, "returnByValue": True,
            "timeout": int(timeout * 1000)}, session=self.session, timeout=timeout + 5)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"[{self.name}] {expression[:80]!r} threw: {text}")
        return result.get("result", {}).get("value")

    def wait_for(self, expression, timeout=30.0, what=None):
        """Polls `expression` until it is truthy; returns its value."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                last = self.evaluate(expression, timeout=10)
            except BrowserError as error:
                last = str(error)
            else:
                if last:
                    return last
            time.sleep(0.05)
        raise BrowserError(f"[{self.name}] waited {timeout} s for {what or expression} (last: {last!r})\n{self.log()}")

    def log(self):
        lines = []
        for call in self.browser.events_for(self.session, "Runtime.consoleAPICalled"):
            values = [str(arg.get("value", arg.get("description", ""))) for arg in call.get("args", [])]
            lines.append(f"console.{call.get('type')}: " + " ".join(values))
        for thrown in self.browser.events_for(self.session, "Runtime.exceptionThrown"):
            details = thrown.get("exceptionDetails", {})
            lines.append("uncaught: " + (details.get("exception", {}).get("description") or details.get("text", "")))
        return "\n".join(f"  [{self.name}] {line}" for line in lines[-40:])

    def websockets_opened(self):
        """URLs of every WebSocket the page opened."""
        return [event["url"] for event in self.browser.events_for(self.session, "Network.webSocketCreated")]

    def screenshot(self, path):
        data = self.browser.send("Page.captureScreenshot", {"format": "png"}, session=self.session)["data"]
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))
