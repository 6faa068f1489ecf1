"""The web app against the platform in a real headless Chromium.

The page is served from its own origin (http://localhost:PAGE_PORT) while the API is
http://127.0.0.1:API_PORT — another origin and another site, as the web app and the API are
deployed. It runs the web app's `api.ts` and `useSocket.ts` (Tests/Browser/webapp/src, which
differ from the old plan's files in webapp/original only by the README's "Frontend changes"),
transpiled one file at a time like Vite does, with the real socket.io-client and React browser
builds.

Environment:
  API_URL                 the API's base URL (http://127.0.0.1:PORT)
  PAGE_PORT               the port to serve the page on (FRONTEND_URL is http://localhost:PAGE_PORT)
  BREVO_WEBHOOK_SECRET    to post Brevo's delivery webhook
  WHATSAPP_APP_SECRET     to sign WhatsApp's delivery webhook
  ARTIFACTS               optional folder for screenshots
  SCENARIO                "voice": only the candidate's clip-mode voice turn (the API relays the
                          voice socket to a voice process); otherwise the recruiter's web app

Prints "ok - <step>" per step; on the first failure "not ok - <step>: <why>" and exits 1.
"""
import difflib
import functools
import hashlib
import hmac
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import requests

from cdp import BrowserError, Chromium

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WEBAPP = os.path.join(HERE, "webapp")
API_URL = os.environ["API_URL"].rstrip("/")
PAGE_PORT = int(os.environ["PAGE_PORT"])
PAGE_URL = f"http://localhost:{PAGE_PORT}/"
ARTIFACTS = os.environ.get("ARTIFACTS")
PASSWORD = "a long password 123"


class StepFailed(Exception):
    pass


def step(name):
    def wrap(function):
        @functools.wraps(function)
        def run(*args, **kwargs):
            started = time.monotonic()
            try:
                value = function(*args, **kwargs)
            except (BrowserError, AssertionError, requests.RequestException, subprocess.CalledProcessError) as error:
                raise StepFailed(f"{name}: {error}") from error
            print(f"ok - {name} ({time.monotonic() - started:.1f} s)", flush=True)
            return value
        return run
    return wrap


# MARK: the web app, built like Vite builds it

