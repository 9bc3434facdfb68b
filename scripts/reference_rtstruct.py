#!/usr/bin/env python3
"""Reference values for the RTSTRUCT reader tests, read with pydicom from pydicom's own
`rtstruct.dcm` test file. Writes Tests/MedicalIOTests/Fixtures/rtstruct_reference.json.

Run with the project's venv: `.venv/bin/python scripts/reference_rtstruct.py`.
"""
import json
import os
import sys

import pydicom
from pydicom.data import get_testdata_file

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "MedicalIOTests", "Fixtures", "rtstruct_reference.json")


def main() -> int:
    path = get_testdata_file("rtstruct.dcm")
    ds = pydicom.dcmread(path, force=True)
    frames = []
    for fr in ds.get("ReferencedFrameOfReferenceSequence", []):
        series = []
        for study in fr.get("RTReferencedStudySequence", []):
            for s in study.get("RTReferencedSeriesSequence", []):
                series.append(str(s.SeriesInstanceUID))
        frames.append({"frameOfReferenceUID": str(fr.FrameOfReferenceUID), "seriesInstanceUIDs": series})
    contours_by_roi = {}
    for rc in ds.ROIContourSequence:
        contours = []
        for c in rc.get("ContourSequence", []):
            data = [float(v) for v in c.ContourData]
            contours.append({
                "geometricType": str(c.ContourGeometricType),
                "numberOfContourPoints": int(c.NumberOfContourPoints),
                "pointCount": len(data) // 3,
                "firstPoint": data[:3],
                "pointSum": sum(data),
            })
        contours_by_roi[int(rc.ReferencedROINumber)] = {
            "color": [int(v) for v in rc.get("ROIDisplayColor", [])],
            "contours": contours,
        }
    interpreted = {int(o.ReferencedROINumber): str(o.get("RTROIInterpretedType", ""))
                   for o in ds.get("RTROIObservationsSequence", [])}
    rois = []
    for roi in ds.StructureSetROISequence:
        number = int(roi.ROINumber)
        entry = {
            "number": number,
            "name": str(roi.ROIName),
            "frameOfReferenceUID": str(roi.ReferencedFrameOfReferenceUID),
            "interpretedType": interpreted.get(number, ""),
        }
        entry.update(contours_by_roi.get(number, {"color": [], "contours": []}))
        rois.append(entry)
    ref = {
        "file": "rtstruct.dcm",
        "pydicom": pydicom.__version__,
        "sopInstanceUID": str(ds.SOPInstanceUID),
        "structureSetLabel": str(ds.StructureSetLabel),
        "patientName": str(ds.PatientName),
        "referencedFrames": frames,
        "rois": rois,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(ref, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
