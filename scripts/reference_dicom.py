#!/usr/bin/env python3
"""Writes DICOM reference fixtures for MedicalIOTests from pydicom (run with .venv/bin/python).

For every test file the fixture records which uncompressed file (decoded by pydicom) holds the
expected pixel values, and a digest of those values: FNV-1a 64 over the stored values as
little-endian int32 (sums too are of the int32 bit patterns) after the DICOM definition of BitsStored/HighBit (values shifted down by
HighBit+1-BitsStored, masked to BitsStored bits, sign-extended when PixelRepresentation is 1), with
samples interleaved per pixel and frames in order. It also records the geometry each file declares.

Output: Tests/MedicalIOTests/Fixtures/dicom_reference.json (small, committed).
"""
import json
import os
import sys

import numpy as np
import pydicom
from pydicom.data import get_testdata_file

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "MedicalIOTests", "Fixtures", "dicom_reference.json")

# (file under test, file whose pydicom-decoded pixels are the truth). Compressed files are paired
# with their uncompressed originals because pydicom here has no JPEG / JPEG 2000 plugin.
PAIRS = [
    ("MR_small.dcm", "MR_small.dcm"),
    ("MR_small_implicit.dcm", "MR_small.dcm"),
    ("MR_small_bigendian.dcm", "MR_small.dcm"),
    ("MR_small_expb.dcm", "MR_small.dcm"),
    ("MR_small_padded.dcm", "MR_small.dcm"),
    ("MR_small_RLE.dcm", "MR_small.dcm"),
    ("MR_small_jp2klossless.dcm", "MR_small.dcm"),
    ("MR_small_jpeg_ls_lossless.dcm", "MR_small.dcm"),
    ("emri_small.dcm", "emri_small.dcm"),
    ("emri_small_big_endian.dcm", "emri_small.dcm"),
    ("emri_small_RLE.dcm", "emri_small.dcm"),
    ("emri_small_jpeg_2k_lossless.dcm", "emri_small.dcm"),
    ("emri_small_jpeg_ls_lossless.dcm", "emri_small.dcm"),
    # JPEG-LL.dcm is not a lossless copy of JPEG2000_UNC.dcm; tests spot-check it instead.
    ("JPEG-LL.dcm", None),
    ("JPEG2000.dcm", None),
    ("CT_small.dcm", "CT_small.dcm"),
    ("image_dfl.dcm", "image_dfl.dcm"),
    ("693_J2KR.dcm", "693_UNCR.dcm"),
    ("MR2_J2KR.dcm", "MR2_UNCR.dcm"),
    ("US1_J2KR.dcm", "US1_UNCR.dcm"),
    ("SC_rgb_jpeg_gdcm.dcm", "SC_rgb.dcm"),
    ("SC_rgb_rle.dcm", "SC_rgb.dcm"),
    ("SC_rgb_rle_16bit_2frame.dcm", "SC_rgb_16bit_2frame.dcm"),
    ("SC_rgb_rle_32bit_2frame.dcm", "SC_rgb_32bit_2frame.dcm"),
    ("SC_rgb_expb_16bit_2frame.dcm", "SC_rgb_16bit_2frame.dcm"),
    ("OBXXXX1A_rle_2frame.dcm", "OBXXXX1A_2frame.dcm"),
    ("rtdose_rle.dcm", "rtdose.dcm"),
    ("rtdose_expb.dcm", "rtdose.dcm"),
    ("liver_1frame.dcm", "liver_1frame.dcm"),
    ("color-pl.dcm", "color-px.dcm"),
    ("gdcm-US-ALOKA-16_big.dcm", "gdcm-US-ALOKA-16.dcm"),
    ("0051.dcm", "0051.dcm"),
]
# Lossy JPEG baseline files and dcmtk's decompressed copies (same IJG decoder family: ±2).
LOSSY = [
    ("SC_rgb_dcmtk_+eb+cr.dcm", "SC_rgb_dcmtk_ebcr_dcmd.dcm"),
    ("SC_rgb_dcmtk_+eb+cy+np.dcm", "SC_rgb_dcmtk_ebcynp_dcmd.dcm"),
    ("SC_rgb_dcmtk_+eb+cy+s2.dcm", "SC_rgb_dcmtk_ebcys2_dcmd.dcm"),
]

# dicom3tools' Siemens mosaic: Debian's doc folder, or setup.sh's copy when docs are excluded.
EXTRA = {"0051.dcm": ["/usr/share/doc/dicom3tools/examples/0051.dcm", os.path.join(ROOT, ".venv/dicom3tools/0051.dcm")]}


def locate(name):
    if name in EXTRA:
        return next((p for p in EXTRA[name] if os.path.exists(p)), None)
    try:
        return get_testdata_file(name)
    except Exception:
        return None


def stored(ds):
    arr = ds.pixel_array
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    spp = int(ds.get("SamplesPerPixel", 1))
    alloc, bits = int(ds.BitsAllocated), int(ds.BitsStored)
    high = int(ds.get("HighBit", bits - 1))
    arr = np.asarray(arr)
    # pydicom returns frames × rows × cols × samples; make it C-ordered interleaved.
    u = arr.astype(np.int64) & ((1 << alloc) - 1) if alloc > 1 else arr.astype(np.int64)
    if alloc > 1:
        u = (u >> (high + 1 - bits)) & ((1 << bits) - 1)
        if int(ds.PixelRepresentation) == 1:
            u = np.where(u & (1 << (bits - 1)), u - (1 << bits), u)
    return u.astype(np.int64).reshape(-1), frames, spp


def fnv(values):
    data = values.astype("<i4").tobytes()
    h = 0xCBF29CE484222325
    # Vectorised FNV is awkward; files are small enough for a byte loop over memoryview.
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def geometry(ds):
    g = {}
    for key in ("ImagePositionPatient", "ImageOrientationPatient", "PixelSpacing", "SliceThickness"):
        if key in ds and ds[key].value not in (None, ""):
            v = ds[key].value
            g[key] = [float(x) for x in v] if isinstance(v, (list, pydicom.multival.MultiValue)) else [float(v)]
    return g


def main():
    entries = []
    for test, ref in PAIRS:
        path = locate(test)
        if path is None:
            print(f"[reference] skipping {test}: not found", file=sys.stderr)
            continue
        ds = pydicom.dcmread(path)
        e = {"file": test, "transferSyntax": str(ds.file_meta.TransferSyntaxUID), "rows": int(ds.Rows),
             "columns": int(ds.Columns), "frames": int(ds.get("NumberOfFrames", 1) or 1),
             "samplesPerPixel": int(ds.get("SamplesPerPixel", 1)), "geometry": geometry(ds)}
        if ref is not None:
            values, _, _ = stored(pydicom.dcmread(locate(ref)))
            e.update({"reference": ref, "count": int(values.size), "fnv1a64": fnv(values),
                      "sum": int(values.astype("<i4").astype(np.int64).sum()), "min": int(values.min()), "max": int(values.max())})
        entries.append(e)
    lossy = []
    for test, ref in LOSSY:
        if locate(test) is None or locate(ref) is None:
            continue
        values, _, _ = stored(pydicom.dcmread(locate(ref)))
        lossy.append({"file": test, "reference": ref, "count": int(values.size)})
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"generator": "scripts/reference_dicom.py", "pydicom": pydicom.__version__,
                   "files": entries, "lossy": lossy}, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"[reference] wrote {len(entries)} + {len(lossy)} entries to {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
