#!/usr/bin/env python3
"""Image ceiling given perfect segmentation.

How well can the primary site (lung / breast / melanoma / renal / other) be
predicted from hand-crafted per-lesion image features measured inside the TRUE
lesion masks of a synthetic brain-metastasis cohort, at native resolution?
The numbers are compared with an oracle that uses the generator's latent
per-study features (latent.csv).

Pipeline
  1. per study and acquired modality: load image + truth labels, find lesions
     (26-connected components of labels {1,2}), compute per-lesion features
     (size, shape, core, rim intensity statistics, haemorrhage proxy, oedema,
     location);
  2. aggregate per study/modality (count, mean, max, volume-weighted mean) and
     build one row per study (T1 CE block + FLAIR block, mean-imputed, with
     "modality missing" indicators);
  3. cross-validated multinomial logistic regression (and a gradient-boosting
     baseline) with StratifiedGroupKFold grouped by patient, 5 seeds; plus the
     latent oracle and diagnostic proxy correlations.

Requirements: numpy, scipy, nibabel (installed by `make setup`), pandas and
scikit-learn (not: `.venv/bin/python -m pip install pandas scikit-learn`).

Usage
  .venv/bin/python benchmarks/image_ceiling.py COHORT [COHORT ...]
         [--max-studies N] [--jobs 2] [--out image_ceiling]

COHORT is a folder written by `metorigin cohort generate` (manifest.csv,
latent.csv, lesions.csv). Per-study features, per-lesion features (with the
matched generator lesion from lesions.csv) and a JSON summary are written under
--out (default: image_ceiling in the current directory).
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

try:
    import numpy as np
    import pandas as pd
    import sklearn  # noqa: F401  (used below; checked here for a clear message)
except ImportError as e:  # not installed by `make setup`: this is a one-off analysis
    sys.exit(f"image_ceiling.py needs numpy, pandas and scikit-learn ({e}); "
             "install them with: .venv/bin/python -m pip install pandas scikit-learn")
from scipy import ndimage as ndi
from scipy import stats
from scipy.optimize import linear_sum_assignment
from scipy.spatial import ConvexHull

from ceiling_common import otsu

CLASSES = ["lung", "breast", "melanoma", "renal", "other"]
LATENT = ["log_count", "mean_log_diameter", "max_log_diameter", "ring_fraction",
          "cystic_fraction", "haemorrhage_fraction", "mean_enhancement",
          "mean_heterogeneity", "mean_log_oedema", "infratentorial_fraction",
          "mean_cortical", "mean_irregularity"]
GEOM_SIZE = ["log_count", "mean_log_diameter", "max_log_diameter"]
GEOM_ALL = GEOM_SIZE + ["infratentorial_fraction", "mean_cortical", "mean_irregularity"]
RECOVERABLE = GEOM_SIZE + ["ring_fraction", "cystic_fraction", "mean_log_oedema", "infratentorial_fraction"]
LOST = ["haemorrhage_fraction", "mean_enhancement", "mean_heterogeneity", "mean_irregularity"]

OEDEMA_RADIUS_MM = 10.0
SHELL_MM = (2.0, 6.0)
# infratentorial proxy: lesion centroid in the lower and posterior part of the
# head bounding box (fractions of the box; 0 = inferior / posterior).
INFRA_REL_Z = 0.33
INFRA_REL_Y = 0.55
S26 = np.ones((3, 3, 3), bool)
S6 = ndi.generate_binary_structure(3, 1)


# ----------------------------------------------------------------------------
# image helpers
# ----------------------------------------------------------------------------
def head_mask(img):
    """Head/brain mask: above half Otsu, largest component, closed, filled."""
    th = otsu(img[img > 0])
    m = img > 0.5 * th
    lab, n = ndi.label(m)
    if n > 1:
        sizes = ndi.sum(m, lab, index=np.arange(1, n + 1))
        m = lab == (1 + int(np.argmax(sizes)))
    m = ndi.binary_closing(m, S6, iterations=2)
    for k in range(m.shape[2]):  # fill per slice and in 3D
        m[:, :, k] = ndi.binary_fill_holes(m[:, :, k])
    m = ndi.binary_fill_holes(m)
    return m, th


def surface_area(mask, sp):
    """Face-count surface area (mm^2) of a binary mask."""
    p = np.pad(mask, 1)
    ax = 0.0
    areas = (sp[1] * sp[2], sp[0] * sp[2], sp[0] * sp[1])
    for d in range(3):
        ax += np.count_nonzero(np.diff(p.astype(np.int8), axis=d)) * areas[d]
    return ax


_CORNERS = np.array([[i, j, k] for i in (-.5, .5) for j in (-.5, .5) for k in (-.5, .5)])


def solidity(mask, sp):
    surf = mask & ~ndi.binary_erosion(mask, S6)
    idx = np.argwhere(surf).astype(float)
    pts = (idx[:, None, :] + _CORNERS[None]).reshape(-1, 3) * sp
    pts = np.unique(pts, axis=0)
    try:
        hv = ConvexHull(pts).volume
    except Exception:
        return np.nan
    return mask.sum() * np.prod(sp) / hv


def radial_cv(mask, sp):
    surf = mask & ~ndi.binary_erosion(mask, S6, border_value=0)
    idx = np.argwhere(surf) * sp
    if len(idx) < 6:
        return np.nan
    c = np.argwhere(mask).mean(0) * sp
    r = np.linalg.norm(idx - c, axis=1)
    return r.std() / max(r.mean(), 1e-6)


# ----------------------------------------------------------------------------
# per image
# ----------------------------------------------------------------------------
def image_features(img_path, truth_path, modality):
    import nibabel as nib
    im = nib.load(img_path)
    img = np.asarray(im.dataobj, dtype=np.float32)
    tru = np.asarray(nib.load(truth_path).dataobj).astype(np.uint8)
    sp = np.array(im.header.get_zooms()[:3], float)
    aff = im.affine

    head, th = head_mask(img)
    brain_med = float(np.median(img[img > th]))
    b = img / brain_med
    bg = ~ndi.binary_dilation(head, S6, iterations=3)
    sigma = float(np.sqrt(np.mean(img[bg].astype(np.float64) ** 2) / 2)) / brain_med if bg.any() else np.nan

    # world bounding box of the head
    hidx = np.argwhere(head)
    hw = hidx @ aff[:3, :3].T + aff[:3, 3]
    wmin, wmax = hw.min(0), hw.max(0)
    wc = (wmin + wmax) / 2
    depth = ndi.distance_transform_edt(head, sampling=sp)
    dmax = float(depth.max())

    tum = (tru == 1) | (tru == 2)
    lab, n = ndi.label(tum, S26)
    objs = ndi.find_objects(lab)
    tv = float(tum.sum())
    img_row = dict(
        noise_sigma=sigma, brain_med_raw=brain_med,
        tumour_vol_mm3=tv * np.prod(sp),
        oedema_ratio_global=np.log((float((tru == 3).sum()) + 1) / (tv + 1)),
        oedema_int_global=float(np.median(b[tru == 3])) if (tru == 3).any() else np.nan,
    )
    margin = np.ceil((OEDEMA_RADIUS_MM + 2) / sp).astype(int)
    lesions = []
    for li, sl in enumerate(objs, start=1):
        if sl is None:
            continue
        lo = [max(0, s.start - m) for s, m in zip(sl, margin)]
        hi = [min(dim, s.stop + m) for s, m, dim in zip(sl, margin, img.shape)]
        cs = tuple(slice(a, c) for a, c in zip(lo, hi))
        L = lab[cs] == li
        T = tru[cs]
        B = b[cs]
        nvox = int(L.sum())
        vol = nvox * np.prod(sp)
        eqd = (6 * vol / np.pi) ** (1 / 3)
        area = surface_area(L, sp)
        spher = np.pi ** (1 / 3) * (6 * vol) ** (2 / 3) / area
        rim = L & (T == 1)
        core = L & (T == 2)
        rv = B[rim]
        cv_ = B[core]
        lv = B[L]
        f = dict(lesion=li, nvox=nvox, vol_mm3=vol, log_eqd=np.log(eqd), eqd_mm=eqd,
                 sphericity=spher, sv_ratio=area / vol * eqd / 6.0,
                 solidity=solidity(L, sp), radial_cv=radial_cv(L, sp),
                 core_frac=core.sum() / nvox)
        f["has_core"] = float(f["core_frac"] > 0.05)
        f["core_mean"] = float(cv_.mean()) if len(cv_) else np.nan
        if len(rv):
            rmed = float(np.median(rv))
            f.update(rim_mean=float(rv.mean()), rim_med=rmed,
                     rim_p10=float(np.percentile(rv, 10)), rim_p90=float(np.percentile(rv, 90)),
                     rim_max=float(rv.max()))
            if len(rv) >= 3:
                sd = float(rv.std(ddof=1))
                sd_nc = np.sqrt(max(sd ** 2 - sigma ** 2, 0.0))
                # texture amplitude scales with 0.5*enhancement*gain*0.9*heterogeneity, i.e.
                # with (rim level - tissue level): divide it out
                f.update(rim_sd=sd, rim_cv=sd / rmed, rim_cv_nc=sd_nc / rmed,
                         rim_tex_rel=sd_nc / max(rmed - 1.0, 0.1))
            else:
                f.update(rim_sd=np.nan, rim_cv=np.nan, rim_cv_nc=np.nan, rim_tex_rel=np.nan)
            # interior rim voxels (all 6-neighbours in the lesion): less partial volume
            inner = rim & ndi.binary_erosion(L, S6)
            iv = B[inner]
            f["rim_cv_inner"] = (np.sqrt(max(iv.var(ddof=1) - sigma ** 2, 0.0)) / np.median(iv)
                                 if len(iv) >= 8 else np.nan)
            f["rim_in_mean"] = float(iv.mean()) if len(iv) >= 3 else np.nan
            f["core_rel"] = f["core_mean"] / rmed if len(cv_) else np.nan
            if modality == "t1ce":
                # haemorrhage adds +0.6 * patch on T1 CE: voxels well above the rim median
                f["haem_frac"] = float(np.mean(lv > rmed + 0.4))
                f["haem_core_frac"] = float(np.mean(cv_ > 0.85)) if len(cv_) else 0.0
                f["haem_any"] = float(max(f["haem_frac"], f["haem_core_frac"]) > 0.05)
            else:
                # haemorrhage subtracts 0.45 * patch on FLAIR: rim voxels well below the rim median
                # (core is excluded: cysts are dark on FLAIR too)
                f["haem_frac"] = float(np.mean(rv < rmed - 0.3))
                f["haem_core_frac"] = float(np.mean((cv_ > 0.6) & (cv_ < 1.0))) if len(cv_) else 0.0
                f["haem_any"] = float(f["haem_frac"] > 0.1)
            f["upper_tail"] = (float(np.percentile(lv, 95)) - rmed) / max(sigma, 1e-3)
        else:
            for k in ("rim_mean", "rim_med", "rim_p10", "rim_p90", "rim_max", "rim_sd", "rim_cv", "rim_tex_rel",
                      "rim_cv_nc", "rim_cv_inner", "rim_in_mean", "core_rel", "haem_frac",
                      "haem_core_frac", "haem_any", "upper_tail"):
                f[k] = np.nan
        # cyst vs necrosis: T1 CE necrotic 0.45 / cyst 0.2; FLAIR core 1.3 / cyst 0.3
        if len(cv_):
            f["cystic"] = float(f["core_mean"] < (0.32 if modality == "t1ce" else 0.75))
        else:
            f["cystic"] = 0.0
        f["ring"] = float(f["has_core"] and not f["cystic"])
        # oedema around this lesion
        dist = ndi.distance_transform_edt(~L, sampling=sp)
        near = (dist > 0) & (dist <= OEDEMA_RADIUS_MM)
        n3 = int(((T == 3) & near).sum())
        f["oedema_ratio"] = np.log((n3 + nvox) / nvox)
        f["oedema_int"] = float(np.median(B[(T == 3) & near])) if n3 else np.nan
        shell = (dist > SHELL_MM[0]) & (dist <= SHELL_MM[1]) & (T == 0) & head[cs]
        f["shell_int"] = float(np.median(B[shell])) if shell.sum() >= 5 else np.nan
        # location
        ci = np.argwhere(L).mean(0) + np.array(lo)
        cw = aff[:3, :3] @ ci + aff[:3, 3]
        rel = (cw - wmin) / np.maximum(wmax - wmin, 1)
        f.update(wx=cw[0], wy=cw[1], wz=cw[2], rel_z=rel[2], rel_y=rel[1],
                 rel_absx=abs(cw[0] - wc[0]) / max((wmax[0] - wmin[0]) / 2, 1))
        f["infra"] = float(rel[2] < INFRA_REL_Z and rel[1] < INFRA_REL_Y)
        ii = tuple(np.clip(np.round(ci).astype(int), 0, np.array(img.shape) - 1))
        f["depth_mm"] = float(depth[ii])
        f["depth_rel"] = f["depth_mm"] / max(dmax, 1)
        lesions.append(f)
    return img_row, lesions


PL_MEAN_MAX = ["log_eqd", "sphericity", "sv_ratio", "solidity", "radial_cv", "core_frac",
               "rim_mean", "rim_med", "rim_p10", "rim_p90", "rim_sd", "rim_cv", "rim_cv_nc",
               "rim_tex_rel", "rim_cv_inner", "rim_in_mean", "core_mean", "core_rel", "haem_frac",
               "haem_core_frac", "upper_tail", "oedema_ratio", "oedema_int", "shell_int",
               "rel_z", "rel_y", "rel_absx", "depth_mm", "depth_rel"]
PL_FRACTION = ["has_core", "cystic", "ring", "haem_any", "infra"]
PL_VW = ["rim_mean", "rim_p90", "rim_cv_nc", "rim_tex_rel", "rim_cv_inner", "sphericity", "solidity",
         "radial_cv", "core_frac", "haem_frac", "oedema_ratio"]
# shape measures restricted to lesions large enough to resolve an outline
BIG_VOX = 60


def aggregate(img_row, les):
    out = dict(img_row)
    n = len(les)
    out["n_lesions"] = n
    out["log_count"] = np.log(n) if n else np.nan
    if n == 0:
        return out
    d = pd.DataFrame(les)
    w = d["vol_mm3"].values
    for c in PL_MEAN_MAX:
        v = d[c].values.astype(float)
        ok = np.isfinite(v)
        out[f"{c}_mean"] = float(v[ok].mean()) if ok.any() else np.nan
        out[f"{c}_max"] = float(v[ok].max()) if ok.any() else np.nan
    for c in ("log_eqd", "sphericity", "solidity", "rel_z", "depth_mm"):
        out[f"{c}_min"] = float(np.nanmin(d[c].values)) if np.isfinite(d[c].values).any() else np.nan
    for c in PL_VW:
        v = d[c].values.astype(float)
        ok = np.isfinite(v)
        out[f"{c}_vw"] = float(np.sum(v[ok] * w[ok]) / np.sum(w[ok])) if ok.any() else np.nan
    for c in PL_FRACTION:
        out[f"{c}_frac"] = float(np.nanmean(d[c].values))
    big = d[d["nvox"] >= BIG_VOX]
    out["n_big"] = len(big)
    for c in ("sphericity", "solidity", "radial_cv", "rim_cv_nc", "rim_cv_inner"):
        out[f"{c}_big"] = float(np.nanmean(big[c])) if len(big) and np.isfinite(big[c]).any() else np.nan
    out["log_total_vol"] = np.log(d["vol_mm3"].sum())
    return out


def process_row(args):
    root, r = args
    t0 = time.time()
    try:
        img_row, les = image_features(os.path.join(root, r["path"]),
                                      os.path.join(root, r["truth_path"]), r["modality"])
    except Exception as e:  # keep going; report
        return r["study_id"], r["modality"], None, [], f"{type(e).__name__}: {e}", time.time() - t0
    agg = aggregate(img_row, les)
    return r["study_id"], r["modality"], agg, les, None, time.time() - t0


# ----------------------------------------------------------------------------
# modelling
# ----------------------------------------------------------------------------
def build_study_table(man, results):
    rows = {}
    for sid, mod, agg, _, err, _ in results:
        if agg is None:
            continue
        pre = "t1_" if mod == "t1ce" else "fl_"
        rows.setdefault(sid, {}).update({pre + k: v for k, v in agg.items()})
    st = man.drop_duplicates("study_id").set_index("study_id")[["patient_id", "label", "scanner", "field_strength"]]
    X = pd.DataFrame.from_dict(rows, orient="index").reindex(st.index)
    mods = man.groupby("study_id")["modality"].apply(set)
    X["has_t1"] = [float("t1ce" in mods[s]) for s in X.index]
    X["has_flair"] = [float("flair" in mods[s]) for s in X.index]
    return st, X


def cv_eval(X, y, groups, make_model, seeds=(0, 1, 2, 3, 4), n_splits=5):
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedGroupKFold
    pooled, foldmean = [], []
    folds_cache = {}
    for s in seeds:
        cv = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=s)
        P = np.zeros((len(y), len(CLASSES)))
        fa = []
        for tr, te in cv.split(X, y, groups):
            m = make_model()
            m.fit(X[tr], y[tr])
            p = np.zeros((len(te), len(CLASSES)))
            p[:, m.classes_] = m.predict_proba(X[te])
            P[te] = p
            try:
                fa.append(roc_auc_score(y[te], p, multi_class="ovr", average="macro",
                                        labels=np.arange(len(CLASSES))))
            except ValueError:
                pass
        pooled.append(roc_auc_score(y, P, multi_class="ovr", average="macro"))
        foldmean.append(np.mean(fa))
    return dict(pooled_mean=float(np.mean(pooled)), pooled_sd=float(np.std(pooled)),
                foldmean_mean=float(np.mean(foldmean)), per_seed=[round(v, 4) for v in pooled])


def lr_factory(C):
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    return lambda: make_pipeline(SimpleImputer(strategy="mean"), StandardScaler(),
                                 LogisticRegression(C=C, max_iter=5000))


def hgb_factory():
    from sklearn.ensemble import HistGradientBoostingClassifier
    return lambda: HistGradientBoostingClassifier(max_depth=3, learning_rate=0.05, max_iter=200,
                                                  l2_regularization=1.0, min_samples_leaf=20,
                                                  random_state=0)


# One image proxy per latent feature: (column, T1 CE feature, FLAIR fallback or None).
PROXIES = [
    ("log_count", "t1_log_count", "fl_log_count"),
    ("mean_log_d", "t1_log_eqd_mean", "fl_log_eqd_mean"),
    ("max_log_d", "t1_log_eqd_max", "fl_log_eqd_max"),
    ("ring", "fl_ring_frac", "t1_ring_frac"),
    ("cystic", "fl_cystic_frac", "t1_cystic_frac"),
    ("haem_t1", "t1_haem_frac_mean", None),
    ("haem_t1_p90", "t1_rim_p90_mean", None),
    ("haem_fl", "fl_haem_frac_mean", None),
    ("enh", "t1_rim_mean_mean", None),
    ("het", "t1_rim_cv_nc_mean", None),
    ("het_rel", "t1_rim_tex_rel_mean", None),
    ("oedema", "t1_oedema_ratio_mean", "fl_oedema_ratio_mean"),
    ("infra", "t1_infra_frac", "fl_infra_frac"),
    ("depth", "t1_depth_mm_mean", "fl_depth_mm_mean"),
    ("irreg", "t1_radial_cv_big", "fl_radial_cv_big"),
    ("spher", "t1_sphericity_mean", "fl_sphericity_mean"),
    ("has_t1", "has_t1", None),
]


def compact_proxies(X):
    """One image proxy per latent feature (T1 CE value where acquired, else FLAIR;
    intensity proxies that only exist on T1 CE stay missing for FLAIR-only studies)."""
    C = pd.DataFrame(index=X.index)
    for name, a, b in PROXIES:
        C[name] = X[a].where(X[a].notna(), X[b]) if b else X[a]
    return C


def image_columns(X):
    drop = {"t1_brain_med_raw", "fl_brain_med_raw"}
    cols = [c for c in X.columns if (c.startswith("t1_") or c.startswith("fl_")) and c not in drop]
    return cols + ["has_t1", "has_flair"]


def proxy_correlations(st, X, lat):
    """latent feature vs its designated image proxy (Pearson r, Spearman rho, n)."""
    t1 = X["has_t1"] == 1
    fl = X["has_flair"] == 1
    pairs = [
        ("log_count", "t1_log_count", t1), ("log_count", "fl_log_count", fl),
        ("mean_log_diameter", "t1_log_eqd_mean", t1), ("mean_log_diameter", "fl_log_eqd_mean", fl),
        ("max_log_diameter", "t1_log_eqd_max", t1), ("max_log_diameter", "fl_log_eqd_max", fl),
        ("ring_fraction", "t1_ring_frac", t1), ("ring_fraction", "fl_ring_frac", fl),
        ("cystic_fraction", "t1_cystic_frac", t1), ("cystic_fraction", "fl_cystic_frac", fl),
        ("haemorrhage_fraction", "t1_haem_any_frac", t1), ("haemorrhage_fraction", "t1_haem_frac_mean", t1),
        ("haemorrhage_fraction", "t1_rim_p90_mean", t1), ("haemorrhage_fraction", "fl_haem_any_frac", fl), ("haemorrhage_fraction", "fl_haem_frac_mean", fl),
        ("mean_enhancement", "t1_rim_mean_mean", t1), ("mean_enhancement", "t1_rim_p90_mean", t1),
        ("mean_enhancement", "t1_rim_in_mean_mean", t1), ("mean_enhancement", "fl_rim_mean_mean", fl),
        ("mean_heterogeneity", "t1_rim_cv_mean", t1), ("mean_heterogeneity", "t1_rim_cv_nc_mean", t1),
        ("mean_heterogeneity", "t1_rim_cv_nc_vw", t1), ("mean_heterogeneity", "t1_rim_cv_inner_mean", t1),
        ("mean_heterogeneity", "t1_rim_tex_rel_mean", t1), ("mean_heterogeneity", "fl_rim_cv_nc_mean", fl),
        ("mean_log_oedema", "t1_oedema_ratio_mean", t1), ("mean_log_oedema", "fl_oedema_ratio_mean", fl),
        ("mean_log_oedema", "fl_oedema_ratio_global", fl),
        ("infratentorial_fraction", "t1_infra_frac", t1), ("infratentorial_fraction", "fl_infra_frac", fl),
        ("infratentorial_fraction", "t1_rel_z_mean", t1),
        ("mean_cortical", "t1_depth_mm_mean", t1), ("mean_cortical", "fl_depth_mm_mean", fl),
        ("mean_cortical", "t1_shell_int_mean", t1), ("mean_cortical", "fl_shell_int_mean", fl),
        ("mean_irregularity", "t1_sphericity_mean", t1), ("mean_irregularity", "t1_solidity_mean", t1),
        ("mean_irregularity", "t1_radial_cv_mean", t1), ("mean_irregularity", "t1_radial_cv_big", t1),
        ("mean_irregularity", "t1_sphericity_big", t1), ("mean_irregularity", "fl_radial_cv_big", fl),
    ]
    out = []
    for lf, ic, mask in pairs:
        if ic not in X.columns:
            continue
        a = lat.loc[X.index[mask], lf].values.astype(float)
        b_ = X.loc[mask, ic].values.astype(float)
        ok = np.isfinite(a) & np.isfinite(b_)
        if ok.sum() < 10:
            continue
        out.append(dict(latent=lf, proxy=ic, n=int(ok.sum()),
                        pearson=float(np.corrcoef(a[ok], b_[ok])[0, 1]),
                        spearman=float(stats.spearmanr(a[ok], b_[ok])[0])))
    return pd.DataFrame(out)


def latent_r2_from_images(X, lat, groups, cols):
    """Grouped-CV R^2 of each latent feature from ALL image features (ridge)."""
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import RidgeCV
    from sklearn.model_selection import GroupKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.metrics import r2_score
    res = {}
    for lf in LATENT:
        y = lat.loc[X.index, lf].values.astype(float)
        r = {}
        for name, m, cc in (("all", np.ones(len(y), bool), cols),
                            ("t1_studies(t1 cols)", X["has_t1"].values == 1, [c for c in cols if c.startswith("t1_")]),
                            ("flair_studies(flair cols)", X["has_flair"].values == 1, [c for c in cols if c.startswith("fl_")]),
                            ("flair_only", X["has_t1"].values == 0, [c for c in cols if c.startswith("fl_")])):
            if m.sum() < 30:
                continue
            Xm = X.loc[m, cc].values.astype(float)
            Xm = Xm[:, np.isfinite(Xm).any(0)]
            mdl = make_pipeline(SimpleImputer(), StandardScaler(), RidgeCV(alphas=np.logspace(-1, 4, 12)))
            pred = cross_val_predict(mdl, Xm, y[m], groups=groups[m], cv=GroupKFold(5))
            r[name] = float(r2_score(y[m], pred))
        res[lf] = r
    return res


def lesion_level_diag(man, results, lesions_csv):
    """Match truth components to generator lesions (nearest centre) and correlate."""
    gl = pd.read_csv(lesions_csv)
    rows = []
    for sid, mod, agg, les, err, _ in results:
        if not les:
            continue
        g = gl[gl.study_id == sid]
        if g.empty:
            continue
        G = g[["centre_x", "centre_y", "centre_z"]].values
        gd = g.diameter_mm.values
        I = np.array([[f["wx"], f["wy"], f["wz"]] for f in les])
        di = np.array([f["eqd_mm"] for f in les])
        # generator centres live in a template frame; the image frame differs by a
        # per-study (roughly affine) transform.  Alternate Hungarian assignment
        # (diameter + position cost) with a ridge-regularised affine fit.
        A, t = np.eye(3), G.mean(0) - I.mean(0)
        for it in range(8):
            P = I @ A.T + t
            cost = 20 * np.abs(np.log(di[:, None] / gd[None])) + \
                (0.2 if it < 2 else 1.0) * np.linalg.norm(P[:, None] - G[None], axis=2)
            r, c = linear_sum_assignment(cost)
            lam = 4.0 if len(r) >= 4 else 1e3
            Xa = np.vstack([np.c_[I[r], np.ones(len(r))], np.sqrt(lam) * np.c_[np.eye(3), np.zeros(3)]])
            Ya = np.vstack([G[c], np.sqrt(lam) * 0.95 * np.eye(3)])
            sol = np.linalg.lstsq(Xa, Ya, rcond=None)[0]
            A, t = sol[:3].T, sol[3]
        res = np.linalg.norm(I[r] @ A.T + t - G[c], axis=1)
        for ii, jj, dd in zip(r, c, res):
            f, gr = les[ii], g.iloc[jj]
            ratio = f["eqd_mm"] / gr.diameter_mm
            if dd > max(8.0, 0.6 * gr.diameter_mm) or not (0.6 <= ratio <= 1.5):
                continue
            d = dd
            rows.append(dict(study_id=sid, modality=mod, match_dist=d, **{k: f[k] for k in (
                "nvox", "eqd_mm", "sphericity", "solidity", "radial_cv", "rim_mean", "rim_cv_nc",
                "rim_cv_inner", "haem_frac", "haem_any", "haem_core_frac", "core_frac", "core_mean",
                "oedema_ratio", "infra", "depth_mm", "shell_int", "rim_med", "rim_p90", "rim_cv",
                "rim_in_mean", "upper_tail", "oedema_int", "cystic", "ring", "rel_z", "rel_y",
                "rim_tex_rel")},
                g_diam=gr.diameter_mm, g_enh=gr.enhancement, g_het=gr.heterogeneity,
                g_haem=gr.haemorrhage, g_irr=gr.irregularity, g_morph=gr.morphology,
                g_oed=gr.oedema_ratio, g_region=gr.region, g_cort=gr.cortical_fraction,
                g_core=gr.core_fraction))
    return pd.DataFrame(rows)


def lesion_diag_summary(ld):
    from sklearn.metrics import roc_auc_score
    out = []

    def corr(name, a, b, sub):
        x, y = ld.loc[sub, a].astype(float), ld.loc[sub, b].astype(float)
        ok = np.isfinite(x) & np.isfinite(y)
        if ok.sum() >= 10:
            out.append(dict(pair=f"{a} vs {b}", subset=name, n=int(ok.sum()),
                            spearman=float(stats.spearmanr(x[ok], y[ok])[0])))

    for mod in ("t1ce", "flair"):
        m = ld.modality == mod
        for lab_, sub in (("all", m), ("d>=10mm", m & (ld.g_diam >= 10)), ("d>=20mm", m & (ld.g_diam >= 20))):
            corr(f"{mod} {lab_}", "eqd_mm", "g_diam", sub)
            corr(f"{mod} {lab_}", "rim_mean", "g_enh", sub)
            corr(f"{mod} {lab_}", "rim_cv_nc", "g_het", sub)
            corr(f"{mod} {lab_}", "rim_cv_inner", "g_het", sub)
            corr(f"{mod} {lab_}", "rim_tex_rel", "g_het", sub)
            corr(f"{mod} {lab_}", "radial_cv", "g_irr", sub)
            corr(f"{mod} {lab_}", "sphericity", "g_irr", sub)
            corr(f"{mod} {lab_}", "solidity", "g_irr", sub)
            corr(f"{mod} {lab_}", "oedema_ratio", "g_oed", sub)
            corr(f"{mod} {lab_}", "depth_mm", "g_cort", sub)
            corr(f"{mod} {lab_}", "shell_int", "g_cort", sub)
            s = sub & np.isfinite(ld.haem_frac)
            if s.sum() > 20 and (ld.loc[s, "g_haem"] > 0).nunique() == 2:
                out.append(dict(pair="haem_frac -> haem>0 (AUC)", subset=f"{mod} {lab_}", n=int(s.sum()),
                                spearman=float(roc_auc_score(ld.loc[s, "g_haem"] > 0, ld.loc[s, "haem_frac"]))))
            s = sub
            if s.sum() > 20 and (ld.loc[s, "g_region"] == "infratentorial").nunique() == 2:
                out.append(dict(pair="infra flag accuracy", subset=f"{mod} {lab_}", n=int(s.sum()),
                                spearman=float(((ld.loc[s, "infra"] == 1) == (ld.loc[s, "g_region"] == "infratentorial")).mean())))
    return pd.DataFrame(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cohorts", nargs="+", help="cohort folder(s) with manifest.csv, latent.csv, lesions.csv")
    ap.add_argument("--max-studies", type=int, default=0, help="use only the first N studies per cohort (0 = all)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (at most 2 are used: the reference machine has 2 cores)")
    ap.add_argument("--out", default="image_ceiling", help="output folder for tables / summary (relative to the current directory)")
    ap.add_argument("--reuse", action="store_true", help="reuse cached per-study features in --out")
    ap.add_argument("--seeds", type=int, default=5)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    summary = {}
    for root in args.cohorts:
        name = os.path.basename(os.path.normpath(root))
        t0 = time.time()
        man = pd.read_csv(os.path.join(root, "manifest.csv"))
        if "synthetic" in man.columns:  # a manifest filled by `transfer fill`: acquired images only
            man = man[man["synthetic"] != 1]
        lat = pd.read_csv(os.path.join(root, "latent.csv")).set_index("study_id")
        sids = man["study_id"].drop_duplicates().tolist()
        if args.max_studies:
            sids = sids[: args.max_studies]
        man = man[man.study_id.isin(sids)].reset_index(drop=True)
        cache = os.path.join(args.out, f"{name}_results.pkl")
        if args.reuse and os.path.exists(cache):
            results = pd.read_pickle(cache)
        else:
            tasks = [(root, r) for r in man.to_dict("records")]
            if args.jobs > 1:
                import multiprocessing as mp
                with mp.get_context("fork").Pool(min(args.jobs, 2)) as pool:
                    results = pool.map(process_row, tasks, chunksize=4)
            else:
                results = [process_row(t) for t in tasks]
            pd.to_pickle(results, cache)
        t_feat = time.time() - t0
        errs = [(s, m, e) for s, m, a, _, e, _ in results if e]
        print(f"[{name}] {len(sids)} studies, {len(man)} images, feature extraction {t_feat:.1f}s "
              f"(sum of per-image times {sum(r[5] for r in results):.1f}s), errors: {len(errs)}", flush=True)
        for e in errs[:5]:
            print("   ", e)

        st, X = build_study_table(man, results)
        X.to_csv(os.path.join(args.out, f"{name}_study_features.csv"))
        y = st["label"].map({c: i for i, c in enumerate(CLASSES)}).values
        groups = st["patient_id"].values
        L = lat.loc[X.index]
        seeds = tuple(range(args.seeds))
        cols = image_columns(X)
        acq = pd.get_dummies(st["scanner"]).astype(float)
        print(f"[{name}] class counts: " + ", ".join(f"{c}={int((y == i).sum())}" for i, c in enumerate(CLASSES))
              + f"; T1CE studies {int(X.has_t1.sum())}, FLAIR {int(X.has_flair.sum())}, "
                f"FLAIR-only {int((X.has_t1 == 0).sum())}; image feature columns {len(cols)}", flush=True)

        lat_hide = L[LATENT].copy()
        fo = X["has_t1"].values == 0
        lat_hide.loc[fo, ["mean_enhancement", "mean_heterogeneity"]] = np.nan
        lat_hide["flair_only"] = fo.astype(float)

        sets = {
            "a_latent_oracle": L[LATENT].values,
            "b_latent_hide_enh_het_flair_only": lat_hide.values,
            "a2_latent_only_image_recoverable(count,size,ring,cystic,oedema,infra)":
                L[RECOVERABLE].values,
            "a3_latent_minus_irregularity_cortical": L[[c for c in LATENT if c not in
                                                        ("mean_irregularity", "mean_cortical")]].values,
            "c_image": X[cols].values.astype(float),
            "c2_image+scanner": np.hstack([X[cols].values.astype(float), acq.values]),
            "c3_image_compact_proxies(17)": compact_proxies(X).values.astype(float),
            "d1_image+latent_count_size": np.hstack([X[cols].values.astype(float), L[GEOM_SIZE].values]),
            "d2_image+latent_geometry(size,count,location,irregularity)":
                np.hstack([X[cols].values.astype(float), L[GEOM_ALL].values]),
            "d3_image+latent(haem,enh,het,irregularity)":
                np.hstack([X[cols].values.astype(float), L[LOST].values]),
        }
        res = {}
        for k, Xs in sets.items():
            for C in (1.0, 0.1):
                t1 = time.time()
                r = cv_eval(Xs, y, groups, lr_factory(C), seeds)
                res[f"{k} | LR C={C}"] = r
                print(f"[{name}] {k:60s} LR C={C:<4} macroAUC pooled {r['pooled_mean']:.4f} ± {r['pooled_sd']:.4f}"
                      f"  fold-mean {r['foldmean_mean']:.4f}  ({time.time() - t1:.1f}s)", flush=True)
        for k in ("c_image", "c3_image_compact_proxies(17)", "a_latent_oracle"):
            t1 = time.time()
            Xs = sets[k]
            r = cv_eval(Xs, y, groups, hgb_factory(), seeds)
            res[f"e_{k} | HGB"] = r
            print(f"[{name}] {'e_' + k:60s} HGB      macroAUC pooled {r['pooled_mean']:.4f} ± {r['pooled_sd']:.4f}"
                  f"  fold-mean {r['foldmean_mean']:.4f}  ({time.time() - t1:.1f}s)", flush=True)
        # oracle ablations: drop one latent feature at a time (LR C=1)
        abl = {}
        for lf in LATENT:
            keep = [c for c in LATENT if c != lf]
            abl[lf] = cv_eval(L[keep].values, y, groups, lr_factory(1.0), seeds)["pooled_mean"]
        print(f"[{name}] oracle drop-one (LR C=1) macroAUC: " +
              ", ".join(f"{k}={v:.4f}" for k, v in abl.items()), flush=True)

        pc = proxy_correlations(st, X, L)
        pc.to_csv(os.path.join(args.out, f"{name}_proxy_corr.csv"), index=False)
        print(f"[{name}] latent vs image proxy correlations:\n" + pc.to_string(index=False, float_format="%.3f"))
        r2 = latent_r2_from_images(X, L, groups, cols)
        print(f"[{name}] grouped-CV R^2 of each latent feature from all image features (ridge):")
        for lf, d in r2.items():
            print(f"    {lf:26s} " + "  ".join(f"{k}={v:.3f}" for k, v in d.items()))
        ld = lesion_level_diag(man, results, os.path.join(root, "lesions.csv"))
        ld.to_csv(os.path.join(args.out, f"{name}_lesions_matched.csv"), index=False)
        lds = lesion_diag_summary(ld) if len(ld) else pd.DataFrame()
        print(f"[{name}] lesion-level diagnostics (matched {len(ld)} truth components to generator lesions; "
              f"value = Spearman unless stated):\n" + lds.to_string(index=False, float_format="%.3f"))
        summary[name] = dict(n_studies=len(sids), n_images=len(man), feature_seconds=t_feat,
                             total_seconds=time.time() - t0, auc=res, oracle_drop_one=abl,
                             proxy_corr=pc.to_dict("records"), latent_r2=r2,
                             lesion_diag=lds.to_dict("records"))
        print(f"[{name}] total {time.time() - t0:.1f}s", flush=True)
    with open(os.path.join(args.out, "summary.json"), "w") as fh:
        json.dump(summary, fh, indent=1, default=float)


if __name__ == "__main__":
    sys.exit(main())
