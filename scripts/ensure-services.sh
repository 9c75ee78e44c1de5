#!/usr/bin/env bash
# The tests use the real PostgreSQL and Redis on this machine: start them when installed but stopped.
set -euo pipefail

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }
wait_for() { for _ in $(seq 1 30); do "$1" && return 0; sleep 1; done; return 1; }

if ! command -v pg_isready >/dev/null || ! command -v redis-cli >/dev/null; then
  echo "PostgreSQL and Redis are needed for the tests. Install them (apt-get install postgresql redis-server)" >&2
  echo "or point DATABASE_URL and REDIS_URL at running servers." >&2
  exit 1
fi

if ! pg_up; then
  echo "PostgreSQL is not answering on 127.0.0.1:5432; starting it."
  for version in /etc/postgresql/*; do
    pg_ctlcluster --skip-systemctl-redirect "$(basename "$version")" main start || true
  done
  wait_for pg_up || { echo "PostgreSQL did not start. Start it with: pg_ctlcluster <version> main start" >&2; exit 1; }
fi

if ! redis_up; then
  echo "Redis is not answering on 127.0.0.1:6379; starting it."
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir "${TMPDIR:-/tmp}" --logfile "${TMPDIR:-/tmp}/zicht-redis.log"
  wait_for redis_up || { echo "Redis did not start. Start it with: redis-server --daemonize yes" >&2; exit 1; }
fi
