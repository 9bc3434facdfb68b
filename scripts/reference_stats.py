#!/usr/bin/env python3
"""Reference values for the Evaluation module's tests (run with .venv/bin/python).

Writes Tests/EvaluationTests/Fixtures/{reference_a.csv, reference_b.csv, reference.json}.
The implementations here are deliberately independent of the Swift code:
  * AUC by brute-force Mann-Whitney over all (positive, negative) pairs, ties 1/2 (pure numpy);
  * DeLong variance and the paired test following the well-known fast algorithm of Sun & Xu
    (2014) as written in Yandex's `compare_auc_delong_xu` (midranks of the sorted predictions);
  * the macro-AUC variance from structural components computed by the O(m*n) pairwise kernel,
    with covariances between class AUCs from shared studies;
  * ECE and top-k by direct loops; normal quantiles from scipy.stats.norm.
Nothing here runs at MetOrigin run time.
"""
import csv
import json
import os

import numpy as np
import scipy.stats

CLASSES = ["lung", "breast", "melanoma", "renal", "other"]
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "EvaluationTests", "Fixtures")


# --- Yandex-style fast DeLong (Sun & Xu 2014) ------------------------------------------------
def compute_midrank(x):
    j = np.argsort(x, kind="mergesort")
    z = x[j]
    n = len(x)
    t = np.zeros(n, dtype=float)
    i = 0
    while i < n:
        k = i
        while k < n and z[k] == z[i]:
            k += 1
        t[i:k] = 0.5 * (i + k - 1)
        i = k
    t2 = np.empty(n, dtype=float)
    t2[j] = t + 1
    return t2


def fast_delong(predictions_sorted_transposed, label_1_count):
    """predictions_sorted_transposed: (n_classifiers, n_examples), positives first."""
    m = label_1_count
    n = predictions_sorted_transposed.shape[1] - m
    positive_examples = predictions_sorted_transposed[:, :m]
    negative_examples = predictions_sorted_transposed[:, m:]
    k = predictions_sorted_transposed.shape[0]
    tx = np.empty([k, m]); ty = np.empty([k, n]); tz = np.empty([k, m + n])
    for r in range(k):
        tx[r, :] = compute_midrank(positive_examples[r, :])
        ty[r, :] = compute_midrank(negative_examples[r, :])
        tz[r, :] = compute_midrank(predictions_sorted_transposed[r, :])
    aucs = tz[:, :m].sum(axis=1) / m / n - float(m + 1.0) / 2.0 / n
    v01 = (tz[:, :m] - tx[:, :]) / n
    v10 = 1.0 - (tz[:, m:] - ty[:, :]) / m
    sx = np.atleast_2d(np.cov(v01))
    sy = np.atleast_2d(np.cov(v10))
    delongcov = sx / m + sy / n
    return aucs, delongcov


def delong_roc_variance(ground_truth, predictions):
    order = (-ground_truth).argsort(kind="mergesort")
    label_1_count = int(ground_truth.sum())
    aucs, cov = fast_delong(predictions[np.newaxis, order], label_1_count)
    return float(aucs[0]), float(cov[0, 0])


def delong_roc_test(ground_truth, predictions_one, predictions_two):
    order = (-ground_truth).argsort(kind="mergesort")
    label_1_count = int(ground_truth.sum())
    preds = np.vstack((predictions_one, predictions_two))[:, order]
    aucs, cov = fast_delong(preds, label_1_count)
    l = np.array([[1, -1]])
    z = float((aucs[0] - aucs[1]) / np.sqrt(np.dot(np.dot(l, cov), l.T)).item())
    p = float(2 * scipy.stats.norm.sf(abs(z)))
    return float(aucs[0]), float(aucs[1]), z, p


# --- independent checks -----------------------------------------------------------------------
def mann_whitney_auc(scores, positive):
    pos = scores[positive]
    neg = scores[~positive]
    diff = pos[:, None] - neg[None, :]
    return float(((diff > 0).sum() + 0.5 * (diff == 0).sum()) / (len(pos) * len(neg)))


