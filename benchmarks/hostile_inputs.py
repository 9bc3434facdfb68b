#!/usr/bin/env python3
"""Replays hostile inputs against the metorigin binary and reports, for each, whether it was
refused, warned about or accepted, and whether the process crashed (killed by a signal, a Swift
trap, or a hang past the time limit).

    .venv/bin/python benchmarks/hostile_inputs.py [--binary .build/release/metorigin] [--keep]

Every input is generated in a temporary folder: truncated and bit-flipped NIfTI and DICOM files,
absurd spacings, inconsistent manifests, inconsistent predictions, zero and negative counts,
masks off their image's grid, a resumed run with another seed. Each case states what it expects
(refuse, warn, or accept); an input that is expected to be refused or warned about but is
accepted without a word is a *silent acceptance*. The last line is the summary:
`N inputs, C crashes, S silent acceptances`.
"""
import argparse
import gzip
import os
import shutil
import signal
import subprocess
import sys
import tempfile

import numpy as np
import nibabel as nib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADER = "patient_id,study_id,modality,path,label,contoured,rtstruct_path,scanner"
PRED_HEADER = "study_id,patient_id,fold,label,prob_lung,prob_breast,prob_melanoma,prob_renal,prob_other"
TIME_LIMIT = 120


class Probe:
    def __init__(self, binary, folder):
        self.binary = binary
        self.folder = folder
        self.results = []

    def path(self, name):
        return os.path.join(self.folder, name)

    def write(self, name, text_or_bytes):
        p = self.path(name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        mode = "wb" if isinstance(text_or_bytes, bytes) else "w"
        with open(p, mode) as f:
            f.write(text_or_bytes)
        return p

    def interrupt(self, name, args, after=3.0):
        """Sends Ctrl-C (SIGINT) to `metorigin ARGS` after `after` seconds: the process must say it
        was interrupted and exit with 130; exiting 0 (it ignored the signal) counts as silent."""
        proc = subprocess.Popen([self.binary] + args, cwd=self.folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=dict(os.environ, SWIFT_BACKTRACE="enable=no"))
        try:
            out, err = proc.communicate(timeout=after)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGINT)
            try:
                out, err = proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                out, err = proc.communicate()
        rc, text = proc.returncode, out + err
        crashed = rc is None or rc < 0 or "Fatal error" in text
        outcome = "crashed" if crashed else ("refused" if rc == 130 and "interrupted" in text else
                                             "accepted" if rc == 0 else "refused")
        silent = outcome == "accepted"
        last = next((line for line in reversed(text.splitlines()) if line.strip()), "")
        self.results.append((name, "refuse", outcome, rc, silent))
        print(f"{name:<44} expect refuse  {outcome:<8} exit {rc}" + ("  SILENT" if silent else "") + f"  | {last[:110]}")
        sys.stdout.flush()

    def run(self, name, expect, args, reason=None):
        """Runs `metorigin ARGS`; `expect` is refuse, warn or accept. With `reason`, a refusal
        counts only when its message contains that text: a run refused for another reason (say
        a missing image after an inconsistent manifest was read) did not detect the problem, and
        is reported as `missed`, a silent acceptance."""
        try:
            proc = subprocess.run([self.binary] + args, cwd=self.folder, capture_output=True, text=True,
                                  timeout=TIME_LIMIT, env=dict(os.environ, SWIFT_BACKTRACE="enable=no"))
            rc, out = proc.returncode, proc.stdout + proc.stderr
        except subprocess.TimeoutExpired:
            rc, out = None, "timed out"
        crashed = rc is None or rc < 0 or rc in (132, 133, 134, 135, 136, 137, 139) or "Fatal error" in out
        if crashed:
            outcome = "crashed"
        elif rc != 0:
            outcome = "refused" if reason is None or reason.lower() in out.lower() else "missed"
        elif "warning" in out.lower() or "leakage" in out.lower():
            outcome = "warned"
        else:
            outcome = "accepted"
        silent = outcome == "missed" or (outcome == "accepted" and expect in ("refuse", "warn"))
        first = next((line for line in out.splitlines() if line.strip()), "")
        self.results.append((name, expect, outcome, rc, silent))
        signal_name = ""
        if rc is not None and rc < 0:
            signal_name = f" ({signal.Signals(-rc).name})"
        print(f"{name:<44} expect {expect:<7} {outcome:<8} exit {rc}{signal_name}"
              + ("  SILENT" if silent else "") + f"  | {first[:110]}")
        sys.stdout.flush()


