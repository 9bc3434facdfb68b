#!/usr/bin/env bash
# `make demo`: the main job on the embedded cohort. Until the classifier's cross-validation
# lands, this is the engine report and the engine benchmark (issue 2's demo).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release/metorigin
"$BIN" doctor
echo
"$BIN" bench engine
