#!/usr/bin/env bash
# make bench: a region-sized dataset in its own PostgreSQL database (made once), then the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=config.settings.bench
SCALE=${SCALE:-region}
DB=${BENCH_DB:-zicht_bench}
if ! psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB"
fi
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
.venv/bin/python manage.py migrate --noinput --verbosity 0
.venv/bin/python manage.py generate_dataset --scale "$SCALE"
# PostgreSQL on these machines runs without autovacuum, so the bulk-loaded dataset (and what each run adds) is
# never vacuumed. A live database's tables are, and with their visibility map the lists read the permission and
# case indexes alone (index-only scans); unvacuumed, the team list took a third longer (ADR 14).
psql -h 127.0.0.1 -U postgres -d "$DB" -qc "VACUUM (ANALYZE)"
.venv/bin/python manage.py bench
