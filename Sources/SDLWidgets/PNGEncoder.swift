internal import CZlib

/// A PNG writer for screenshots: 8-bit RGB (frames are opaque, alpha is dropped), compressed by zlib.
///
/// zlib does the deflate and the checksums; this type only lays out the PNG chunks. The demo's
/// 1600 × 900 frame is ~87 KB (the stored-deflate writer this replaced wrote 4.3 MB).
enum PNGEncoder {
    /// The PNG file of `image`.
    static func encode(_ image: RGBAImage) -> [UInt8] {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header = [UInt8]()
        header.appendBigEndian(UInt32(image.width))
        header.appendBigEndian(UInt32(image.height))
        header += [8, 2, 0, 0, 0]  // bit depth 8, colour type 2 (RGB), deflate, filter method 0, no interlace
        appendChunk("IHDR", header, to: &png)
        appendChunk("IDAT", deflate(scanlines(image)), to: &png)
        appendChunk("IEND", [], to: &png)
        return png
    }

    /// The image data PNG compresses: per scanline a filter-type byte, then the RGB bytes.
    ///
    /// Every row uses filter 0 (None). Screenshots of widgets are mostly flat colour and text, which
    /// deflate compresses best unfiltered (measured on the demo's 1600 × 900 frame: 87 KB unfiltered,
    /// 90 KB with libpng's adaptive heuristic, 117 KB with Sub), and it keeps encoding fast.
    static func scanlines(_ image: RGBAImage) -> [UInt8] {
        var raw = [UInt8](repeating: 0, count: image.height * (1 + image.width * 3))
        raw.withUnsafeMutableBufferPointer { raw in
            image.pixels.withUnsafeBufferPointer { pixels in
                var out = 0
                for y in 0..<image.height {
                    raw[out] = 0  // filter type: None
                    out += 1
                    var offset = y * image.width * 4
                    for _ in 0..<image.width {
                        raw[out] = pixels[offset]
                        raw[out + 1] = pixels[offset + 1]
                        raw[out + 2] = pixels[offset + 2]
                        out += 3
                        offset += 4
                    }
                }
            }
        }
        return raw
    }

    /// A zlib stream of `data` (zlib's `compress2`, default level).
    static func deflate(_ data: [UInt8]) -> [UInt8] {
        var length = compressBound(uLong(data.count))
        var out = [UInt8](repeating: 0, count: Int(length))
        let status = out.withUnsafeMutableBufferPointer { out in
            data.withUnsafeBufferPointer { data in
                compress2(out.baseAddress, &length, data.baseAddress, uLong(data.count), Z_DEFAULT_COMPRESSION)
            }
        }
        // compressBound() is large enough by zlib's contract and the arguments are valid, so only
        // Z_MEM_ERROR is possible: out of memory, as for any allocation.
        precondition(status == Z_OK, "zlib compress2 failed with status \(status) (out of memory?)")
        out.removeLast(out.count - Int(length))
        return out
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to png: inout [UInt8]) {
        png.appendBigEndian(UInt32(data.count))
        let typeAndData = Array(type.utf8) + data
        png += typeAndData
        png.appendBigEndian(crc32(typeAndData))
    }

    /// CRC-32 (ISO 3309, as PNG uses it), computed by zlib.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        UInt32(bytes.withUnsafeBufferPointer { CZlib.crc32(0, $0.baseAddress, uInt($0.count)) })
    }

    /// Adler-32 (RFC 1950), the zlib stream's checksum, computed by zlib.
    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        UInt32(bytes.withUnsafeBufferPointer { CZlib.adler32(1, $0.baseAddress, uInt($0.count)) })
    }
}

extension [UInt8] {
    fileprivate mutating func appendBigEndian(_ value: UInt32) {
        append(UInt8(value >> 24))
        append(UInt8((value >> 16) & 0xFF))
        append(UInt8((value >> 8) & 0xFF))
        append(UInt8(value & 0xFF))
    }
}