def structural_influence(scores, positive, included=None):
    """Per-study influence (V - AUC)/sqrt(k(k-1)) from the pairwise kernel; 0 outside the task."""
    n_all = len(scores)
    if included is None:
        included = np.ones(n_all, dtype=bool)
    pidx = np.where(positive & included)[0]
    nidx = np.where(~positive & included)[0]
    psi = (scores[pidx][:, None] > scores[nidx][None, :]) + 0.5 * (scores[pidx][:, None] == scores[nidx][None, :])
    v10 = psi.mean(axis=1)
    v01 = psi.mean(axis=0)
    auc = psi.mean()
    m, n = len(pidx), len(nidx)
    infl = np.zeros(n_all)
    infl[pidx] = (v10 - auc) / np.sqrt(m * (m - 1))
    infl[nidx] = (v01 - auc) / np.sqrt(n * (n - 1))
    return float(auc), infl


def ci(auc, var, level=0.95):
    z = scipy.stats.norm.ppf(0.5 + level / 2)
    se = np.sqrt(var)
    return [max(0.0, auc - z * se), min(1.0, auc + z * se)]


def ece(probs, labels, bins=15):
    conf = probs.max(axis=1)
    pred = probs.argmax(axis=1)
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        sel = (conf > lo) & (conf <= hi) if b > 0 else (conf <= hi)
        if sel.sum() == 0:
            continue
        total += sel.sum() / len(conf) * abs((pred[sel] == labels[sel]).mean() - conf[sel].mean())
    return float(total)


def topk(probs, labels, k):
    out = []
    for c in range(5):
        rows = np.where(labels == c)[0]
        hits = 0
        for i in rows:
            # rank with ties to the earlier class
            rank = sum(1 for j in range(5) if j != c and (probs[i, j] > probs[i, c] or (probs[i, j] == probs[i, c] and j < c)))
            hits += rank < k
        out.append(hits / len(rows) if len(rows) else None)
    return out


