/// Where each field of a NIfTI-1 (348-byte) or NIfTI-2 (540-byte) header lies and how it is
/// stored: the one description that both `NIfTIHeader.parse` and `NIfTIHeader.encoded` follow.
/// Real-valued fields are float32 in NIfTI-1 and float64 in NIfTI-2.
struct NIfTIHeaderLayout {
    /// How an integer field is stored (all little or all big endian, as the file says).
    enum IntegerStorage {
        case uint8, int16, int32, int64

        var size: Int {
            switch self {
            case .uint8: return 1
            case .int16: return 2
            case .int32: return 4
            case .int64: return 8
            }
        }
    }

    struct IntegerField {
        let field: WritableKeyPath<NIfTIHeader, Int>
        let offset: Int
        let storage: IntegerStorage
    }
    struct RealField {
        let field: WritableKeyPath<NIfTIHeader, Double>
        let offset: Int
    }
    struct StringField {
        let field: WritableKeyPath<NIfTIHeader, String>
        let offset: Int
        /// Bytes reserved, the terminating NUL included.
        let length: Int
    }

    let version: NIfTIHeader.Version
    init(_ version: NIfTIHeader.Version) { self.version = version }

    private var isNIfTI1: Bool { version == .nifti1 }
    private func place(_ nifti1: Int, _ nifti2: Int) -> Int { isNIfTI1 ? nifti1 : nifti2 }

    /// Bytes of one real value.
    var realSize: Int { place(4, 8) }
    /// `datatype`, an int16 in both versions.
    var datatype: Int { place(70, 12) }
    /// `vox_offset`: float32 in NIfTI-1, int64 in NIfTI-2.
    var voxOffset: Int { place(108, 168) }
    /// The eight `dim` values.
    var dim: (offset: Int, storage: IntegerStorage) { isNIfTI1 ? (40, .int16) : (16, .int64) }
    /// The first real of each array of reals: `pixdim` (8), `intent_p1…p3`, `quatern_b…d`,
    /// `qoffset_x…z`, and `srow_x`, `srow_y`, `srow_z` (4 each, one after the other).
    var pixdim: Int { place(76, 104) }
    var intentParameters: Int { place(56, 80) }
    var quaternion: Int { place(256, 352) }
    var qoffset: Int { place(268, 376) }
    var srow: Int { place(280, 400) }

    var integers: [IntegerField] {
        [
            IntegerField(field: \.dimInfo, offset: place(39, 524), storage: .uint8),
            IntegerField(field: \.intentCode, offset: place(68, 504), storage: isNIfTI1 ? .int16 : .int32),
            IntegerField(field: \.bitpix, offset: place(72, 14), storage: .int16),
            IntegerField(field: \.sliceStart, offset: place(74, 224), storage: isNIfTI1 ? .int16 : .int64),
            IntegerField(field: \.sliceEnd, offset: place(120, 232), storage: isNIfTI1 ? .int16 : .int64),
            IntegerField(field: \.sliceCode, offset: place(122, 496), storage: isNIfTI1 ? .uint8 : .int32),
            IntegerField(field: \.xyztUnits, offset: place(123, 500), storage: isNIfTI1 ? .uint8 : .int32),
            IntegerField(field: \.qformCode, offset: place(252, 344), storage: isNIfTI1 ? .int16 : .int32),
            IntegerField(field: \.sformCode, offset: place(254, 348), storage: isNIfTI1 ? .int16 : .int32),
        ]
    }

    var reals: [RealField] {
        [
            RealField(field: \.sclSlope, offset: place(112, 176)),
            RealField(field: \.sclInter, offset: place(116, 184)),
            RealField(field: \.calMax, offset: place(124, 192)),
            RealField(field: \.calMin, offset: place(128, 200)),
            RealField(field: \.sliceDuration, offset: place(132, 208)),
            RealField(field: \.toffset, offset: place(136, 216)),
        ]
    }

    var strings: [StringField] {
        [
            StringField(field: \.descrip, offset: place(148, 240), length: 80),
            StringField(field: \.auxFile, offset: place(228, 320), length: 24),
            StringField(field: \.intentName, offset: place(328, 508), length: 16),
        ]
    }
}
