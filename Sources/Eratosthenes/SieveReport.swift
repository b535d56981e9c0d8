public import Foundation
import SDLConcurrency

/// The final grid of a run, as `--sieve-report PATH.json` writes it: for every number whether it
/// is marked, its colour and which marker coloured it, plus the markers in the order they started.
public struct SieveReport: Codable, Equatable, Sendable {
    public struct Number: Codable, Equatable, Sendable {
        public var number: Int
        public var marked: Bool
        public var color: RGB?
        public var markedBy: Int?
    }

    public var rows: Int
    public var columns: Int
    public var tickSeconds: Double
    public var seed: UInt64
    public var phase: String
    public var elapsedSeconds: Double
    public var numbers: [Number]
    public var markers: [SieveModel.Marker]

    /// The numbers no marker reached: 1 and the primes, after a finished run.
    public var unmarked: [Int] { numbers.filter { !$0.marked }.map(\.number) }

    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try encoder.encode(self)
    }
}

extension SieveModel {
    /// A report of the current state.
    public var report: SieveReport {
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        return SieveReport(
            rows: configuration.rows,
            columns: configuration.columns,
            tickSeconds: seconds(configuration.tick),
            seed: configuration.seed,
            phase: "\(phase)",
            elapsedSeconds: seconds(elapsed),
            numbers: cells.enumerated().map { index, cell in
                SieveReport.Number(number: index + 1, marked: cell.isMarked, color: cell.color, markedBy: cell.markedBy)
            },
            markers: markers)
    }
}
