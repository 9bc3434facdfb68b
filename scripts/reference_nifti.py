#!/usr/bin/env python3
"""Reference values for MetOrigin's NIfTI reader, recorded with nibabel.

Writes small synthetic NIfTI files (every datatype we read, both byte orders, NIfTI-1 and -2,
sform / qform-only / neither, scaling, extensions, 4-D) into
Tests/MedicalIOTests/Fixtures/nifti/, and records for them and for nibabel's own test images
what nibabel reports: shape, stored dtype, byte order, affine, codes, scaling, sample voxels
and sums. The Swift tests compare against Tests/MedicalIOTests/Fixtures/nifti_reference.json.

Run with the project venv: .venv/bin/python scripts/reference_nifti.py
"""
import json
import os
import struct

import nibabel as nib
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "MedicalIOTests", "Fixtures")
OUT_DIR = os.path.join(FIXTURES, "nifti")
NIB_DATA = os.path.join(os.path.dirname(nib.__file__), "tests", "data")
NIBABEL_FILES = ["anatomical.nii", "example4d.nii.gz", "example_nifti2.nii.gz", "standard.nii.gz",
                 "reoriented_anat_moved.nii"]

SHAPE = (5, 4, 3)
OBLIQUE = np.array([[0.9, -0.3, 0.1, 12.5],
                    [0.2, 1.8, -0.4, -30.25],
                    [-0.1, 0.5, 2.4, 7.0],
                    [0, 0, 0, 1]])


def ramp(dtype, shape=SHAPE, seed=0):
    """Deterministic values that exercise the type's sign and range."""
    rng = np.random.default_rng(seed)
    info = np.iinfo(dtype) if np.issubdtype(dtype, np.integer) else None
    if info is not None:
        lo, hi = max(info.min, -30000), min(info.max, 60000)
        v = rng.integers(lo, hi, size=shape, endpoint=True)
        v.flat[0] = info.min
        v.flat[1] = info.max
        return v.astype(dtype)
    return (rng.standard_normal(shape) * 1000).astype(dtype)


def header(cls, endian):
    return cls.header_class(endianness=endian)


def make_fixtures():
    os.makedirs(OUT_DIR, exist_ok=True)
    made = []  # (file name, expected error or None)

    def save(img, name):
        nib.save(img, os.path.join(OUT_DIR, name))
        made.append(name)

    for dt in ["uint8", "int8", "int16", "uint16", "int32", "uint32", "int64", "float32", "float64"]:
        h = header(nib.Nifti1Image, "<")
        h.set_data_dtype(np.dtype(dt))
        img = nib.Nifti1Image(ramp(np.dtype(dt)), OBLIQUE, h)
        img.set_qform(OBLIQUE, code=1)
        img.set_sform(OBLIQUE, code=2)
        save(img, f"dtype_{dt}.nii")

    # Big-endian, scaled int16 (scl_slope 0.5, scl_inter 10) with qform and sform both set.
    h = header(nib.Nifti1Image, ">")
    h.set_data_dtype(np.int16)
    img = nib.Nifti1Image(ramp(np.dtype("int16"), seed=1), OBLIQUE, h)
    save(img, "be_int16_scaled.nii")
    # nibabel recomputes scaling for integer arrays on save, so patch the two fields afterwards.
    with open(os.path.join(OUT_DIR, "be_int16_scaled.nii"), "r+b") as f:
        f.seek(112)
        f.write(struct.pack(">ff", 0.5, 10.0))

    # Float data stored as int16: nibabel picks slope and intercept itself.
    h = header(nib.Nifti1Image, "<")
    h.set_data_dtype(np.int16)
    img = nib.Nifti1Image(ramp(np.dtype("float32"), seed=7) * 0.37 + 5, OBLIQUE, h)
    save(img, "auto_scaled_int16.nii.gz")

    # qform only, with a rotation and a reflection (qfac = -1); gzip.
    aff = np.array([[-0.0, 0.0, 2.5, -40.0],
                    [-1.2, 0.1, 0.0, 55.5],
                    [0.0, -1.3, 0.0, 20.0],
                    [0, 0, 0, 1]])
    h = header(nib.Nifti1Image, "<")
    h.set_data_dtype(np.float32)
    img = nib.Nifti1Image(ramp(np.dtype("float32"), seed=2), None, h)
    img.set_qform(aff, code=1)
    img.set_sform(None, code=0)
    save(img, "qform_only.nii.gz")

    # Neither qform nor sform: nibabel falls back to a centred diagonal from pixdim.
    h = header(nib.Nifti1Image, "<")
    h.set_data_dtype(np.uint16)
    img = nib.Nifti1Image(ramp(np.dtype("uint16"), seed=3), None, h)
    img.header.set_zooms((1.5, 2.0, 3.0))
    img.set_qform(None, code=0)
    img.set_sform(None, code=0)
    save(img, "no_form.nii")

    # NIfTI-2, big-endian float64, gzip.
    h = header(nib.Nifti2Image, ">")
    h.set_data_dtype(np.float64)
    img = nib.Nifti2Image(ramp(np.dtype("float64"), seed=4), OBLIQUE, h)
    save(img, "nifti2_be_float64.nii.gz")

    # 4-D uint16 with a time step, gzip.
    h = header(nib.Nifti1Image, "<")
    h.set_data_dtype(np.uint16)
    img = nib.Nifti1Image(ramp(np.dtype("uint16"), shape=SHAPE + (3,), seed=5), OBLIQUE, h)
    save(img, "4d_uint16.nii.gz")

    # A header extension pushes vox_offset past 352, raw and gzip.
    for name in ["extension.nii", "extension.nii.gz"]:
        h = header(nib.Nifti1Image, "<")
        h.set_data_dtype(np.int16)
        img = nib.Nifti1Image(ramp(np.dtype("int16"), seed=6), OBLIQUE, h)
        img.header.extensions.append(nib.nifti1.Nifti1Extension("comment", b"MetOrigin test extension " * 20))
        save(img, name)

    # A datatype we refuse (complex64).
    h = header(nib.Nifti1Image, "<")
    h.set_data_dtype(np.complex64)
    img = nib.Nifti1Image(np.ones(SHAPE, np.complex64), OBLIQUE, h)
    nib.save(img, os.path.join(OUT_DIR, "complex64.nii"))
    return made


