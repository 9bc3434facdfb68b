/// Rescaled (modality LUT: slope × stored + intercept) values straight into a float buffer.
extension DicomPixelDecoder {
    /// Where one frame of a file goes, with its own rescale.
    struct FrameTarget {
        var frame: Int
        var destination: UnsafeMutablePointer<Float>
        var slope: Float
        var intercept: Float
    }

    /// Decodes the listed frames of `file` (single-sample images only). Native 8/16-bit data
    /// are converted in one pass from the file bytes; everything else goes through
    /// `storedValues`.
    static func decodeFloat(_ file: DicomFile, targets: [FrameTarget]) throws(DicomError) {
        let d = try PixelDescription(dataSet: file.dataSet, file: file.name)
        guard d.samplesPerPixel == 1 else {
            throw .pixelData(file: file.name, reason: "\(d.samplesPerPixel)-sample (\(d.photometricInterpretation)) images cannot form a scalar volume")
        }
        if let element = file.dataSet[.pixelData], case .bytes(let raw) = element.value,
           d.bitsAllocated == 8 || d.bitsAllocated == 16 {
            var failure: DicomError?
            raw.withUnsafeBytes { src in
                do throws(DicomError) { try convertNative(src, d, targets: targets, file: file.name) } catch { failure = error }
            }
            if let failure { throw failure }
            return
        }
        let n = d.samplesPerFrame
        let (_, values) = try storedValues(file)
        values.withUnsafeBufferPointer { v in
            for t in targets where t.frame < d.frames {
                for i in 0..<n { t.destination[i] = Float(v[t.frame * n + i]) * t.slope + t.intercept }
            }
        }
    }

    /// Native 8/16-bit single-sample frames from `src` (the Pixel Data value) to floats.
    static func convertNative(_ src: UnsafeRawBufferPointer, _ d: PixelDescription, targets: [FrameTarget], file: String) throws(DicomError) {
        let n = d.samplesPerFrame
        let (need, o) = d.bytesPerFrame.multipliedReportingOverflow(by: d.frames)
        guard !o, src.count >= need, let base = src.baseAddress else {
            throw .pixelData(file: file, reason: "\(d.rows)×\(d.columns)×\(d.frames) needs \(need) bytes, Pixel Data has \(src.count)")
        }
        let shift = UInt32(d.highBit + 1 - d.bitsStored)
        let mask: UInt32 = (1 << UInt32(d.bitsStored)) - 1
        let signBit: UInt32 = 1 << UInt32(d.bitsStored - 1)
        let signed = d.isSigned
        for t in targets where t.frame < d.frames {
            let frame = base + t.frame * d.bytesPerFrame
            let dst = t.destination
            let slope = t.slope, intercept = t.intercept
            if d.bitsAllocated == 16 && shift == 0 && d.bitsStored == 16 {
                // Common case: whole 16-bit words, no masking needed.
                if signed {
                    for i in 0..<n { dst[i] = Float(Int16(littleEndian: frame.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self))) * slope + intercept }
                } else {
                    for i in 0..<n { dst[i] = Float(UInt16(littleEndian: frame.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) * slope + intercept }
                }
            } else if d.bitsAllocated == 16 {
                for i in 0..<n {
                    var v = (UInt32(UInt16(littleEndian: frame.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) >> shift) & mask
                    if signed && v & signBit != 0 { v |= ~mask }
                    dst[i] = Float(Int32(bitPattern: v)) * slope + intercept
                }
            } else {
                let bytes = frame.assumingMemoryBound(to: UInt8.self)
                for i in 0..<n {
                    var v = (UInt32(bytes[i]) >> shift) & mask
                    if signed && v & signBit != 0 { v |= ~mask }
                    dst[i] = Float(Int32(bitPattern: v)) * slope + intercept
                }
            }
        }
    }
}
