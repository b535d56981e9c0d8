import CZlib
@testable import SDLWidgets
import Testing

/// The PNG writer: known checksums, and every file decoded back (zlib's `uncompress`, then the PNG
/// filters undone) to the exact pixels.
@Suite("PNGEncoder")
struct PNGEncoderTests {}

extension PNGEncoderTests {
    @Test("CRC-32 and Adler-32 match their reference values")
    func checksums() {
        #expect(PNGEncoder.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(PNGEncoder.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
    }

    @Test("a PNG decodes back to its pixels: signature, chunk CRCs, zlib stream, filters", arguments: [(1, 1), (2, 2), (200, 120)])
    func roundTrip(size: (Int, Int)) throws {
        let (width, height) = size
        var pixels: [UInt8] = []
        for y in 0..<height {
            // Gradients and flat bands, as in a frame of widgets.
            for x in 0..<width {
                if y % 40 < 10 {
                    pixels += [30, 30, 40, 255]
                } else {
                    pixels += [UInt8(x % 256), UInt8(y % 256), UInt8((x &* 7 &+ y &* 13) % 256), 255]
                }
            }
        }
        let png = PNGEncoder.encode(RGBAImage(width: width, height: height, pixels: pixels))
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])

        var chunks: [(type: String, data: [UInt8])] = []
        var offset = 8
        while offset < png.count {
            let length = Int(bigEndian32(png, offset))
            let typeAndData = Array(png[(offset + 4)..<(offset + 8 + length)])
            #expect(bigEndian32(png, offset + 8 + length) == PNGEncoder.crc32(typeAndData))
            chunks.append((String(decoding: typeAndData.prefix(4), as: UTF8.self), Array(typeAndData.dropFirst(4))))
            offset += 12 + length
        }
        #expect(chunks.map(\.type) == ["IHDR", "IDAT", "IEND"])
        #expect(bigEndian32(chunks[0].data, 0) == UInt32(width))
        #expect(bigEndian32(chunks[0].data, 4) == UInt32(height))
        #expect(Array(chunks[0].data[8...]) == [8, 2, 0, 0, 0])

        let filtered = try #require(inflate(chunks[1].data, expectedCount: height * (1 + width * 3)))
        let rgb = try #require(unfilter(filtered, width: width, height: height))
        var expected: [UInt8] = []
        for p in stride(from: 0, to: pixels.count, by: 4) { expected += pixels[p..<(p + 3)] }
        #expect(rgb == expected)
    }

    @Test("a flat 1600 x 900 frame compresses to a few kilobytes")
    func compresses() {
        let image = RGBAImage(width: 1600, height: 900, pixels: [UInt8](repeating: 40, count: 1600 * 900 * 4))
        let png = PNGEncoder.encode(image)
        #expect(png.count < 20_000, "\(png.count) bytes")
    }
}

private func bigEndian32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
    bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
}

/// Inflates a zlib stream with zlib itself; `nil` unless it holds exactly `expectedCount` bytes.
private func inflate(_ stream: [UInt8], expectedCount: Int) -> [UInt8]? {
    var out = [UInt8](repeating: 0, count: expectedCount + 1)
    var length = uLong(out.count)
    let status = out.withUnsafeMutableBufferPointer { out in
        stream.withUnsafeBufferPointer { uncompress(out.baseAddress, &length, $0.baseAddress, uLong($0.count)) }
    }
    guard status == Z_OK, Int(length) == expectedCount else { return nil }
    return Array(out.prefix(expectedCount))
}

/// Undoes the PNG filters of 8-bit RGB scanlines (PNG spec, section 9); `nil` on a bad filter type.
private func unfilter(_ data: [UInt8], width: Int, height: Int) -> [UInt8]? {
    let stride = width * 3
    var out = [UInt8](repeating: 0, count: stride * height)
    for y in 0..<height {
        let type = data[y * (stride + 1)]
        for i in 0..<stride {
            let x = Int(data[y * (stride + 1) + 1 + i])
            let a = i >= 3 ? Int(out[y * stride + i - 3]) : 0
            let b = y > 0 ? Int(out[(y - 1) * stride + i]) : 0
            let c = i >= 3 && y > 0 ? Int(out[(y - 1) * stride + i - 3]) : 0
            let predictor: Int
            switch type {
            case 0: predictor = 0
            case 1: predictor = a
            case 2: predictor = b
            case 3: predictor = (a + b) / 2
            case 4:
                let p = a + b - c
                let pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
            default: return nil
            }
            out[y * stride + i] = UInt8(truncatingIfNeeded: x + predictor)
        }
    }
    return out
}
