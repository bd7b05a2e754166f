#!/bin/sh
# Builds annals (installing its dependencies with apt-get when missing) and renders
# the archive in content/ into site/.
set -eu
cd "$(dirname "$0")"
tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
build/annals build --content content --out site
echo "annals: built site/ from content/"
