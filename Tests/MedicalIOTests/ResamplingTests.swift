import Foundation
import Statistics
import Testing
@testable import MedicalIO

/// The Resampler against SimpleITK's `ResampleImageFilter` (`scripts/reference_resample.py`):
/// equal to within 1e-3 of the input's intensity range, and the same output grid.
@Suite struct ResamplingTests {
    static func cases() throws -> [[String: Any]] {
        let ref = try #require(ReferenceData.json("resample_reference.json") as? [String: Any])
        return try #require(ref["cases"] as? [[String: Any]])
    }

    @Test func matchesSimpleITK() throws {
        let cases = try Self.cases()
        #expect(cases.count == 8)
        for c in cases {
            let name = try #require(c["name"] as? String)
            let input = try NIfTI.read(path: ReferenceData.fixture("resample/" + (c["input"] as? String ?? "")))
            let expected = try NIfTI.read(path: ReferenceData.fixture("resample/" + name))
            let interpolation = try #require(Interpolation(rawValue: c["interpolation"] as? String ?? ""))
            let image = try input.volume()
            let result: ImageVolume
            if c["mode"] as? String == "spacing" {
                let s = try #require(c["spacing"] as? [Double])
                result = try Resampler.resample(image, spacing: Spacing(s[0], s[1], s[2]), interpolation: interpolation, threads: 2)
                #expect(result.geometry.isAligned(with: expected.geometry, tolerance: 1e-4),
                        "\(name): grid \(result.geometry) vs \(expected.geometry)")
            } else {
                result = try Resampler.resample(image, onto: expected.geometry, interpolation: interpolation, threads: 2)
            }
            let want = try expected.volume()
            #expect(result.voxels.count == want.voxels.count, "\(name) voxel count")
            guard result.voxels.count == want.voxels.count else { continue }
            let lo = image.voxels.min() ?? 0, hi = image.voxels.max() ?? 0
            let tolerance = 1e-3 * Double(hi - lo)
            var worst = 0.0, mismatches = 0
            for (a, b) in zip(result.voxels, want.voxels) {
                let d = abs(Double(a) - Double(b))
                worst = max(worst, d)
                if d > tolerance { mismatches += 1 }
            }
            // Nearest neighbour may differ where a point lies within rounding of a half-voxel tie.
            let allowed = interpolation == .nearest ? want.voxels.count / 1000 : 0
            #expect(mismatches <= allowed, "\(name): \(mismatches) voxels beyond \(tolerance) (worst \(worst))")
            // The case must exercise something: non-trivial output with some default-valued border or not.
            #expect(want.voxels.contains { $0 != 0 }, "\(name): empty reference")
        }
    }

    @Test func nearestKeepsLabelsExactly() throws {
        let input = try NIfTI.read(path: ReferenceData.fixture("resample/labels_input.nii.gz"))
        let expected = try NIfTI.read(path: ReferenceData.fixture("resample/labels_grid_nearest.nii.gz"))
        let labels = try #require(input.storedVolume(as: UInt8.self))
        let out = try Resampler.resample(labels, onto: expected.geometry, interpolation: .nearest)
        let want = try #require(expected.storedVolume(as: UInt8.self))
        let differing = zip(out.voxels, want.voxels).filter { $0 != $1 }.count
        #expect(differing <= want.voxels.count / 1000)
        #expect(Set(out.voxels).isSubset(of: Set(labels.voxels)))
    }

    @Test func identityGridReproducesInput() throws {
        var rng = SplitMix64(seed: 11)
        let g = ImageGeometry(size: GridSize(9, 7, 5), spacing: Spacing(0.5, 0.7, 2), origin: Point3(3, -2, 1),
                              direction: Matrix3(columns: Point3(0, 1, 0), Point3(-1, 0, 0), Point3(0, 0, 1)))
        let v = try ImageVolume(geometry: g, voxels: (0..<g.size.count).map { _ in Float(rng.next() % 1000) })
        for interp in Interpolation.allCases {
            let out = try Resampler.resample(v, onto: g, interpolation: interp)
            let worst = zip(out.voxels, v.voxels).map { abs($0 - $1) }.max() ?? 0
            #expect(worst < 1e-2, "\(interp): \(worst)")
        }
    }

    @Test func threadCountDoesNotChangeResults() throws {
        let input = try NIfTI.read(path: ReferenceData.fixture("resample/oblique_input.nii.gz")).volume()
        var target = input.geometry
        target.direction = Matrix3.identity
        for interp in Interpolation.allCases {
            let one = try Resampler.resample(input, onto: target, interpolation: interp, threads: 1)
            let four = try Resampler.resample(input, onto: target, interpolation: interp, threads: 4)
            #expect(one.voxels == four.voxels)
        }
    }

    @Test func gridForSpacingFollowsSimpleITKRounding() {
        let g = ImageGeometry(size: GridSize(256, 256, 176), spacing: Spacing(1, 1, 1))
        let t = Resampler.grid(for: g, spacing: .paper)
        #expect(t.size == GridSize(400, 400, 73))  // 176 / 2.4 = 73.33
        #expect(t.origin == g.origin && t.direction == g.direction)
    }

    @Test func rejectsBadSpacing() throws {
        let v = try ImageVolume(geometry: ImageGeometry(size: GridSize(2, 2, 2), spacing: Spacing(1, 1, 1)), repeating: 1)
        #expect(throws: VolumeError.self) { try Resampler.resample(v, spacing: Spacing(0, 1, 1)) }
        #expect(throws: VolumeError.self) { try Resampler.resample(v, spacing: Spacing(.nan, 1, 1)) }
    }

    @Test func resampleFileKeepsMaskTypesAndMatchesTheLibrary() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("metorigin-rs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let labels = ReferenceData.fixture("resample/labels_input.nii.gz")
        let r = try NIfTIResampling.resampleFile(input: labels, output: dir + "/l.nii.gz", spacing: Spacing(2, 2, 2),
                                                 interpolation: .nearest)
        #expect(r.datatype == "uint8" && r.outputSpacing == [2, 2, 2])
        #expect(try NIfTI.read(path: dir + "/l.nii.gz").header.datatype == .uint8)
        let image = ReferenceData.fixture("resample/iso_input.nii.gz")
        let f = try NIfTIResampling.resampleFile(input: image, output: dir + "/i.nii", spacing: .paper, interpolation: .linear)
        #expect(f.datatype == "float32" && f.outputSize == [50, 44, 8])
        let written = try NIfTI.read(path: dir + "/i.nii").volume()
        let direct = try Resampler.resample(try NIfTI.readVolume(path: image), spacing: .paper)
        #expect(written.voxels == direct.voxels)
        #expect(throws: NIfTIResampling.Failure.self) {
            try NIfTIResampling.resampleFile(input: dir + "/missing.nii", output: dir + "/x.nii", spacing: .paper, interpolation: .linear)
        }
    }
}
