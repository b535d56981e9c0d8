import SDLConcurrency

/// Where each caret position of one line of text lies, measured on a canvas once and kept: what a
/// ``TextField`` places its caret, selection and visible part by.
///
/// Measuring every prefix of a 10,000-character line would measure 50 million characters, and
/// measuring the whole line on every frame would be slow too. So the line is cut into chunks of
/// ``chunkLength`` characters: a chunk's start is the sum of the widths of the chunks before it, and
/// the positions inside a chunk are its measured prefixes. Chunk widths are measured the first time
/// a position is asked for (one pass over the line), a chunk's prefixes only when a position inside
/// it is (a few chunks a frame: the caret's, the selection's ends). An edit keeps everything
/// measured before the first chunk it touched (``init(characters:font:canvas:reusing:unchangedPrefix:)``).
///
/// Inside a chunk, positions are exact; across chunks, kerning between their last and first
/// characters is left out and each chunk's width is rounded, so a far position may be off by a
/// point per chunk boundary. A ``TextField`` draws its visible text starting at a chunk boundary,
/// so what it shows matches these positions to within a point or two.
///
/// Threads: SDL thread (`SDLActor`).
@SDLActor
final class CaretPositions {
    /// Characters per chunk: a chunk of body text is a few hundred points, measured prefix by prefix
    /// in well under a millisecond.
    static let chunkLength = 64

    /// The line's characters.
    let characters: [Character]
    /// The font measured with.
    let font: Font
    /// The canvas measured on (positions are not valid on another).
    let canvas: ObjectIdentifier

    /// `chunkStarts[k]`: the x of chunk `k`'s first character; one more entry than there are
    /// chunks, the last being the line's width. Filled in by `measureChunks`.
    private var chunkStarts: [Int] = []
    /// The x of every caret position inside a chunk, relative to the chunk's start (`length + 1`
    /// entries), for the chunks asked about so far.
    private var inside: [Int: [Int]] = [:]

    /// Positions for `characters` in `font` on `canvas`, keeping what `old` measured of the first
    /// `unchangedPrefix` characters (which must be the same in both lines) when it was measured in
    /// the same font on the same canvas.
    init(characters: [Character], font: Font, canvas: any Canvas, reusing old: CaretPositions? = nil, unchangedPrefix: Int = 0) {
        self.characters = characters
        self.font = font
        self.canvas = ObjectIdentifier(canvas)
        guard let old, old.font == font, old.canvas == self.canvas else { return }
        // Chunks that end at or before the unchanged prefix are the same characters in both lines.
        let keptChunks = min(max(0, unchangedPrefix) / Self.chunkLength, old.chunkStarts.count - 1)
        if keptChunks > 0 {
            chunkStarts = Array(old.chunkStarts[...keptChunks])
            inside = old.inside.filter { $0.key < keptChunks }
        }
    }

    /// How many chunks the line has (one, empty, for an empty line).
    var chunkCount: Int { max(1, (characters.count + Self.chunkLength - 1) / Self.chunkLength) }

    /// The width of the whole line.
    func width(on canvas: any Canvas) -> Int {
        measureChunks(on: canvas)
        return chunkStarts[chunkCount]
    }

    /// The x of the caret before character `offset` (0 ... count), from the line's start.
    func x(of offset: Int, on canvas: any Canvas) -> Int {
        let offset = min(max(0, offset), characters.count)
        let chunk = self.chunk(containing: offset)
        measureChunks(on: canvas)
        return chunkStarts[chunk] + positions(inChunk: chunk, on: canvas)[offset - chunk * Self.chunkLength]
    }

    /// The caret position nearest to `x` (from the line's start).
    func offset(nearestTo x: Int, on canvas: any Canvas) -> Int {
        measureChunks(on: canvas)
        guard x > 0 else { return 0 }
        guard x < chunkStarts[chunkCount] else { return characters.count }
        let chunk = self.chunk(at: x, on: canvas)
        let local = x - chunkStarts[chunk]
        let inChunk = positions(inChunk: chunk, on: canvas)
        var best = 0
        for (index, position) in inChunk.enumerated() where abs(position - local) < abs(inChunk[best] - local) {
            best = index
        }
        return chunk * Self.chunkLength + best
    }

    /// The chunk whose span holds `x` (the first for x before the line, the last for x past it).
    func chunk(at x: Int, on canvas: any Canvas) -> Int {
        measureChunks(on: canvas)
        // Invariant: chunkStarts[low] <= x, or low is 0; high is the last chunk that may hold x.
        var low = 0
        var high = chunkCount - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if chunkStarts[middle] <= x { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The range of characters chunk `chunk` holds.
    func characterRange(ofChunk chunk: Int) -> Range<Int> {
        let start = min(chunk * Self.chunkLength, characters.count)
        return start..<min(start + Self.chunkLength, characters.count)
    }

    /// The chunk that holds the caret position `offset`: the end of the line belongs to the last.
    private func chunk(containing offset: Int) -> Int {
        min(offset / Self.chunkLength, chunkCount - 1)
    }

    /// Measures the widths of the chunks not measured yet (all of them after a change early in
    /// the line; none on later calls).
    private func measureChunks(on canvas: any Canvas) {
        guard chunkStarts.count < chunkCount + 1 else { return }
        if chunkStarts.isEmpty { chunkStarts = [0] }
        chunkStarts.reserveCapacity(chunkCount + 1)
        while chunkStarts.count < chunkCount + 1 {
            let chunk = chunkStarts.count - 1
            let width = canvas.measure(String(characters[characterRange(ofChunk: chunk)]), font: font).width
            chunkStarts.append(chunkStarts[chunk] + width)
        }
    }

    /// The caret positions inside `chunk`, relative to its start: its prefixes measured.
    private func positions(inChunk chunk: Int, on canvas: any Canvas) -> [Int] {
        if let known = inside[chunk] { return known }
        let range = characterRange(ofChunk: chunk)
        var positions = [0]
        positions.reserveCapacity(range.count + 1)
        var prefix = ""
        for character in characters[range] {
            prefix.append(character)
            // Never left of the previous position: kerning may make a longer prefix measure a
            // point narrower, and positions must grow for the nearest-position search.
            positions.append(max(positions.last!, canvas.measure(prefix, font: font).width))
        }
        inside[chunk] = positions
        return positions
    }
}
