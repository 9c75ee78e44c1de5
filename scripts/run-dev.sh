#!/usr/bin/env bash
# `make run`: prepare the embedded default (SQLite + file broker under var/) and run web, worker and beat.
# Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=config.settings.dev
BIN=.venv/bin

mkdir -p var
$BIN/python manage.py migrate --noinput
# A database from before a fix may hold cases the access policy or the phase rules no longer allow: repair.
$BIN/python manage.py check_mandated_cases --fix
$BIN/python manage.py check_case_permissions --fix
# The compiled Dutch messages are committed; recompile when GNU gettext is available.
if command -v msgfmt >/dev/null; then
  $BIN/python manage.py compilemessages --ignore=.venv --verbosity 0
fi
$BIN/python manage.py seed_demo

pids=()
stop() {
  trap - INT TERM EXIT
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

$BIN/celery -A config worker --loglevel INFO --concurrency 1 --hostname "zicht-dev@%h" & pids+=($!)
$BIN/celery -A config beat --loglevel INFO --schedule var/celerybeat-schedule & pids+=($!)
$BIN/python manage.py runserver 127.0.0.1:8000 & pids+=($!)

echo
echo "Zicht draait op http://127.0.0.1:8000/ — log in met een van de demo-accounts hierboven (wachtwoord: demo)."
echo "Stoppen: Ctrl-C."
# When any of the three stops, stop the others too.
wait -n
