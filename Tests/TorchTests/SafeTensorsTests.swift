import Foundation
import Testing
import Torch

/// safetensors reading and writing in Swift: round trips, layout, atomic writes, corrupt files.
@Suite struct SafeTensorsTests {
    /// One tensor of every supported dtype plus the awkward shapes.
    static func sample() throws -> [String: Tensor] {
        [
            "f32": try Tensor((0..<6).map { Float($0) / 3 }, shape: [2, 3]),
            "f16": try Tensor([Float16(0.5), -1.25, 65504, 0.000061], shape: [4]),
            "bf16": try Tensor((0..<5).map { Float($0) / 7 }, shape: [5]).to(.bfloat16),
            "f64": try Tensor([Double.pi, -.infinity, 1e-300], shape: [3, 1]),
            "i64": try Tensor([Int64.min, -1, 0, Int64.max], shape: [2, 2]),
            "i32": try Tensor([Int32(7), -8, 9], shape: [3]),
            "u8": try Tensor([UInt8(0), 128, 255], shape: [3]),
            "bool": try Tensor([true, false, true, true], shape: [2, 2]),
            "scalar": try Tensor(scalar: 2.5),
            "empty": try Tensor.zeros([0, 4]),
            // A transposed view: written in its own row-major order.
            "transposed": try Tensor((0..<6).map { Float($0) }, shape: [2, 3]).transpose(0, 1),
        ]
    }

    static func expectSame(_ a: [String: Tensor], _ b: [String: Tensor]) throws {
        #expect(Set(a.keys) == Set(b.keys))
        for (name, t) in a {
            guard let u = b[name] else { continue }
            #expect(u.dtype == t.dtype, "\(name): dtype")
            #expect(u.shape == t.shape, "\(name): shape")
            #expect(try SafeTensorsSupport.bytes(u) == SafeTensorsSupport.bytes(t), "\(name): bytes")
        }
    }

    @Test func roundTripThroughAFile() throws {
        let dir = try SafeTensorsSupport.temporaryFolder()
        defer { SafeTensorsSupport.remove(dir) }
        let path = dir + "/sample.safetensors"
        let tensors = try Self.sample()
        try SafeTensors.write(tensors, metadata: ["format": "pt", "note": "ünïcode / slash"], to: path)
        let back = try SafeTensors.read(path)
        try Self.expectSame(tensors, back.tensors)
        #expect(back.metadata == ["format": "pt", "note": "ünïcode / slash"])
        #expect(try SafeTensors.readHeader(path).tensors.count == tensors.count)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["sample.safetensors"])
    }

    @Test func layoutIsAlignedAndDeterministic() throws {
        let tensors = try Self.sample()
        let data = try SafeTensors.encode(tensors, metadata: ["a": "b"])
        #expect(try SafeTensors.encode(tensors, metadata: ["a": "b"]) == data)
        let header = try SafeTensors.decode(data)
        try Self.expectSame(tensors, header.tensors)
        let length = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(length % 8 == 0)
        let dir = try SafeTensorsSupport.temporaryFolder()
        defer { SafeTensorsSupport.remove(dir) }
        try data.write(to: URL(fileURLWithPath: dir + "/x.safetensors"))
        let parsed = try SafeTensors.readHeader(dir + "/x.safetensors")
        #expect(parsed.dataStart == 8 + length)
        for info in parsed.tensors {
            #expect((parsed.dataStart + info.dataOffsets.lowerBound) % info.dtype.byteSize == 0, "\(info.name) misaligned")
        }
    }

