"""End-to-end checks of the Swift Socket.IO server with the real python-socketio client.

Usage: e2e_client.py http://127.0.0.1:PORT

The server is the RealtimeDemo application: tokens `alice-token` / `bob-token`, event
`join:recruiter <id>` (joins `recruiter:<id>` when <id> is the caller, else emits `error`),
`ask:client` (server -> client ack round trip), and `POST /demo/emit {room, event, data}`
standing in for the application's Redis relay.

Prints one `PASS name` or `FAIL name: reason` line per scenario and a closing
`e2e: N passed, M failed` line; the exit code is the number of failures.
"""

import sys
import threading
import time
import traceback

import requests
import socketio

URL = sys.argv[1]
TIMEOUT = 5.0
results = []


class Recorder:
    """Collects the events one client receives."""

    def __init__(self):
        self.events = []
        self.condition = threading.Condition()

    def add(self, name, data):
        with self.condition:
            self.events.append((name, data))
            self.condition.notify_all()

    def wait_for(self, name, timeout=TIMEOUT):
        deadline = time.time() + timeout
        with self.condition:
            while True:
                for event in self.events:
                    if event[0] == name:
                        return event[1]
                remaining = deadline - time.time()
                if remaining <= 0:
                    return None
                self.condition.wait(remaining)

    def names(self):
        with self.condition:
            return [name for name, _ in self.events]


def make_client():
    sio = socketio.Client(reconnection=False)
    recorder = Recorder()
    for name in ("application:new", "error", "interview:update"):
        sio.on(name, (lambda n: lambda data=None: recorder.add(n, data))(name))

    @sio.on("question")
    def question(*args):
        return {"answer": 42, "echo": list(args)}

    @sio.event
    def connect_error(data):
        recorder.add("connect_error", data)

    return sio, recorder


def emit_to_room(room, event, data):
    response = requests.post(URL + "/demo/emit", json={"room": room, "event": event, "data": data}, timeout=TIMEOUT)
    response.raise_for_status()
    return response.json()["delivered"]


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def scenario(name):
    def decorator(function):
        def run():
            try:
                function()
                results.append((name, None))
                print("PASS " + name, flush=True)
            except Exception as error:  # noqa: BLE001 - every failure is reported
                results.append((name, error))
                print("FAIL %s: %r" % (name, error), flush=True)
                traceback.print_exc(file=sys.stderr)
        return run
    return decorator


def join_and_receive(sio, recorder, user, expected_transport, payload):
    ack = sio.call("join:recruiter", user, timeout=TIMEOUT)
    check(ack == {"ok": True, "room": "recruiter:" + user}, "join ack was %r" % (ack,))
    delivered = emit_to_room("recruiter:" + user, "application:new", payload)
    check(delivered == 1, "delivered to %r sockets" % (delivered,))
    received = recorder.wait_for("application:new")
    check(received == payload, "received %r" % (received,))
    check(sio.transport() == expected_transport, "transport is %r" % (sio.transport(),))


@scenario("a-websocket-auth-payload")
def websocket_only():
    sio, recorder = make_client()
    sio.connect(URL, transports=["websocket"], auth={"token": "alice-token"}, wait_timeout=TIMEOUT)
    try:
        join_and_receive(sio, recorder, "alice", "websocket", {"id": "a1", "n": 1})
        # A server -> client event with an ack id, answered by the client's handler.
        answer = sio.call("ask:client", "what?", timeout=TIMEOUT)
        check(answer == {"answer": 42, "echo": ["what?"]}, "ask:client answered %r" % (answer,))
    finally:
        sio.disconnect()


@scenario("b-polling-authorization-header")
def polling_only():
    sio, recorder = make_client()
    sio.connect(URL, transports=["polling"], headers={"Authorization": "Bearer bob-token"}, wait_timeout=TIMEOUT)
    try:
        join_and_receive(sio, recorder, "bob", "polling", {"id": "b1", "text": "héllo \u2028 \"quoted\""})
        # Stay connected across several heartbeats (server pings every second), then still receive.
        time.sleep(2.5)
        check(sio.connected, "disconnected during heartbeats")
        delivered = emit_to_room("recruiter:bob", "interview:update", {"status": "done"})
        check(delivered == 1, "second emit delivered to %r" % (delivered,))
        check(recorder.wait_for("interview:update") == {"status": "done"}, "no second event")
        check(sio.call("echo", [1, 2.5, None, True], timeout=TIMEOUT) == [1, 2.5, None, True], "echo over polling")
    finally:
        sio.disconnect()


