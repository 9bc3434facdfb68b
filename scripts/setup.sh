#!/usr/bin/env bash
# Idempotent setup: a Python venv holding the torch==2.11.0 wheel (libtorch comes from it),
# reference data wheels, Debian packages for C libraries, and the `.libtorch` link.
# Quiet when everything is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."

TORCH_VERSION=2.11.0
VENV=.venv
PY="$VENV/bin/python"
STAMP="$VENV/.metorigin-setup-v1"

say() { echo "[setup] $*"; }

# 1. Debian packages (C libraries as SwiftPM system-library targets, DICOM validator, anatomy).
DEBS=(zlib1g-dev libjpeg62-turbo-dev libopenjp2-7-dev dicom3tools mricron-data)
missing=()
for p in "${DEBS[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 1b. dicom3tools' Siemens mosaic example 0051.dcm (DICOM tests). Debian ships it under
# /usr/share/doc, which slim images exclude from installs; then take it from the .deb itself.
MOSAIC=/usr/share/doc/dicom3tools/examples/0051.dcm
if [ ! -f "$MOSAIC" ] && [ ! -f .venv/dicom3tools/0051.dcm ]; then
  say "extracting 0051.dcm from the dicom3tools package"
  tmp="$(mktemp -d)"
  if (cd "$tmp" && apt-get download -qq dicom3tools >/dev/null 2>&1) && dpkg-deb -x "$tmp"/dicom3tools_*.deb "$tmp/x" \
     && [ -f "$tmp/x$MOSAIC" ]; then
    mkdir -p .venv/dicom3tools && cp "$tmp/x$MOSAIC" .venv/dicom3tools/0051.dcm
  else
    say "warning: 0051.dcm not available; mosaic tests will be skipped"
  fi
  rm -rf "$tmp"
fi

# 2. The venv and the wheels.
if [ ! -x "$PY" ]; then
  say "creating $VENV"
  python3 -m venv "$VENV"
fi
if [ ! -f "$STAMP" ]; then
  say "installing torch==$TORCH_VERSION and reference packages into $VENV (first time: a few minutes)"
  "$PY" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
  "$PY" -m pip install -q --disable-pip-version-check \
    "torch==$TORCH_VERSION" numpy safetensors \
    "pydicom==3.0.2" "pydicom-data==1.0.0" "nibabel==5.4.2" SimpleITK "nilearn==0.14.1" scipy
  touch "$STAMP"
fi

# 2b. pyradiomics, the test and benchmark reference for the Radiomics module (never used at run
#     time). pyradiomics-bhklab is a maintained build of pyradiomics 3.1; it may compile its C
#     extension here, so it is checked on its own rather than behind the stamp.
if ! "$PY" -c "import radiomics" >/dev/null 2>&1; then
  say "installing pyradiomics-bhklab==3.1.4 into $VENV (radiomics reference)"
  "$PY" -m pip install -q --disable-pip-version-check "pyradiomics-bhklab==3.1.4" >/dev/null
fi

# 2c. highdicom, the second reader of the DICOM Segmentations MetOrigin writes
#     (scripts/reference_seg.py); checked on its own so an existing venv gains it.
if ! "$PY" -c "import highdicom" >/dev/null 2>&1; then
  say "installing highdicom into $VENV (SEG reference)"
  "$PY" -m pip install -q --disable-pip-version-check "highdicom==0.28.2" >/dev/null
fi

# 3. The stable link to libtorch.
TORCH_DIR="$("$PY" -c 'import torch, os; print(os.path.dirname(torch.__file__))' 2>/dev/null || true)"
if [ -z "$TORCH_DIR" ] || [ ! -f "$TORCH_DIR/lib/libtorch_cpu.so" ]; then
  echo "[setup] error: torch==$TORCH_VERSION is not importable from $VENV; remove $STAMP and rerun" >&2
  exit 1
