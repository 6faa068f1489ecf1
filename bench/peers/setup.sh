#!/usr/bin/env bash
# Creates bench/peers/.venv (if missing) and installs the peer queues measured by the drivers:
# PgQueuer 1.6.x and Procrastinate 3.10.x (the newest patch release of each line), plus the
# drivers they use (asyncpg for PgQueuer, psycopg 3 for Procrastinate). Idempotent and quiet.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
venv="$here/.venv"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
# Fast path: everything already installed at the wanted release lines (PEERS_UPGRADE=1 re-resolves
# to the newest 1.6.x / 3.10.x).
if [ "${PEERS_UPGRADE:-0}" = 1 ] || ! "$venv/bin/python" - <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
ok = version("pgqueuer").startswith("1.6.") and version("procrastinate").startswith("3.10.")
for name in ("asyncpg", "psycopg", "psycopg-binary", "psycopg-pool", "uvloop"):
    version(name)
sys.exit(0 if ok else 1)
PY
then
"$venv/bin/python" -m pip install -q --upgrade pip >/dev/null
"$venv/bin/python" -m pip install -q \
  'pgqueuer==1.6.*' \
  'procrastinate==3.10.*' \
  'asyncpg>=0.29' \
  'psycopg[binary,pool]>=3.1' \
  'uvloop>=0.19'
fi
"$venv/bin/python" - <<'PY'
from importlib.metadata import version
for name in ("pgqueuer", "procrastinate", "asyncpg", "psycopg", "uvloop"):
    print(f"{name}=={version(name)}")
PY
