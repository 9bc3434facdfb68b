import Foundation
import Testing
import Torch

/// Files written by Swift read by Python's `safetensors.torch.load_file`, and the reverse.
@Suite(.enabled(if: SafeTensorsSupport.pythonHasSafeTensors,
                "safetensors is not installed in .venv (run make setup); interop with Python not tested"))
struct SafeTensorsPythonTests {
    /// Compares tensors with Python's description of them (dtype names match `DType`'s).
    func expectMatches(_ tensors: [String: Tensor], _ described: OptimFixture.Value?) throws {
        let python = try #require(described)
        guard case .object(let entries) = python else { Issue.record("not an object"); return }
        #expect(Set(entries.keys) == Set(tensors.keys))
        for (name, t) in tensors {
            let entry = try #require(entries[name])
            #expect(entry["dtype"]?.string == t.dtype.description, "\(name): dtype")
            #expect(try OptimFixture.doubles(entry["shape"]).map(Int.init) == t.shape, "\(name): shape")
            let values = try t.to(.float64).toArray(Double.self)
            let expected = try OptimFixture.doubles(entry["values"])
            #expect(values.count == expected.count
                    && zip(values, expected).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(name): values")
        }
    }

    /// One interpreter start (importing torch takes seconds): Python describes the file Swift
    /// wrote, writes its own, and describes that; Swift then reads Python's file.
    @Test func swiftAndPythonReadEachOthersFiles() throws {
        let dir = try SafeTensorsSupport.temporaryFolder()
        defer { SafeTensorsSupport.remove(dir) }
        let fromSwift = dir + "/from-swift.safetensors", fromPython = dir + "/from-python.safetensors"
        var tensors = try SafeTensorsTests.sample()
        tensors["f64"] = try Tensor([Double.pi, -2, 1e-300], shape: [3, 1])  // JSON has no -inf
        try SafeTensors.write(tensors, metadata: ["written_by": "swift"], to: fromSwift)

        let output = try SafeTensorsSupport.run(["-c", Self.script, fromSwift, fromPython])
        let described = try JSONDecoder().decode([OptimFixture.Value].self, from: output)
        try #require(described.count == 2)

        // Swift → Python.
        #expect(described[0]["meta"]?["written_by"]?.string == "swift")
        try expectMatches(tensors, described[0]["tensors"])

        // Python → Swift.
        let contents = try SafeTensors.read(fromPython)
        #expect(contents.metadata == ["written_by": "python"])
        try expectMatches(contents.tensors, described[1]["tensors"])
    }

    /// argv[1]: a file to describe; argv[2]: where to write Python's file, then described too.
    static let script = """
    import json, sys, torch
    from safetensors import safe_open
    from safetensors.torch import load_file, save_file

    def describe(path):
        t = load_file(path)
        with safe_open(path, "pt") as f:
            meta = f.metadata()
        return {"meta": meta, "tensors": {k: {"dtype": str(v.dtype).replace("torch.", ""),
                "shape": list(v.shape), "values": v.double().flatten().tolist()} for k, v in t.items()}}

    first = describe(sys.argv[1])
    save_file({
        "f32": torch.arange(6, dtype=torch.float32).reshape(2, 3) / 3,
        "f16": (torch.arange(4, dtype=torch.float32) / 7).to(torch.float16),
        "bf16": (torch.arange(5, dtype=torch.float32) / 7).to(torch.bfloat16),
        "f64": torch.tensor([[1.5, -2.25]], dtype=torch.float64),
        "i64": torch.arange(-3, 3).reshape(3, 2),
        "i32": torch.tensor([7, -8], dtype=torch.int32),
        "u8": torch.arange(250, 256, dtype=torch.uint8),
        "bool": torch.tensor([True, False, True]),
        "scalar": torch.tensor(2.5),
        "empty": torch.zeros(0, 3),
    }, sys.argv[2], metadata={"written_by": "python"})
    print(json.dumps([first, describe(sys.argv[2])]))
    """
}
