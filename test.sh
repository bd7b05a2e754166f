#!/bin/sh
# Runs every test: unit tests, the invalid-archive fixtures, the sample archive's
# graph, and the command line. Builds first.
set -eu
cd "$(dirname "$0")"
tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure
