import Foundation
@testable import Evaluation

/// Access to the committed fixtures that `scripts/reference_stats.py` generated.
enum Fixture {
    static func url(_ name: String) -> URL? {
        Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")
    }

    static func path(_ name: String) throws -> String {
        guard let url = url(name) else { throw FixtureMissing(name: name) }
        return url.path
    }

    /// reference.json as nested dictionaries.
    static func reference() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: try path("reference.json")))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FixtureMissing(name: "reference.json (not an object)")
        }
        return object
    }

    static func predictions(_ name: String) throws -> Predictions {
        try Predictions.read(path: try path(name))
    }

    struct FixtureMissing: Error, CustomStringConvertible {
        let name: String
        var description: String { "fixture \(name) is missing; run scripts/reference_stats.py" }
    }
}

extension Dictionary where Key == String, Value == Any {
    /// `self[a][b]…` as a dictionary.
    func object(_ keys: String...) -> [String: Any] {
        var current: Any = self
        for key in keys { current = (current as? [String: Any])?[key] as Any }
        return current as? [String: Any] ?? [:]
    }

    func double(_ key: String) -> Double { (self[key] as? NSNumber)?.doubleValue ?? .nan }

    func doubles(_ key: String) -> [Double] { (self[key] as? [Any])?.map { ($0 as? NSNumber)?.doubleValue ?? .nan } ?? [] }
}

/// |a − b| ≤ tolerance.
func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance
}
