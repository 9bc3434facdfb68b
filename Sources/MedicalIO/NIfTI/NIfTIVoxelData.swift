/// The voxels of a NIfTI file exactly as stored (native byte order, no scaling), all volumes
/// together with i fastest, then j, k, and time.
public enum NIfTIVoxelData: Sendable, Equatable {
    case uint8([UInt8])
    case int8([Int8])
    case int16([Int16])
    case uint16([UInt16])
    case int32([Int32])
    case uint32([UInt32])
    case int64([Int64])
    case float32([Float])
    case float64([Double])

    public var datatype: NIfTIDatatype {
        switch self {
        case .uint8: return .uint8
        case .int8: return .int8
        case .int16: return .int16
        case .uint16: return .uint16
        case .int32: return .int32
        case .uint32: return .uint32
        case .int64: return .int64
        case .float32: return .float32
        case .float64: return .float64
        }
    }

    public var count: Int {
        switch self {
        case .uint8(let a): return a.count
        case .int8(let a): return a.count
        case .int16(let a): return a.count
        case .uint16(let a): return a.count
        case .int32(let a): return a.count
        case .uint32(let a): return a.count
        case .int64(let a): return a.count
        case .float32(let a): return a.count
        case .float64(let a): return a.count
        }
    }

    /// Values `range` as `Float`, scaled by `value · slope + intercept` (in double precision,
    /// as nibabel does) when `scaling` is given.
    public func floats(_ range: Range<Int>, scaling: (slope: Double, intercept: Double)?) -> [Float] {
        switch self {
        case .uint8(let a): return Self.convert(a[range], scaling) { Double($0) }
        case .int8(let a): return Self.convert(a[range], scaling) { Double($0) }
        case .int16(let a): return Self.convert(a[range], scaling) { Double($0) }
        case .uint16(let a): return Self.convert(a[range], scaling) { Double($0) }
        case .int32(let a): return Self.convert(a[range], scaling) { Double($0) }
        case .uint32(let a): return Self.convert(a[range], scaling) { Double($0) }
        case .int64(let a): return Self.convert(a[range], scaling) { Double($0) }
        case .float32(let a):
            guard scaling != nil else { return Array(a[range]) }
            return Self.convert(a[range], scaling) { Double($0) }
        case .float64(let a): return Self.convert(a[range], scaling) { $0 }
        }
    }

    private static func convert<T>(_ values: ArraySlice<T>, _ scaling: (slope: Double, intercept: Double)?,
                                   _ toDouble: (T) -> Double) -> [Float] {
        guard let (slope, intercept) = scaling else { return values.map { Float(toDouble($0)) } }
        return values.map { Float(toDouble($0) * slope + intercept) }
    }

    /// The stored values as `T` when that is exactly the stored type, else `nil`.
    public func values<T>(as type: T.Type) -> [T]? {
        switch self {
        case .uint8(let a): return a as? [T]
        case .int8(let a): return a as? [T]
        case .int16(let a): return a as? [T]
        case .uint16(let a): return a as? [T]
        case .int32(let a): return a as? [T]
        case .uint32(let a): return a as? [T]
        case .int64(let a): return a as? [T]
        case .float32(let a): return a as? [T]
        case .float64(let a): return a as? [T]
        }
    }

    /// Builds the stored array for `datatype` from `count` values that `fill` writes as raw
    /// bytes in file order, swapping bytes afterwards when `swap` is set.
    static func load(_ datatype: NIfTIDatatype, count: Int, swap: Bool,
                     fill: (UnsafeMutableRawBufferPointer) throws(NIfTIError) -> Void) throws(NIfTIError) -> NIfTIVoxelData {
        switch datatype {
        case .uint8: return .uint8(try loadArray(UInt8.self, count, swap, fill))
        case .int8: return .int8(try loadArray(Int8.self, count, swap, fill))
        case .int16: return .int16(try loadArray(Int16.self, count, swap, fill))
        case .uint16: return .uint16(try loadArray(UInt16.self, count, swap, fill))
        case .int32: return .int32(try loadArray(Int32.self, count, swap, fill))
        case .uint32: return .uint32(try loadArray(UInt32.self, count, swap, fill))
        case .int64: return .int64(try loadArray(Int64.self, count, swap, fill))
        case .float32: return .float32(try loadArray(Float.self, count, swap, fill))
        case .float64: return .float64(try loadArray(Double.self, count, swap, fill))
        }
    }

    private static func loadArray<T>(_: T.Type, _ count: Int, _ swap: Bool,
                                     _ fill: (UnsafeMutableRawBufferPointer) throws(NIfTIError) -> Void) throws(NIfTIError) -> [T] {
        var failure: NIfTIError?
        // Every byte is written by `fill` (or the array is discarded on error), so the
        // uninitialised capacity is never read. The element types are trivial.
        let array = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            do throws(NIfTIError) {
                try fill(raw)
            } catch {
                failure = error
                raw.initializeMemory(as: UInt8.self, repeating: 0)
            }
            if swap { swapBytes(raw, width: MemoryLayout<T>.size) }
            initialized = count
        }
        if let failure { throw failure }
        return array
    }

    /// Reverses the byte order of every `width`-byte element in place. Raw loads and stores
    /// keep this independent of the type the memory is bound to.
    static func swapBytes(_ raw: UnsafeMutableRawBufferPointer, width: Int) {
        switch width {
        case 2: swapAll(raw, UInt16.self)
        case 4: swapAll(raw, UInt32.self)
        case 8: swapAll(raw, UInt64.self)
        default: break
        }
    }

    private static func swapAll<U: FixedWidthInteger>(_ raw: UnsafeMutableRawBufferPointer, _: U.Type) {
        let w = MemoryLayout<U>.size
        var o = 0
        while o + w <= raw.count {
            raw.storeBytes(of: raw.loadUnaligned(fromByteOffset: o, as: U.self).byteSwapped, toByteOffset: o, as: U.self)
            o += w
        }
    }
}
