import Foundation
import Testing
@testable import MedicalIO

/// Compares the NIfTI reader with what nibabel 5.4.2 reports for the same files
/// (`scripts/reference_nifti.py` → `Fixtures/nifti_reference.json`).
@Suite struct NIfTIReferenceTests {
    typealias Record = [String: Any]

    static func reference() throws -> [String: Any] {
        try #require(ReferenceData.json("nifti_reference.json") as? [String: Any])
    }

    /// Checks one file against its nibabel record.
    static func check(_ path: String, _ rec: Record, _ name: String) throws {
        let img = try NIfTI.read(path: path)
        let h = img.header
        #expect(h.version.rawValue == rec["version"] as? Int, "\(name) version")
        #expect(h.shape == rec["shape"] as? [Int], "\(name) shape \(h.shape)")
        #expect(h.datatype.description == rec["dtype"] as? String, "\(name) dtype \(h.datatype)")
        #expect(h.isBigEndian == rec["big_endian"] as? Bool, "\(name) byte order")
        #expect(h.sformCode == rec["sform_code"] as? Int, "\(name) sform_code")
        #expect(h.qformCode == rec["qform_code"] as? Int, "\(name) qform_code")
        let slope = try #require(rec["slope"] as? Double), inter = try #require(rec["inter"] as? Double)
        let s = h.effectiveScaling ?? (1, 0)
        #expect(abs(s.slope - slope) <= 1e-12 * abs(slope) && abs(s.intercept - inter) <= 1e-9, "\(name) scaling")

        let affine = try #require(rec["affine"] as? [[Double]])
        for (r, row) in img.affine.rows4x4.enumerated() {
            for (c, v) in row.enumerated() {
                #expect(abs(v - affine[r][c]) <= 1e-5, "\(name) affine[\(r)][\(c)] \(v) vs \(affine[r][c])")
            }
        }
        // The LPS grid reproduces the RAS affine: world(index) with x and y negated.
        let g = img.geometry
        for idx in [Point3(0, 0, 0), Point3(1, 2, 3), Point3(Double(g.size.x - 1), 0, Double(g.size.z - 1))] {
            let lps = g.world(atIndex: idx)
            let ras = img.affine.matrix * idx + img.affine.translation
            #expect(abs(lps.x + ras.x) < 1e-9 && abs(lps.y + ras.y) < 1e-9 && abs(lps.z - ras.z) < 1e-9, "\(name) LPS")
        }

        let shape = h.shape + [1, 1, 1, 1]
        let volumes = img.volumes
        #expect(volumes.count == shape[3...].prefix(4).reduce(1, *), "\(name) volume count")
        for sample in rec["samples"] as? [Record] ?? [] {
            let index = try #require(sample["index"] as? [Int]) + [0, 0, 0, 0]
            let expected = try #require(sample["value"] as? Double)
            let t = index[3] + shape[3] * (index[4] + shape[4] * index[5])
            let got = Double(volumes[t][index[0], index[1], index[2]])
            #expect(abs(got - expected) <= 1e-6 * max(1, abs(expected)), "\(name) value at \(index): \(got) vs \(expected)")
            let linear = index[0] + shape[0] * (index[1] + shape[1] * (index[2] + shape[2] * t))
            // Exact for integers; floats allow for the JSON parser's last-bit rounding.
            let stored = try #require((sample["stored"] as? NSNumber)?.doubleValue)
            let mine = storedDouble(img.data, linear)
            #expect(abs(mine - stored) <= 1e-13 * abs(stored), "\(name) stored value at \(index): \(mine) vs \(stored)")
        }

        // Float32 voxels carry 24 bits: the sum may differ by that rounding of each term.
        var scaledSum = 0.0, magnitude = 0.0
        for v in volumes { for x in v.voxels { scaledSum += Double(x); magnitude += abs(Double(x)) } }
        let refScaled = try #require(rec["sum_scaled"] as? Double)
        #expect(abs(scaledSum - refScaled) <= 1e-7 * magnitude + 1e-9, "\(name) scaled sum \(scaledSum) vs \(refScaled)")
        if h.datatype.isInteger {
            #expect(storedIntegerSum(img.data) == (rec["sum_stored"] as? NSNumber)?.int64Value, "\(name) stored sum")
        } else {
            let ref = try #require(rec["sum_stored"] as? Double)
            let sum = storedFloatSum(img.data)
            #expect(abs(sum - ref) <= 1e-9 * max(1, abs(ref)), "\(name) stored sum \(sum) vs \(ref)")
        }
    }

