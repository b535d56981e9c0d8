import Foundation

/// A small, fast, seedable random number generator (SplitMix64), so a sieve run's colours are the
/// same for the same seed on every machine.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Double {
    fileprivate func pow(_ exponent: Double) -> Double { Foundation.pow(self, exponent) }
}

/// An RGB colour.
public struct RGB: Sendable, Hashable, Codable, CustomStringConvertible {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A random mid-tone: each channel in 64…192, as the original example picks them.
    public static func midTone(using generator: inout some RandomNumberGenerator) -> RGB {
        RGB(red: .random(in: 64...192, using: &generator),
            green: .random(in: 64...192, using: &generator),
            blue: .random(in: 64...192, using: &generator))
    }

    /// The sieve grid's cell background (the marker colours are chosen to read on it).
    public static let sieveCellBackground = RGB(red: 26, green: 26, blue: 33)
    /// WCAG AA for normal text.
    public static let minimumContrast = 4.5
    /// A marker colour must differ by this much between its largest and smallest channel: a
    /// colour, not a grey that reads like an unmarked number.
    public static let minimumChroma = 48

    /// A random colour for the sieve's markers: drawn from `generator` (so the same seed gives the
    /// same colours) among colours with at least ``minimumContrast`` against `background` (WCAG
    /// 2 contrast ratio) and at least ``minimumChroma``.
    ///
    /// Candidates are drawn with each channel in 64…255 until one qualifies (on the dark cell
    /// background about half do); should 64 draws in a row fail (a background few colours read
    /// on), the last is moved towards white or black, deterministically, until its contrast does.
    public static func legibleMarker(
        against background: RGB = .sieveCellBackground, using generator: inout some RandomNumberGenerator
    ) -> RGB {
        var candidate = RGB(red: 0, green: 0, blue: 0)
        for _ in 0..<64 {
            candidate = RGB(red: .random(in: 64...255, using: &generator),
                            green: .random(in: 64...255, using: &generator),
                            blue: .random(in: 64...255, using: &generator))
            if candidate.isLegibleMarker(on: background) { return candidate }
        }
        // Towards white on a dark background, towards black on a light one: one of the two always
        // reaches 4.5 : 1 (white and black both have at least 4.58 : 1 on any colour), within the
        // 9 halvings it takes to get there.
        let towardsWhite = contrastRatio(RGB(red: 255, green: 255, blue: 255), background)
            >= contrastRatio(RGB(red: 0, green: 0, blue: 0), background)
        for _ in 0..<9 where !(contrastRatio(candidate, background) >= minimumContrast) {
            candidate = towardsWhite
                ? RGB(red: candidate.red / 2 + 128, green: candidate.green / 2 + 128, blue: candidate.blue / 2 + 128)
                : RGB(red: candidate.red / 2, green: candidate.green / 2, blue: candidate.blue / 2)
        }
        return candidate
    }

    /// Whether the colour reads as a marker on `background`: contrast and chroma (see
    /// ``legibleMarker(against:using:)``).
    public func isLegibleMarker(on background: RGB = .sieveCellBackground) -> Bool {
        let channels = [Int(red), Int(green), Int(blue)]
        return RGB.contrastRatio(self, background) >= RGB.minimumContrast
            && channels.max()! - channels.min()! >= RGB.minimumChroma
    }

    /// WCAG 2 relative luminance, 0 (black) … 1 (white).
    public var relativeLuminance: Double {
        func linear(_ channel: UInt8) -> Double {
            let value = Double(channel) / 255
            return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055).pow(2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// WCAG 2 contrast ratio of two colours, 1 … 21.
    public static func contrastRatio(_ first: RGB, _ second: RGB) -> Double {
        let (a, b) = (first.relativeLuminance, second.relativeLuminance)
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    /// `#rrggbb`.
    public var description: String {
        "#" + [red, green, blue].map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard text.count == 7, text.first == "#", let value = UInt32(text.dropFirst(), radix: 16) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected #rrggbb"))
        }
        self.init(red: UInt8(value >> 16 & 0xFF), green: UInt8(value >> 8 & 0xFF), blue: UInt8(value & 0xFF))
    }
}
