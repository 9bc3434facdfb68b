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

    /// Reads `input`, resamples every volume to `spacing`, writes `output` atomically.
    /// Nearest-neighbour keeps an unscaled integer type (masks stay masks); otherwise the output
    /// is float32 with the scaling applied.
    public static func resampleFile(input: String, output: String, spacing: Spacing, interpolation: Interpolation,
                                    threads: Int? = nil) throws(Failure) -> Report {
        let start = ContinuousClock.now
        let image: NIfTIImage
        do { image = try NIfTI.read(path: input) } catch { throw .nifti(error) }
        let target = Resampler.grid(for: image.geometry, spacing: spacing)
        var datatype = NIfTIDatatype.float32
        do {
            var options = NIfTIWriteOptions()
            options.timeStep = image.header.pixdim[4] > 0 ? image.header.pixdim[4] : 1
            options.description = "metorigin resample \(interpolation.rawValue)"
            let keepType = interpolation == .nearest && image.header.effectiveScaling == nil
            if keepType, let written = try resampleStored(image, UInt8.self, target, output, options, threads)
                ?? resampleStored(image, Int16.self, target, output, options, threads)
                ?? resampleStored(image, UInt16.self, target, output, options, threads)
                ?? resampleStored(image, Int32.self, target, output, options, threads) {
                datatype = written
            } else {
                var volumes: [ImageVolume] = []
                for t in 0..<image.volumeCount {
                    volumes.append(try Resampler.resample(try image.volume(at: t), onto: target,
                                                          interpolation: interpolation, threads: threads))
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
                      volumes: image.volumeCount, datatype: datatype.description,
                      seconds: seconds(ContinuousClock.now - start))
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// Resamples and writes in the stored type `T` when that is the file's type; `nil` otherwise.
    private static func resampleStored<T: NIfTIStorable>(_ image: NIfTIImage, _: T.Type, _ target: ImageGeometry,
                                                         _ output: String, _ options: NIfTIWriteOptions,
                                                         _ threads: Int?) throws -> NIfTIDatatype? {
        guard image.data.datatype == T.niftiDatatype else { return nil }
        var volumes: [Volume<T>] = []
        for t in 0..<image.volumeCount {
            guard let v = image.storedVolume(as: T.self, at: t) else { return nil }
            volumes.append(try Resampler.resample(v, onto: target, interpolation: .nearest, threads: threads))
        }
        try NIfTI.write(volumes, to: output, options: options)
        return T.niftiDatatype
    }
}
