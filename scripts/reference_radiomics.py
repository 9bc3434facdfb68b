#!/usr/bin/env python3
"""Writes the pyradiomics reference fixtures for Tests/RadiomicsTests.

Each case is an image and a mask written here as NIfTI (synthetic volumes from a fixed numpy
seed, crops of real MR volumes shipped with nibabel and nilearn with masks made by
thresholding, and degenerate masks), plus pyradiomics' features for the whole mask and for each
26-connected lesion, or the error pyradiomics raises. pyradiomics (PyPI pyradiomics-bhklab 3.1.4)
runs with its default settings unless a case names others.

    .venv/bin/python scripts/reference_radiomics.py [--out Tests/RadiomicsTests/Fixtures]
"""
import argparse
import json
import logging
import os

import nibabel as nib
import nilearn
import numpy as np
import radiomics
import scipy.ndimage as ndi
import SimpleITK as sitk
from radiomics import featureextractor

STRUCTURE = np.ones((3, 3, 3), dtype=bool)  # 26-connectivity


def save(array_xyz, spacing, path, dtype):
    """Writes an (x, y, z) array with an LPS-like RAS affine (negative x and y, as scanners do)."""
    affine = np.diag([-spacing[0], -spacing[1], spacing[2], 1.0])
    affine[:3, 3] = [40.0, 30.0, -20.0]
    nib.save(nib.Nifti1Image(np.asarray(array_xyz, dtype=dtype), affine), path)


