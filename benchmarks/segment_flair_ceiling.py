#!/usr/bin/env python3
"""How well can the cohort's FLAIR outline its contour when it is told where to look?

The project's quality bar for segmentation is a FLAIR Dice of at least 0.75 with the proposed network; every
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
  network  (with --maps) a trained network's probability map above 0.5, inside the same region:
           the network's outline once it is told where the lesions are (it cannot add a lesion
           it missed, but its false positives elsewhere are dropped)

The Dice is per study on the study's own FLAIR grid (2 x 2 x 4 mm in the demo cohort), as
`segment evaluate` reports it; mean and SD over studies. The training and validation studies
are the segmentation model's own (`split.json`), so the figures sit beside that model's.

Usage (numpy, scipy, nibabel, scikit-learn):
  python benchmarks/segment_flair_ceiling.py --manifest COHORT/manifest.csv --model SEG_DIR \
      --contour tumour|lesion [--external OTHER/manifest.csv] [--maps DIR] [--external-maps DIR]
      [--seed 0] [--json OUT.json]
Maps are `metorigin segment run --model SEG_DIR --image STUDY -o DIR/<study_id>.nii.gz` outputs.
`--contour` says which truth labels form the contour (tumour 1-2, lesion 1-3): the cohort's
contour files are exactly these labels (docs/cohort.md), and reading the truth lets one
cohort serve both definitions.
"""
import argparse
import csv
import json
import os

import nibabel as nib
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from ceiling_common import features, in_plane_dilation, mask_dice, normalised, otsu, summarised, write_json

CONTOURS = {"tumour": [1, 2], "lesion": [1, 2, 3]}


def contoured_flair(manifest):
    root = os.path.dirname(os.path.abspath(manifest))
    for row in csv.DictReader(open(manifest)):
        if row["modality"] == "flair" and row["contoured"] == "1" and row.get("truth_path"):
            yield row["study_id"], os.path.join(root, row["path"]), os.path.join(root, row["truth_path"])


def as_zyx(path, dtype=None):
    return np.asarray(nib.load(path).dataobj, dtype=dtype).transpose(2, 1, 0)


def load(image_path, truth_path, labels, maps=None, study=None):
    """FLAIR in [-1, 1], the contour, the lesion neighbourhood and the network's map (or None),
    all as [slice, y, x]."""
    flair = as_zyx(image_path, np.float32)
    contour = np.isin(as_zyx(truth_path), labels)
    map_path = os.path.join(maps, f"{study}.nii.gz") if maps else None
    if map_path and not os.path.exists(map_path):
        raise SystemExit(f"{map_path}: no probability map for study {study}")
    probability = as_zyx(map_path, np.float32) if map_path else None
    if probability is not None and probability.shape != contour.shape:
        raise SystemExit(f"{map_path}: shape {probability.shape} is not the study's {contour.shape}")
    return normalised(flair), contour, in_plane_dilation(contour), probability


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--manifest", required=True, help="the cohort the segmentation model was trained on")
    parser.add_argument("--model", required=True, help="the segmentation model folder (its split.json names the studies)")
    parser.add_argument("--contour", choices=sorted(CONTOURS), required=True)
    parser.add_argument("--external", help="another cohort's manifest: every contoured FLAIR study is scored")
    parser.add_argument("--maps", help="folder of the network's probability maps of the validation studies")
    parser.add_argument("--external-maps", help="the same for the external studies")
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
            flair, contour, nb, _ = load(image, truth, labels)
            X.append(features(flair, nb))
            y.append(contour[nb])
        elif sid in validation:
            evaluation["validation"].append(load(image, truth, labels, args.maps, sid))
    if args.external:
        evaluation["external"] = [load(image, truth, labels, args.external_maps, sid)
                                  for sid, image, truth in contoured_flair(args.external)]
    X = np.concatenate(X)
    print(f"{args.contour} contours: {len(y)} training studies, {len(X)} neighbourhood voxels; "
          f"{len(evaluation['validation'])} validation, {len(evaluation['external'])} external studies", flush=True)
    trees = HistGradientBoostingClassifier(max_iter=300, random_state=args.seed).fit(X, np.concatenate(y))

    results = {}
    for group, cases in evaluation.items():
        if not cases:
            continue
        scores = {}
        for flair, contour, nb, probability in cases:
            inside = flair[nb]
            masks = [("otsu", inside > otsu(inside)), ("trees", trees.predict_proba(features(flair, nb))[:, 1] > 0.5)]
            if probability is not None:
                masks.append(("network", probability[nb] > 0.5))
            for name, mask in masks:
                predicted = np.zeros_like(contour)
                predicted[nb] = mask
                scores.setdefault(name, []).append(mask_dice(contour, predicted))
        results[group] = summarised(group, scores, bar=0.75)
    write_json(args.json, results)
    return results


if __name__ == "__main__":
    main()
