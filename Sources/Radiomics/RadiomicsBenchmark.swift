import Foundation
import MedicalIO
import Statistics

/// The Swift side of `metorigin bench radiomics`: the studies both sides read (cohort studies
/// or generated phantoms, written as NIfTI image and binary mask pairs) and our timing.
/// `benchmarks/pyradiomics_reference.py` times pyradiomics on the same files.
public enum RadiomicsBenchmark {
    /// One study: an image and its binary lesion mask on the same grid.
    public struct Study: Sendable, Codable {
        public var image: String
        public var mask: String
    }

    /// Why the benchmark could not run.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// `count` phantom studies in `folder`: a textured head-sized volume (1 mm, 128×128×64) with
    /// 2–6 ellipsoidal lesions with enhancing rims and necrotic cores, from `seed`.
    public static func phantoms(count: Int, in folder: String, seed: UInt64 = 1) throws(Failure) -> [Study] {
        var rng = SplitMix64(seed: seed)
        func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * Double(rng.next() >> 11) / Double(1 << 53) }
        let g = ImageGeometry(size: GridSize(128, 128, 64), spacing: Spacing(1, 1, 1), origin: Point3(-64, -64, -32))
        var studies: [Study] = []
        for s in 0..<count {
            var image = [Float](repeating: 0, count: g.size.count)
            var mask = [UInt8](repeating: 0, count: g.size.count)
            let lesions = (0..<Int(uniform(2, 7))).map { _ in
                (SIMD3(uniform(20, 108), uniform(20, 108), uniform(12, 52)), SIMD3(uniform(3, 10), uniform(3, 10), uniform(2, 7)))
            }
            var o = 0
            for k in 0..<g.size.z {
                for j in 0..<g.size.y {
                    for i in 0..<g.size.x {
                        let p = SIMD3(Double(i), Double(j), Double(k))
                        var v = 400 + 120 * sin(p.x / 6) * cos(p.y / 9) + 30 * p.z / 64
                        for (c, r) in lesions {
                            let d = (p - c) / r
                            let rr = (d * d).sum().squareRoot()
                            if rr <= 1 { mask[o] = 1; v = 700 - 400 * (rr < 0.5 ? 1 : 0) + 100 * rr }
                        }
                        image[o] = Float(v + uniform(-60, 60))
                        o += 1
                    }
                }
            }
            let study = Study(image: folder + "/phantom\(s)_image.nii.gz", mask: folder + "/phantom\(s)_mask.nii.gz")
            do {
                try NIfTI.write(try ImageVolume(geometry: g, voxels: image), to: study.image)
                try NIfTI.write(try Volume<UInt8>(geometry: g, voxels: mask), to: study.mask)
            } catch {
                throw Failure(description: "cannot write phantom \(s): \(error)")
            }
            studies.append(study)
        }
        return studies
    }

    /// The first `count` T1 CE studies of a NIfTI cohort (`metorigin cohort --format nifti`) with a
    /// binary tumour mask (truth labels 1–2) written into `folder`.
    public static func cohortStudies(_ cohort: String, count: Int, in folder: String) throws(Failure) -> [Study] {
        let manifest = cohort + "/manifest.csv"
        guard let text = try? String(contentsOfFile: manifest, encoding: .utf8) else {
            throw Failure(description: "\(manifest): cannot read")
        }
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first, let modality = header.firstIndex(of: "modality"),
              let path = header.firstIndex(of: "path"), let truth = header.firstIndex(of: "truth_path") else {
            throw Failure(description: "\(manifest): needs modality, path and truth_path columns")
        }
        var studies: [Study] = []
        for row in lines.dropFirst() where row.count > max(modality, path, truth) && row[modality] == "t1ce" {
            guard studies.count < count else { break }
            let image = cohort + "/" + row[path], truthPath = cohort + "/" + row[truth]
            guard image.hasSuffix(".nii.gz") else { throw Failure(description: "\(manifest): bench needs a NIfTI cohort") }
            do {
                let labels = try NIfTI.readVolume(path: truthPath)
                let tumour = labels.map { v -> UInt8 in (v == 1 || v == 2) ? 1 : 0 }
                guard tumour.voxels.contains(1) else { continue }
                let mask = folder + "/study\(studies.count)_mask.nii.gz"
                try NIfTI.write(tumour, to: mask)
                studies.append(Study(image: image, mask: mask))
            } catch {
                throw Failure(description: "\(truthPath): \(error)")
            }
        }
        guard !studies.isEmpty else { throw Failure(description: "\(manifest): no T1 CE study with a lesion") }
        return studies
    }

    /// Extracts every lesion of every study (reading included); returns the lesion count.
    public static func run(_ studies: [Study], settings: RadiomicsSettings = RadiomicsSettings()) throws(Failure) -> Int {
        var lesions = 0
        for s in studies {
            do {
                let image = try NIfTI.readVolume(path: s.image)
                let mask = try NIfTI.readVolume(path: s.mask)
                lesions += try RadiomicsExtractor.extract(image: image, mask: mask, settings: settings).lesions.count
            } catch {
                throw Failure(description: "\(s.image): \(error)")
            }
        }
        return lesions
    }

    /// This process's peak resident memory in bytes: VmHWM from /proc/self/status (the measure
    /// the reference script reports too), else getrusage's maximum resident set size.
    public static func peakMemoryBytes() -> Int {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kB = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap({ Int($0) }) {
            return kB * 1024
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }
}
