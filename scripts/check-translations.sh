#!/usr/bin/env bash
# Every Dutch message is translated and none is fuzzy: an English string on a Dutch page is a bug.
set -euo pipefail
stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null locale/nl/LC_MESSAGES/django.po 2>&1)
case "$stats" in
  *untranslated*|*fuzzy*) echo "locale/nl: $stats — translate them, then run make messages." >&2; exit 1 ;;
esac
