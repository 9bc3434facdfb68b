#!/usr/bin/env python3
"""Reads MetOrigin's DICOM Segmentation with highdicom and pydicom (run with .venv/bin/python).

Input: Tests/MedicalIOTests/Fixtures/seg/metorigin_seg.dcm (or the path given as the first
argument), the SEG that `SegmentationBuilder` writes for the test series of
Tests/MedicalIOTests/SegmentationReferenceTests.swift (that suite rewrites it when
METORIGIN_WRITE_SEG_FIXTURE=1 is set).
Output: Tests/MedicalIOTests/Fixtures/seg_reference.json (or the second argument): per segment its
number, label, SNOMED CT codes and the voxels it covers, as linear indices on the source series
grid (column fastest, then row, then slice in the order of ReferencedInstanceSequence).

Two independent decodings must agree before anything is written:
  * highdicom: `segread` and `get_pixels_by_source_instance` (frames placed by their
    SourceImageSequence reference);
  * pydicom alone: `pixel_array` unpacks the 1-bit frames, each frame goes to the slice whose
    SOPInstanceUID its DerivationImageSequence names, and its PlanePositionSequence must equal
    that slice's position on the SEG's own geometry (shared orientation and spacing).
Nothing here runs at MetOrigin run time.
"""
import json
import os
import sys

import highdicom as hd
import numpy as np
import pydicom

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "Tests", "MedicalIOTests", "Fixtures")


def code(item):
    return {"value": item.CodeValue, "scheme": item.CodingSchemeDesignator, "meaning": item.CodeMeaning}


def pydicom_masks(ds, uids):
    """{segment number: (slices, rows, cols) bool} from pydicom alone."""
    frames = ds.pixel_array.reshape(int(ds.NumberOfFrames), ds.Rows, ds.Columns)
    shared = ds.SharedFunctionalGroupsSequence[0]
    iop = np.array([float(v) for v in shared.PlaneOrientationSequence[0].ImageOrientationPatient])
    row, col = iop[:3], iop[3:]
    normal = np.cross(row, col)
    positions = [np.array([float(v) for v in f.PlanePositionSequence[0].ImagePositionPatient])
                 for f in ds.PerFrameFunctionalGroupsSequence]
    thickness = float(shared.PixelMeasuresSequence[0].SpacingBetweenSlices)
    masks = {int(s.SegmentNumber): np.zeros((len(uids), ds.Rows, ds.Columns), bool) for s in ds.SegmentSequence}
    origin_offsets = []
    for i, f in enumerate(ds.PerFrameFunctionalGroupsSequence):
        seg = int(f.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
        src = f.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
        k = uids.index(src)
        masks[seg][k] |= frames[i].astype(bool)
        # Every frame's plane must be where its source slice is: position along the normal
        # minus k slices gives the same origin offset for all frames.
        origin_offsets.append(float(positions[i] @ normal) - k * thickness)
    assert max(origin_offsets) - min(origin_offsets) < 1e-3, f"frame positions disagree with their source slices: {origin_offsets}"
    return masks


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(FIXTURES, "seg", "metorigin_seg.dcm")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(FIXTURES, "seg_reference.json")
    ds = pydicom.dcmread(path)
    uids = [r.ReferencedSOPInstanceUID for r in ds.ReferencedSeriesSequence[0].ReferencedInstanceSequence]
    seg = hd.seg.segread(path)
    by_pydicom = pydicom_masks(ds, uids)
    segments = []
    for s in ds.SegmentSequence:
        n = int(s.SegmentNumber)
        px = seg.get_pixels_by_source_instance(source_sop_instance_uids=uids, segment_numbers=[n])
        mask = px[..., 0].astype(bool)
        assert np.array_equal(mask, by_pydicom[n]), f"highdicom and pydicom disagree on segment {n}"
        segments.append({
            "number": n,
            "label": s.SegmentLabel,
            "algorithm_type": s.SegmentAlgorithmType,
            "category": code(s.SegmentedPropertyCategoryCodeSequence[0]),
            "type": code(s.SegmentedPropertyTypeCodeSequence[0]),
            "voxels": [int(v) for v in np.flatnonzero(mask.reshape(-1))],
        })
    result = {
        "source": os.path.basename(path),
        "highdicom": hd.__version__,
        "pydicom": pydicom.__version__,
        "rows": int(ds.Rows),
        "columns": int(ds.Columns),
        "number_of_frames": int(ds.NumberOfFrames),
        "source_sop_instance_uids": uids,
        "segments": segments,
    }
    with open(out, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.relpath(out)}: {len(segments)} segments, {result['number_of_frames']} frames, "
          + ", ".join(f"segment {s['number']}: {len(s['voxels'])} voxels" for s in segments))


if __name__ == "__main__":
    main()