def nifti_bytes(shape=(16, 16, 8), spacing=(2.0, 2.0, 3.0), dtype=np.int16, data=None, gz=False, intent=None):
    if data is None:
        rng = np.random.default_rng(1)
        data = rng.integers(0, 200, size=shape).astype(dtype)
    affine = np.diag(list(spacing) + [1.0])
    img = nib.Nifti1Image(data, affine)
    img.header.set_xyzt_units("mm")
    if intent:
        img.header.set_intent(intent)
    raw = img.to_bytes()
    return gzip.compress(raw) if gz else raw


def flip(data, offset, value_bytes):
    b = bytearray(data)
    b[offset:offset + len(value_bytes)] = value_bytes
    return bytes(b)


def cases(p):
    good = nifti_bytes()
    p.write("good.nii", good)
    # --- NIfTI files
    p.run("nifti: valid (control)", "accept", ["convert", p.write("n_ok.nii", good), "-o", "o1.nii.gz"])
    p.run("nifti: truncated to half", "refuse", ["convert", p.write("n_half.nii", good[:len(good) // 2]), "-o", "o.nii.gz"])
    p.run("nifti: truncated header (100 bytes)", "refuse", ["convert", p.write("n_hdr.nii", good[:100]), "-o", "o.nii.gz"])
    p.run("nifti: empty file", "refuse", ["convert", p.write("n_empty.nii", b""), "-o", "o.nii.gz"])
    p.run("nifti: gzip truncated", "refuse", ["convert", p.write("n_gz.nii.gz", gzip.compress(good)[:300]), "-o", "o.nii.gz"])
    p.run("nifti: dim[1] = 0", "refuse", ["convert", p.write("n_dim0.nii", flip(good, 42, (0).to_bytes(2, "little"))), "-o", "o.nii.gz"])
    p.run("nifti: dim[1] = -5", "refuse", ["convert", p.write("n_dimneg.nii", flip(good, 42, (-5).to_bytes(2, "little", signed=True))), "-o", "o.nii.gz"])
    p.run("nifti: dims 30000^3 (bomb)", "refuse", ["convert", p.write("n_huge.nii", flip(good, 42, b"\x30\x75" * 3)), "-o", "o.nii.gz"])
    p.run("nifti: datatype 999", "refuse", ["convert", p.write("n_dtype.nii", flip(good, 70, (999).to_bytes(2, "little"))), "-o", "o.nii.gz"])
    p.run("nifti: vox_offset past the end", "refuse", ["convert", p.write("n_off.nii", flip(good, 108, np.float32(1e9).tobytes())), "-o", "o.nii.gz"])
    nan_pixdim = flip(flip(good, 80, np.float32("nan").tobytes()), 252, (0).to_bytes(2, "little") * 2)
    p.run("nifti: NaN pixdim, no sform/qform", "refuse", ["convert", p.write("n_nanpix.nii", nan_pixdim), "-o", "o.nii.gz"])
    nan_sform = flip(good, 280, np.float32("nan").tobytes())
    p.run("nifti: NaN in sform (qform usable)", "warn", ["convert", p.write("n_nansform.nii", nan_sform), "-o", "o.nii.gz"])
    rng = np.random.default_rng(7)
    for k in range(6):
        b = bytearray(good)
        for _ in range(8):
            i = int(rng.integers(0, 348))
            b[i] ^= 1 << int(rng.integers(0, 8))
        p.run(f"nifti: 8 random header bit flips #{k + 1}", "any", ["convert", p.write(f"n_flip{k}.nii", bytes(b)), "-o", "o.nii.gz"])
    four_d = nifti_bytes(shape=(8, 8, 4, 3))
    p.run("nifti: 4-D without --volume", "refuse", ["convert", p.write("n_4d.nii", four_d), "-o", "o.nii.gz"])
    p.run("nifti: 4-D --volume 7 (out of range)", "refuse", ["convert", "n_4d.nii", "-o", "o.nii.gz", "--volume", "7"])
    # --- absurd spacings and counts on resample
    p.run("resample: spacing 0.001 mm (memory)", "refuse", ["resample", "good.nii", "--spacing", "0.001,0.001,0.001", "-o", "r.nii.gz"])
    p.run("resample: spacing 0", "refuse", ["resample", "good.nii", "--spacing", "0,1,1", "-o", "r.nii.gz"])
    p.run("resample: spacing -1", "refuse", ["resample", "good.nii", "--spacing", "-1,1,1", "-o", "r.nii.gz"])
    p.run("resample: spacing nan", "refuse", ["resample", "good.nii", "--spacing", "nan,1,1", "-o", "r.nii.gz"])
    p.run("resample: spacing 1e300", "refuse", ["resample", "good.nii", "--spacing", "1e300,1,1", "-o", "r.nii.gz"])
    p.run("resample: --threads 0", "refuse", ["resample", "good.nii", "--spacing", "2,2,2", "-o", "r.nii.gz", "--threads", "0"])
    p.run("nifti: pixdim 1e6 mm in the file", "any", ["convert", p.write("n_bigpix.nii", nifti_bytes(spacing=(1e6, 1e6, 1e6))), "-o", "o.nii.gz"])
    # --- DICOM
    try:
        from pydicom.data import get_testdata_file
        dcm = open(get_testdata_file("MR_small.dcm"), "rb").read()
        p.run("dicom: valid MR_small (control)", "accept", ["info", p.write("d_ok/MR_small.dcm", dcm)])
        p.run("dicom: truncated to 1 KiB", "refuse", ["convert", p.write("d_trunc/x.dcm", dcm[:1024]), "-o", "o.nii.gz"])
        p.run("dicom: truncated pixel data", "refuse", ["convert", p.write("d_trunc2/x.dcm", dcm[:-2000]), "-o", "o.nii.gz"])
        p.run("dicom: not DICOM at all", "refuse", ["convert", p.write("d_junk/x.dcm", b"hello" * 100), "-o", "o.nii.gz"])
        rng = np.random.default_rng(11)
        for k in range(6):
            b = bytearray(dcm)
            for _ in range(16):
                i = int(rng.integers(128, min(len(b), 4000)))
                b[i] ^= 1 << int(rng.integers(0, 8))
            p.run(f"dicom: 16 random bit flips #{k + 1}", "any", ["convert", p.write(f"d_flip{k}/x.dcm", bytes(b)), "-o", "o.nii.gz"])
    except ImportError:
        print("pydicom is not installed: DICOM cases skipped")
    # --- manifests (cv refuses them before any image is read)
    def manifest(name, rows, header=HEADER):
        return p.write(f"m/{name}.csv", header + "\n" + "".join(r + "\n" for r in rows))
    cv = lambda m, *extra: ["cv", "--manifest", m, "--out", "cv-" + os.path.basename(m), "--epochs", "1", "--folds", "2",
                            "--no-ablations"] + list(extra)
    ok_rows = ["P1,S1,t1ce,a.nii,lung,0,,x", "P2,S2,t1ce,b.nii,breast,0,,x"]
    p.run("manifest: study with two labels", "refuse", cv(manifest("two_labels", ok_rows + ["P1,S1,flair,c.nii,breast,0,,x"])), reason="two labels")
    p.run("manifest: study with two patient IDs", "refuse", cv(manifest("two_patients", ok_rows + ["P9,S1,flair,c.nii,lung,0,,x"])), reason="two patient IDs")
    p.run("manifest: duplicated row", "refuse", cv(manifest("duplicate", ok_rows + ["P1,S1,t1ce,a.nii,lung,0,,x"])), reason="two t1ce rows")
    p.run("manifest: one class only", "refuse", cv(manifest("one_class", ["P1,S1,t1ce,a.nii,lung,0,,x", "P2,S2,t1ce,b.nii,lung,0,,x"])), reason="at least two")
    p.run("manifest: unknown label", "refuse", cv(manifest("bad_label", ok_rows + ["P3,S3,t1ce,c.nii,liver,0,,x"])), reason="liver")
    p.run("manifest: unknown modality", "refuse", cv(manifest("bad_modality", ok_rows + ["P3,S3,t2,c.nii,lung,0,,x"])), reason="not t1ce or flair")
    p.run("manifest: missing column", "refuse", cv(manifest("missing_col", ["P1,S1,t1ce,a.nii,lung,0,x"], HEADER.replace(",rtstruct_path", ""))), reason="missing columns")
    p.run("manifest: ragged row", "refuse", cv(manifest("ragged", ok_rows + ["P3,S3,t1ce"])), reason="fields")
    p.run("manifest: unterminated quote", "refuse", cv(manifest("quote", ok_rows + ['P3,"S3,t1ce,c.nii,lung,0,,x'])), reason="unterminated")
    p.run("manifest: header only", "refuse", cv(manifest("header_only", [])), reason="no studies")
    p.run("manifest: empty file", "refuse", cv(p.write("m/empty.csv", "")))
    p.run("manifest: not UTF-8", "refuse", cv(p.write("m/latin1.csv", (HEADER + "\nP1,S1,t1ce,\xe9.nii,lung,0,,x\n").encode("latin-1"))), reason="UTF-8")
    p.run("manifest: lesion-free control in cv", "refuse", cv(manifest("control", ok_rows + ["C1,C1,t1ce,c.nii,none,1,c.nii,x"])), reason="lesion-free")
    p.run("manifest: images that do not exist", "refuse", cv(manifest("absent_images", ok_rows)))
    # --- predictions (evaluate)
    def predictions(name, rows):
        return p.write(f"p/{name}.csv", PRED_HEADER + "\n" + "".join(r + "\n" for r in rows))
    grouped = [f"S{i},P{i},{i % 2},{['lung', 'breast', 'melanoma', 'renal', 'other'][i % 5]},0.2,0.2,0.2,0.2,0.2" for i in range(10)]
    ev = lambda f, *extra: ["evaluate", "--predictions", f, "--resamples", "10"] + list(extra)
    p.run("predictions: valid (control)", "accept", ev(predictions("ok", grouped), "--cv-design", "test"))
    p.run("predictions: sum 2.5", "refuse", ev(predictions("sum", grouped + ["S99,P99,0,lung,0.5,0.5,0.5,0.5,0.5"])), reason="sum to")
    p.run("predictions: sum 2.5 with --renormalise", "accept", ev("p/sum.csv", "--renormalise", "--cv-design", "test"))
    p.run("predictions: sum 0.5 (logits?)", "refuse", ev(predictions("small", grouped + ["S99,P99,0,lung,0.1,0.1,0.1,0.1,0.1"])), reason="sum to")
    p.run("predictions: negative probability", "refuse", ev(predictions("neg", grouped + ["S99,P99,0,lung,-0.2,0.3,0.3,0.3,0.3"])))
    p.run("predictions: NaN probability", "refuse", ev(predictions("nan", grouped + ["S99,P99,0,lung,nan,0.3,0.3,0.2,0.2"])))
    p.run("predictions: probability 1.5", "refuse", ev(predictions("big", grouped + ["S99,P99,0,lung,1.5,0,0,0,0"])))
    p.run("predictions: patient in two folds", "warn", ev(predictions("leak", grouped + ["S99,P0,1,lung,0.2,0.2,0.2,0.2,0.2"]), "--cv-design", "test"))
    p.run("predictions: duplicated study", "refuse", ev(predictions("dup", grouped + [grouped[0]])), reason="more than once")
    p.run("predictions: unknown label", "refuse", ev(predictions("label", grouped + ["S99,P99,0,liver,0.2,0.2,0.2,0.2,0.2"])))
    p.run("predictions: fold not an integer", "refuse", ev(predictions("fold", grouped + ["S99,P99,x,lung,0.2,0.2,0.2,0.2,0.2"])))
    p.run("predictions: missing column", "refuse", ev(p.write("p/missing.csv", "study_id,patient_id,fold,label,prob_lung\nS1,P1,0,lung,1\n")))
    p.run("predictions: empty file", "refuse", ev(p.write("p/empty.csv", "")))
    p.run("predictions: binary bytes", "refuse", ev(p.write("p/binary.csv", bytes(range(256)) * 4)))
    p.run("evaluate: --resamples -1", "refuse", ev("p/ok.csv", "--resamples", "-1"))
    # --- zero and negative counts
    p.run("cv: --epochs 0", "refuse", cv(manifest("counts", ok_rows), "--epochs", "0"), reason="--epochs")
    p.run("cv: --epochs -1", "refuse", cv("m/counts.csv", "--epochs", "-1"), reason="--epochs")
    p.run("cv: --folds 0", "refuse", cv("m/counts.csv", "--folds", "0"), reason="--folds")
    p.run("cohort generate: --patients 0", "refuse", ["cohort", "generate", "--patients", "0", "--out", "c0"])
    p.run("cohort generate: --patients -3", "refuse", ["cohort", "generate", "--patients", "-3", "--out", "c1"])
    p.run("cohort generate: --threads -1", "refuse", ["cohort", "generate", "--patients", "5", "--threads", "-1", "--out", "c2"])
    p.run("segment train: --patience 0", "refuse", ["segment", "train", "--manifest", "m/counts.csv", "--modality", "t1ce", "--out", "s0", "--patience", "0"], reason="--patience")
    p.run("segment train: --epochs 0", "refuse", ["segment", "train", "--manifest", "m/counts.csv", "--modality", "t1ce", "--out", "s0", "--epochs", "0"], reason="--epochs")
    p.run("bench segment: --batch 0", "refuse", ["bench", "segment", "--batch", "0"])
    p.run("cohort generate: --out is a file", "refuse", ["cohort", "generate", "--patients", "5", "--out", "good.nii"])
    p.run("cv: --out is a file", "refuse", cv("m/counts.csv") + ["--out", "good.nii"], reason="a file is there")
    p.run("cv: --out below a file", "refuse", cv("m/counts.csv") + ["--out", "good.nii/cv"], reason="is a file")
    p.run("cv: maxEpochs 0 in --config", "refuse",
          cv("m/counts.csv", "--config", p.write("m/epochs0.json", '{"training": {"maxEpochs": 0}}')), reason="maxEpochs")
    # --- segmentation masks
    image = nifti_bytes(shape=(32, 32, 8))
    p.write("seg/img.nii", image)
    data = np.zeros((32, 32, 8), np.uint8)
    data[12:18, 12:18, 3:5] = 1
    p.write("seg/mask_ok.nii", nifti_bytes(shape=(32, 32, 8), dtype=np.uint8, data=data))
    p.write("seg/mask_grid.nii", nifti_bytes(shape=(32, 32, 8), spacing=(2.0, 2.0, 6.0), dtype=np.uint8, data=data))
    p.write("seg/mask_small.nii", nifti_bytes(shape=(16, 16, 8), spacing=(4.0, 4.0, 3.0), dtype=np.uint8, data=data[::2, ::2]))
    labels = data * 3
    p.write("seg/mask_labels.nii", nifti_bytes(shape=(32, 32, 8), dtype=np.uint8, data=labels))
    prob = data.astype(np.float32) * 0.7
    p.write("seg/mask_prob.nii", nifti_bytes(shape=(32, 32, 8), dtype=np.float32, data=prob))
    def seg_manifest(mask):
        return manifest(f"seg_{mask}", [f"P1,S1,t1ce,../seg/img.nii,lung,1,../seg/{mask}.nii,x",
                                        f"P2,S2,t1ce,../seg/img.nii,breast,1,../seg/{mask}.nii,x"])
    seg = lambda m: ["segment", "train", "--manifest", m, "--modality", "t1ce", "--out", "seg-" + os.path.basename(m), "--epochs", "1"]
    p.run("segment train: mask with another spacing", "refuse", seg(seg_manifest("mask_grid")), reason="not on its image's grid")
    p.run("segment train: mask with another size", "refuse", seg(seg_manifest("mask_small")), reason="not on its image's grid")
    p.run("segment train: mask with label 3 (no intent)", "refuse", seg(seg_manifest("mask_labels")), reason="not only 0 and 1")
    p.run("segment train: mask of probabilities", "refuse", seg(seg_manifest("mask_prob")), reason="not only 0 and 1")
    # --- Ctrl-C in a long run
    p.interrupt("Ctrl-C during cohort generate", ["cohort", "generate", "--patients", "400", "--anatomy", "phantom", "--out", "big"])
    # --- a resumed cross-validation with another seed
    m = manifest("resume", ok_rows)
    subprocess.run([p.binary] + cv(m, "--seed", "1"), cwd=p.folder, capture_output=True, timeout=TIME_LIMIT)
    p.run("cv --resume with another seed", "refuse", cv(m, "--seed", "2", "--resume"), reason="different run")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "metorigin"))
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"{binary}: not an executable (build it with `make build`)")
    folder = tempfile.mkdtemp(prefix="metorigin-hostile-")
    probe = Probe(binary, folder)
    try:
        cases(probe)
    finally:
        if args.keep:
            print(f"inputs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    crashes = sum(1 for r in probe.results if r[2] == "crashed")
    silent = sum(1 for r in probe.results if r[4])
    print(f"{len(probe.results)} inputs, {crashes} crashes, {silent} silent acceptances")
    sys.exit(1 if crashes or silent else 0)


if __name__ == "__main__":
    main()
