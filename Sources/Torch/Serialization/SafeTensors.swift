import Foundation

/// Reading and writing the safetensors format (Hugging Face), in pure Swift: files that
/// `safetensors.torch.load_file` reads and writes.
///
/// Reading validates the whole header against the file size before any tensor is made; every
/// failure is a `SafeTensorsError` naming the file. Writing is atomic (temporary file, fsync,
/// rename). Tensors are written in row-major order from the CPU (others are copied there first).
public enum SafeTensors {
    /// Where one tensor's bytes lie in a file.
    public struct TensorInfo: Sendable, Equatable {
        public let name: String
        public let dtype: DType
        public let shape: [Int]
        /// Byte range relative to the end of the header (`data_offsets`).
        public let dataOffsets: Range<Int>
    }

    /// A file's header: its tensors in data order and its `__metadata__`.
    public struct Header: Sendable, Equatable {
        public let tensors: [TensorInfo]
        public let metadata: [String: String]
        /// Offset in the file of the first data byte (8 + header length).
        public let dataStart: Int
    }

    /// Everything a file holds.
    public struct Contents {
        public var tensors: [String: Tensor]
        public var metadata: [String: String]
        public init(tensors: [String: Tensor], metadata: [String: String] = [:]) {
            self.tensors = tensors
            self.metadata = metadata
        }
    }

    // MARK: reading

    /// The header of the file at `path`, validated, without reading tensors.
    public static func readHeader(_ path: String) throws(SafeTensorsError) -> Header {
        try withBytes(of: try mapped(path)) { (raw) throws(SafeTensorsError) in try parseHeader(raw, file: path) }
    }

    /// Every tensor (on the CPU) and the metadata of the file at `path`.
    public static func read(_ path: String) throws(SafeTensorsError) -> Contents {
        try decode(try mapped(path), file: path)
    }

    /// Every tensor in the file at `path`, by name (on the CPU).
    public static func load(_ path: String) throws(SafeTensorsError) -> [String: Tensor] {
        try read(path).tensors
    }

    /// Decodes safetensors bytes; `file` names the source in errors.
    public static func decode(_ data: Data, file: String = "<memory>") throws(SafeTensorsError) -> Contents {
        try withBytes(of: data) { (raw) throws(SafeTensorsError) -> Contents in
            let header = try parseHeader(raw, file: file)
            var tensors: [String: Tensor] = [:]
            for info in header.tensors {
                let start = header.dataStart + info.dataOffsets.lowerBound
                let bytes = UnsafeRawBufferPointer(rebasing: raw[start..<(header.dataStart + info.dataOffsets.upperBound)])
                if info.dtype == .bool, bytes.contains(where: { $0 > 1 }) {
                    throw .invalidBool(file: file, tensor: info.name)
                }
                do throws(TorchError) {
                    tensors[info.name] = try Tensor(bytes: bytes, shape: info.shape, dtype: info.dtype)
                } catch {
                    throw .torch(file: file, tensor: info.name, message: error.message)
                }
            }
            return Contents(tensors: tensors, metadata: header.metadata)
        }
    }

    // MARK: writing

    /// Atomically writes `tensors` and `metadata` to `path`.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:],
                             to path: String) throws(SafeTensorsError) {
        let (header, order) = try layout(tensors.map { ($0.key, $0.value.dtype, $0.value.shape) },
                                         metadata: metadata, file: path)
        do {
            try AtomicWrite.write(to: path) { sink in
                try sink.write(header)
                for info in order {
                    try bytes(of: tensors[info.name], info, file: path) { raw throws in try sink.write(raw) }
                }
            }
        } catch let error as SafeTensorsError {
            throw error
        } catch {
            throw .io(file: path, reason: "\(error)")
        }
    }

    /// The safetensors bytes of `tensors` and `metadata`, as `write` would store them.
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:]) throws(SafeTensorsError) -> Data {
        let file = "<memory>"
        let (header, order) = try layout(tensors.map { ($0.key, $0.value.dtype, $0.value.shape) },
                                         metadata: metadata, file: file)
        var data = Data(header)
        for info in order {
            do {
                try bytes(of: tensors[info.name], info, file: file) { raw in data.append(contentsOf: raw) }
            } catch let error as SafeTensorsError {
                throw error
            } catch {
                throw .io(file: file, reason: "\(error)")
            }
        }
        return data
    }

    // MARK: internals

    /// `Data.withUnsafeBytes` with a typed error (it rethrows untyped ones).
    private static func withBytes<R>(of data: Data,
                                     _ body: (UnsafeRawBufferPointer) throws(SafeTensorsError) -> R) throws(SafeTensorsError) -> R {
        var result: Result<R, SafeTensorsError>?
        data.withUnsafeBytes { raw in
            do throws(SafeTensorsError) { result = .success(try body(raw)) } catch { result = .failure(error) }
        }
        guard let result else { throw .io(file: "<memory>", reason: "no bytes") }
        return try result.get()
    }

    private static func mapped(_ path: String) throws(SafeTensorsError) -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw .io(file: path, reason: "cannot read: \(error.localizedDescription)")
        }
    }

    /// Hands `body` the row-major CPU bytes of `tensor`, checking they match the planned layout.
    private static func bytes(of tensor: Tensor?, _ info: TensorInfo, file: String,
                              _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let tensor else { throw SafeTensorsError.invalidName(file: file, name: info.name) }
        do {
            try tensor.withUnsafeBytes { raw in
                guard raw.count == info.dataOffsets.count else {
                    throw SafeTensorsError.sizeMismatch(file: file, tensor: info.name, expected: info.dataOffsets.count,
                                                        actual: raw.count)
                }
                try body(raw)
            }
        } catch let error as TorchError {
            throw SafeTensorsError.torch(file: file, tensor: info.name, message: error.message)
        }
    }
}

extension Module {
    /// Writes `stateDict()` (parameters and buffers) to a safetensors file, atomically.
    public func saveSafeTensors(to path: String, metadata: [String: String] = [:]) throws(SafeTensorsError) {
        try SafeTensors.write(stateDict(), metadata: metadata, to: path)
    }

    /// Loads parameters and buffers from a safetensors file (`load(stateDict:strict:)` semantics).
    @discardableResult
    public func loadSafeTensors(from path: String, strict: Bool = true) throws(SafeTensorsError) -> LoadReport {
        let tensors = try SafeTensors.load(path)
        do {
            return try load(stateDict: tensors, strict: strict)
        } catch {
            throw .torch(file: path, tensor: "*", message: error.message)
        }
    }
}
