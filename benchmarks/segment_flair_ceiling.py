#!/usr/bin/env python3
"""How well can the cohort's FLAIR outline its contour when it is told where to look?

The segmentation issue asks for a FLAIR Dice of at least 0.75 with the proposed network; every
network we trained scores 0.45-0.52 with the cohort's default FLAIR contours (the tumour, truth
labels 1-2) and 0.62-0.68 with lesion contours (labels 1-3, `--flair-contour lesion`). This script
measures how much of either contour the FLAIR voxels show, by handing a predictor what a network
must find for itself: **where every lesion is**. Each study's contour, dilated in-plane by 2
pixels, is the only region predicted; outside it the prediction is empty, so there are no false
positives and no missed lesions. Inside it:

  otsu     the study's FLAIR above its own Otsu threshold (no learning)
  trees    gradient-boosted trees, trained on the training studies' neighbourhood voxels, from
           the same FLAIR-only features as benchmarks/transfer_lesion_ceiling.py (a 9 x 9 patch,
           the voxels above and below, three smoothing scales, gradient magnitude); contour where
           the probability exceeds 0.5

The Dice is per study on the study's own FLAIR grid (2 x 2 x 4 mm in the demo cohort), as
`segment evaluate` reports it; mean and SD over studies. The training and validation studies
are the segmentation model's own (`split.json`), so the figures sit beside that model's.

Usage (numpy, scipy, nibabel, scikit-learn):
  python benchmarks/segment_flair_ceiling.py --manifest COHORT/manifest.csv --model SEG_DIR \
      --contour tumour|lesion [--external OTHER/manifest.csv] [--seed 0] [--json OUT.json]
`--contour` says which truth labels form the contour (tumour 1-2, lesion 1-3): the cohort's
contour files are exactly these labels (docs/cohort.md), and reading the truth lets one
cohort serve both definitions.
"""
import argparse
import csv
import json
import os
import sys

import nibabel as nib
import numpy as np
from scipy import ndimage as ndi
from sklearn.ensemble import HistGradientBoostingClassifier

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from transfer_lesion_ceiling import MARGIN, features, normalised, otsu, summarised, write_json  # noqa: E402

CONTOURS = {"tumour": [1, 2], "lesion": [1, 2, 3]}


def contoured_flair(manifest):
    root = os.path.dirname(os.path.abspath(manifest))
    for row in csv.DictReader(open(manifest)):
        if row["modality"] == "flair" and row["contoured"] == "1" and row.get("truth_path"):
            yield row["study_id"], os.path.join(root, row["path"]), os.path.join(root, row["truth_path"])


def load(image_path, truth_path, labels):
    """FLAIR in [-1, 1] and the contour, both as [slice, y, x], and the lesion neighbourhood."""
    flair = np.asarray(nib.load(image_path).dataobj, dtype=np.float32).transpose(2, 1, 0)
    truth = np.asarray(nib.load(truth_path).dataobj).transpose(2, 1, 0)
    contour = np.isin(truth, labels)
    square = np.zeros((1, 2 * MARGIN + 1, 2 * MARGIN + 1), bool)
    square[0] = True
    return normalised(flair), contour, ndi.binary_dilation(contour, structure=square)


def dice(a, b):
    total = a.sum() + b.sum()
    return 2 * (a & b).sum() / total if total else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--manifest", required=True, help="the cohort the segmentation model was trained on")
    parser.add_argument("--model", required=True, help="the segmentation model folder (its split.json names the studies)")
    parser.add_argument("--contour", choices=sorted(CONTOURS), required=True)
    parser.add_argument("--external", help="another cohort's manifest: every contoured FLAIR study is scored")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    split = json.load(open(os.path.join(args.model, "split.json")))
    training, validation = set(split["training"]), set(split["validation"])
    labels = CONTOURS[args.contour]

    X, y = [], []
    evaluation = {"validation": [], "external": []}
    for sid, image, truth in contoured_flair(args.manifest):
        if sid in training:
            flair, contour, nb = load(image, truth, labels)
            X.append(features(flair, nb))
            y.append(contour[nb])
        elif sid in validation:
            evaluation["validation"].append(load(image, truth, labels))
    if args.external:
        evaluation["external"] = [load(image, truth, labels) for _, image, truth in contoured_flair(args.external)]
    X = np.concatenate(X)
    print(f"{args.contour} contours: {len(y)} training studies, {len(X)} neighbourhood voxels; "
          f"{len(evaluation['validation'])} validation, {len(evaluation['external'])} external studies", flush=True)
    trees = HistGradientBoostingClassifier(max_iter=300, random_state=args.seed).fit(X, np.concatenate(y))

    results = {}
    for group, cases in evaluation.items():
        if not cases:
            continue
        scores = {"otsu": [], "trees": []}
        for flair, contour, nb in cases:
            inside = flair[nb]
            for name, mask in (("otsu", inside > otsu(inside)),
                               ("trees", trees.predict_proba(features(flair, nb))[:, 1] > 0.5)):
                predicted = np.zeros_like(contour)
                predicted[nb] = mask
                scores[name].append(dice(contour, predicted))
        results[group] = summarised(group, scores, bar=0.75)
    write_json(args.json, results)
    return results


if __name__ == "__main__":
    main()
