#!/bin/bash
# The classifier's demo cross-validation on a grid twice as fine per axis (64 × 64 × 32 voxels of
# 2.56 × 2.56 × 4.8 mm, 8× the voxels of the demo's 32 × 32 × 16 at 5.12 × 5.12 × 9.6 mm), beside
# the demo grid itself, on one GPU: does a finer grid let the network learn lesion appearance
# (docs/decisions.md, "Why the demo classifier does not learn")? On two CPU cores one epoch of the
# fine grid takes about two minutes, so this runs where a GPU is lent.
#
# Prepare .build-gpu as in benchmarks/gpu/segment-table3.sh, then run from the repository root
# with .build-gpu carried. OUT: where the results go (default ./gpu-out). EPOCHS: at most this
# many epochs per fold (default 20; the stopping rule may end a fold first). PATIENTS: cohort size
# (default 300). DEVICE: cuda (default) or cpu for a smoke test. CV_SECONDS bounds each run.
# PATIENCE (default 6) and CONSTANT_EPOCHS (epochs at the base learning rate 1e-3 before it halves
# every 2, default 6, the demo's) lengthen the training.
set -u
. benchmarks/gpu/unpack.sh
out=${OUT:-$root/gpu-out}
mkdir -p "$out"
export OMP_NUM_THREADS=4
cd "$work"
start=$(date +%s)
"$m" cohort generate --patients "${PATIENTS:-300}" --seed 11 --modality-mix balanced --out c300 > "$out/cohort.txt" 2>&1
md5sum c300/manifest.csv | tee -a "$out/cohort.txt"
epochs=${EPOCHS:-20}
cat > fine.json <<EOF
{"classifier": {"inputSize": [32, 64, 64], "spacing": [2.56, 2.56, 4.8]}, "training": {"maxEpochs": $epochs, "patience": ${PATIENCE:-6},
  "learningRate": {"base": 0.001, "constantEpochs": ${CONSTANT_EPOCHS:-6}, "halvingInterval": 2}}}
EOF
cat > demo.json <<EOF
{"training": {"maxEpochs": $epochs, "patience": ${PATIENCE:-6},
  "learningRate": {"base": 0.001, "constantEpochs": ${CONSTANT_EPOCHS:-6}, "halvingInterval": 2}}}
EOF
for grid in fine demo; do
  timeout "${CV_SECONDS:-330}" "$m" cv --manifest c300/manifest.csv --folds 5 --preset demo --seed 1 --config $grid.json \
    --no-ablations --device "${DEVICE:-cuda}" --out cv-$grid > "$out/cv-$grid.txt" 2>&1 &
done
wait
# One archive: the device hands back only a few files.
tar czf "$out/cv-results.tgz" fine.json demo.json cv-fine/metrics.json cv-demo/metrics.json cv-fine/predictions.csv \
  cv-demo/predictions.csv cv-fine/report.html cv-demo/report.html 2>/dev/null
echo "total: $(( $(date +%s) - start )) s" | tee -a "$out/cohort.txt"
