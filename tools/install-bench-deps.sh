#!/bin/sh
# Installs what bench/run.py needs besides annals itself: Hugo, the peer it is measured
# against, and GNU time for peak memory. Uses sudo when not run as root.
set -eu
missing=""
for package in hugo time python3; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing="$missing $package"
done
[ -z "$missing" ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "Installing:$missing"
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
