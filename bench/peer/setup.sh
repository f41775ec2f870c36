#!/usr/bin/env bash
# Create bench/.venv with a pinned nomenklatura (the peer baseline) and every
# dependency pinned by bench/peer/requirements.lock. Idempotent: does nothing
# when the venv already holds exactly the locked set. Network: pip (PyPI) only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$(cd "$here/.." && pwd)/.venv"
py="$venv/bin/python"
lock="$here/requirements.lock"

matches_lock() {
  [ -x "$py" ] || return 1
  diff -q <(grep -v '^#' "$lock" | sort -f) \
          <("$py" -m pip freeze --disable-pip-version-check 2>/dev/null | sort -f) >/dev/null
}

if matches_lock; then
  echo "peer venv up to date: $venv ($(grep '^nomenklatura==' "$lock"))"
  exit 0
fi
[ -x "$py" ] || python3 -m venv "$venv"
"$py" -m pip install --quiet --disable-pip-version-check -r "$lock"
if ! matches_lock; then
  echo "warning: $venv differs from $lock (extra packages?)" >&2
  "$py" -c 'import nomenklatura; print("nomenklatura", nomenklatura.__version__)' >&2
fi
echo "installed peer venv: $venv ($(grep '^nomenklatura==' "$lock"))"