@scenario("c-polling-then-upgrade-cookie")
def polling_then_upgrade():
    sio, recorder = make_client()
    sio.connect(URL, headers={"Cookie": "theme=dark; vh_session=alice-token"}, wait_timeout=TIMEOUT)
    try:
        join_and_receive(sio, recorder, "alice", "websocket", {"id": "c1"})
        time.sleep(2.5)
        check(sio.connected, "disconnected during heartbeats after the upgrade")
        check(emit_to_room("recruiter:alice", "interview:update", {"n": 2}) == 1, "second emit not delivered")
        check(recorder.wait_for("interview:update") == {"n": 2}, "no event after heartbeats")
    finally:
        sio.disconnect()


@scenario("d-bad-token-connect-error")
def bad_token():
    for transports in (["websocket"], ["polling"]):
        sio, recorder = make_client()
        try:
            sio.connect(URL, transports=transports, auth={"token": "wrong"}, wait_timeout=TIMEOUT)
        except socketio.exceptions.ConnectionError:
            pass
        else:
            sio.disconnect()
            raise AssertionError("connected with a bad token over %r" % (transports,))
        error = recorder.wait_for("connect_error", timeout=1)
        check(error == {"message": "Not authorized"}, "connect_error was %r" % (error,))
        check(not sio.connected, "still connected")
    # A refusal thrown by the hook carries its own message and data.
    sio, recorder = make_client()
    try:
        sio.connect(URL, transports=["websocket"], auth={"token": "throw"}, wait_timeout=TIMEOUT)
    except socketio.exceptions.ConnectionError:
        pass
    error = recorder.wait_for("connect_error", timeout=1)
    check(error == {"message": "Token expired", "data": {"retry": False}}, "refusal was %r" % (error,))


@scenario("e-foreign-room-refused")
def foreign_room():
    intruder, intruder_events = make_client()
    owner, owner_events = make_client()
    intruder.connect(URL, transports=["websocket"], auth={"token": "alice-token"}, wait_timeout=TIMEOUT)
    owner.connect(URL, transports=["polling"], auth={"token": "bob-token"}, wait_timeout=TIMEOUT)
    try:
        ack = intruder.call("join:recruiter", "bob", timeout=TIMEOUT)
        check(ack == {"ok": False}, "intruder's join ack was %r" % (ack,))
        error = intruder_events.wait_for("error")
        check(error is not None and "Forbidden" in error.get("message", ""), "error event was %r" % (error,))
        check(owner.call("join:recruiter", "bob", timeout=TIMEOUT) == {"ok": True, "room": "recruiter:bob"}, "owner could not join")
        delivered = emit_to_room("recruiter:bob", "application:new", {"secret": True})
        check(delivered == 1, "delivered to %r sockets" % (delivered,))
        check(owner_events.wait_for("application:new") == {"secret": True}, "owner got nothing")
        time.sleep(1.0)
        check("application:new" not in intruder_events.names(), "intruder received the room's event")
    finally:
        intruder.disconnect()
        owner.disconnect()


@scenario("f-sessions-cleaned-up")
def cleaned_up():
    deadline = time.time() + 10
    stats = None
    while time.time() < deadline:
        stats = requests.get(URL + "/demo/stats", timeout=TIMEOUT).json()
        if stats["sockets"] == 0 and stats["sessions"] == 0:
            return
        time.sleep(0.1)
    raise AssertionError("left over: %r" % (stats,))


for run in (websocket_only, polling_only, polling_then_upgrade, bad_token, foreign_room, cleaned_up):
    run()

failed = sum(1 for _, error in results if error is not None)
print("e2e: %d passed, %d failed" % (len(results) - failed, failed), flush=True)
sys.exit(failed)
