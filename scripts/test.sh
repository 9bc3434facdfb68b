#!/usr/bin/env bash
# `make test`: the fuzz targets from their committed seed corpora (60 s each), then every Swift
# test suite. Fails on the first failure; the last lines are swift test's summary.
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
if [ "$FUZZ_SECONDS" != "0" ]; then
  bash scripts/fuzz.sh "$FUZZ_SECONDS"
fi

# Sleeping rather than spinning OpenMP threads: the test process runs many suites at once on
# two cores, where libgomp's default spinning wastes most of the CPU (Sources/metorigin/OpenMPWaitPolicy.swift).
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"

mkdir -p .build
echo "[test] building the test suites"
if ! swift build --build-tests -j "$(nproc)" > .build/test-build.log 2>&1; then
  grep -E "error|warning: unre" .build/test-build.log | head -50 >&2 || true
  tail -20 .build/test-build.log >&2
  echo "[test] build failed (full log: .build/test-build.log)" >&2
  exit 1
fi
swift test --skip-build 2>&1 | grep -vE '^(\[[0-9]+/[0-9]+\]|Test Case .* started|◇ Test .* started)' 
exit "${PIPESTATUS[0]}"
