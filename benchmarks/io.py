"""pydicom and SimpleITK reference for `metorigin bench io`.

Times the same workloads as the Swift side on the same files (written by the Swift side) and
prints one JSON object: {"series-read-vs-pydicom": s, "series-read-vs-simpleitk": s,
"convert": s, "resample": s}, each the median of --runs timed runs after one warm-up.

    python benchmarks/io.py --series DIR --resample-input head_1mm.nii.gz --scratch OUT --threads 2 --runs 3
"""
import argparse
import glob
import json
import os
import time

import numpy as np
import pydicom
import SimpleITK as sitk


def median_time(fn, runs):
    fn()
    times = []
    for _ in range(max(1, runs)):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]


def read_pydicom(folder):
    """Read every slice, sort along the slice normal, stack rescaled float32 values."""
    datasets = [pydicom.dcmread(p) for p in glob.glob(os.path.join(folder, "**", "*"), recursive=True)
                if os.path.isfile(p)]
    iop = np.array(datasets[0].ImageOrientationPatient, dtype=float)
    normal = np.cross(iop[:3], iop[3:])
    datasets.sort(key=lambda d: float(np.dot(normal, np.array(d.ImagePositionPatient, dtype=float))))
    vol = np.empty((len(datasets), datasets[0].Rows, datasets[0].Columns), np.float32)
    for k, d in enumerate(datasets):
        slope = float(getattr(d, "RescaleSlope", 1.0))
        inter = float(getattr(d, "RescaleIntercept", 0.0))
        vol[k] = d.pixel_array.astype(np.float32) * slope + inter
    return vol


def read_sitk(folder):
    reader = sitk.ImageSeriesReader()
    names = reader.GetGDCMSeriesFileNames(folder)
    reader.SetFileNames(names)
    reader.SetOutputPixelType(sitk.sitkFloat32)
    return reader.Execute()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--series", required=True)
    ap.add_argument("--resample-input", required=True)
    ap.add_argument("--scratch", required=True)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workloads", default="series-read-vs-pydicom,series-read-vs-simpleitk,convert,resample")
    a = ap.parse_args()
    sitk.ProcessObject.SetGlobalDefaultNumberOfThreads(a.threads)
    wanted = set(a.workloads.split(","))
    out = {}
    if "series-read-vs-pydicom" in wanted:
        out["series-read-vs-pydicom"] = median_time(lambda: read_pydicom(a.series), a.runs)
    if "series-read-vs-simpleitk" in wanted:
        out["series-read-vs-simpleitk"] = median_time(lambda: read_sitk(a.series), a.runs)
    if "convert" in wanted:
        target = os.path.join(a.scratch, "series_sitk.nii.gz")
        out["convert"] = median_time(lambda: sitk.WriteImage(read_sitk(a.series), target, True), a.runs)
    if "resample" in wanted:
        img = sitk.ReadImage(a.resample_input, sitk.sitkFloat32)
        spacing = (0.64, 0.64, 2.4)
        size = [int(round(n * s / t)) for n, s, t in zip(img.GetSize(), img.GetSpacing(), spacing)]

        def resample():
            f = sitk.ResampleImageFilter()
            f.SetInterpolator(sitk.sitkLinear)
            f.SetDefaultPixelValue(0)
            f.SetSize(size)
            f.SetOutputSpacing(spacing)
            f.SetOutputOrigin(img.GetOrigin())
            f.SetOutputDirection(img.GetDirection())
            f.SetNumberOfThreads(a.threads)
            return f.Execute(img)

        out["resample"] = median_time(resample, a.runs)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
