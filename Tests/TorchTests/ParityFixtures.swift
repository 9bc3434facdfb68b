import Foundation
import Testing
import Torch

/// Reads the PyTorch reference arrays that `scripts/make_fixtures.py` writes to
/// `Fixtures/parity`: raw little-endian arrays in `tensors.bin`, indexed by `index.json`
/// (case → tensor name → dtype, shape, byte offset and length).
struct ParityFixtures: Sendable {
    struct Entry: Decodable, Sendable {
        let dtype: String
        let shape: [Int]
        let offset: Int
        let bytes: Int
    }
    struct Meta: Decodable, Sendable {
        let seed: Int
        let train: Bool?
    }
    struct Case: Decodable, Sendable {
        let meta: Meta
        let tensors: [String: Entry]
    }
    private struct Index: Decodable { let cases: [String: Case] }

    let cases: [String: Case]
    let blob: Data

    /// Loaded once for the whole test run.
    static let shared: Result<ParityFixtures, FixtureError> = Result { () throws(FixtureError) in try ParityFixtures() }

    static func load() throws -> ParityFixtures { try shared.get() }

    private init() throws(FixtureError) {
        guard let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil)?.appendingPathComponent("parity") else {
            throw FixtureError("Fixtures/parity is not in the test bundle")
        }
        do {
            let index = try JSONDecoder().decode(Index.self, from: Data(contentsOf: dir.appendingPathComponent("index.json")))
            cases = index.cases
            blob = try Data(contentsOf: dir.appendingPathComponent("tensors.bin"))
        } catch {
            throw FixtureError("cannot read Fixtures/parity: \(error)")
        }
        for (name, c) in cases {
            for (key, e) in c.tensors where e.offset < 0 || e.bytes < 0 || e.offset > blob.count - e.bytes {
                throw FixtureError("\(name)/\(key): bytes \(e.offset)..<\(e.offset + e.bytes) outside tensors.bin (\(blob.count) bytes)")
            }
        }
    }

    func fixture(_ name: String) throws -> Case {
        guard let c = cases[name] else { throw FixtureError("no fixture case '\(name)'; rerun scripts/make_fixtures.py") }
        return c
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension ParityFixtures.Case {
    func has(_ name: String) -> Bool { tensors[name] != nil }

    /// A new CPU tensor holding the stored array.
    func tensor(_ name: String, in store: ParityFixtures) throws -> Tensor {
        guard let e = tensors[name] else { throw FixtureError("fixture has no tensor '\(name)'") }
        let dtype: DType
        switch e.dtype {
        case "f32": dtype = .float32
        case "f64": dtype = .float64
        case "i64": dtype = .int64
        case "bool": dtype = .bool
        default: throw FixtureError("tensor '\(name)': unknown dtype \(e.dtype)")
        }
        let expected = e.shape.reduce(1, *) * dtype.byteSize
        guard expected == e.bytes else { throw FixtureError("tensor '\(name)': \(e.bytes) bytes for shape \(e.shape)") }
        return try store.blob.withUnsafeBytes { raw in
            try Tensor(bytes: UnsafeRawBufferPointer(rebasing: raw[e.offset..<(e.offset + e.bytes)]), shape: e.shape, dtype: dtype)
        }
    }

    /// Every tensor whose name starts with `prefix.`, keyed by the rest of the name.
    func group(_ prefix: String, in store: ParityFixtures) throws -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for name in tensors.keys where name.hasPrefix(prefix + ".") {
            out[String(name.dropFirst(prefix.count + 1))] = try tensor(name, in: store)
        }
        return out
    }

    /// `input.0`, `input.1`, … in order.
    func inputs(in store: ParityFixtures) throws -> [Tensor] {
        var out: [Tensor] = []
        while has("input.\(out.count)") { out.append(try tensor("input.\(out.count)", in: store)) }
        return out
    }
}

/// Expects `actual` to match `expected` elementwise within atol + rtol·|expected|, naming the
/// worst element when it does not.
func expectClose(_ actual: Tensor?, _ expected: Tensor, rtol: Double = 1e-5, atol: Double = 1e-5, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) throws {
    guard let actual else {
        Issue.record("\(what): missing (expected shape \(expected.shape))", sourceLocation: sourceLocation)
        return
    }
    #expect(actual.shape == expected.shape, "\(what): shape", sourceLocation: sourceLocation)
    guard actual.shape == expected.shape else { return }
    let a = try actual.detach().toArray(Double.self)
    let b = try expected.toArray(Double.self)
    var worst = (index: -1, excess: 0.0)
    for i in a.indices {
        let allowed = atol + rtol * Swift.abs(b[i])
        let diff = a[i] == b[i] ? 0 : Swift.abs(a[i] - b[i])  // equal infinities are a match
        if !(diff <= allowed), diff - allowed > worst.excess || worst.index < 0 { worst = (i, diff - allowed) }
    }
    if worst.index >= 0 {
        Issue.record("\(what): element \(worst.index) is \(a[worst.index]), PyTorch has \(b[worst.index])",
                     sourceLocation: sourceLocation)
    }
}
