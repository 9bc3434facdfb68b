#!/usr/bin/env bash
# libFuzzer targets: MedicalIO's DICOM parser, pixel decoding, RTSTRUCT, DICOM SEG and NIfTI; the
# manifest reader (Vocabulary) and the predictions reader (Evaluation).
#
#   scripts/fuzz.sh [SECONDS]      build into .build-fuzz/ and run each target SECONDS (default 60)
#   FUZZ_TARGETS="dicom nifti" scripts/fuzz.sh 10     only some targets
#   FUZZ_TIMEOUT=10 scripts/fuzz.sh                   per-input limit in seconds (default 1; the limit
#                                                     is wall-clock, so a machine loaded by other work
#                                                     needs more to avoid false timeouts)
#
# The sources of Statistics, MedicalIO, Vocabulary and Evaluation are compiled once with
# `-sanitize=fuzzer,address` into static libraries that every harness
# (Fuzz/Targets/<target>.swift) links, so the fuzzers see coverage of the library itself. Each target starts from the committed seeds in Fuzz/corpus/<target>/; new
# inputs go to .build-fuzz/corpus/<target>/ and crash reproducers to .build-fuzz/artifacts/.
# Exits non-zero when any target crashes, leaks, runs out of memory (-rss_limit_mb=2048) or
# takes over FUZZ_TIMEOUT seconds (default 1) on one input.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET="${1:-60}"
TIMEOUT="${FUZZ_TIMEOUT:-1}"
TARGETS=(${FUZZ_TARGETS:-dicom pixels rtstruct seg nifti manifest predictions})
OUT=.build-fuzz
SWIFTC="${SWIFTC:-swiftc}"
mkdir -p "$OUT/lib"

# The Swift runtime's crash handler forks a backtracer that can outlive the fuzzer and hold its
# pipes open; libFuzzer and ASan report crashes themselves.
export SWIFT_BACKTRACE=enable=no

SOURCES=()
while IFS= read -r f; do SOURCES+=("$f"); done < <(find Sources/Statistics Sources/MedicalIO Sources/Vocabulary Sources/Evaluation -name '*.swift' | LC_ALL=C sort)
FLAGS=(-sanitize=fuzzer,address -parse-as-library -swift-version 6 -O -g
       -I Sources/CZlib -I Sources/CJPEG -I Sources/COpenJPEG)
LIBS=(-lz -ljpeg -lopenjp2)

newer_than() {  # newer_than TARGET FILE...: true when TARGET is missing or older than any FILE
  local t="$1"; shift
  [ -e "$t" ] || return 0
  local f
  for f in "$@"; do [ "$f" -nt "$t" ] && return 0; done
  return 1
}

LIB="$OUT/lib/libMedicalIO.a"
STATS_LIB="$OUT/lib/libStatistics.a"
VOCABULARY_LIB="$OUT/lib/libVocabulary.a"
EVALUATION_LIB="$OUT/lib/libEvaluation.a"
# build_module NAME LIBRARY: one module of the snapshot, compiled against those built before it.
build_module() {
  local files=()
  for f in "${SOURCES[@]}"; do [[ "$f" == "Sources/$1/"* ]] && files+=("$OUT/src/${f#Sources/}"); done
  "$SWIFTC" "${FLAGS[@]}" -suppress-warnings -I "$OUT/lib" -module-name "$1" -emit-module \
    -emit-module-path "$OUT/lib/$1.swiftmodule" -emit-library -static -o "$2" "${files[@]}" 2>&1 \
    | grep -v 'warning: Cannot export local symbol' || true
  [ -f "$2" ] || { echo "[fuzz] error: $1 did not build" >&2; exit 1; }
}
if newer_than "$EVALUATION_LIB" "${SOURCES[@]}" "$0"; then
  echo "[fuzz] building Statistics, MedicalIO, Vocabulary and Evaluation (${#SOURCES[@]} files) with -sanitize=fuzzer,address"
  rm -rf "$OUT/lib" "$OUT/src" && mkdir -p "$OUT/lib" "$OUT/src"
  # Compile a snapshot, so edits made meanwhile in a shared working tree cannot break the build.
  cp -R Sources/Statistics Sources/MedicalIO Sources/Vocabulary Sources/Evaluation "$OUT/src/"
  build_module Statistics "$STATS_LIB"
  build_module MedicalIO "$LIB"
  build_module Vocabulary "$VOCABULARY_LIB"
  build_module Evaluation "$EVALUATION_LIB"
fi

failed=()
summary=()
for t in "${TARGETS[@]}"; do
  src="Fuzz/Targets/$t.swift"
  bin="$OUT/fuzz-$t"
  [ -f "$src" ] || { echo "[fuzz] error: no target $src" >&2; exit 2; }
  if newer_than "$bin" "$src" "$EVALUATION_LIB"; then
    echo "[fuzz] linking $t"
    "$SWIFTC" "${FLAGS[@]}" -module-name "Fuzz_$t" -I "$OUT/lib" "$src" "$EVALUATION_LIB" "$VOCABULARY_LIB" "$LIB" "$STATS_LIB" "${LIBS[@]}" -o "$bin" 2>&1 \
      | grep -v 'warning: Cannot export local symbol' || true
    [ -x "$bin" ] || { echo "[fuzz] error: $t did not link" >&2; failed+=("$t (build)"); continue; }
  fi
  mkdir -p "$OUT/corpus/$t" "$OUT/artifacts/$t"
  log="$OUT/fuzz-$t.log"
  echo "[fuzz] $t: ${SECONDS_PER_TARGET}s from Fuzz/corpus/$t"
  set +e
  "$bin" -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -timeout="$TIMEOUT" -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$t/" \
    "$OUT/corpus/$t" "Fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo "?")
  if [ "$rc" -ne 0 ]; then
    failed+=("$t")
    summary+=("$t: FAILED (exit $rc) after ${execs} executions; see $log and $OUT/artifacts/$t/")
    grep -E 'ERROR|SUMMARY|Test unit written|Fatal error' "$log" | head -8 >&2 || true
  else
    summary+=("$t: ok, ${execs} executions, 0 crashes")
  fi
done

printf '[fuzz] %s\n' "${summary[@]}"
if ((${#failed[@]})); then
  echo "[fuzz] failed: ${failed[*]}" >&2
  exit 1
fi