fi
if [ "$(readlink .libtorch 2>/dev/null || true)" != "$TORCH_DIR" ]; then
  ln -sfn "$TORCH_DIR" .libtorch
  say "linked .libtorch -> $TORCH_DIR"
fi

# 4. Cohort anatomy for the synthetic cohort (docs/cohort.md). Copies the ICBM152 2009a sym
#    T1/GM/WM maps out of the nilearn wheel and Colin27 out of Debian's mricron-data into
#    data/anatomy/ with their licence notices. `metorigin cohort` builds its atlas cache there.
ANATOMY=data/anatomy
NILEARN_DATA="$("$PY" -c 'import nilearn, os; print(os.path.join(os.path.dirname(nilearn.__file__), "datasets", "data"))' 2>/dev/null || true)"
MRICRON=/usr/share/mricron/templates
anatomy_ok=1
for f in mni_icbm152_t1_tal_nlin_sym_09a_converted.nii.gz mni_icbm152_gm_tal_nlin_sym_09a_converted.nii.gz \
         mni_icbm152_wm_tal_nlin_sym_09a_converted.nii.gz ch2.nii.gz ch2bet.nii.gz LICENSE-nilearn.txt \
         COPYRIGHT-mricron-data.txt; do
  [ -s "$ANATOMY/$f" ] || anatomy_ok=0
done
if [ "$anatomy_ok" = 0 ]; then
  say "copying cohort anatomy into $ANATOMY"
  mkdir -p "$ANATOMY"
  for t in t1 gm wm; do
    cp "$NILEARN_DATA/mni_icbm152_${t}_tal_nlin_sym_09a_converted.nii.gz" "$ANATOMY/"
  done
  cp "$MRICRON/ch2.nii.gz" "$MRICRON/ch2bet.nii.gz" "$ANATOMY/"
  cp "$("$PY" -c 'import glob, nilearn, os; print(glob.glob(os.path.join(os.path.dirname(nilearn.__file__), "..", "nilearn-*.dist-info", "licenses", "LICENSE"))[0])')" "$ANATOMY/LICENSE-nilearn.txt"
  cp /usr/share/doc/mricron-data/copyright "$ANATOMY/COPYRIGHT-mricron-data.txt"
  cat > "$ANATOMY/LICENSE-ICBM152-2009.txt" <<'NOTICE'
MNI ICBM152 non-linear symmetric 2009a templates (mni_icbm152_*_tal_nlin_sym_09a), as shipped
(rescaled to 0-255, "converted") in the nilearn 0.14.1 wheel, whose BSD licence is in
LICENSE-nilearn.txt. Upstream notice of the McConnell Brain Imaging Centre:

Copyright (C) 1993-2009 Louis Collins, McConnell Brain Imaging Centre, Montreal Neurological
Institute, McGill University. Permission to use, copy, modify, and distribute this software and
its documentation for any purpose and without fee is hereby granted, provided that the above
copyright notice appear in all copies. The authors and McGill University make no representations
about the suitability of this software for any purpose. It is provided "as is" without express
or implied warranty. The authors are not responsible for any data loss, equipment damage,
property loss, or injury to subjects or patients resulting from the use or misuse of this
software package.

References: Fonov et al., NeuroImage 47 (2009) S102; Fonov et al., NeuroImage 54 (2011) 313-327;
Collins et al., NeuroImage 9 (1999).
NOTICE
  cat > "$ANATOMY/README.txt" <<'NOTICE'
Fetched by scripts/setup.sh for the synthetic cohort (docs/cohort.md); not committed.
ch2.nii.gz, ch2bet.nii.gz: Colin27 single-subject template (Holmes et al., J Comput Assist Tomogr
22 (1998) 324-333) from Debian's mricron-data package; its copyright file is
COPYRIGHT-mricron-data.txt. atlas-v1.bin is a cache built from these files by `metorigin cohort`.
NOTICE
fi
