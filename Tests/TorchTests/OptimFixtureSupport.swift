import Foundation
import Torch

/// Reads the PyTorch references that `scripts/make_optim_fixtures.py` writes to
/// `Fixtures/optim/*.json` (`{"torch": version, "data": …}`).
enum OptimFixture {
    struct Missing: Error, CustomStringConvertible {
        let name: String
        var description: String { "fixture optim/\(name).json is missing or malformed; run scripts/make_optim_fixtures.py" }
    }

    /// A JSON value. Decoded with `JSONDecoder` because Linux's `JSONSerialization` does not
    /// round decimal numbers to the nearest Double, and these comparisons are exact.
    enum Value: Decodable {
        case number(Double), string(String), bool(Bool), null, array([Value]), object([String: Value])

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let n = try? c.decode(Double.self) { self = .number(n) }
            else if let s = try? c.decode(String.self) { self = .string(s) }
            else if let a = try? c.decode([Value].self) { self = .array(a) }
            else { self = .object(try c.decode([String: Value].self)) }
        }

        subscript(key: String) -> Value? {
            if case .object(let o) = self { return o[key] }
            return nil
        }
        var number: Double? {
            if case .number(let n) = self { return n }
            return nil
        }
        var string: String? {
            if case .string(let s) = self { return s }
            return nil
        }
        var array: [Value]? {
            if case .array(let a) = self { return a }
            return nil
        }
    }

    static func data(_ name: String) throws -> Value {
        guard let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else { throw Missing(name: name) }
        let url = dir.appendingPathComponent("optim").appendingPathComponent(name + ".json")
        guard let data = try JSONDecoder().decode(Value.self, from: Data(contentsOf: url))["data"] else {
            throw Missing(name: name)
        }
        return data
    }

    static func doubles(_ value: Value?) throws -> [Double] {
        guard let array = value?.array else { throw Missing(name: "(array expected)") }
        return try array.map { element in
            guard let n = element.number else { throw Missing(name: "(number expected)") }
            return n
        }
    }
}

/// The fixed regression problem of `make_optim_fixtures.py`: tanh(x·wᵀ + b) against y, with
/// the inputs read from the fixture so both sides start from identical values.
struct TinyProblem {
    let w: Parameter
    let b: Parameter
    let x: Tensor
    let y: Tensor

    init(_ fixture: OptimFixture.Value, dtype: DType) throws {
        guard let values = fixture["problem"] else { throw OptimFixture.Missing(name: "optimizers") }
        func tensor(_ key: String, _ shape: [Int]) throws -> Tensor {
            try Tensor(try OptimFixture.doubles(values[key]), shape: shape).to(dtype)
        }
        w = try Parameter(tensor("w", [3, 4]))
        b = try Parameter(tensor("b", [3]))
        x = try tensor("x", [6, 4])
        y = try tensor("y", [6, 3])
    }

    var parameters: [Parameter] { [w, b] }

    func loss() throws -> Tensor {
        try Functional.mseLoss(Functional.linear(x, weight: w.value, bias: b.value).tanh(), target: y)
    }

    /// w then b, flattened, as Doubles.
    func flat() throws -> [Double] {
        try w.value.to(.float64).toArray(Double.self) + b.value.to(.float64).toArray(Double.self)
    }
}

/// |a − b| ≤ tolerance · max(1, |b|) elementwise; returns the worst excess for messages.
func maxRelativeError(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
}
