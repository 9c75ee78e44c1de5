#!/usr/bin/env bash
# Debian packages the tests need: Chromium for the browser journeys, Pango for WeasyPrint, gettext for messages.
# With arguments, those packages instead (make bench: wrk, the load generator).
set -euo pipefail
packages=(chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext)
[ $# -gt 0 ] && packages=("$@")
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Not root: run 'sudo apt-get install -y ${missing[*]}' and try again." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
