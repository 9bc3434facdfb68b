import Foundation

// The safetensors layout (https://github.com/huggingface/safetensors): an 8-byte little-endian
// header length N, N bytes of a JSON object mapping each tensor name to
// {"dtype", "shape", "data_offsets": [begin, end]} (offsets relative to the byte after the
// header) plus an optional "__metadata__" object of strings, then the tensor bytes. The
// validation follows the reference implementation: tensors must tile the data exactly, with
// no gap, overlap or trailing bytes.

extension SafeTensors {
    /// The format's limit on the header length.
    static let maxHeaderLength: UInt64 = 100_000_000
    /// Header padding, so tensors whose bytes are laid out by decreasing element size start aligned.
    static let alignment = 8

    /// The safetensors name of a dtype ("F32", …).
    public static func name(of dtype: DType) -> String {
        switch dtype {
        case .float32: return "F32"
        case .float16: return "F16"
        case .bfloat16: return "BF16"
        case .float64: return "F64"
        case .int64: return "I64"
        case .int32: return "I32"
        case .uint8: return "U8"
        case .bool: return "BOOL"
        }
    }

    /// The dtype a safetensors name denotes, nil for one this library does not support.
    public static func dtype(named name: String) -> DType? {
        DType.allCases.first { self.name(of: $0) == name }
    }

    /// Parses and validates the header of `bytes` (a whole file); `file` names it in errors.
    /// Nothing is allocated from a declared length before it is checked against `bytes.count`.
    static func parseHeader(_ bytes: UnsafeRawBufferPointer, file: String) throws(SafeTensorsError) -> Header {
        guard bytes.count >= 8 else { throw .truncated(file: file, size: bytes.count) }
        var length: UInt64 = 0
        for i in (0..<8).reversed() { length = length << 8 | UInt64(bytes[i]) }
        guard length <= maxHeaderLength else { throw .headerTooLarge(file: file, length: length) }
        let available = bytes.count - 8
        guard length <= UInt64(available) else { throw .headerBeyondFile(file: file, length: length, available: available) }
        let headerEnd = 8 + Int(length)
        let json = Data(bytes[8..<headerEnd])
        guard json.first == UInt8(ascii: "{") else {
            throw .invalidHeader(file: file, reason: "does not start with '{'")
        }
        let raw: RawHeader
        do {
            raw = try JSONDecoder().decode(RawHeader.self, from: json)
        } catch let error as DecodingError {
            throw .invalidHeader(file: file, reason: Self.explain(error))
        } catch {
            throw .invalidHeader(file: file, reason: "\(error)")
        }
        let dataLength = bytes.count - headerEnd
        var infos: [TensorInfo] = []
        infos.reserveCapacity(raw.entries.count)
        for (name, entry) in raw.entries {
            guard let dtype = dtype(named: entry.dtype) else {
                throw .unsupportedDType(file: file, tensor: name, dtype: entry.dtype)
            }
            var count = 1
            for d in entry.shape {
                guard d >= 0 else { throw .invalidShape(file: file, tensor: name, shape: entry.shape) }
                let (product, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow else { throw .invalidShape(file: file, tensor: name, shape: entry.shape) }
                count = product
            }
            let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
            guard !overflow else { throw .invalidShape(file: file, tensor: name, shape: entry.shape) }
            let offsets = entry.dataOffsets
            guard offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1] else {
                throw .invalidOffsets(file: file, tensor: name, offsets: offsets)
            }
            guard offsets[1] <= dataLength else {
                throw .offsetsOutOfRange(file: file, tensor: name, end: offsets[1], available: dataLength)
            }
            guard offsets[1] - offsets[0] == byteCount else {
                throw .sizeMismatch(file: file, tensor: name, expected: byteCount, actual: offsets[1] - offsets[0])
            }
            infos.append(TensorInfo(name: name, dtype: dtype, shape: entry.shape, dataOffsets: offsets[0]..<offsets[1]))
        }
        // Tile check, in offset order (names break ties so the message is deterministic).
        infos.sort { ($0.dataOffsets.lowerBound, $0.dataOffsets.upperBound, $0.name)
            < ($1.dataOffsets.lowerBound, $1.dataOffsets.upperBound, $1.name) }
        var position = 0
        var previous: String?
        for info in infos {
            if info.dataOffsets.lowerBound < position, let previous {
                throw .overlap(file: file, tensor: info.name, other: previous)
            }
            if info.dataOffsets.lowerBound > position {
                throw .gap(file: file, tensor: info.name, start: info.dataOffsets.lowerBound, expected: position)
            }
            position = info.dataOffsets.upperBound
            previous = info.name
        }
        guard position == dataLength else { throw .trailingBytes(file: file, count: dataLength - position) }
        return Header(tensors: infos, metadata: raw.metadata, dataStart: headerEnd)
    }

