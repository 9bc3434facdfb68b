"""pyradiomics reference for `metorigin bench radiomics`.

Extracts pyradiomics' default features (PyPI pyradiomics-bhklab 3.1.4) for every 26-connected
lesion of every study and for each whole mask, exactly the work `metorigin radiomics` does, on
the same NIfTI files (listed in a JSON file written by the Swift side), after one untimed
warm-up study. Prints one JSON object: {"seconds": s, "lesions": n, "peak_rss_bytes": b}.

    python benchmarks/pyradiomics_reference.py --studies studies.json
"""
import argparse
import json
import logging
import resource
import time

import numpy as np
import scipy.ndimage as ndi
import SimpleITK as sitk
from radiomics import featureextractor


def study(extractor, entry):
    image = sitk.ReadImage(entry["image"])
    mask = sitk.ReadImage(entry["mask"])
    labels, n = ndi.label(sitk.GetArrayFromImage(mask) == 1, structure=np.ones((3, 3, 3), dtype=bool))
    done = 0
    extractor.execute(image, mask)
    for k in range(1, n + 1):
        one = sitk.GetImageFromArray((labels == k).astype(np.uint8))
        one.CopyInformation(mask)
        try:
            extractor.execute(image, one)
            done += 1
        except ValueError:  # single voxels and lines, which pyradiomics refuses
            pass
    return done


def peak_rss_bytes():
    """This process's peak resident memory. VmHWM belongs to the address space made at exec, so
    unlike getrusage's ru_maxrss it does not inherit the launching process's peak."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--studies", required=True)
    args = parser.parse_args()
    logging.getLogger("radiomics").setLevel(logging.ERROR)
    with open(args.studies) as f:
        studies = json.load(f)
    extractor = featureextractor.RadiomicsFeatureExtractor(additionalInfo=False)
    study(extractor, studies[0])
    t0 = time.perf_counter()
    lesions = sum(study(extractor, s) for s in studies)
    seconds = time.perf_counter() - t0
    peak = peak_rss_bytes()
    print(json.dumps({"seconds": seconds, "lesions": lesions, "peak_rss_bytes": peak}))


if __name__ == "__main__":
    main()
