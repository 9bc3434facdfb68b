#!/usr/bin/env python3
"""How high can the FLAIR -> T1 CE lesion check go on the embedded cohort?

The project's quality bar for modality transfer is a lesion Dice of at least 0.6 between the real and the
synthetic target image (`LesionAgreement` in Sources/Pipeline/Transfer). Every CycleGAN we
trained scores about 0.50 from FLAIR to T1 CE. This script asks whether any image-to-image
mapping could do much better, by giving a predictor far more help than a CycleGAN gets:

* it is trained fully supervised, on the *real* co-registered T1 CE of each training patient;
* it is trained only where the check looks (the truth lesion neighbourhood), which the check
  reveals but a generator must find by itself;
* one variant learns the check's own target directly: which voxels of the neighbourhood are
  above the real image's Otsu threshold.

It reproduces the check as `transfer bench` computes it: both images on the model's transfer
grid (axis-aligned, 128 x 128 x 44 at 2 x 2 x 4 mm for `demo`, centred on the T1 CE image), linear
interpolation for images and nearest neighbour for truth labels, intensities mapped to [-1, 1]
by the 99.5th percentile of the head, slices with head in both images, the T1 CE lesion (truth
labels 1-2) dilated in-plane by 2 pixels, each image thresholded at its own 256-bin Otsu
threshold inside that neighbourhood, and the Dice of the two bright masks averaged over patients.

Predictors (features are FLAIR only: a 9 x 9 in-plane patch, the voxel on the slices above and
below, Gaussian-smoothed values at three scales and the gradient magnitude):
  flair          the FLAIR image itself (any increasing intensity map, such as the histogram
                 baseline without inversion, gives nearly the same masks)
  inverted       the FLAIR image negated
  regression     gradient-boosted trees predicting the real T1 CE intensity
  bright-mask    gradient-boosted trees predicting membership of the real image's Otsu mask
  truth          not a predictor: the truth's enhancing-tumour label (1) as the synthetic image,
                 to show what the check gives an image that does know where the tumour enhances

Usage (needs numpy, scipy, nibabel and scikit-learn; setup does not install scikit-learn):
  python benchmarks/transfer_lesion_ceiling.py --train COHORT/manifest.csv --model GAN_DIR \
      [--external OTHER/manifest.csv] [--seed 0] [--json OUT.json]
The training and held-out patients are the ones in GAN_DIR/transfer.json (the CycleGAN's own
split), so the figures sit beside that model's `transfer bench` output. With --external every
patient with both modalities in the other cohort is scored too, as `transfer bench
--training-manifest` does.
"""
import argparse
import csv
import json
import os

import nibabel as nib
import numpy as np
from scipy import ndimage as ndi
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

from ceiling_common import features, in_plane_dilation, mask_dice, normalised, otsu, summarised, write_json

MIN_HEAD = 0.05


def on_grid(path, centre_lps, order, grid):
    """The image at `path` on the transfer grid (`transfer.json`'s "grid") centred at
    `centre_lps`, as [slice, y, x]."""
    img = nib.load(path)
    data = np.asarray(img.dataobj, dtype=np.float32)
    side, slices = grid["sliceSize"], grid["slices"]
    k, j, i = np.meshgrid(np.arange(slices), np.arange(side), np.arange(side), indexing="ij")
    lps = np.stack([centre_lps[0] + (i - (side - 1) / 2) * grid["pixelSpacing"],
                    centre_lps[1] + (j - (side - 1) / 2) * grid["pixelSpacing"],
                    centre_lps[2] + (k - (slices - 1) / 2) * grid["sliceSpacing"]], axis=0).reshape(3, -1)
    ras = lps * np.array([[-1.0], [-1.0], [1.0]])
    index = np.linalg.inv(img.affine) @ np.vstack([ras, np.ones((1, ras.shape[1]))])
    out = ndi.map_coordinates(data, index[:3], order=order, mode="constant", cval=0.0)
    return out.reshape(slices, side, side)


def centre_of(path):
    img = nib.load(path)
    ijk = (np.array(img.shape[:3]) - 1) / 2
    ras = img.affine @ np.append(ijk, 1.0)
    return np.array([-ras[0], -ras[1], ras[2]])


