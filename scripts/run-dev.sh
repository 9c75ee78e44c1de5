#!/usr/bin/env bash
# `make run`: prepare the embedded default (SQLite + file broker under var/) and run web, worker and beat.
# Ctrl-C stops all three. PORT=8001 make run chooses another port (default 8000).
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=config.settings.dev
BIN=.venv/bin
VAR="${ZICHT_VAR_DIR:-var}"
PORT="${PORT:-8000}"
ADDRESS="http://127.0.0.1:$PORT/"
# Links in e-mail point at this server unless SITE_URL says otherwise.
export SITE_URL="${SITE_URL:-${ADDRESS%/}}"

if ! [[ "$PORT" =~ ^[0-9]+$ ]] || ((PORT < 1 || PORT > 65535)); then
  echo "PORT moet een poortnummer zijn (1-65535), bijvoorbeeld: PORT=8001 make run" >&2
  exit 2
fi
port_free() {
  $BIN/python -c 'import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)' "$PORT"
}
# Checked before the slow steps, and again below by waiting for the server itself to answer.
if ! port_free; then
  echo "Poort $PORT is al in gebruik (draait Zicht al?). Kies een andere poort: PORT=8001 make run" >&2
  exit 1
fi

mkdir -p "$VAR"
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
$BIN/celery -A config beat --loglevel INFO --schedule "$VAR/celerybeat-schedule" & pids+=($!)
$BIN/python manage.py runserver "127.0.0.1:$PORT" & web=$!
pids+=("$web")

# Say it runs only once it answers; if the web server stops first (say, the port was taken after all), say so.
answers() {
  $BIN/python -c 'import sys, urllib.error, urllib.request
try:
    urllib.request.urlopen(sys.argv[1], timeout=2)
except urllib.error.HTTPError:
    pass
except OSError:
    sys.exit(1)' "$ADDRESS"
}
for _ in $(seq 120); do
  if answers; then break; fi
  if ! kill -0 "$web" 2>/dev/null; then
    echo "De webserver van Zicht is niet gestart op poort $PORT (zie de melding hierboven)." >&2
    echo "Is de poort bezet? Kies een andere: PORT=8001 make run" >&2
    exit 1
  fi
  sleep 0.5
done
if ! answers; then
  echo "De webserver van Zicht antwoordt niet op $ADDRESS (zie de meldingen hierboven)." >&2
  exit 1
fi

echo
echo "Zicht draait op $ADDRESS — log in met een van de demo-accounts hierboven (wachtwoord: demo)."
echo "Stoppen: Ctrl-C."
# When any of the three stops, stop the others too.
wait -n
