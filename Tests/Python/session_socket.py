"""The web app's socket after the frontend change, played by the real python-socketio client.

Usage: session_socket.py URL SESSION_TOKEN USER_ID [TIMEOUT]
Connects like `io(URL, { auth: { token } })`: default transports (long-polling, then the websocket
upgrade), the token in the CONNECT packet, no cookie. Emits join:recruiter USER_ID and prints
READY once it is acknowledged, then waits for the server to end the socket and prints
DISCONNECTED <reason>. Exits 0 after that, 1 if the socket is still connected after TIMEOUT.
"""
import sys
import threading

import socketio

url, token, user = sys.argv[1:4]
timeout = float(sys.argv[4]) if len(sys.argv) > 4 else 30.0
client = socketio.Client(reconnection=False)
gone = threading.Event()


def joined(answer):
    print("READY" if answer and answer.get("ok") else "REFUSED " + str(answer), flush=True)


@client.event
def connect():
    print("CONNECTED", flush=True)
    client.emit("join:recruiter", user, callback=joined)


@client.event
def connect_error(data):
    print("CONNECT_ERROR " + str(data), flush=True)


@client.event
def disconnect(reason=None):
    print("DISCONNECTED " + str(reason), flush=True)
    gone.set()


client.connect(url, auth={"token": token}, wait_timeout=10)
if not gone.wait(timeout):
    print("STILL CONNECTED", flush=True)
    client.disconnect()
    sys.exit(1)
sys.exit(0)