def patients(manifest):
    root = os.path.dirname(os.path.abspath(manifest))
    studies = {}
    for row in csv.DictReader(open(manifest)):
        studies.setdefault(row["study_id"], {})[row["modality"]] = row
    for sid, rows in sorted(studies.items()):
        if "t1ce" in rows and "flair" in rows and rows["t1ce"].get("truth_path"):
            t1, fl = rows["t1ce"], rows["flair"]
            yield t1["patient_id"], sid, {k: os.path.join(root, t1[k]) for k in ("path", "truth_path")}, os.path.join(root, fl["path"])


def load(t1_paths, flair_path, grid):
    centre = centre_of(t1_paths["path"])
    t1 = normalised(on_grid(t1_paths["path"], centre, 1, grid))
    fl = normalised(on_grid(flair_path, centre, 1, grid))
    labels = np.rint(on_grid(t1_paths["truth_path"], centre, 0, grid)).astype(np.uint8)
    head = np.minimum((t1 > -0.95).sum(axis=(1, 2)), (fl > -0.95).sum(axis=(1, 2)))
    usable = head >= MIN_HEAD * grid["sliceSize"] ** 2
    lesion = np.isin(labels, [1, 2]) & usable[:, None, None]
    return t1, fl, labels, in_plane_dilation(lesion)


def dice(real, synthetic):
    """The check: Dice of each image's bright part (above its own Otsu threshold)."""
    return mask_dice(real > otsu(real), synthetic > otsu(synthetic))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", required=True, help="the manifest the CycleGAN was trained on")
    parser.add_argument("--model", required=True, help="the CycleGAN's model folder (its transfer.json holds the split)")
    parser.add_argument("--external", help="another cohort's manifest, every patient with both modalities scored")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    model = json.load(open(os.path.join(args.model, "transfer.json")))
    split, grid = model["split"], model["grid"]
    training, held_out = set(split["training"]), set(split["validation"])

    X, y_value, y_bright = [], [], []
    evaluation = {"held-out": [], "external": []}
    for pid, sid, t1_paths, flair_path in patients(args.train):
        if pid not in training and pid not in held_out:
            continue
        t1, fl, labels, nb = load(t1_paths, flair_path, grid)
        if nb.sum() < 8:
            continue
        if pid in training:
            X.append(features(fl, nb))
            y_value.append(t1[nb])
            y_bright.append(t1[nb] > otsu(t1[nb]))
        else:
            evaluation["held-out"].append((sid, t1[nb], fl, labels, nb))
    if args.external:
        for pid, sid, t1_paths, flair_path in patients(args.external):
            t1, fl, labels, nb = load(t1_paths, flair_path, grid)
            if nb.sum() >= 8:
                evaluation["external"].append((sid, t1[nb], fl, labels, nb))
    X = np.concatenate(X)
    print(f"{len(y_value)} training studies, {len(X)} neighbourhood voxels; "
          f"{len(evaluation['held-out'])} held-out, {len(evaluation['external'])} external studies", flush=True)
    regression = HistGradientBoostingRegressor(max_iter=300, random_state=args.seed).fit(X, np.concatenate(y_value))
    bright = HistGradientBoostingClassifier(max_iter=300, random_state=args.seed).fit(X, np.concatenate(y_bright))

    predictors = {
        "flair": lambda fl, labels, nb, F: fl[nb],
        "inverted": lambda fl, labels, nb, F: -fl[nb],
        "regression": lambda fl, labels, nb, F: regression.predict(F),
        "bright-mask": lambda fl, labels, nb, F: bright.predict_proba(F)[:, 1],
        "truth": lambda fl, labels, nb, F: (labels[nb] == 1).astype(np.float32),
    }
    results = {}
    for group, cases in evaluation.items():
        if not cases:
            continue
        scores = {name: [] for name in predictors}
        for sid, real, fl, labels, nb in cases:
            F = features(fl, nb)
            for name, predict in predictors.items():
                scores[name].append(dice(real, predict(fl, labels, nb, F)))
        results[group] = summarised(group, scores, bar=0.6)
    write_json(args.json, results)
    return results


if __name__ == "__main__":
    main()