def describe(path):
    img = nib.load(path)
    hdr = img.header
    stored = np.asanyarray(img.dataobj.get_unscaled())
    data = img.get_fdata(dtype=np.float64)
    shape = list(img.shape)
    rng = np.random.default_rng(42)
    samples = []
    corners = [tuple(0 for _ in shape), tuple(s - 1 for s in shape), tuple(s // 2 for s in shape)]
    randoms = [tuple(int(rng.integers(0, s)) for s in shape) for _ in range(5)]
    for idx in corners + randoms:
        samples.append({"index": list(idx), "value": float(data[idx]), "stored": stored[idx].item()})
    # nibabel moves scl_slope/scl_inter from the header into the array proxy on load.
    slope, inter = float(img.dataobj.slope), float(img.dataobj.inter)
    stored_sum = int(stored.astype(np.int64).sum()) if np.issubdtype(stored.dtype, np.integer) \
        else float(stored.astype(np.float64).sum())
    return {
        "version": 2 if isinstance(img, nib.Nifti2Image) else 1,
        "shape": shape,
        "dtype": img.get_data_dtype().name,
        "big_endian": hdr.endianness == ">",
        "affine": img.affine.tolist(),
        "sform_code": int(hdr["sform_code"]),
        "qform_code": int(hdr["qform_code"]),
        "slope": slope,
        "inter": inter,
        "zooms": [float(z) for z in hdr.get_zooms()],
        "samples": samples,
        "sum_scaled": float(data.sum()),
        "sum_stored": stored_sum,
    }


def main():
    made = make_fixtures()
    ref = {"nibabel_version": nib.__version__, "nibabel": {}, "fixtures": {},
           "rejected": {"complex64.nii": "unsupportedDatatype"}}
    for name in NIBABEL_FILES:
        ref["nibabel"][name] = describe(os.path.join(NIB_DATA, name))
    for name in made:
        ref["fixtures"][name] = describe(os.path.join(OUT_DIR, name))
    with open(os.path.join(FIXTURES, "nifti_reference.json"), "w") as f:
        json.dump(ref, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {len(made)} fixtures and {len(ref['nibabel']) + len(made)} reference records")


if __name__ == "__main__":
    main()
