#!/usr/bin/env bash
# Starts (once) a throwaway PostgreSQL cluster on 127.0.0.1 from Debian's packages for the
# store and monitoring tests, creates the database `vetter_test`, and prints its URL.
# Idempotent: a running cluster is reused. Needs root (it runs the server as `postgres`).
set -euo pipefail
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends postgresql >/dev/null
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
dir=${VETTER_PG_DIR:-/tmp/vetter-pg}
port=${VETTER_PG_PORT:-55432}
as_postgres() { su postgres -s /bin/sh -c "$1"; }
if ! [ -f "$dir/PG_VERSION" ]; then
    mkdir -p "$dir"
    chown postgres "$dir"
    as_postgres "$bin/initdb -D $dir -A trust -U postgres" >/dev/null
fi
if ! as_postgres "$bin/pg_ctl -D $dir status" >/dev/null 2>&1; then
    as_postgres "$bin/pg_ctl -D $dir -l $dir/log -w -o '-c listen_addresses=127.0.0.1 -p $port -k /tmp -c max_connections=200' start" >/dev/null
fi
if ! as_postgres "$bin/psql -h 127.0.0.1 -p $port -tAc \"SELECT 1 FROM pg_database WHERE datname = 'vetter_test'\"" | grep -q 1; then
    as_postgres "$bin/createdb -h 127.0.0.1 -p $port vetter_test"
fi
echo "postgres://postgres@127.0.0.1:$port/vetter_test"