    @Test func writingReplacesAtomicallyAndReportsMissingFolders() throws {
        let dir = try SafeTensorsSupport.temporaryFolder()
        defer { SafeTensorsSupport.remove(dir) }
        let path = dir + "/m.safetensors"
        try SafeTensors.write(["a": try Tensor([Float(1)])], to: path)
        try SafeTensors.write(["b": try Tensor([Float(2), 3])], to: path)
        #expect(Set(try SafeTensors.load(path).keys) == ["b"])
        let missing = dir + "/no/such/folder/m.safetensors"
        #expect {
            try SafeTensors.write(["a": try Tensor([Float(1)])], to: missing)
        } throws: { error in
            guard case .io(let file, _) = error as? SafeTensorsError else { return false }
            return file == missing
        }
        #expect(throws: SafeTensorsError.invalidName(file: path, name: "__metadata__")) {
            try SafeTensors.write(["__metadata__": try Tensor([Float(1)])], to: path)
        }
    }

    @Test func moduleStateDictRoundTrip() throws {
        final class Net: Module {
            let weight: Parameter
            let runningMean: Buffer
            init(_ value: Float) throws {
                weight = try Parameter(Tensor.full([2, 3], Double(value)))
                runningMean = Buffer(try Tensor.full([3], Double(value) / 2))
                super.init()
            }
        }
        let dir = try SafeTensorsSupport.temporaryFolder()
        defer { SafeTensorsSupport.remove(dir) }
        let a = try Net(3), b = try Net(0)
        try a.saveSafeTensors(to: dir + "/net.safetensors")
        #expect(try b.loadSafeTensors(from: dir + "/net.safetensors").isClean)
        try Self.expectSame(a.stateDict(), b.stateDict())
        #expect(Set(try SafeTensors.load(dir + "/net.safetensors").keys) == ["weight", "running_mean"])
    }

    // MARK: corrupt files

    /// Writes `data` to a file and expects reading it to fail with an error naming the file
    /// that `matches` accepts.
    func expectCorrupt(_ data: Data, _ what: String,
                       _ matches: (SafeTensorsError) -> Bool) throws {
        let dir = try SafeTensorsSupport.temporaryFolder()
        defer { SafeTensorsSupport.remove(dir) }
        let path = dir + "/bad.safetensors"
        try data.write(to: URL(fileURLWithPath: path))
        do {
            _ = try SafeTensors.read(path)
            Issue.record("\(what): read succeeded")
        } catch {
            #expect(matches(error), "\(what): unexpected \(error)")
            #expect(error.file == path && error.description.contains(path), "\(what): \(error) does not name the file")
        }
    }

    let f32x2 = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#

    @Test func truncatedAndOversizedHeadersAreRejected() throws {
        try expectCorrupt(Data([1, 0, 0]), "5 bytes") { if case .truncated = $0 { true } else { false } }
        try expectCorrupt(SafeTensorsSupport.handMade(header: f32x2, data: Array(repeating: 0, count: 8), declaredLength: 10_000),
                          "length past the end") { if case .headerBeyondFile = $0 { true } else { false } }
        try expectCorrupt(SafeTensorsSupport.handMade(header: "{}", declaredLength: 1 << 40),
                          "huge length") { if case .headerTooLarge = $0 { true } else { false } }
        try expectCorrupt(SafeTensorsSupport.handMade(header: "{not json"), "bad JSON") {
            if case .invalidHeader = $0 { true } else { false }
        }
        try expectCorrupt(SafeTensorsSupport.handMade(header: "[1,2]"), "not an object") {
            if case .invalidHeader = $0 { true } else { false }
        }
        try expectCorrupt(SafeTensorsSupport.handMade(header: #"{"a":{"dtype":"F32","shape":[2]}}"#), "no offsets") {
            if case .invalidHeader = $0 { true } else { false }
        }
        // A valid file cut short inside its data.
        let good = try SafeTensors.encode(["x": try Tensor([Float](repeating: 1, count: 16))])
        try expectCorrupt(good.dropLast(5), "cut in the data") {
            if case .offsetsOutOfRange(_, "x", _, _) = $0 { true } else { false }
        }
    }

    @Test func badOffsetsAreRejected() throws {
        let zeros = { (n: Int) in [UInt8](repeating: 0, count: n) }
        try expectCorrupt(SafeTensorsSupport.handMade(header: f32x2, data: zeros(4)), "offsets beyond data") {
            if case .offsetsOutOfRange(_, "a", 8, 4) = $0 { true } else { false }
        }
        let overlapping = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        try expectCorrupt(SafeTensorsSupport.handMade(header: overlapping, data: zeros(12)), "overlap") {
            if case .overlap(_, "b", "a") = $0 { true } else { false }
        }
        let gap = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
        try expectCorrupt(SafeTensorsSupport.handMade(header: gap, data: zeros(12)), "gap") {
            if case .gap(_, "b", 8, 4) = $0 { true } else { false }
        }
        try expectCorrupt(SafeTensorsSupport.handMade(header: f32x2, data: zeros(12)), "trailing bytes") {
            if case .trailingBytes(_, 4) = $0 { true } else { false }
        }
        let short = #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#
        try expectCorrupt(SafeTensorsSupport.handMade(header: short, data: zeros(8)), "size mismatch") {
            if case .sizeMismatch(_, "a", 12, 8) = $0 { true } else { false }
        }
        let reversed = #"{"a":{"dtype":"F32","shape":[0],"data_offsets":[4,0]}}"#
        try expectCorrupt(SafeTensorsSupport.handMade(header: reversed, data: zeros(4)), "end before begin") {
            if case .invalidOffsets = $0 { true } else { false }
        }
    }

    @Test func badTensorDescriptionsAreRejected() throws {
        let zeros = { (n: Int) in [UInt8](repeating: 0, count: n) }
        let int8 = #"{"a":{"dtype":"I8","shape":[2],"data_offsets":[0,2]}}"#
        try expectCorrupt(SafeTensorsSupport.handMade(header: int8, data: zeros(2)), "unsupported dtype") {
            if case .unsupportedDType(_, "a", "I8") = $0 { true } else { false }
        }
        let negative = #"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#
        try expectCorrupt(SafeTensorsSupport.handMade(header: negative, data: zeros(4)), "negative dimension") {
            if case .invalidShape = $0 { true } else { false }
        }
        let huge = #"{"a":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}}"#
        try expectCorrupt(SafeTensorsSupport.handMade(header: huge, data: zeros(8)), "element count overflow") {
            if case .invalidShape = $0 { true } else { false }
        }
        let bool = #"{"a":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}}"#
        try expectCorrupt(SafeTensorsSupport.handMade(header: bool, data: [0, 2]), "bool byte 2") {
            if case .invalidBool(_, "a") = $0 { true } else { false }
        }
    }

    @Test func missingFileIsAnIOError() throws {
        #expect {
            try SafeTensors.read("/nonexistent/x.safetensors")
        } throws: { error in
            guard case .io(let file, _) = error as? SafeTensorsError else { return false }
            return file == "/nonexistent/x.safetensors"
        }
    }
}
