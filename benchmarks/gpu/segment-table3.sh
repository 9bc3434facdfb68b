#!/bin/bash
# Table 3 (docs/segmentation.md) at the demo protocol on one GPU machine that has PyTorch but no
# Swift. The eight network × modality trainings run as parallel processes on the one GPU (each
# `segment bench --arch A --modality M` into one folder); a final `segment bench --resume` loads
# the eight finished models and scores them together. Beside them, the proposed FLAIR network
# with a longer budget (400 epochs, patience 40) tells whether the demo's 150-epoch cap binds.
#
# Prepare on the build machine (docs/benchmarks.md, "Running on a GPU machine without Swift"):
#   swift build -c release --product metorigin --static-swift-stdlib --scratch-path .build-static
#   mkdir -p .build-gpu/lib .build-gpu/anatomy
#   strip -o .build-gpu/metorigin .build-static/release/metorigin && gzip -f -9 .build-gpu/metorigin
#   cp -L /lib/x86_64-linux-gnu/libopenjp2.so.7 /lib/x86_64-linux-gnu/libjpeg.so.62 .build-gpu/lib/
#   cp data/anatomy/*.nii.gz data/anatomy/*.txt .build-gpu/anatomy/
# then run this script there from the repository root with .build-gpu carried; OUT is where the
# results go (default ./gpu-out). TRAIN_SECONDS bounds the parallel trainings (default 390).
# A smoke test of the script on a CPU: DEVICE=cpu SMOKE_ARGS='--epochs 1' (every training one epoch).
set -u
. benchmarks/gpu/unpack.sh
final=${OUT:-$root/gpu-out}
mkdir -p "$final"
# Everything goes to results/ and comes back as one archive (the device hands back few files),
# with the summary logs beside it.
out=$work/results
mkdir -p "$out"
export OMP_NUM_THREADS=1
cd "$work"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader | tee "$out/gpu.txt"
"$m" doctor 2>&1 | tee "$out/doctor.txt"
start=$(date +%s)
"$m" cohort generate --patients 300 --seed 11 --modality-mix balanced --out c300 > "$out/cohort.txt" 2>&1
"$m" cohort generate --patients 30 --seed 21 --modality-mix balanced --lesion-free --out controls30 >> "$out/cohort.txt" 2>&1
md5sum c300/manifest.csv controls30/manifest.csv | tee -a "$out/cohort.txt"
echo "cohorts: $(( $(date +%s) - start )) s" | tee -a "$out/cohort.txt"

common=(--manifest c300/manifest.csv --preset demo --seed 0 --device ${DEVICE:-cuda} ${SMOKE_ARGS:-})
for modality in t1ce flair; do
  for arch in proposed unet attunet unetpp; do
    timeout "${TRAIN_SECONDS:-390}" "$m" segment bench "${common[@]}" --modality $modality --arch $arch \
      --controls controls30/manifest.csv --out bench > "$out/train-$modality-$arch.txt" 2>&1 &
  done
done
timeout "${TRAIN_SECONDS:-390}" "$m" segment train "${common[@]}" --modality flair --arch proposed --epochs 400 --patience 40 \
  --out flair-long > "$out/flair-long.txt" 2>&1 &
wait
echo "parallel trainings: $(( $(date +%s) - start )) s" | tee -a "$out/cohort.txt"

# Score per modality the networks that finished (a run cut by the time limit would otherwise
# continue its training here), then all eight together when all finished.
for modality in t1ce flair; do
  finished=$(for a in proposed unet attunet unetpp; do [ -f bench/$modality/$a/model.json ] && printf '%s,' $a; done)
  [ -n "$finished" ] || continue
  rm -f bench/table.txt
  timeout 60 "$m" segment bench "${common[@]}" --modality $modality --arch "${finished%,}" --controls controls30/manifest.csv \
    --resume --out bench 2>&1 | tee "$out/bench-$modality.txt"
  cp bench/table.txt "$out/table-$modality.txt" 2>/dev/null
done
rm -f bench/table.txt bench/metrics.json bench/figure.png
if [ "$(ls bench/*/*/model.json 2>/dev/null | wc -l)" = 8 ]; then
  timeout 90 "$m" segment bench "${common[@]}" --controls controls30/manifest.csv --resume --out bench 2>&1 | tee "$out/bench.txt"
fi
if [ -f flair-long/model.json ]; then
  timeout 45 "$m" segment evaluate --model flair-long --manifest c300/manifest.csv --device ${DEVICE:-cuda} 2>&1 | tee "$out/flair-long-evaluate.txt"
  timeout 30 "$m" segment evaluate --model flair-long --manifest controls30/manifest.csv --device ${DEVICE:-cuda} 2>&1 | tee -a "$out/flair-long-evaluate.txt"
fi
cp bench/table.txt bench/metrics.json bench/figure.png "$out/" 2>/dev/null
for d in bench/*/* flair-long; do
  [ -f "$d/history.csv" ] || continue
  name=$(echo "$d" | tr / -)
  mkdir -p "$out/$name" && cp "$d/history.csv" "$d/split.json" "$out/$name/" && cp "$d/model.json" "$out/$name/" 2>/dev/null
done
[ -f flair-long/weights.safetensors ] && cp flair-long/weights.safetensors "$out/flair-long/"
echo "total: $(( $(date +%s) - start )) s" | tee -a "$out/cohort.txt"
tar czf "$final/results.tgz" -C "$work" results
cp "$out/cohort.txt" "$out/bench.txt" "$final/" 2>/dev/null
