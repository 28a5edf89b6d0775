import Foundation

/// The binary image of a model: its arrays as they lie in memory, so loading is a few copies.
///
/// Layout, every number little-endian (the image records a marker and is refused when it
/// reads back in another byte order):
///
/// ```
/// "FIRTHLM\0"                      8 bytes
/// UInt32 0x01020304                byte-order marker
/// UInt32 format, order, V          the layout's version, the longest n-gram, words
/// UInt64 count_1 … count_order     n-grams per order
/// UInt32 offsets[V + 1]            word i is bytes offsets[i] ..< offsets[i+1] of the UTF-8 below
/// UInt8  utf8[offsets[V]]
/// per order k = 1 … order:
///   Float64 probability[count_k]
///   Float64 backoff[count_k]                   (k < order only: the highest order's are all 1)
///   Int32 word[count_k]
///   Int32 childStart[count_(k-1) + 1]          (k ≥ 2 only)
/// ```
///
/// The doubles are the stored `probability` and `backoff` bit for bit, so a model read from its
/// image scores exactly as one read from the rows. Format 1 also stored the highest order's
/// backoffs (a quarter of a trigram model's image, every one 1); its images are still read.
extension NGramModel {
    /// The version of the layout above; an image of another version is not read.
    public static let imageFormat = 2

    /// The layout versions that are read: 1 (with the highest order's backoffs) and 2.
    static let readFormats = [1, 2]

    private static let magic = Array("FIRTHLM\0".utf8)
    private static let byteOrderMarker: UInt32 = 0x0102_0304

    /// The model as one binary image.
    public func image() -> Data {
        var data = Data()
        let words = vocabulary.map { Array($0.utf8) }
        let textBytes = words.reduce(0) { $0 + $1.count }
        var size = 8 + 16 + 8 * order + 4 * (words.count + 1) + textBytes
        for (k, level) in levels.enumerated() {
            size += 12 * level.probability.count + 8 * level.backoff.count + (k > 0 ? 4 * level.childStart.count : 0)
        }
        data.reserveCapacity(size)
        data.append(contentsOf: Self.magic)
        for value in [Self.byteOrderMarker, UInt32(Self.imageFormat), UInt32(order), UInt32(words.count)] {
            Self.append([value.littleEndian], to: &data)
        }
        Self.append(levels.map { UInt64($0.probability.count).littleEndian }, to: &data)
        var offsets: [UInt32] = [0]
        offsets.reserveCapacity(words.count + 1)
        for word in words { offsets.append(offsets.last! + UInt32(word.count)) }
        Self.append(offsets, to: &data)
        for word in words { data.append(contentsOf: word) }
        for (k, level) in levels.enumerated() {
            Self.append(level.probability, to: &data)
            Self.append(level.backoff, to: &data)
            Self.append(level.word, to: &data)
            if k > 0 { Self.append(level.childStart, to: &data) }
        }
        return data
    }

    /// Reads an image made by ``image()``; nil when it is not one, has another layout version or
    /// byte order, or its length does not match what its header announces.
    public init?(image data: Data) {
        guard let parsed = ImageReader.reading(data, { Self.parse(length: $0, read: $1) }) else { return nil }
        self.init(order: parsed.order, vocabulary: parsed.vocabulary, levels: parsed.levels)
    }

    /// Reads an image of `length` bytes through `read`, which fills a buffer with the bytes
    /// from an offset (false: they could not be read). The store reads straight from the
    /// database's BLOB into the arrays this way, with no copy of the whole image in between.
    init?(imageLength length: Int, read: ImageReader.Read) {
        guard let parsed = Self.parse(length: length, read: read) else { return nil }
        self.init(order: parsed.order, vocabulary: parsed.vocabulary, levels: parsed.levels)
    }

    private static func parse(length: Int, read: ImageReader.Read) -> (order: Int, vocabulary: [String], levels: [Level])? {
        var reader = ImageReader(length: length)
        guard let head = reader.array(UInt8.self, 8, read), head == magic,
              let marker = reader.array(UInt32.self, 1, read)?.first, marker == byteOrderMarker,
              let header = reader.array(UInt32.self, 3, read), readFormats.contains(Int(header[0])),
              (1...NGramParameters.maximumOrder).contains(Int(header[1])) else { return nil }
        let order = Int(header[1]), size = Int(header[2])
        guard let counts = reader.array(UInt64.self, order, read)?.map({ Int($0) }), counts[0] == size,
              let vocabulary = reader.words(size, read) else { return nil }
        var levels: [Level] = []
        for (k, count) in counts.enumerated() {
            let highest = k == order - 1
            // Format 1's highest order has backoffs (all 1): read past them.
            guard let probability = reader.array(Double.self, count, read),
                  let backoff = highest ? (header[0] == 1 ? reader.skip(Double.self, count) : []) : reader.array(Double.self, count, read),
                  let word = reader.array(Int32.self, count, read),
                  word.allSatisfy({ $0 >= 0 && Int($0) < size }) else { return nil }
            var childStart: [Int32] = []
            if k > 0 {
                // The trie's bounds are trusted by every lookup: check them once here.
                guard let starts = reader.array(Int32.self, counts[k - 1] + 1, read), starts.first == 0,
                      starts.last.map(Int.init) == count, zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 }) else { return nil }
                childStart = starts
            }
            levels.append(Level(probability: probability, backoff: backoff, word: word, childStart: childStart))
        }
        guard reader.offset == length else { return nil }
        return (order, vocabulary, levels)
    }

    private static func append<T>(_ values: [T], to data: inout Data) {
        values.withUnsafeBytes { data.append(contentsOf: $0) }
    }
}
