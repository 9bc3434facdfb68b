#!/usr/bin/env python3
"""Reference resampling results from SimpleITK for MetOrigin's Resampler tests.

Writes small inputs and SimpleITK ResampleImageFilter outputs (default value 0, identity
transform) as NIfTI into Tests/MedicalIOTests/Fixtures/resample/, plus a manifest
resample_reference.json describing each case. Inputs are read back from the files before
resampling so both sides see the same (float32-rounded) geometry.

Run with the project venv: .venv/bin/python scripts/reference_resample.py
"""
import json
import os

import numpy as np
import SimpleITK as sitk

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "MedicalIOTests", "Fixtures")
OUT_DIR = os.path.join(FIXTURES, "resample")
INTERP = {"linear": sitk.sitkLinear, "nearest": sitk.sitkNearestNeighbor, "bspline": sitk.sitkBSpline}


def rotation(ax, ay, az):
    cx, sx, cy, sy, cz, sz = np.cos(ax), np.sin(ax), np.cos(ay), np.sin(ay), np.cos(az), np.sin(az)
    rx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    rz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return rz @ ry @ rx


def phantom(shape_zyx, seed):
    """A smooth head-like blob with edges and texture (float32, 0..~1000)."""
    rng = np.random.default_rng(seed)
    z, y, x = np.meshgrid(*[np.linspace(-1, 1, n) for n in shape_zyx], indexing="ij")
    r = np.sqrt(x ** 2 + (1.2 * y) ** 2 + (1.1 * z) ** 2)
    img = 800 * (r < 0.8) + 150 * np.cos(6 * x) * np.sin(5 * y + 2 * z) * (r < 0.8)
    img += 300 * np.exp(-((x - 0.2) ** 2 + (y + 0.1) ** 2 + z ** 2) / 0.02)
    img += rng.normal(0, 20, shape_zyx)
    return img.astype(np.float32)


def write(img, name):
    path = os.path.join(OUT_DIR, name)
    sitk.WriteImage(img, path)
    return sitk.ReadImage(path)  # read back: exactly what the Swift side will read


def make_input(name, size_xyz, spacing, origin, direction, seed, labels=False):
    data = phantom(size_xyz[::-1], seed)
    if labels:
        data = np.digitize(data, [200, 600, 900]).astype(np.uint8)
    img = sitk.GetImageFromArray(data)
    img.SetSpacing(spacing)
    img.SetOrigin(origin)
    img.SetDirection(np.asarray(direction, float).flatten().tolist())
    return write(img, name)


def resample(img, interp, size, spacing, origin, direction):
    f = sitk.ResampleImageFilter()
    f.SetInterpolator(INTERP[interp])
    f.SetDefaultPixelValue(0)
    f.SetSize([int(s) for s in size])
    f.SetOutputSpacing(spacing)
    f.SetOutputOrigin(origin)
    f.SetOutputDirection(direction)
    f.SetOutputPixelType(img.GetPixelID())
    return f.Execute(img)


def to_spacing(img, interp, spacing):
    """The SimpleITK idiom for a new spacing: same origin/direction, size rounded."""
    size = [int(round(n * s / t)) for n, s, t in zip(img.GetSize(), img.GetSpacing(), spacing)]
    return resample(img, interp, size, spacing, img.GetOrigin(), img.GetDirection())


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    cases = []

    iso = make_input("iso_input.nii.gz", (32, 28, 20), (1.0, 1.0, 1.0), (-15.5, 20.25, -8.0), np.eye(3), seed=1)
    oblique_dir = rotation(0.15, -0.1, 0.35)
    obl = make_input("oblique_input.nii.gz", (30, 26, 18), (0.9, 1.1, 1.6), (12.0, -7.5, 3.25), oblique_dir, seed=2)
    lab = make_input("labels_input.nii.gz", (30, 26, 18), (0.9, 1.1, 1.6), (12.0, -7.5, 3.25), oblique_dir, seed=3,
                     labels=True)

    def add(name, inp, mode, interp, out, spacing=None):
        write(out, name)
        cases.append({"name": name, "input": inp, "mode": mode, "interpolation": interp, "spacing": spacing})

    paper = (0.64, 0.64, 2.4)
    for interp in ["linear", "nearest", "bspline"]:
        add(f"iso_paper_{interp}.nii.gz", "iso_input.nii.gz", "spacing", interp, to_spacing(iso, interp, paper),
            list(paper))
    add("oblique_spacing_linear.nii.gz", "oblique_input.nii.gz", "spacing", "linear",
        to_spacing(obl, "linear", (0.7, 0.9, 1.7)), [0.7, 0.9, 1.7])

    # Onto a grid with another rotation, origin and spacing, partly outside the input.
    target_dir = rotation(-0.2, 0.25, -0.4).flatten().tolist()
    grid = dict(size=(26, 22, 16), spacing=(1.2, 0.8, 1.5), origin=(14.0, -9.0, 1.0), direction=target_dir)
    for interp in ["linear", "nearest", "bspline"]:
        add(f"oblique_grid_{interp}.nii.gz", "oblique_input.nii.gz", "grid", interp, resample(obl, interp, **grid))
    add("labels_grid_nearest.nii.gz", "labels_input.nii.gz", "grid", "nearest", resample(lab, "nearest", **grid))

    with open(os.path.join(FIXTURES, "resample_reference.json"), "w") as f:
        json.dump({"simpleitk_version": sitk.Version.VersionString(), "default_value": 0, "cases": cases}, f, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} resampling cases")


if __name__ == "__main__":
    main()
