"""A browser following interview:update, played by the real python-socketio client (from PyPI).

Usage: interview_listener.py URL TOKEN JOIN ROOM_ID UNTIL [TIMEOUT]
  TOKEN:  a session token (a recruiter) or a candidate's interview token, sent as the CONNECT
          auth payload ({token}), as the web app's io(API_URL, {auth: {token}}) does.
  JOIN:   join:recruiter | join:interview, emitted with ROOM_ID once connected.
  UNTIL:  exit 0 once an interview:update whose `change` is UNTIL arrives.
Prints READY (join acknowledged) / REFUSED <json> / GOT <json> per interview:update / TIMEOUT.
"""
import json
import sys
import threading

import socketio

url, token, join, room, until = sys.argv[1:6]
timeout = float(sys.argv[6]) if len(sys.argv) > 6 else 60.0
done = threading.Event()
client = socketio.Client(reconnection=False)


@client.on("interview:update")
def on_update(data):
    print("GOT " + json.dumps(data, sort_keys=True), flush=True)
    if data.get("change") == until:
        done.set()


@client.on("error")
def on_error(data):
    print("REFUSED " + json.dumps(data, sort_keys=True), flush=True)


def joined(answer):
    if answer and answer.get("ok"):
        print("READY", flush=True)
    else:
        print("REFUSED " + json.dumps(answer, sort_keys=True), flush=True)


@client.event
def connect():
    client.emit(join, room, callback=joined)


client.connect(url, transports=["websocket"], auth={"token": token}, wait_timeout=10)
finished = done.wait(timeout)
if not finished:
    print("TIMEOUT", flush=True)
client.disconnect()
sys.exit(0 if finished else 1)
