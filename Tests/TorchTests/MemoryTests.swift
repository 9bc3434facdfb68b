#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import Torch

/// 100,000 small tensor operations (with autograd, layers and failures among them) must not
/// grow the resident set: every handle the shim hands out has to be freed.
@Suite("Memory: tensors are freed")
struct MemoryTests {
    /// Resident set size in bytes from /proc/self/statm (Linux), nil elsewhere.
    static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    @Test func hundredThousandSmallOpsKeepResidentSetFlat() throws {
        guard Self.residentBytes() != nil else {
            Issue.record("/proc/self/statm is not readable: cannot measure the resident set on this system")
            return
        }
        let g = try Generator(seed: 21)
        // 16×16 floats: a leak of one tensor per op would cost ≥ 100 MB over the loop.
        let a = try Tensor.randn([16, 16], generator: g)
        let linear = try Linear(16, 16, generator: g)
        var ops = 0
        func round() throws {
            let b = try (a * 2.0 + 1.0).relu()          // 3 ops
            let c = try b.matmul(a).sum(dim: 0)          // 2 ops
            _ = try c.toArray(Float.self)                // 1 op
            ops += 6
            if ops % 60 == 0 {
                let loss = try linear(a).square().mean() // 3 ops + backward
                try loss.backward()
                try linear.zeroGrad()
                _ = try? a.matmul(Tensor.ones([3, 3]))   // a thrown error
                ops += 5
            }
        }
        for _ in 0..<1_000 { try round() }  // warm libtorch's caches before measuring
        ops = 0
        let start = try #require(Self.residentBytes())
        while ops < 100_000 { try round() }
        let end = try #require(Self.residentBytes())
        let growth = end - start
        #expect(growth < 50 << 20, "resident set grew by \(growth >> 20) MB over \(ops) ops")
    }
}
