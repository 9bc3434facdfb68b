import Foundation

/// How much memory MetOrigin may allocate for one image-sized buffer. Every allocation whose
/// size comes from an input (voxels read from NIfTI or DICOM, a resampled grid, a crop or pad)
/// asks the budget first, so an absurd request is refused with a typed error instead of ending
/// the process in the allocator.
///
/// A request is granted when it fits in what is left now, measured at the moment of the
/// request so buffers already held count against it:
/// - the machine: `MemAvailable` from `/proc/meminfo` (and the cgroup's `memory.max` minus
///   `memory.current`, inside a container);
/// - the address-space limit (`ulimit -v`, `RLIMIT_AS`) minus the process's `VmSize`, less a
///   reserve for the allocator and thread stacks;
/// - with an explicit `limit` (`--max-memory`), that limit minus the process's resident size.
public struct MemoryBudget: Sendable, Equatable, CustomStringConvertible {
    /// A cap on the process's resident memory in bytes; `nil` leaves only the machine's limits.
    public var limit: Int?

    /// The machine's limits only, or those and an explicit cap of `limit` bytes.
    public init(limit: Int? = nil) {
        self.limit = limit
    }

    /// The budget library entry points use when none is passed: the machine's limits unless a
    /// command line option (`--max-memory`) set another with `MemoryBudget.current = …`.
    public static var current: MemoryBudget {
        get { CurrentBudget.shared.value }
        set { CurrentBudget.shared.value = newValue }
    }

    /// Address space kept free below `RLIMIT_AS` for malloc arenas, thread stacks and the
    /// temporaries around each large buffer.
    static let addressSpaceReserve = 256 << 20

    public var description: String {
        limit.map { "at most \(Self.format($0))" } ?? "the machine's available memory"
    }

    /// Bytes that may be allocated now, and what limits them (for messages).
    public func available() -> (bytes: Int, source: String) {
        Self.available(limit: limit, machine: MachineMemory.read())
    }

    /// Refuses a request for `bytes` that does not fit; `purpose` says which input asked and
    /// for what (e.g. "a.nii.gz: 512×512×400 float32 voxels").
    public func check(_ bytes: Int, for purpose: @autoclosure () -> String) throws(MemoryBudgetExceeded) {
        // Small buffers are not worth a look at /proc.
        guard bytes > 16 << 20 else { return }
        let (free, source) = available()
        guard bytes <= free else {
            throw MemoryBudgetExceeded(purpose: purpose(), needed: bytes, available: max(0, free), source: source)
        }
    }

    /// Bytes needed by `count` elements of `stride` bytes, or `Int.max` when that overflows.
    public static func bytes(_ count: Int, stride: Int) -> Int {
        let (n, o) = count.multipliedReportingOverflow(by: stride)
        return o || count < 0 ? Int.max : n
    }

    /// Parses a size such as `8G`, `512M`, `1.5g`, `64k` or a plain byte count (binary units).
    public static func parse(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [(String, Double)] = [("TB", 0x1p40), ("GB", 0x1p30), ("MB", 0x1p20), ("KB", 0x1p10),
                                         ("T", 0x1p40), ("G", 0x1p30), ("M", 0x1p20), ("K", 0x1p10), ("B", 1)]
        var number = t, scale = 1.0
        for (suffix, s) in units where t.hasSuffix(suffix) {
            number = String(t.dropLast(suffix.count))
            scale = s
            break
        }
        guard let v = Double(number.trimmingCharacters(in: .whitespaces)), v.isFinite, v > 0, v * scale < 0x1p62 else {
            return nil
        }
        return Int(v * scale)
    }

    /// `1.5 GiB`-style size for messages.
    public static func format(_ bytes: Int) -> String {
        if bytes == Int.max { return "more than 8 EiB" }
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var v = Double(bytes), u = 0
        while v >= 1024 && u < units.count - 1 { v /= 1024; u += 1 }
        return u == 0 ? "\(bytes) bytes" : String(format: "%.1f %@", v, units[u])
    }

    /// The rule, separated from where the numbers come from so it can be tested.
    static func available(limit: Int?, machine m: MachineMemory) -> (bytes: Int, source: String) {
        var best = (bytes: Int.max, source: "no known limit")
        func consider(_ bytes: Int?, _ source: String) {
            if let bytes, bytes < best.bytes { best = (bytes, source) }
        }
        consider(m.available, "the machine's available memory (MemAvailable)")
        if let max = m.cgroupLimit, let used = m.cgroupUsage {
            consider(max - used, "the container's memory limit (cgroup memory.max)")
        }
        if let rlimit = m.addressSpaceLimit {
            consider(rlimit - (m.virtualSize ?? 0) - addressSpaceReserve, "the address-space limit (ulimit -v)")
        }
        if let limit {
            consider(limit - (m.residentSize ?? 0), "the memory budget of \(format(limit)) (--max-memory)")
        }
        return best
    }
}

/// A request the memory budget refused: what asked, how much, and what limited it.
public struct MemoryBudgetExceeded: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input and the buffer it asked for.
    public var purpose: String
    public var needed: Int
    public var available: Int
    /// What set the limit (available memory, ulimit -v, --max-memory).
    public var source: String

    public var description: String {
        "\(purpose) needs \(MemoryBudget.format(needed)), more than the \(MemoryBudget.format(available)) left under \(source)"
            + " (set --max-memory to change the budget)"
    }
}

/// The numbers the budget is computed from; `nil` where the system does not say.
struct MachineMemory: Sendable, Equatable {
    var available: Int?
    var cgroupLimit: Int?
    var cgroupUsage: Int?
    var addressSpaceLimit: Int?
    var virtualSize: Int?
    var residentSize: Int?

    static func read() -> MachineMemory {
        let meminfo = text(atPath: "/proc/meminfo")
        let status = text(atPath: "/proc/self/status")
        var m = MachineMemory()
        m.available = kibibytes("MemAvailable", in: meminfo) ?? Int(clamping: ProcessInfo.processInfo.physicalMemory)
        m.virtualSize = kibibytes("VmSize", in: status)
        m.residentSize = kibibytes("VmRSS", in: status)
        m.cgroupLimit = number(atPath: "/sys/fs/cgroup/memory.max")
        m.cgroupUsage = number(atPath: "/sys/fs/cgroup/memory.current")
        var r = rlimit()
        #if os(Linux)
        let resource = __rlimit_resource_t(RLIMIT_AS.rawValue)
        #else
        let resource = RLIMIT_AS
        #endif
        if getrlimit(resource, &r) == 0, r.rlim_cur != rlim_t.max { m.addressSpaceLimit = Int(clamping: r.rlim_cur) }
        return m
    }

    /// A `Name:   1234 kB` line of a /proc file, in bytes.
    static func kibibytes(_ name: String, in text: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let fields = line.dropFirst(name.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let v = fields.first.flatMap({ Int($0) }) else { return nil }
            return v * 1024
        }
        return nil
    }

    /// A file holding one integer (cgroup v2); `nil` when absent or `max`.
    static func number(atPath path: String) -> Int? {
        Int(text(atPath: path).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// A small file's text read until end of file: /proc files report a size of 0, which
    /// readers that trust the size take for empty. Empty when unreadable.
    static func text(atPath path: String) -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The process-wide default budget, set once by the command line.
private final class CurrentBudget: @unchecked Sendable {
    static let shared = CurrentBudget()
    private let lock = NSLock()
    private var stored = MemoryBudget()
    var value: MemoryBudget {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}