def changed_lines(original, changed):
    return [line for line in difflib.unified_diff(original.splitlines(), changed.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@step("the web app's sources differ from the old plan's only by the README's \"Frontend changes\"")
def check_frontend_changes():
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    section = re.search(r"^## Frontend changes\n(.*?)(?=^## )", readme, re.S | re.M)
    assert section, "README.md has no '## Frontend changes' section"
    # Diff blocks may sit in a list item (indented up to three spaces).
    documented = set(re.sub(r"^ {1,3}(?=[-+])", "", line.rstrip()) for line in section.group(1).splitlines())
    total = 0
    for original, changed in [("original/api.ts", "src/lib/api.ts"), ("original/useSocket.ts", "src/hooks/useSocket.ts")]:
        lines = changed_lines(open(os.path.join(WEBAPP, original)).read(), open(os.path.join(WEBAPP, changed)).read())
        for line in lines:
            assert line.rstrip() in documented, f"{changed}: '{line}' is not in the README's Frontend changes"
        total += len(lines)
    assert total > 0, "no change at all: the suite would not prove the README's list"


@step("transpile api.ts and useSocket.ts (TypeScript, one module at a time, VITE_API_URL defined)")
def build_webapp(out):
    shutil.copytree(WEBAPP, out, dirs_exist_ok=True, ignore=shutil.ignore_patterns("original", "src"))
    script = """
const ts = require('typescript'); const fs = require('fs'); const path = require('path');
const [src, out, apiURL] = process.argv.slice(1);
for (const file of ['lib/api.ts', 'hooks/useSocket.ts']) {
  const source = fs.readFileSync(path.join(src, file), 'utf8');
  const result = ts.transpileModule(source, { fileName: file, reportDiagnostics: true, compilerOptions: {
    module: ts.ModuleKind.ES2020, target: ts.ScriptTarget.ES2020 } });
  if (result.diagnostics.length) { console.error(file, result.diagnostics.map(d => d.messageText)); process.exit(1); }
  const text = result.outputText.split('import.meta.env.VITE_API_URL').join(JSON.stringify(apiURL));
  const target = path.join(out, 'build', file.replace(/\\.ts$/, '.js'));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
}
"""
    env = dict(os.environ, NODE_PATH="/usr/share/nodejs:/usr/lib/nodejs:" + os.environ.get("NODE_PATH", ""))
    subprocess.run(["node", "-e", script, os.path.join(WEBAPP, "src"), out, API_URL], check=True, env=env,
                   capture_output=True, text=True)
    built = open(os.path.join(out, "build/hooks/useSocket.js")).read()
    assert "import.meta" not in built and API_URL in built, built


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript"}

    def log_message(self, *args):
        pass


def serve(folder):
    handler = functools.partial(QuietHandler, directory=folder)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", PAGE_PORT), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# MARK: helpers

def open_app(browser, name, before_load=None):
    page = browser.new_page(name, before_load=before_load)
    page.navigate(PAGE_URL, ready="window.vh && window.vh.ready === true")
    return page


def rest(token, method, path, **kwargs):
    response = requests.request(method, API_URL + path, headers={"Authorization": f"Bearer {token}"}, timeout=30, **kwargs)
    assert response.ok, f"{method} {path}: {response.status_code} {response.text}"
    return response.json()


def wait_rest(token, path, predicate, what, timeout=30.0):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = rest(token, "GET", path)
        if predicate(last):
            return last
        time.sleep(0.1)
    raise AssertionError(f"waited {timeout} s for {what}; last {path}: {last}")


def post_delivery_webhooks(token, interview_id):
    """Brevo's and WhatsApp's `delivered` callbacks for the interview's invites, as the providers
    send them (message ids from the recruiter's delivery records)."""
    records = wait_rest(token, f"/interviews/{interview_id}/deliveries",
                        lambda rows: rows and all(row.get("messageId") for row in rows), "message ids on the delivery records")
    for record in records:
        if record["channel"] == "email":
            body = {"event": "delivered", "email": "candidate@example.com", "message-id": f"<{record['messageId']}>",
                    "ts_epoch": int(time.time() * 1000)}
            answer = requests.post(f"{API_URL}/webhooks/brevo", params={"secret": os.environ["BREVO_WEBHOOK_SECRET"]},
                                   json=body, timeout=30)
        else:
            body = json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
                "messaging_product": "whatsapp", "statuses": [{"id": record["messageId"], "status": "delivered",
                                                               "timestamp": str(int(time.time())), "recipient_id": "15551234567"}]}}]}]}).encode()
            signature = hmac.new(os.environ["WHATSAPP_APP_SECRET"].encode(), body, hashlib.sha256).hexdigest()
            answer = requests.post(f"{API_URL}/webhooks/whatsapp", data=body, timeout=30,
                                   headers={"Content-Type": "application/json", "X-Hub-Signature-256": f"sha256={signature}"})
        assert answer.status_code == 200, f"{record['channel']} webhook: {answer.status_code} {answer.text}"
        assert answer.json().get("updated") == 1, f"{record['channel']} webhook changed nothing: {answer.text}"


def shot(page, name):
    if ARTIFACTS:
        os.makedirs(ARTIFACTS, exist_ok=True)
        page.screenshot(os.path.join(ARTIFACTS, f"{name}.png"))


# MARK: the scenario

