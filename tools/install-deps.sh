#!/bin/sh
# Installs annals' build and test dependencies from Debian's packages, if missing.
set -eu
exec "$(dirname "$0")/apt-install.sh" cmake g++ make pkg-config \
  libyaml-dev libmd4c-dev libmd4c-html0-dev libcmark-gfm-dev libcmark-gfm-extensions-dev \
  libkainjow-mustache-dev nlohmann-json3-dev libcli11-dev doctest-dev libssl-dev libjemalloc-dev \
  libcereal-dev \
  python3
