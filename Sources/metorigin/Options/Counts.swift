import ArgumentParser

/// The least value a `Count` accepts.
protocol CountMinimum { static var minimum: Int { get } }

/// Counts that must be at least 1.
enum AtLeastOne: CountMinimum { static var minimum: Int { 1 } }
/// Counts where 0 has a documented meaning ("one per core", "all", "none").
enum AtLeastZero: CountMinimum { static var minimum: Int { 0 } }

/// A count given on the command line (`--epochs`, `--folds`, `--patients`, `--patience`,
/// `--threads`, `--batch`, …). A value below `Minimum.minimum`, or one that is not a whole
/// number, is an argument error naming the option before any work starts: a run of zero epochs
/// or folds would otherwise finish "successfully" with nothing trained.
struct Count<Minimum: CountMinimum>: ExpressibleByArgument, ExpressibleByIntegerLiteral, CustomStringConvertible, Sendable {
    let value: Int

    init?(argument: String) {
        guard let value = Int(argument), value >= Minimum.minimum else { return nil }
        self.value = value
    }

    /// A default written in the source; it must itself be allowed.
    init(integerLiteral value: Int) {
        precondition(value >= Minimum.minimum, "a count default below its minimum")
        self.value = value
    }

    var description: String { String(value) }
}

/// A count of at least 1.
typealias Positive = Count<AtLeastOne>
/// A count of at least 0.
typealias NonNegative = Count<AtLeastZero>