    /// The header bytes (JSON padded with spaces to the alignment) and the byte layout for
    /// `tensors`: larger elements first, then by name, so each tensor starts aligned to its
    /// element size and the output is deterministic.
    static func layout(_ tensors: [(name: String, dtype: DType, shape: [Int])], metadata: [String: String],
                       file: String) throws(SafeTensorsError) -> (header: [UInt8], order: [TensorInfo]) {
        let sorted = tensors.sorted { ($1.dtype.byteSize, $0.name) < ($0.dtype.byteSize, $1.name) }
        var order: [TensorInfo] = []
        var offset = 0
        for t in sorted {
            guard !t.name.isEmpty, t.name != "__metadata__" else { throw .invalidName(file: file, name: t.name) }
            var count = 1
            for d in t.shape {
                let (p, o) = count.multipliedReportingOverflow(by: d)
                guard !o, d >= 0 else { throw .invalidShape(file: file, tensor: t.name, shape: t.shape) }
                count = p
            }
            let (bytes, o1) = count.multipliedReportingOverflow(by: t.dtype.byteSize)
            let (end, o2) = offset.addingReportingOverflow(bytes)
            guard !o1, !o2 else { throw .invalidShape(file: file, tensor: t.name, shape: t.shape) }
            order.append(TensorInfo(name: t.name, dtype: t.dtype, shape: t.shape, dataOffsets: offset..<end))
            offset = end
        }
        let out = RawHeaderOut(entries: order, metadata: metadata)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var json: [UInt8]
        do {
            json = Array(try encoder.encode(out))
        } catch {
            throw .invalidHeader(file: file, reason: "cannot encode: \(error)")
        }
        let padding = (alignment - (json.count % alignment)) % alignment
        json += [UInt8](repeating: UInt8(ascii: " "), count: padding)
        var header: [UInt8] = []
        header.reserveCapacity(8 + json.count)
        var length = UInt64(json.count)
        for _ in 0..<8 { header.append(UInt8(length & 0xFF)); length >>= 8 }
        header += json
        return (header, order)
    }

    private static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let p = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? context.debugDescription : "at \(p): \(context.debugDescription)"
        }
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c): return path(c)
        @unknown default: return "\(error)"
        }
    }
}

/// A JSON object key chosen at run time (tensor names).
struct DynamicKey: CodingKey {
    let stringValue: String
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}

private struct RawEntry: Decodable {
    let dtype: String
    let shape: [Int]
    let dataOffsets: [Int]
    enum CodingKeys: String, CodingKey { case dtype, shape, dataOffsets = "data_offsets" }
}

private struct RawHeader: Decodable {
    var entries: [(String, RawEntry)] = []
    var metadata: [String: String] = [:]
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicKey.self)
        for key in c.allKeys {
            if key.stringValue == "__metadata__" {
                metadata = try c.decode([String: String].self, forKey: key)
            } else {
                entries.append((key.stringValue, try c.decode(RawEntry.self, forKey: key)))
            }
        }
    }
}

private struct RawHeaderOut: Encodable {
    let entries: [SafeTensors.TensorInfo]
    let metadata: [String: String]
    private struct Entry: Encodable {
        let dtype: String
        let shape: [Int]
        let data_offsets: [Int]
    }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        if !metadata.isEmpty { try c.encode(metadata, forKey: DynamicKey("__metadata__")) }
        for e in entries {
            try c.encode(Entry(dtype: SafeTensors.name(of: e.dtype), shape: e.shape,
                               data_offsets: [e.dataOffsets.lowerBound, e.dataOffsets.upperBound]),
                         forKey: DynamicKey(e.name))
        }
    }
}
