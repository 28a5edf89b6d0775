import Foundation

/// Reading the inputs: paths (files, folders walked by ``InputDiscovery``, `-` for standard
/// input), each decoded and split into documents by its format's reader.
extension Ingester {
    /// Ingests every path in order, after reading (or writing) the corpus row.
    func ingestAll(paths: [String]) throws {
        defer { settle() }
        try prepareCorpus(named: options.collection ?? paths.first.map(InputDiscovery.collectionName) ?? "corpus")
        for path in paths {
            let collection = options.collection ?? InputDiscovery.collectionName(path)
            if path == "-" {
                ingestFile(source: "-", collection: collection, format: options.inputFormat == .auto ? .text : options.inputFormat) {
                    FileHandle.standardInput.readDataToEndOfFile()
                }
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                fail(.badInput(location: path, reason: InputDiscovery.whyMissing(path)))
                continue
            }
            var files = [path]
            if isDirectory.boolValue {
                let walk = InputDiscovery.walk(folder: path, include: options.include)
                walk.warnings.forEach(warning)
                walk.errors.forEach(fail)
                files = walk.files
            }
            for file in files {
                ingestFile(source: file, collection: collection, format: InputDiscovery.format(of: file, options.inputFormat)) {
                    FileManager.default.contents(atPath: file)
                }
            }
        }
        settle()
        progress.finish()
    }

    /// Reads, decodes and ingests one input. The bytes are let go once decoded, so a large
    /// file is held once (as text) while it is tokenized and written, not twice.
    func ingestFile(source: String, collection: String, format: Options.InputFormat, read: () -> Data?) {
        let decoded: TextDecoding.Decoded
        do {
            guard let data = read() else {
                fail(.badInput(location: source, reason: "cannot be read (permissions?)"))
                return
            }
            report.bytesRead += data.count
            decoded = try TextDecoding.decode(data)
        } catch {
            warning(error.message(source: source))
            return
        }
        if let message = decoded.warning(source: source) { warning(message) }
        func take(_ record: InputRecord) {
            switch record {
            case let .document(text, location, metadata):
                addDocument(text: text, source: location, collection: collection, metadata: metadata, encoding: decoded.encoding)
            case let .malformed(error):
                fail(error)
            }
        }
        switch format {
        case .auto, .text:
            take(.document(text: decoded.text, source: source, metadata: nil))
        case .jsonl:
            JSONLinesReader(textField: options.textField).read(decoded.text, source: source, take)
        case .csv:
            CSVRecordReader(textColumn: options.textColumn).read(decoded.text, source: source, take)
        }
    }
}
