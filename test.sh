#!/bin/sh
# Runs every test: unit tests, the invalid-archive fixtures, the sample archive's
# graph, and the command line; then the outside checks, where tools nobody on this
# project wrote judge the sample site (the Nu Html Checker, Chromium, axe-core, wget);
# then the project's own tests again under AddressSanitizer and
# UndefinedBehaviorSanitizer, and the unit and rebuild tests under ThreadSanitizer (the
# build runs on every core); then each libFuzzer target for a bounded time (also under
# both sanitizers). Builds first. Screenshots, the WARC file of the crawl and the fuzzers'
# logs are left in ci-artifacts/. FUZZ_SECONDS sets each fuzzer's time (default 20).
set -eu
cd "$(dirname "$0")"
tools/install-deps.sh
tools/install-test-deps.sh
jobs=$(nproc)

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -LE outside
ctest --test-dir build --output-on-failure -L outside
# What each outside check found, with its tool's version and any warnings.
grep -E '^[a-z_]+: |: warning: ' build/Testing/Temporary/LastTest.log || true

cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
  >/dev/null
cmake --build build-sanitize -j"$jobs"
# All but the kill test, whose file operations the sanitizers only slow down.
ctest --test-dir build-sanitize --output-on-failure -LE outside -E '^robustness$'

# Data races: the unit tests and the rebuild tests, whose builds use every core.
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DANNALS_OUTSIDE_CHECKS=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=thread -O1" >/dev/null
cmake --build build-tsan -j"$jobs" --target annals annals_tests
TSAN_OPTIONS=halt_on_error=1 ctest --test-dir build-tsan --output-on-failure -R '^(unit|incremental|memo)$'

tests/fuzz.sh "${FUZZ_SECONDS:-20}"
