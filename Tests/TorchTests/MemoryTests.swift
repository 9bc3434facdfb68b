import Testing
import Torch

/// 100,000 small tensor operations (with autograd, layers and failures among them) must free
/// every handle the shim hands out.
///
/// Counted by the shim per thread (`Torch.tensorHandleBalanceOnThisThread`), not by the resident
/// set: the resident set is the whole process's, and suites running in parallel moved it by more
/// than the 50 MB bound this test once used. A leak of one handle per operation would leave a
/// balance of about 100,000; a correct shim leaves 0.
@Suite("Memory: tensors are freed")
struct MemoryTests {
    @Test func hundredThousandSmallOpsFreeEveryHandle() throws {
        let g = try Generator(seed: 21)
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
        for _ in 0..<100 { try round() }  // the first backward gives the layer its gradients
        ops = 0
        let start = Torch.tensorHandleBalanceOnThisThread
        while ops < 100_000 { try round() }
        let growth = Torch.tensorHandleBalanceOnThisThread - start
        #expect(growth == 0, "\(growth) tensor handles not freed over \(ops) ops")
    }

    @Test func handleBalanceCountsWhatIsMadeAndFreed() throws {
        let start = Torch.tensorHandleBalanceOnThisThread
        var kept: [Tensor] = []
        for i in 0..<10 { kept.append(try Tensor.full([2], Double(i))) }
        #expect(Torch.tensorHandleBalanceOnThisThread - start == 10)
        kept.removeAll()
        #expect(Torch.tensorHandleBalanceOnThisThread == start)
    }
}
