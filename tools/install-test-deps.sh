#!/bin/sh
# Installs what the outside checks need: Debian's chromium with the DejaVu fonts (so that
# screenshots and widths do not depend on whichever fonts a machine happens to have), a
# Java runtime for the Nu Html Checker, wget, Node.js when missing, and the npm packages
# pinned in tests/package-lock.json (installed into tests/node_modules with `npm ci`, only
# when the lock file changed).
set -eu
cd "$(dirname "$0")/.."
packages="chromium fonts-dejavu-core default-jre-headless wget clang libclang-rt-14-dev"
command -v node >/dev/null 2>&1 || packages="$packages nodejs npm"
# shellcheck disable=SC2086 # one word per package
tools/apt-install.sh $packages

# --ignore-scripts: vnu-jar's install script would download a Java runtime; the checks
# run its jar with Debian's instead.
stamp=tests/node_modules/.annals-lock
if ! cmp -s tests/package-lock.json "$stamp" 2>/dev/null; then
  (cd tests && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  cp tests/package-lock.json "$stamp"
fi
