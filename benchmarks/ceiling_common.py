"""Helpers shared by the benchmark scripts that measure what the embedded cohort's images carry
(image_ceiling.py, transfer_lesion_ceiling.py, segment_flair_ceiling.py): the Otsu threshold and
intensity scaling MetOrigin uses, the lesion neighbourhood, FLAIR-only voxel features, Dice, and
how the figures are printed and written."""
import json

import numpy as np
from scipy import ndimage as ndi

MARGIN = 2  # in-plane dilation of a lesion into its neighbourhood (LesionAgreement.margin)
PATCH = 4  # half-width of the in-plane feature patch


def otsu(values, bins=256):
    """256-bin Otsu threshold over [min, max], returned as the bin centre (as MedicalIO.Otsu)."""
    lo, hi = float(values.min()), float(values.max())
    if not lo < hi:
        return lo
    hist, edges = np.histogram(values, bins=bins, range=(lo, hi))
    centres = (edges[:-1] + edges[1:]) / 2
    w1 = np.cumsum(hist)[:-1]
    w2 = np.cumsum(hist[::-1])[::-1][1:]
    s1 = np.cumsum(hist * centres)[:-1]
    s2 = np.cumsum((hist * centres)[::-1])[::-1][1:]
    with np.errstate(invalid="ignore", divide="ignore"):
        between = w1 * w2 * (s1 / w1 - s2 / w2) ** 2
    return centres[int(np.nanargmax(between))]


def normalised(volume):
    """[-1, 1] by the 99.5th percentile of the head (voxels above Otsu), as TransferIntensity."""
    head = volume[volume > otsu(volume.ravel())]
    if head.size < 16:
        head = volume.ravel()
    scale = np.percentile(head, 99.5)
    scale = scale if scale > 0 else 1.0
    return 2 * np.clip(volume / scale, 0, 1) - 1


def in_plane_dilation(mask, margin=MARGIN):
    """`mask` ([slice, y, x]) dilated slice by slice by a (2 margin + 1)² square, as LesionAgreement."""
    square = np.zeros((1, 2 * margin + 1, 2 * margin + 1), bool)
    square[0] = True
    return ndi.binary_dilation(mask, structure=square)


def features(fl, mask):
    """FLAIR-only features of the voxels in `mask`."""
    padded = np.pad(fl, ((1, 1), (PATCH, PATCH), (PATCH, PATCH)), constant_values=-1)
    k, y, x = np.nonzero(mask)
    columns = [padded[k + 1, y + PATCH + dy, x + PATCH + dx]
               for dy in range(-PATCH, PATCH + 1) for dx in range(-PATCH, PATCH + 1)]
    columns += [padded[k, y + PATCH, x + PATCH], padded[k + 2, y + PATCH, x + PATCH]]
    for sigma in (2, 4, 8):
        columns.append(ndi.gaussian_filter(fl, sigma=(0, sigma, sigma))[mask])
    columns.append(ndi.gaussian_gradient_magnitude(fl, sigma=(0, 1, 1))[mask])
    return np.stack(columns, axis=1)


def mask_dice(a, b):
    """Dice of two boolean masks; NaN when both are empty."""
    total = a.sum() + b.sum()
    return 2 * (a & b).sum() / total if total else float("nan")


def summarised(group, scores, bar):
    """Mean, SD, median and the count at `bar` or more of each predictor's per-study Dice, printed."""
    summary = {}
    for name, values in scores.items():
        v = np.array(values, dtype=float)
        r = summary[name] = {"mean": float(np.nanmean(v)), "sd": float(np.nanstd(v, ddof=1)) if len(v) > 1 else 0.0,
                             "median": float(np.nanmedian(v)), f"at_least_{bar}": int(np.sum(v >= bar)), "studies": len(v)}
        print(f"{group:10s} {name:12s} Dice mean {r['mean']:.3f} ± {r['sd']:.3f}  median {r['median']:.3f}  "
              f"{r[f'at_least_{bar}']}/{r['studies']} studies at {bar} or more")
    return summary


def write_json(path, results):
    if path:
        with open(path, "w") as f:
            json.dump(results, f, indent=2)
