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