# --- data -----------------------------------------------------------------------------------
def make_tables(rng, n=240):
    labels = rng.choice(5, size=n, p=[0.45, 0.15, 0.2, 0.1, 0.1])
    patients = [f"P{i // 2 if i < 120 else i:03d}" for i in range(n)]  # some patients have two studies
    # relabel so both studies of a patient share the class
    for i in range(1, 120, 2):
        labels[i] = labels[i - 1]
    logits_a = rng.normal(0, 1, size=(n, 5))
    logits_a[np.arange(n), labels] += 1.4
    logits_b = logits_a + rng.normal(0, 1.0, size=(n, 5))
    def softmax_rounded(z):
        p = np.exp(z - z.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        return np.round(p, 2)  # rounding creates ties, which the midrank algorithms must handle
    return labels, patients, softmax_rounded(logits_a), softmax_rounded(logits_b)


def write_csv(path, labels, patients, probs, extra=False, rng=None):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        header = ["study_id", "patient_id", "fold", "label"] + [f"prob_{c}" for c in CLASSES]
        header += ["t1ce_state", "flair_state", "prob_map", "scanner", "slice_thickness"]
        w.writerow(header)
        for i in range(len(labels)):
            fold = int(patients[i][1:]) % 5
            w.writerow([f"S{i:03d}", patients[i], fold, CLASSES[labels[i]]] + [f"{p:.2f}" for p in probs[i]]
                       + ["real", "real", 1, "ScannerA" if i % 3 else "ScannerB", "1.0" if i % 2 else "5.0"])


def reference_for(labels, probs):
    out = {"classes": {}}
    infls = []
    for c, name in enumerate(CLASSES):
        pos = labels == c
        auc_mw = mann_whitney_auc(probs[:, c], pos)
        auc_fast, var = delong_roc_variance(pos.astype(float), probs[:, c])
        auc_k, infl = structural_influence(probs[:, c], pos)
        assert abs(auc_mw - auc_fast) < 1e-12 and abs(auc_k - auc_fast) < 1e-12
        assert abs((infl ** 2).sum() - var) < 1e-12, "kernel components must agree with the fast algorithm"
        infls.append(infl)
        out["classes"][name] = {"auc": auc_mw, "delong_variance": var, "delong_ci95": ci(auc_mw, var)}
    macro_infl = np.mean(infls, axis=0)
    macro_auc = float(np.mean([out["classes"][c]["auc"] for c in CLASSES]))
    macro_var = float((macro_infl ** 2).sum())
    out["macro"] = {"auc": macro_auc, "delong_variance": macro_var, "delong_ci95": ci(macro_auc, macro_var)}
    pooled_scores = probs.reshape(-1)
    pooled_pos = (labels[:, None] == np.arange(5)[None, :]).reshape(-1)
    out["micro_auc"] = mann_whitney_auc(pooled_scores, pooled_pos)
    out["ece15"] = ece(probs, labels)
    out["top_k"] = {str(k): topk(probs, labels, k) for k in (1, 2, 3)}
    # Table 6 style pairwise tasks from the five-class probabilities.
    groups = [[0], [1], [2], [3, 4]]
    gnames = ["Lung", "Breast", "Melanoma", "Other"]
    g_of = np.array([0, 1, 2, 3, 3])[labels]
    pairs = {}
    for a in range(4):
        for b in range(a + 1, 4):
            pa = probs[:, groups[a]].sum(axis=1)
            pb = probs[:, groups[b]].sum(axis=1)
            s = np.where(pa + pb > 0, pa / np.where(pa + pb > 0, pa + pb, 1), 0.5)
            inc = (g_of == a) | (g_of == b)
            auc, infl = structural_influence(s, g_of == a, inc)
            assert abs(auc - mann_whitney_auc(s[inc], (g_of == a)[inc])) < 1e-12
            pairs[f"{gnames[a]} vs {gnames[b]}"] = {"auc": auc, "delong_variance": float((infl ** 2).sum())}
    out["pairwise"] = pairs
    return out, infls, macro_infl


def main():
    rng = np.random.default_rng(20240601)
    labels, patients, pa, pb = make_tables(rng)
    os.makedirs(OUT, exist_ok=True)
    write_csv(os.path.join(OUT, "reference_a.csv"), labels, patients, pa)
    write_csv(os.path.join(OUT, "reference_b.csv"), labels, patients, pb)
    ref_a, infl_a, macro_a = reference_for(labels, pa)
    ref_b, infl_b, macro_b = reference_for(labels, pb)
    tests = {}
    for c, name in enumerate(CLASSES):
        auc1, auc2, z, p = delong_roc_test((labels == c).astype(float), pa[:, c], pb[:, c])
        tests[name] = {"auc_a": auc1, "auc_b": auc2, "z": z, "p": p}
    d = macro_a - macro_b
    z = (ref_a["macro"]["auc"] - ref_b["macro"]["auc"]) / np.sqrt((d ** 2).sum())
    tests["macro"] = {"z": float(z), "p": float(2 * scipy.stats.norm.sf(abs(z)))}

    # A small hand example with ties (also printed in the Swift tests' comments).
    hand_scores = np.array([0.9, 0.8, 0.8, 0.7, 0.6, 0.6, 0.5, 0.4, 0.3, 0.2])
    hand_pos = np.array([1, 1, 0, 1, 1, 0, 0, 1, 0, 0], dtype=bool)
    hauc, hvar = delong_roc_variance(hand_pos.astype(float), hand_scores)
    assert abs(hauc - mann_whitney_auc(hand_scores, hand_pos)) < 1e-12

    ref = {
        "generator": "scripts/reference_stats.py (numpy %s, scipy %s)" % (np.__version__, scipy.__version__),
        "a": ref_a, "b": ref_b, "delong_test_a_vs_b": tests,
        "hand": {"scores": hand_scores.tolist(), "positive": hand_pos.tolist(), "auc": hauc,
                 "delong_variance": hvar, "delong_ci95": ci(hauc, hvar)},
        "normal_quantiles": {str(p): float(scipy.stats.norm.ppf(p)) for p in (0.001, 0.025, 0.1, 0.5, 0.9, 0.975, 0.999999)},
    }
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(ref, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
