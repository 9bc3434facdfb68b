import Foundation
import Statistics

/// The Swift side of `metorigin bench io`: builds the benchmark inputs and times MetOrigin on
/// each workload. `benchmarks/io.py` times pydicom and SimpleITK on the same files.
public enum IOBenchmark {
    /// The inputs both sides read, in one folder.
    public struct Inputs: Sendable {
        /// A 176-slice 512×512 16-bit MR series written by `DicomSeriesWriter`.
        public var seriesFolder: String
        /// A 256×256×176 float32 volume at 1 mm (for the resampling workload).
        public var resampleInput: String
        /// Where outputs go.
        public var scratch: String

        public init(seriesFolder: String, resampleInput: String, scratch: String) {
            self.seriesFolder = seriesFolder
            self.resampleInput = resampleInput
            self.scratch = scratch
        }
    }

    /// Why the benchmark could not run.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes the inputs into `folder` (created if needed). Values are seeded random 12-bit
    /// integers, as in a typical MR series, so compression and decoding see realistic entropy.
    public static func prepare(in folder: String, slices: Int = 176, seed: UInt64 = 1) throws(Failure) -> Inputs {
        let series = folder + "/series", scratch = folder + "/out"
        do {
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "\(scratch): cannot create folder: \(error.localizedDescription)")
        }
        var rng = SplitMix64(seed: seed)
        let mr = ImageGeometry(size: GridSize(512, 512, slices), spacing: Spacing(0.47, 0.47, 1.0),
                               origin: Point3(-120, -110, -80))
        var values = [UInt16](repeating: 0, count: mr.size.count)
        for i in values.indices { values[i] = UInt16(truncatingIfNeeded: rng.next() & 0x0FFF) }
        do {
            try? FileManager.default.removeItem(atPath: series)
            try DicomSeriesWriter.write(try Volume(geometry: mr, voxels: values), to: series,
                                        options: DicomSeriesWriterOptions(seed: seed, seriesDescription: "bench T1 CE"))
        } catch {
            throw Failure(description: "cannot write the benchmark series: \(error)")
        }

        // A smooth head-sized phantom with texture and noise (256×256×176 at 1 mm).
        let g = ImageGeometry(size: GridSize(256, 256, slices), spacing: Spacing(1, 1, 1), origin: Point3(-128, -128, -88))
        var head = [Float](repeating: 0, count: g.size.count)
        var o = 0
        for k in 0..<g.size.z {
            for j in 0..<g.size.y {
                for i in 0..<g.size.x {
                    let x = Double(i) / 128 - 1, y = Double(j) / 128 - 1, z = Double(k) / Double(g.size.z / 2) - 1
                    let r = (x * x + 1.2 * y * y + 1.1 * z * z).squareRoot()
                    let noise = Double(rng.next() % 1000) / 25
                    head[o] = Float((r < 0.8 ? 800 + 150 * cos(6 * x) * sin(5 * y + 2 * z) : 0) + noise)
                    o += 1
                }
            }
        }
        let resampleInput = folder + "/head_1mm.nii.gz"
        do {
            try NIfTI.write(try ImageVolume(geometry: g, voxels: head), to: resampleInput)
        } catch {
            throw Failure(description: "cannot write the resampling input: \(error)")
        }
        return Inputs(seriesFolder: series, resampleInput: resampleInput, scratch: scratch)
    }

    /// Reads the series into a float volume (scan, sort, decode, rescale).
    public static func readSeries(_ inputs: Inputs, threads: Int) throws(Failure) -> ImageVolume {
        do {
            let scan = try DicomScanner.scan(path: inputs.seriesFolder)
            guard let series = scan.series.first(where: \.isImage) else { throw Failure(description: "no series written") }
            return try DicomVolumeBuilder.build(series, options: DicomVolumeOptions(threads: threads)).volume
        } catch let f as Failure {
            throw f
        } catch {
            throw Failure(description: "series read failed: \(error)")
        }
    }

    /// DICOM series → `.nii.gz`, as `metorigin convert` does.
    public static func convert(_ inputs: Inputs) throws(Failure) {
        do {
            _ = try DicomConversion.convert(input: inputs.seriesFolder, output: inputs.scratch + "/series.nii.gz")
        } catch {
            throw Failure(description: "convert failed: \(error)")
        }
    }

    /// Loads the resampling input once (not timed).
    public static func loadResampleInput(_ inputs: Inputs) throws(Failure) -> ImageVolume {
        do { return try NIfTI.readVolume(path: inputs.resampleInput) } catch { throw Failure(description: "\(error)") }
    }

    /// 1 mm → 0.64 × 0.64 × 2.4 mm, linear.
    public static func resample(_ volume: ImageVolume, threads: Int) throws(Failure) -> ImageVolume {
        do { return try Resampler.resample(volume, spacing: .paper, interpolation: .linear, threads: threads) } catch {
            throw Failure(description: "resample failed: \(error)")
        }
    }

    /// Median wall time of `runs` calls (after one untimed warm-up call).
    public static func median(runs: Int, _ body: () throws -> Void) rethrows -> Double {
        try body()
        var times: [Double] = []
        for _ in 0..<max(1, runs) {
            let start = ContinuousClock.now
            try body()
            let d = ContinuousClock.now - start
            times.append(Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
        }
        times.sort()
        return times[times.count / 2]
    }
}
