#!/usr/bin/env bash
# `make demo`: the main job on the embedded cohort — the engine report and a short Swift-vs-PyTorch
# engine benchmark, a synthetic cohort at demo resolution, and the paper's cross-validation of
# the primary-site classifier at the demo preset, ending with the Table-4-style summary and the
# path of report.html. DEMO_BENCH=0 skips the benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release/metorigin
OUT="${DEMO_OUT:-demo-out}"
PATIENTS="${DEMO_PATIENTS:-300}"
FOLDS="${DEMO_FOLDS:-5}"

"$BIN" doctor
echo
if [ "${DEMO_BENCH:-1}" != "0" ]; then
  "$BIN" bench engine --rounds 1 --runs 5
  echo
fi
if [ ! -f "$OUT/cohort/manifest.csv" ]; then
  echo "== generating a ${PATIENTS}-patient synthetic cohort (demo resolution, balanced modality mix)"
  "$BIN" cohort generate --patients "$PATIENTS" --seed 1 --out "$OUT/cohort" --format nifti \
    --resolution demo --modality-mix balanced --force
fi
echo
echo "== ${FOLDS}-fold cross-validation, grouped by patient (demo preset)"
"$BIN" cv --manifest "$OUT/cohort/manifest.csv" --folds "$FOLDS" --preset demo --seed 1 --out "$OUT/cv" --resume
