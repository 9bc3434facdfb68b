#!/usr/bin/env python3
"""Reference values for MedicalIO's image similarity metrics (Tests/MedicalIOTests/Fixtures/
similarity_reference.json), computed with NumPy and SciPy only.

Run with the project's interpreter: `.venv/bin/python scripts/reference_similarity.py`.
Deterministic (a seeded NumPy generator), so reruns write the same file.

- MAE, MSE, PSNR = 10 log10(R^2 / MSE), over an optional mask.
- SSIM: scikit-image's `structural_similarity(gaussian_weights=True, sigma=1.5,
  use_sample_covariance=False, data_range=R)` re-implemented line for line (scipy.ndimage.
  gaussian_filter, truncate 3.5, mode 'reflect'; the map averaged over the pixels at least
  (win_size - 1) // 2 = 5 from the border). Volumes: per axial slice, pooled over the counted
  pixels (and the mask when there is one).
- NMI (Studholme) = (H(A) + H(B)) / H(A, B) from np.histogram2d over the masked values with
  each image's own min..max range.
"""
import json
import pathlib

import numpy as np
from scipy.ndimage import gaussian_filter

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "MedicalIOTests" / "Fixtures" / "similarity_reference.json"
SIGMA, K1, K2, TRUNCATE = 1.5, 0.01, 0.03, 3.5


def ssim_map(x, y, data_range):
    """scikit-image's SSIM map for 2D float64 images (rows = y, columns = x)."""
    f = lambda im: gaussian_filter(im, sigma=SIGMA, truncate=TRUNCATE, mode="reflect")
    ux, uy = f(x), f(y)
    uxx, uyy, uxy = f(x * x), f(y * y), f(x * y)
    vx, vy, vxy = uxx - ux * ux, uyy - uy * uy, uxy - ux * uy
    c1, c2 = (K1 * data_range) ** 2, (K2 * data_range) ** 2
    return ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux ** 2 + uy ** 2 + c1) * (vx + vy + c2))


def ssim(image, reference, data_range, mask=None):
    """Pooled over the slices (axis 0) of 3D arrays [z, y, x], interior pixels ∩ mask."""
    win = 2 * int(TRUNCATE * SIGMA + 0.5) + 1
    pad = (win - 1) // 2
    total, count = 0.0, 0
    for k in range(image.shape[0]):
        s = ssim_map(image[k].astype(np.float64), reference[k].astype(np.float64), data_range)
        keep = np.zeros(s.shape, bool)
        keep[pad:-pad, pad:-pad] = True
        if mask is not None:
            keep &= mask[k]
        total += s[keep].sum()
        count += keep.sum()
    return total / count


def nmi(a, b, bins, mask=None):
    a = a.astype(np.float64).ravel()
    b = b.astype(np.float64).ravel()
    if mask is not None:
        a, b = a[mask.ravel()], b[mask.ravel()]
    joint, _, _ = np.histogram2d(a, b, bins=bins)
    p = joint / joint.sum()
    def h(q):
        q = q[q > 0]
        return -(q * np.log(q)).sum()
    return (h(p.sum(axis=1)) + h(p.sum(axis=0))) / h(p)


def errors(image, reference, mask, data_range):
    d = image.astype(np.float64) - reference.astype(np.float64)
    if mask is not None:
        d = d[mask]
    mse = (d ** 2).mean()
    return {"mae": float(np.abs(d).mean()), "mse": float(mse), "psnr": float(10 * np.log10(data_range ** 2 / mse))}


def phantom(rng, shape):
    """A smooth blob image with texture, so SSIM and NMI are far from trivial."""
    z, y, x = np.meshgrid(*[np.arange(n, dtype=np.float64) for n in shape], indexing="ij")
    cy, cx = shape[1] / 2, shape[2] / 2
    r = np.sqrt(((y - cy) / (shape[1] / 2.5)) ** 2 + ((x - cx) / (shape[2] / 2.5)) ** 2)
    img = 100 * (r < 1) + 40 * np.sin(x / 3 + z) * (r < 0.7) + 10 * rng.standard_normal(shape)
    return img.astype(np.float32)


def case(name, image, reference, mask, data_range):
    in_mask = reference[mask] if mask is not None else reference
    ref_range = float(in_mask.astype(np.float64).max() - in_mask.astype(np.float64).min())
    out = {
        "name": name,
        "shape": list(image.shape),  # [z, y, x]
        "image": [float(v) for v in image.ravel()],
        "reference": [float(v) for v in reference.ravel()],
        "mask": None if mask is None else [int(v) for v in mask.ravel()],
        "data_range": data_range,
        "reference_range": ref_range,
        "fixed": errors(image, reference, mask, data_range),
        "psnr_of_reference": errors(image, reference, mask, ref_range)["psnr"],
        "ssim": float(ssim(image, reference, data_range, mask)),
        "ssim_of_reference": float(ssim(image, reference, ref_range, mask)),
        "nmi32": float(nmi(image, reference, 32, mask)),
        "nmi8": float(nmi(image, reference, 8, mask)),
    }
    return out


def main():
    rng = np.random.default_rng(20041)
    cases = []
    ref = phantom(rng, (1, 20, 24))
    test = (0.8 * ref + 15 + 8 * rng.standard_normal(ref.shape)).astype(np.float32)
    cases.append(case("slice", test, ref, None, 255.0))
    blob = np.zeros(ref.shape, bool)
    blob[0, 6:13, 8:20] = True
    cases.append(case("slice_masked", test, ref, blob, 255.0))
    vol = phantom(rng, (3, 16, 18))
    # An inverted contrast: NMI stays high while SSIM is poor.
    inverted = (200 - vol + 5 * rng.standard_normal(vol.shape)).astype(np.float32)
    cases.append(case("volume_inverted", inverted, vol, None, 2.0 * 200))
    head = np.zeros(vol.shape, bool)
    head[:, 6:14, 7:17] = True
    cases.append(case("volume_masked", inverted, vol, head, 400.0))
    OUT.write_text(json.dumps({"generator": "scripts/reference_similarity.py", "cases": cases}) + "\n")
    print(f"wrote {OUT} ({len(cases)} cases)")


if __name__ == "__main__":
    main()
