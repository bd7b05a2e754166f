#!/bin/sh
# Installs annals' build and test dependencies from Debian's packages, if missing.
# Uses sudo when not run as root.
set -eu
packages="cmake g++ make pkg-config
  libyaml-cpp-dev libmd4c-dev libmd4c-html0-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
  libkainjow-mustache-dev nlohmann-json3-dev libcli11-dev doctest-dev libssl-dev libjemalloc-dev
  python3"
missing=""
for package in $packages; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing="$missing $package"
done
[ -z "$missing" ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "Installing:$missing"
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
