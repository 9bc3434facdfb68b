#!/usr/bin/env python3
"""Regenerates the committed libFuzzer seed corpora in Fuzz/corpus/<target>/ from the test files
that scripts/setup.sh installs (pydicom, nibabel). Seeds are kept small (a few KiB each) so the
fuzzer spends its time mutating rather than parsing.

Run with the project's venv: `.venv/bin/python scripts/fuzz_corpus.py`.
"""
import gzip
import os
import sys

import numpy as np
import nibabel as nib
import pydicom
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "Fuzz", "corpus")


def target(name):
    """Empties Fuzz/corpus/<name>/ except seeds named metorigin_*, which MetOrigin's own writers
    produced (e.g. an RTSTRUCT from RTStructBuilder) and Python cannot regenerate."""
    d = os.path.join(CORPUS, name)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        if not f.startswith("metorigin_"):
            os.remove(os.path.join(d, f))
    return d


def copy(src, dst_dir, name=None, limit=None):
    with open(src, "rb") as f:
        data = f.read()
    if limit is not None:
        data = data[:limit]
    with open(os.path.join(dst_dir, name or os.path.basename(src)), "wb") as f:
        f.write(data)


def pydicom_file(name):
    return get_testdata_file(name)


def dicom_seeds():
    d = target("dicom")
    for name in ["MR_small.dcm", "MR_small_implicit.dcm", "ExplVR_BigEndNoMeta.dcm", "image_dfl.dcm",
                 "nested_priv_SQ.dcm", "UN_sequence.dcm", "no_meta_group_length.dcm"]:
        copy(pydicom_file(name), d)
    copy(pydicom_file("MR_small.dcm"), d, "MR_small_trunc1024.dcm", limit=1024)
    copy(pydicom_file("MR_small_expb.dcm"), d, "MR_small_expb_trunc3000.dcm", limit=3000)


def pixel_seeds():
    d = target("pixels")
    for name in ["MR_small_RLE.dcm", "MR_small_jp2klossless.dcm", "SC_rgb_jpeg.dcm", "JPEG-lossy.dcm",
                 "SC_rgb_rle_16bit_2frame.dcm", "MR_small_bigendian.dcm", "rtdose_1frame.dcm",
                 "SC_rgb_small_odd.dcm"]:
        copy(pydicom_file(name), d)
    copy(pydicom_file("MR_small.dcm"), d, "MR_small_trunc6000.dcm", limit=6000)
    # JPEG Lossless process 14: only the first 12 KiB (header, tables and the first rows).
    copy(pydicom_file("JPEG-LL.dcm"), d, "JPEG-LL_trunc12k.dcm", limit=12288)


def rt_seeds():
    d = target("rtstruct")
    src = pydicom_file("rtstruct.dcm")
    copy(src, d)
    ds = pydicom.dcmread(src, force=True)
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    ds.save_as(os.path.join(d, "rtstruct_explicit.dcm"), enforce_file_format=True)

    # One ROI with a hole, an island and a bad point count, two planes between slices.
    def contour(points, declared=None):
        c = Dataset()
        c.ContourGeometricType = "CLOSED_PLANAR"
        c.NumberOfContourPoints = declared if declared is not None else len(points)
        c.ContourData = [v for p in points for v in p]
        return c

    def square(x0, y0, x1, y1, z):
        return [(x0, y0, z), (x1, y0, z), (x1, y1, z), (x0, y1, z)]

    roi = Dataset()
    roi.ROINumber = 1
    roi.ReferencedFrameOfReferenceUID = "1.2.3"
    roi.ROIName = "GTV"
    rc = Dataset()
    rc.ReferencedROINumber = 1
    rc.ContourSequence = Sequence([
        contour(square(-100, -100, 100, 100, -100)),
        contour(square(-40, -40, 40, 40, -100)),
        contour(square(120, 120, 180, 190, -100)),
        contour(square(-60, -60, 60, 60, -87), declared=5),
        contour([(0, 0, -60), (50, 10, -60), (10, 80, -60), (-70, 30, -60), (-20, -90, -60)]),
    ])
    rt = Dataset()
    rt.SOPClassUID = "1.2.840.10008.5.1.4.1.1.481.3"
    rt.SOPInstanceUID = "1.2.3.4.5"
    rt.Modality = "RTSTRUCT"
    rt.StructureSetLabel = "fuzz"
    rt.StructureSetROISequence = Sequence([roi])
    rt.ROIContourSequence = Sequence([rc])
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = rt.SOPClassUID
    meta.MediaStorageSOPInstanceUID = rt.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    rt.file_meta = meta
    rt.save_as(os.path.join(d, "rtstruct_holes.dcm"), enforce_file_format=True)


def nifti_seeds():
    d = target("nifti")
    rng = np.random.default_rng(0)
    affine = np.array([[-0.9, 0.1, 0, 30], [0, 1.1, 0.2, -20], [0, 0, 2.5, 10], [0, 0, 0, 1]])
    data16 = rng.integers(-100, 100, size=(5, 4, 3), dtype=np.int16)
    img = nib.Nifti1Image(data16, affine)
    img.header.set_slope_inter(0.5, 10)
    nib.save(img, os.path.join(d, "tiny_int16.nii"))
    nib.save(nib.Nifti1Image(rng.random((4, 3, 2, 2), dtype=np.float32), affine),
             os.path.join(d, "tiny_float32_4d.nii.gz"))
    be = nib.Nifti1Image(data16.astype(">f8"), affine)
    nib.save(be, os.path.join(d, "tiny_bigendian_f64.nii"))
    nib.save(nib.Nifti2Image(data16.astype(np.uint8), affine), os.path.join(d, "tiny_nifti2_u8.nii"))
    # qform only (sform code 0).
    q = nib.Nifti1Image(data16.astype(np.int32), affine)
    q.set_sform(None, code=0)
    q.set_qform(affine, code=1)
    nib.save(q, os.path.join(d, "tiny_qform_i32.nii"))


def main() -> int:
    dicom_seeds()
    pixel_seeds()
    rt_seeds()
    nifti_seeds()
    for t in sorted(os.listdir(CORPUS)):
        files = os.listdir(os.path.join(CORPUS, t))
        size = sum(os.path.getsize(os.path.join(CORPUS, t, f)) for f in files)
        print(f"{t}: {len(files)} seeds, {size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
