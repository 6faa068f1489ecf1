"""A recruiter's browser, played by the real python-socketio client (from PyPI).

Usage: status_listener.py URL SESSION_TOKEN ROOM_ID TRANSPORT EXPECT [TIMEOUT]
  TRANSPORT: websocket | polling
  EXPECT:    a status (e.g. DELIVERED): exit 0 once an email:status with it arrives;
             "none": expect the join to be refused and no email:status at all.
Authenticates like the unchanged frontend: only the session cookie (withCredentials; the websocket
transport sends the server's own origin); then emits join:recruiter ROOM_ID. Prints READY / REFUSED / GOT <json> / NOTHING.
"""
import json
import sys
import threading

import socketio

url, token, room, transport, expect = sys.argv[1:6]
timeout = float(sys.argv[6]) if len(sys.argv) > 6 else 30.0
done = threading.Event()
result = {"code": 1}
client = socketio.Client(reconnection=False)


@client.on("email:status")
def on_status(data):
    print("GOT " + json.dumps(data, sort_keys=True), flush=True)
    if expect == "none":
        print("LEAK", flush=True)
        result["code"] = 1
        done.set()
    elif data.get("status") == expect:
        result["code"] = 0
        done.set()


@client.on("error")
def on_error(data):
    print("REFUSED " + json.dumps(data, sort_keys=True), flush=True)


def joined(answer):
    if answer and answer.get("ok"):
        print("READY", flush=True)


@client.event
def connect():
    client.emit("join:recruiter", room, callback=joined)


client.connect(url, transports=[transport], headers={"Cookie": "vh_session=" + token}, wait_timeout=10)
done.wait(timeout)
if expect == "none" and not done.is_set():
    print("NOTHING", flush=True)
    result["code"] = 0
client.disconnect()
sys.exit(result["code"])
