import Foundation

/// The binary image of a stored embedding (`embedding_images`, migration 0013): its words, its
/// vectors exactly as `embedding_vectors` holds them, and the words' corpus counts, laid out so
/// that loading is a few copies straight into the arrays.
///
/// Layout, every number little-endian (the image records a marker and is refused when it reads
/// back in another byte order):
///
/// ```
/// "FIRTHWV\0"                  8 bytes
/// UInt32 0x01020304            byte-order marker
/// UInt32 format, V, d          the layout's version, words (rows), dimensions (columns)
/// Int64  total                 the sum of words.count when the image was written
/// UInt32 offsets[V + 1]        word i is bytes offsets[i] ..< offsets[i+1] of the UTF-8 below
/// UInt8  utf8[offsets[V]]
/// Int64  count[V]              words.count of each word then (0: a word the corpus lacks)
/// Float32 vector[V · d]        row-major: the rows' BLOBs end to end, bit for bit
/// ```
///
/// The counts belong to the corpus state recorded in the image's row; they give the same
/// frequencies as the rows' join with `words` only while that state is the corpus's.
struct EmbeddingImage: Equatable {
    /// The version of the layout above; an image of another version is not read.
    static let format = 1

    /// The words, in row order.
    var words: [String]
    /// Columns of the matrix.
    var dimensions: Int
    /// The vectors, row-major, `words.count × dimensions`.
    var elements: [Float]
    /// Each word's `words.count` when the image was written.
    var counts: [Int64]
    /// The sum of `words.count` then.
    var total: Int64

    private static let magic = Array("FIRTHWV\0".utf8)
    private static let byteOrderMarker: UInt32 = 0x0102_0304
    private static let headerBytes = 8 + 4 * 4 + 8

    /// The image's length in bytes.
    var byteCount: Int {
        Self.headerBytes + 4 * (words.count + 1) + words.reduce(0) { $0 + $1.utf8.count }
            + 8 * counts.count + 4 * elements.count
    }

    /// Hands the image to `write` piece by piece, in order, each with its offset: the store
    /// writes them straight into the database's BLOB, with no copy of the whole image.
    func write(_ write: (UnsafeRawBufferPointer, Int) throws -> Void) rethrows {
        precondition(words.count * dimensions == elements.count && counts.count == words.count, "one vector and one count per word")
        var offset = 0
        func put<T>(_ values: [T]) throws {
            try values.withUnsafeBytes { bytes in
                if !bytes.isEmpty { try write(bytes, offset) }
                offset += bytes.count
            }
        }
        try put(Self.magic)
        try put([Self.byteOrderMarker, UInt32(Self.format), UInt32(words.count), UInt32(dimensions)])
        try put([total])
        var offsets: [UInt32] = [0]
        offsets.reserveCapacity(words.count + 1)
        var text: [UInt8] = []
        for word in words {
            text.append(contentsOf: word.utf8)
            offsets.append(UInt32(text.count))
        }
        try put(offsets)
        try put(text)
        try put(counts)
        try put(elements)
        assert(offset == byteCount)
    }

    /// The image as one value (tests; the store writes it piece by piece).
    func data() -> Data {
        var data = Data(count: byteCount)
        data.withUnsafeMutableBytes { destination in
            write { piece, offset in
                UnsafeMutableRawBufferPointer(rebasing: destination[offset..<(offset + piece.count)]).copyMemory(from: piece)
            }
        }
        return data
    }

    init(words: [String], dimensions: Int, elements: [Float], counts: [Int64], total: Int64) {
        self.words = words
        self.dimensions = dimensions
        self.elements = elements
        self.counts = counts
        self.total = total
    }

    /// Reads an image made by `write(_:)`; nil when it is not one, has another layout version
    /// or byte order, or its length does not match what its header announces.
    init?(data: Data) {
        guard let image = ImageReader.reading(data, { Self(length: $0, read: $1) }) else { return nil }
        self = image
    }

    /// Reads an image of `length` bytes through `read`, which fills a buffer with the bytes from
    /// an offset (false: they could not be read), each array straight into its own storage.
    init?(length: Int, read: ImageReader.Read) {
        var reader = ImageReader(length: length)
        guard let head = reader.array(UInt8.self, 8, read), head == Self.magic,
              let header = reader.array(UInt32.self, 4, read), header[0] == Self.byteOrderMarker,
              Int(header[1]) == Self.format,
              let total = reader.array(Int64.self, 1, read)?.first, total >= 0 else { return nil }
        let size = Int(header[2]), dimensions = Int(header[3])
        guard let words = reader.words(size, read) else { return nil }
        guard let counts = reader.array(Int64.self, size, read), counts.allSatisfy({ $0 >= 0 }),
              size == 0 || dimensions <= Int.max / size,
              let elements = reader.array(Float.self, size * dimensions, read),
              reader.offset == length else { return nil }
        self.init(words: words, dimensions: dimensions, elements: elements, counts: counts, total: total)
    }
}
