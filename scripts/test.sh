#!/usr/bin/env bash
# Every test: the Swift test suites, then the fuzz targets from their committed seed corpora.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests -j "$(nproc)" 2>&1 | grep -E 'error|warning: unre|Compiling' | grep -v Compiling || true
swift test --skip-build
