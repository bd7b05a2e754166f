#!/bin/sh
# Fuzzes the loader, the reference parser and the whole pipeline with libFuzzer, each
# for SECONDS (default 60), starting from a copy of its seed corpus in fuzz/corpus/.
# Builds build-fuzz/ first, with clang, AddressSanitizer and UndefinedBehaviorSanitizer.
# A crash, leak, timeout or running out of memory fails the run, naming the target and
# the input that did it, kept in ci-artifacts/fuzz/ with the target's log.
# Usage: tests/fuzz.sh [SECONDS]   (from anywhere)
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-60}
case $seconds in
  '' | *[!0-9]* | 0) echo "usage: tests/fuzz.sh [SECONDS]" >&2; exit 2 ;;
esac
if ! command -v clang++ >/dev/null 2>&1; then
  echo "fuzz: clang++ not found; install clang and libclang-rt-14-dev (tools/install-test-deps.sh)" >&2
  exit 1
fi
if ! [ -f "$(clang++ -print-file-name=libclang_rt.fuzzer-"$(uname -m)".a)" ]; then
  echo "fuzz: clang++ has no libFuzzer; install libclang-rt-14-dev (tools/install-test-deps.sh)" >&2
  exit 1
fi

# The targets, one per fuzz/*.cc.
set -- fuzz_yaml_record fuzz_references fuzz_archive
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_COMPILER=clang++ -DANNALS_FUZZ=ON -DANNALS_OUTSIDE_CHECKS=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
  >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "$@"

artifacts=ci-artifacts/fuzz
mkdir -p "$artifacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for target in "$@"; do
  # libFuzzer adds the inputs it finds to the first corpus folder: a copy, never fuzz/corpus.
  mkdir "$work/$target"
  cp fuzz/corpus/"$target"/* "$work/$target"/
  log=$artifacts/$target.log
  start=$(date +%s)
  if build-fuzz/fuzz/"$target" "$work/$target" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -dict=fuzz/yaml.dict -print_final_stats=1 \
      -artifact_prefix="$artifacts/$target-" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "$target: ${runs:-?} executions in $(($(date +%s) - start)) s, no finding"
  else
    # libFuzzer names the input it wrote: "Test unit written to <path>".
    input=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
    grep -E '^(==[0-9]+==|SUMMARY|    #[0-9]+ )' "$log" | head -n 40 >&2 || true
    echo "$target: FINDING, input ${input:-not written} (log: $log)" >&2
    exit 1
  fi
done