def phantom(rng, shape, lesions):
    """A smooth head-like background with noise and enhancing, necrotic lesions; returns image, mask (x, y, z)."""
    x, y, z = np.meshgrid(*[np.arange(n, dtype=float) for n in shape], indexing="ij")
    image = 300 + 120 * np.sin(x / 5.0) * np.cos(y / 7.0) + 40 * z / shape[2]
    mask = np.zeros(shape, dtype=np.uint8)
    for cx, cy, cz, rx, ry, rz in lesions:
        r = np.sqrt(((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 + ((z - cz) / rz) ** 2)
        inside = r <= 1
        mask[inside] = 1
        image[inside] = 650 - 380 * (r[inside] < 0.5) + 90 * r[inside]
    image += rng.normal(0, 35, shape)
    return image, mask


def extract(extractor, image, mask):
    try:
        result = extractor.execute(image, mask)
    except Exception as e:  # pyradiomics raises ValueError with a message
        return {"error": str(e)}
    # NaN (a feature pyradiomics cannot define for the region) is written as null.
    return {k: (float(v) if np.isfinite(v) else None) for k, v in result.items() if k.startswith("original_")}


def run_case(name, image_path, mask_path, settings, out, cases):
    extractor = featureextractor.RadiomicsFeatureExtractor(additionalInfo=False, **settings)
    image = sitk.ReadImage(image_path)
    mask = sitk.ReadImage(mask_path)
    arr = sitk.GetArrayFromImage(mask)
    case = {"image": os.path.basename(image_path), "mask": os.path.basename(mask_path), "settings": settings}
    case["study"] = extract(extractor, image, mask)
    labels, n = ndi.label(arr == settings.get("label", 1), structure=STRUCTURE)
    lesions = []
    # scipy numbers components in (z, y, x) scan order, the same order as x-fastest memory order.
    for k in range(1, n + 1):
        one = sitk.GetImageFromArray((labels == k).astype(np.uint8) * settings.get("label", 1))
        one.CopyInformation(mask)
        entry = {"id": k, "voxels": int((labels == k).sum())}
        entry.update(extract(extractor, image, one))
        lesions.append(entry)
    case["lesions"] = lesions
    cases[name] = case


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="Tests/RadiomicsTests/Fixtures")
    args = parser.parse_args()
    out = args.out
    os.makedirs(out, exist_ok=True)
    logging.getLogger("radiomics").setLevel(logging.ERROR)
    rng = np.random.default_rng(20261207)
    cases = {}

    def path(name):
        return os.path.join(out, name)

    # Cohort-like synthetic studies: several lesions, one touching the image border.
    image, mask = phantom(rng, (36, 34, 16), [(10, 10, 7, 5, 4, 3), (25, 22, 8, 6, 7, 4), (34, 5, 3, 3, 3, 2),
                                               (20, 4, 12, 1.2, 1.2, 1.0)])
    save(np.round(image), (0.9, 0.9, 2.0), path("synthetic_a_image.nii.gz"), np.int16)
    save(mask, (0.9, 0.9, 2.0), path("synthetic_a_mask.nii.gz"), np.uint8)
    run_case("synthetic_a", path("synthetic_a_image.nii.gz"), path("synthetic_a_mask.nii.gz"), {}, out, cases)

    image, mask = phantom(rng, (30, 30, 14), [(15, 14, 7, 9, 8, 5), (4, 25, 3, 2.5, 2, 2)])
    save(image / 7.3, (1.1, 0.8, 1.5), path("synthetic_b_image.nii.gz"), np.float32)
    save(mask, (1.1, 0.8, 1.5), path("synthetic_b_mask.nii.gz"), np.uint8)
    run_case("synthetic_b", path("synthetic_b_image.nii.gz"), path("synthetic_b_mask.nii.gz"), {}, out, cases)
    run_case("synthetic_b_bin5", path("synthetic_b_image.nii.gz"), path("synthetic_b_mask.nii.gz"),
             {"binWidth": 5}, out, cases)
    run_case("synthetic_b_normalized", path("synthetic_b_image.nii.gz"), path("synthetic_b_mask.nii.gz"),
             {"normalize": True, "normalizeScale": 100, "removeOutliers": 3}, out, cases)

    # Real MR: nibabel's anatomical test volume (2 mm) and a crop of nilearn's ICBM152 template.
    anat = nib.load(os.path.join(os.path.dirname(nib.__file__), "tests", "data", "anatomical.nii"))
    a = np.asarray(anat.dataobj).astype(np.int16)
    save(a, (2.0, 2.0, 2.0), path("anatomical_image.nii.gz"), np.int16)
    save((a > np.percentile(a, 70)).astype(np.uint8), (2.0, 2.0, 2.0), path("anatomical_mask.nii.gz"), np.uint8)
    run_case("anatomical", path("anatomical_image.nii.gz"), path("anatomical_mask.nii.gz"), {}, out, cases)

    mni = nib.load(os.path.join(os.path.dirname(nilearn.__file__), "datasets", "data",
                                "mni_icbm152_t1_tal_nlin_sym_09a_converted.nii.gz"))
    m = np.asarray(mni.dataobj)[80:116, 90:126, 60:84]
    # Stored as int16: pyradiomics computes its top bin edge in the image type, which wraps
    # around for uint8 images brighter than 205 (maximum + 2 * binWidth).
    save(m, (1.0, 1.0, 1.0), path("mni_image.nii.gz"), np.int16)
    save((m >= 110).astype(np.uint8), (1.0, 1.0, 1.0), path("mni_mask.nii.gz"), np.uint8)
    run_case("mni", path("mni_image.nii.gz"), path("mni_mask.nii.gz"), {}, out, cases)

    # Degenerate masks on synthetic_b's image.
    shape = (30, 30, 14)
    for name, region in [("one_voxel", (slice(5, 6), slice(5, 6), slice(5, 6))),
                         ("line", (slice(3, 12), slice(5, 6), slice(5, 6))),
                         ("plane", (slice(4, 20), slice(6, 22), slice(7, 8))),
                         ("border", (slice(0, 6), slice(22, 30), slice(10, 14))),
                         ("empty", None)]:
        mk = np.zeros(shape, dtype=np.uint8)
        if region is not None:
            mk[region] = 1
        if name == "border":
            mk[0, 29, 13] = 0  # not a plain box
        save(mk, (1.1, 0.8, 1.5), path(f"degenerate_{name}_mask.nii.gz"), np.uint8)
        run_case(f"degenerate_{name}", path("synthetic_b_image.nii.gz"), path(f"degenerate_{name}_mask.nii.gz"),
                 {}, out, cases)

    meta = {"pyradiomics": radiomics.__version__, "numpy": np.__version__, "SimpleITK": sitk.Version_VersionString()}
    with open(path("reference.json"), "w") as f:
        json.dump({"reference": meta, "cases": cases}, f, sort_keys=True, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
