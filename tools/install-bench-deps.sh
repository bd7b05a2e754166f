#!/bin/sh
# Installs what bench/run.py needs besides annals itself: Hugo, the peer it is measured
# against, and GNU time for peak memory.
set -eu
exec "$(dirname "$0")/apt-install.sh" hugo time python3
