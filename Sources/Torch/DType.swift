import CTorch

/// Element type of a tensor.
public enum DType: Int32, Sendable, CaseIterable, CustomStringConvertible {
    case float32 = 0, float16, bfloat16, float64, int64, int32, uint8, bool

    var ct: ct_dtype { ct_dtype(rawValue: UInt32(rawValue)) }
    init(_ c: ct_dtype) { self = DType(rawValue: Int32(c.rawValue)) ?? .float32 }

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .float32, .int32: return 4
        case .float16, .bfloat16: return 2
        case .float64, .int64: return 8
        case .uint8, .bool: return 1
        }
    }
    public var isFloatingPoint: Bool { [.float32, .float16, .bfloat16, .float64].contains(self) }

    /// The name PyTorch and safetensors use ("F32", …) is in `SafeTensors`; this is torch's.
    public var description: String {
        switch self {
        case .float32: return "float32"
        case .float16: return "float16"
        case .bfloat16: return "bfloat16"
        case .float64: return "float64"
        case .int64: return "int64"
        case .int32: return "int32"
        case .uint8: return "uint8"
        case .bool: return "bool"
        }
    }
}

/// Swift scalar types that map one-to-one onto a `DType`.
public protocol TensorScalar: Sendable {
    static var dtype: DType { get }
}
extension Float: TensorScalar { public static var dtype: DType { .float32 } }
extension Double: TensorScalar { public static var dtype: DType { .float64 } }
extension Int64: TensorScalar { public static var dtype: DType { .int64 } }
extension Int32: TensorScalar { public static var dtype: DType { .int32 } }
extension UInt8: TensorScalar { public static var dtype: DType { .uint8 } }
extension Bool: TensorScalar { public static var dtype: DType { .bool } }
extension Float16: TensorScalar { public static var dtype: DType { .float16 } }
