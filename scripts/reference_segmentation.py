#!/usr/bin/env python3
"""Reference values for Evaluation's segmentation metrics (Tests/EvaluationTests/Fixtures/
segmentation_reference.json), computed with NumPy and SciPy only, independently of the Swift code.

Run with the project's interpreter: `.venv/bin/python scripts/reference_segmentation.py`.
Deterministic (seeded), so reruns write the same file.

Irregular blobs (smoothed noise, thresholded) on an anisotropic grid:
- components: scipy.ndimage.label with a 3x3x3 structure (26-connectivity);
- surface: mask & ~binary_erosion(mask) with the 6-connected cross and border_value=0;
- directed distances: distance_transform_edt(~surface_other, sampling=spacing) read at the
  surface voxels (exact Euclidean distance transform);
- HD95 = max(percentile(d_ab, 95), percentile(d_ba, 95)), NumPy linear percentiles.
Masks are stored as sorted linear indices (x fastest, then y, then z).
"""
import json
import pathlib

import numpy as np
from scipy import ndimage

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "EvaluationTests" / "Fixtures" / "segmentation_reference.json"
SHAPE_ZYX = (16, 20, 24)
SPACING_XYZ = (0.9, 1.1, 2.5)


def blob(rng, threshold):
    noise = ndimage.gaussian_filter(rng.standard_normal(SHAPE_ZYX), sigma=(1.0, 2.0, 2.0))
    return noise / noise.std() > threshold


def surface(mask):
    cross = ndimage.generate_binary_structure(3, 1)
    return mask & ~ndimage.binary_erosion(mask, structure=cross, border_value=0)


def hd95(a, b):
    sampling = SPACING_XYZ[::-1]  # arrays are [z, y, x]
    sa, sb = surface(a), surface(b)
    d_ab = ndimage.distance_transform_edt(~sb, sampling=sampling)[sa]
    d_ba = ndimage.distance_transform_edt(~sa, sampling=sampling)[sb]
    return float(max(np.percentile(d_ab, 95), np.percentile(d_ba, 95)))


def indices(mask):
    # Linear index i + nx * (j + ny * k) == C-order ravel of [k, j, i].
    return [int(v) for v in np.flatnonzero(mask.ravel())]


def main():
    rng = np.random.default_rng(3)
    cases = []
    for n in range(3):
        truth = blob(rng, 1.2)
        # A prediction that mostly agrees: the truth shifted one voxel in x, with its own noise.
        prediction = np.roll(truth, 1, axis=2) ^ (blob(rng, 1.8) & ~truth)
        structure = np.ones((3, 3, 3), bool)
        _, truth_components = ndimage.label(truth, structure=structure)
        _, prediction_components = ndimage.label(prediction, structure=structure)
        cases.append({
            "name": f"blobs{n}",
            "size": list(SHAPE_ZYX[::-1]),
            "spacing": list(SPACING_XYZ),
            "truth": indices(truth),
            "prediction": indices(prediction),
            "truth_components": int(truth_components),
            "prediction_components": int(prediction_components),
            "truth_surface_voxels": int(surface(truth).sum()),
            "hd95": hd95(truth, prediction),
            "dice": float(2 * (truth & prediction).sum() / (truth.sum() + prediction.sum())),
        })
    OUT.write_text(json.dumps({"generator": "scripts/reference_segmentation.py", "cases": cases}) + "\n")
    print(f"wrote {OUT}: " + ", ".join(f"{c['name']} {c['truth_components']}/{c['prediction_components']} comps, HD95 {c['hd95']:.4f}" for c in cases))


if __name__ == "__main__":
    main()
