import Foundation

/// Resampling a NIfTI file to a new spacing, for `metorigin resample`.
public enum NIfTIResampling {
    /// What a resampling run did.
    public struct Report: Codable, Sendable {
        public var input: String
        public var output: String
        public var interpolation: String
        public var inputSize: [Int]
        public var inputSpacing: [Double]
        public var outputSize: [Int]
        public var outputSpacing: [Double]
        public var volumes: Int
        public var datatype: String
        public var seconds: Double
        /// What the reader noticed (an unusable sform or qform and the transform used instead).
        public var warnings: [String]
    }

    /// Why a file could not be resampled.
    public enum Failure: Error, CustomStringConvertible {
        case nifti(NIfTIError)
        case volume(path: String, VolumeError)
        public var description: String {
            switch self {
            case .nifti(let e): return e.description
            case .volume(let p, let e): return "\(p): \(e)"
            }
        }
    }

    /// Reads `input`, resamples every volume (or only volume `volume`) to `spacing`, writes
    /// `output` atomically. Nearest-neighbour keeps an unscaled integer type (masks stay masks);
    /// otherwise the output is float32 with the scaling applied. A target grid whose volumes
    /// and encoded file would exceed `budget` is refused before any of it is allocated.
    public static func resampleFile(input: String, output: String, spacing: Spacing, interpolation: Interpolation,
                                    threads: Int? = nil, volume: Int? = nil,
                                    budget: MemoryBudget = .current) throws(Failure) -> Report {
        let start = ContinuousClock.now
        let image: NIfTIImage
        do { image = try NIfTI.read(path: input, budget: budget) } catch { throw .nifti(error) }
        if let volume, !(0..<image.volumeCount).contains(volume) {
            throw .nifti(.invalidDimensions(path: input, dims: image.header.dim, reason: "no volume \(volume) of \(image.volumeCount)"))
        }
        let chosen = volume.map { $0..<($0 + 1) } ?? 0..<image.volumeCount
        let target = Resampler.grid(for: image.geometry, spacing: spacing)
        // A spacing coarser than the image's whole extent (a typo such as 1e300 or 6400 for 0.64)
        // would collapse the axis to one voxel: refused, not written.
        let source = image.geometry
        for (axis, n, from, to) in [("x", source.size.x, source.spacing.x, spacing.x), ("y", source.size.y, source.spacing.y, spacing.y),
                                    ("z", source.size.z, source.spacing.z, spacing.z)] where n > 1 && to > Double(n) * from {
            throw .volume(path: input, .geometryMismatch("target spacing \(to) mm along \(axis) is coarser than the image's whole "
                                                         + "extent of \(Double(n) * from) mm (\(n) voxels at \(from) mm)"))
        }
        // Every output volume is held until the file is encoded, and the encoding is a copy.
        let perVolume = MemoryBudget.bytes(target.size.checkedCount ?? Int.max, stride: 4)
        do {
            try budget.check(MemoryBudget.bytes(perVolume, stride: 2 * chosen.count),
                             for: "resampling \(image.geometry.size) voxels at \(mm(image.geometry.spacing)) to \(mm(spacing)) "
                                 + "(\(target.size) voxels × \(chosen.count) volume(s))")
        } catch { throw .volume(path: input, .memoryBudget(error)) }
        var datatype = NIfTIDatatype.float32
        do {
            var options = NIfTIWriteOptions()
            options.timeStep = image.header.pixdim[4] > 0 ? image.header.pixdim[4] : 1
            options.description = "metorigin resample \(interpolation.rawValue)"
            let keepType = interpolation == .nearest && image.header.effectiveScaling == nil
            let run = Run(target: target, volumes: chosen, output: output, options: options, threads: threads, budget: budget)
            if keepType, let written = try resampleStored(image, UInt8.self, run) ?? resampleStored(image, Int16.self, run)
                ?? resampleStored(image, UInt16.self, run) ?? resampleStored(image, Int32.self, run) {
                datatype = written
            } else {
                var volumes: [ImageVolume] = []
                for t in chosen {
                    volumes.append(try Resampler.resample(try image.volume(at: t, budget: budget), onto: target,
                                                          interpolation: interpolation, threads: threads, budget: budget))
                }
                do { try NIfTI.write(volumes, to: output, options: options) } catch { throw Failure.nifti(error) }
            }
        } catch let e as Failure {
            throw e
        } catch let e as NIfTIError {
            throw .nifti(e)
        } catch let e as VolumeError {
            throw .volume(path: input, e)
        } catch {
            throw .volume(path: input, .geometryMismatch("\(error)"))
        }
        let g = image.geometry
        return Report(input: input, output: output, interpolation: interpolation.rawValue,
                      inputSize: [g.size.x, g.size.y, g.size.z], inputSpacing: [g.spacing.x, g.spacing.y, g.spacing.z],
                      outputSize: [target.size.x, target.size.y, target.size.z],
                      outputSpacing: [target.spacing.x, target.spacing.y, target.spacing.z],
                      volumes: chosen.count, datatype: datatype.description,
                      seconds: seconds(ContinuousClock.now - start), warnings: image.warnings)
    }

    static func mm(_ s: Spacing) -> String { [s.x, s.y, s.z].map { String(format: "%.4g", $0) }.joined(separator: "×") + " mm" }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// What one resampling writes, and with what.
    private struct Run {
        var target: ImageGeometry
        var volumes: Range<Int>
        var output: String
        var options: NIfTIWriteOptions
        var threads: Int?
        var budget: MemoryBudget
    }

    /// Resamples and writes in the stored type `T` when that is the file's type; `nil` otherwise.
    private static func resampleStored<T: NIfTIStorable>(_ image: NIfTIImage, _: T.Type, _ run: Run) throws -> NIfTIDatatype? {
        guard image.data.datatype == T.niftiDatatype else { return nil }
        var volumes: [Volume<T>] = []
        for t in run.volumes {
            guard let v = image.storedVolume(as: T.self, at: t) else { return nil }
            volumes.append(try Resampler.resample(v, onto: run.target, interpolation: .nearest, threads: run.threads, budget: run.budget))
        }
        try NIfTI.write(volumes, to: run.output, options: run.options)
        return T.niftiDatatype
    }
}
