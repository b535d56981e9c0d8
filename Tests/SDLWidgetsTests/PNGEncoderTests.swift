@testable import SDLWidgets
import Testing

/// The PNG writer, checked against known checksums and by decoding its stored blocks back.
@Suite("PNGEncoder")
struct PNGEncoderTests {}

extension PNGEncoderTests {
    @Test("CRC-32 and Adler-32 match their reference values")
    func checksums() {
        #expect(PNGEncoder.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(PNGEncoder.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        // Past zlib's 5552-byte reduction interval.
        let long = [UInt8](repeating: 0xFF, count: 100_000)
        #expect(PNGEncoder.adler32(long) == referenceAdler32(long))
    }

    @Test("a PNG decodes back to its pixels: signature, chunk CRCs, stored blocks, Adler-32", arguments: [(2, 2), (200, 120)])
    func roundTrip(size: (Int, Int)) throws {
        let (width, height) = size
        var pixels: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width { pixels += [UInt8(x % 256), UInt8(y % 256), UInt8((x * y) % 256), 255] }
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

        let raw = try #require(inflateStored(chunks[1].data))
        var expected: [UInt8] = []
        for y in 0..<height {
            expected.append(0)
            for x in 0..<width {
                let p = (y * width + x) * 4
                expected += pixels[p..<(p + 3)]
            }
        }
        #expect(raw == expected)
    }
}

private func bigEndian32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
    bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
}

/// Decodes a zlib stream made only of stored deflate blocks; `nil` if anything is off.
private func inflateStored(_ stream: [UInt8]) -> [UInt8]? {
    guard stream.count >= 6, (UInt16(stream[0]) << 8 | UInt16(stream[1])) % 31 == 0 else { return nil }
    var out: [UInt8] = []
    var offset = 2
    while true {
        let header = stream[offset]
        guard header & 0b110 == 0 else { return nil }  // stored blocks only
        let length = Int(stream[offset + 1]) | Int(stream[offset + 2]) << 8
        let complement = Int(stream[offset + 3]) | Int(stream[offset + 4]) << 8
        guard length ^ 0xFFFF == complement else { return nil }
        out += stream[(offset + 5)..<(offset + 5 + length)]
        offset += 5 + length
        if header & 1 == 1 { break }
    }
    guard bigEndian32(stream, offset) == PNGEncoder.adler32(out), offset + 4 == stream.count else { return nil }
    return out
}

private func referenceAdler32(_ bytes: [UInt8]) -> UInt32 {
    var a: UInt32 = 1
    var b: UInt32 = 0
    for byte in bytes {
        a = (a + UInt32(byte)) % 65_521
        b = (b + a) % 65_521
    }
    return b << 16 | a
}