def main():
    if os.environ.get("SCENARIO") == "voice":
        return voice_main()
    check_frontend_changes()
    folder = tempfile.mkdtemp(prefix="vantahire-webapp.")
    build_webapp(folder)
    server = serve(folder)
    browser = Chromium()
    suffix = uuid.uuid4().hex[:8]
    state = {}
    try:
        alice = open_app(browser, "alice")
        bob = open_app(browser, "bob")

        @step("sign up in the browser; the socket connects with the session token (no cookie) and joins")
        def sign_up_and_connect():
            answer = alice.evaluate(f"vh.api.signUp('alice-{suffix}@example.com', {json.dumps(PASSWORD)})")
            state["alice"] = answer["user"]["id"]
            state["alice_token"] = alice.evaluate("localStorage.getItem('token')")
            assert state["alice_token"], "no token stored"
            cookies = browser.send("Network.getCookies", {"urls": [API_URL]}, session=alice.session)["cookies"]
            assert cookies == [], f"a cross-origin fetch without credentials stored cookies: {cookies}"
            alice.evaluate(f"vh.follow({json.dumps(state['alice'])})")
            alice.wait_for("vh.connection() === 'connected'", what="the dashboard to show 'connected'")
        sign_up_and_connect()

        @step("a second recruiter following the first one's id is connected but joins nothing")
        def intruder():
            answer = bob.evaluate(f"vh.api.signUp('bob-{suffix}@example.com', {json.dumps(PASSWORD)})")
            assert answer["user"]["id"] != state["alice"]
            bob.evaluate(f"vh.follow({json.dumps(state['alice'])})")
            bob.wait_for("vh.connection() === 'connected'", what="bob's dashboard to connect")
        intruder()

        @step("create an interview with an email and a WhatsApp invite; the list holds it under the same id")
        def create():
            created = alice.evaluate("vh.api.createInterview({candidateEmail: 'candidate@example.com', candidateName: 'Casey',"
                                     " candidatePhone: '+15551234567', invites: ['email', 'whatsapp']})")
            state["interview"] = created["id"]
            assert created["id"] == created["id"].lower(), created["id"]
            listed = alice.evaluate("vh.api.getInterviews()")
            assert isinstance(listed, list) and [row["id"] for row in listed] == [created["id"]], listed
        create()

        @step("email:status and whatsapp:status SENT appear on the dashboard under the REST id")
        def sent():
            interview = json.dumps(state["interview"])
            alice.wait_for(f"vh.status({interview}, 'email') === 'SENT' || vh.status({interview}, 'email') === 'DELIVERED'",
                           what="email SENT on the dashboard")
            alice.wait_for(f"vh.status({interview}, 'whatsapp') === 'SENT' || vh.status({interview}, 'whatsapp') === 'DELIVERED'",
                           what="whatsapp SENT on the dashboard")
        sent()

        @step("the providers' delivered webhooks turn both into DELIVERED")
        def delivered():
            post_delivery_webhooks(state["alice_token"], state["interview"])
            interview = json.dumps(state["interview"])
            alice.wait_for(f"vh.status({interview}, 'email') === 'DELIVERED'", what="email DELIVERED on the dashboard")
            alice.wait_for(f"vh.status({interview}, 'whatsapp') === 'DELIVERED'", what="whatsapp DELIVERED on the dashboard")
            shot(alice, "dashboard-delivered")
        delivered()

        @step("the second recruiter saw nothing")
        def saw_nothing():
            shown = bob.evaluate("vh.shownInterviews()")
            assert shown == [], f"bob's dashboard shows {shown}"
            assert bob.evaluate("window.__sockets.length === 1 && window.__sockets[0].connected"), "bob's socket is not connected"
        saw_nothing()

        polling = open_app(browser, "alice-polling", before_load="delete window.WebSocket;")

        @step("long-polling alone (no WebSocket in the browser): sign in, connect, SENT and DELIVERED arrive")
        def long_polling():
            polling.evaluate(f"vh.api.signIn('alice-{suffix}@example.com', {json.dumps(PASSWORD)})")
            polling.evaluate(f"vh.follow({json.dumps(state['alice'])})")
            polling.wait_for("vh.connection() === 'connected'", what="the polling dashboard to connect")
            created = polling.evaluate("vh.api.createInterview({candidateEmail: 'candidate@example.com', invites: ['email']})")
            state["second"] = created["id"]
            interview = json.dumps(created["id"])
            polling.wait_for(f"['SENT', 'DELIVERED'].includes(vh.status({interview}, 'email'))", what="email SENT over polling")
            post_delivery_webhooks(polling.evaluate("localStorage.getItem('token')"), created["id"])
            polling.wait_for(f"vh.status({interview}, 'email') === 'DELIVERED'", what="email DELIVERED over polling")
            assert polling.websockets_opened() == [], f"opened WebSockets: {polling.websockets_opened()}"
            assert polling.evaluate("window.__sockets[0].io.engine.transport.name") == "polling"
        long_polling()

        @step("sign-out disconnects that session's socket for good; the other session stays connected")
        def sign_out():
            alice.evaluate("vh.api.signOut()")
            alice.wait_for("vh.connection() === 'disconnected'", what="the dashboard to show 'disconnected'")
            alice.wait_for("window.__sockets[0].active === false", what="the socket to stop reconnecting")
            assert alice.evaluate("localStorage.getItem('token')") is None
            assert polling.evaluate("vh.connection()") == "connected", "signing out one session disconnected another"
            shot(alice, "dashboard-signed-out")
        sign_out()

    finally:
        browser.close()
        server.shutdown()
        shutil.rmtree(folder, ignore_errors=True)


VOICE_CLIENT = """
(async () => {
  const voice = window.__voice = { events: [], audioBytes: 0, audioFrames: 0, closed: null, sentClip: null }
  const url = API_URL.replace(/^http/, 'ws') + '/voice/interview/' + INTERVIEW + '/ws?token=' + encodeURIComponent(TOKEN)
  const ws = voice.socket = new WebSocket(url)
  ws.binaryType = 'arraybuffer'
  ws.onmessage = message => {
    if (typeof message.data === 'string') voice.events.push(JSON.parse(message.data))
    else { voice.audioBytes += message.data.byteLength; voice.audioFrames += 1 }
  }
  ws.onclose = event => { voice.closed = { code: event.code, reason: event.reason } }
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = () => reject(new Error('voice socket failed to open')) })
  return true
})()
"""