    static func storedDouble(_ d: NIfTIVoxelData, _ i: Int) -> Double {
        switch d {
        case .uint8(let a): return Double(a[i])
        case .int8(let a): return Double(a[i])
        case .int16(let a): return Double(a[i])
        case .uint16(let a): return Double(a[i])
        case .int32(let a): return Double(a[i])
        case .uint32(let a): return Double(a[i])
        case .int64(let a): return Double(a[i])
        case .float32(let a): return Double(a[i])
        case .float64(let a): return a[i]
        }
    }

    static func storedIntegerSum(_ d: NIfTIVoxelData) -> Int64 {
        switch d {
        case .uint8(let a): return a.reduce(0) { $0 + Int64($1) }
        case .int8(let a): return a.reduce(0) { $0 + Int64($1) }
        case .int16(let a): return a.reduce(0) { $0 + Int64($1) }
        case .uint16(let a): return a.reduce(0) { $0 + Int64($1) }
        case .int32(let a): return a.reduce(0) { $0 + Int64($1) }
        case .uint32(let a): return a.reduce(0) { $0 + Int64($1) }
        case .int64(let a): return a.reduce(0, &+)
        case .float32, .float64: return 0
        }
    }

    static func storedFloatSum(_ d: NIfTIVoxelData) -> Double {
        switch d {
        case .float32(let a): return a.reduce(0) { $0 + Double($1) }
        case .float64(let a): return a.reduce(0, +)
        default: return 0
        }
    }

    @Test func synthesisedFixturesMatchNibabel() throws {
        let ref = try Self.reference()
        let fixtures = try #require(ref["fixtures"] as? [String: Record])
        #expect(fixtures.count >= 15)
        for (name, rec) in fixtures.sorted(by: { $0.key < $1.key }) {
            try Self.check(ReferenceData.fixture("nifti/" + name), rec, name)
        }
    }

    @Test func nibabelTestImagesMatchNibabel() throws {
        guard let dir = ReferenceData.nibabelData else {
            print("skipping: nibabel test data absent (run scripts/setup.sh)")
            return
        }
        let ref = try Self.reference()
        let files = try #require(ref["nibabel"] as? [String: Record])
        #expect(files.count == 5)
        for (name, rec) in files.sorted(by: { $0.key < $1.key }) {
            try Self.check(dir + "/" + name, rec, name)
        }
    }

    @Test func anatomicalInLPS() throws {
        guard let dir = ReferenceData.nibabelData else { return }
        // RAS affine [[-2,0,0,32],[0,2,0,-40],[0,0,2,-16]]: i runs to patient right (+x in LPS
        // is left, so +1 after the flip), j anterior (LPS −y), k superior.
        let g = try NIfTI.read(path: dir + "/anatomical.nii").geometry
        #expect(g.size == GridSize(33, 41, 25))
        #expect(g.spacing == Spacing(2, 2, 2))
        #expect(g.origin == Point3(-32, 40, -16))
        #expect(g.direction == Matrix3(columns: Point3(1, 0, 0), Point3(0, -1, 0), Point3(0, 0, 1)))
    }

    @Test func unsupportedDatatypeIsTyped() throws {
        let path = ReferenceData.fixture("nifti/complex64.nii")
        #expect {
            try NIfTI.read(path: path)
        } throws: { error in
            guard case NIfTIError.unsupportedDatatype(let p, 32) = error else { return false }
            return p == path && "\(error)".contains("complex64.nii")
        }
    }
}