# One clip as the old voice component records it: MediaRecorder over the microphone's stream (here
# a tone from an OscillatorNode), one Blob per answer, sent as one binary message.
RECORD_CLIP = """
(async () => {
  const context = new AudioContext()
  await context.resume()
  const tone = context.createOscillator()
  tone.frequency.value = 440
  const destination = context.createMediaStreamDestination()
  tone.connect(destination)
  tone.start()
  const type = MediaRecorder.isTypeSupported('audio/webm;codecs=opus') ? 'audio/webm;codecs=opus' : ''
  const recorder = new MediaRecorder(destination.stream, type ? { mimeType: type } : undefined)
  const chunks = []
  recorder.ondataavailable = event => { if (event.data.size > 0) chunks.push(event.data) }
  const stopped = new Promise(resolve => { recorder.onstop = resolve })
  recorder.start()
  await new Promise(resolve => setTimeout(resolve, 800))
  recorder.stop()
  await stopped
  tone.stop()
  const clip = new Blob(chunks, { type: recorder.mimeType })
  const bytes = new Uint8Array(await clip.arrayBuffer())
  window.__voice.socket.send(bytes)
  window.__voice.sentClip = { type: recorder.mimeType, size: bytes.length, magic: Array.from(bytes.slice(0, 4)) }
  return window.__voice.sentClip
})()
"""


def voice_main():
    folder = tempfile.mkdtemp(prefix="vantahire-webapp.")
    build_webapp(folder)
    server = serve(folder)
    browser = Chromium()
    try:
        voice_turn(browser, {})
    finally:
        browser.close()
        server.shutdown()
        shutil.rmtree(folder, ignore_errors=True)


def voice_turn(browser, state):
    @step("clip mode through the API's origin: the candidate's recorded clip is answered with audio and stored")
    def clip_turn():
        token = state["voice_recruiter_token"] = requests.post(f"{API_URL}/auth/signup", timeout=30, json={
            "email": f"carol-{uuid.uuid4().hex[:8]}@example.com", "password": PASSWORD}).json()["token"]
        interview = rest(token, "POST", "/interviews", json={"candidateEmail": "voice@example.com", "type": "VOICE"})
        link = rest(token, "GET", f"/interviews/{interview['id']}/link")
        candidate = open_app(browser, "candidate")
        candidate.evaluate(f"const API_URL = {json.dumps(API_URL)}, INTERVIEW = {json.dumps(interview['id'])},"
                           f" TOKEN = {json.dumps(link['token'])};" + VOICE_CLIENT)
        # The interviewer opens: its first line arrives as text and audio.
        candidate.wait_for("window.__voice.audioBytes > 0 && window.__voice.events.some(e => e.type === 'assistant')",
                           timeout=60, what="the interviewer's opening audio")
        opening_bytes = candidate.evaluate("window.__voice.audioBytes")
        candidate.evaluate("window.__voice.socket.send(JSON.stringify({ type: 'playback_finished' }))")
        clip = candidate.evaluate(RECORD_CLIP)
        assert clip["size"] > 0 and clip["magic"] == [0x1A, 0x45, 0xDF, 0xA3], f"not a WebM clip: {clip}"
        candidate.wait_for("window.__voice.events.some(e => e.type === 'transcript' && e.isFinal)",
                           timeout=60, what="the clip's final transcript")
        candidate.wait_for(f"window.__voice.audioBytes > {opening_bytes} && window.__voice.events.filter(e => e.type === 'assistant').length >= 2",
                           timeout=60, what="the interviewer's spoken reply to the clip")
        events = candidate.evaluate("window.__voice.events")
        assert not [e for e in events if e.get("type") == "error"], f"voice errors: {events}"
        heard = next(e["text"] for e in events if e.get("type") == "transcript" and e.get("isFinal"))
        messages = wait_rest(token, f"/interviews/{interview['id']}/messages",
                             lambda rows: any(row.get("role") == "user" and heard in (row.get("content") or row.get("text") or "") for row in
                                              (rows if isinstance(rows, list) else rows.get("messages", []))),
                             "the candidate's turn stored")
        assert messages, messages
        assert candidate.evaluate("window.__voice.audioBytes") % 2 == 0, "linear16 audio comes in whole samples"
        shot(candidate, "voice-clip-turn")
    clip_turn()


if __name__ == "__main__":
    try:
        main()
    except StepFailed as failure:
        print(f"not ok - {failure}", flush=True)
        sys.exit(1)
    print("all steps passed", flush=True)
