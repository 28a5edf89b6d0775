import Foundation
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest

/// A `firth serve` process started for a test, on a free port, stopped at the end of the test.
final class ServeProcess {
    let process = Process()
    let url: URL
    let errURL: URL

    /// Starts `firth serve --db DB --port 0 ARGS` and waits for the address it prints.
    init(db: String, arguments: [String] = [], test: XCTestCase) throws {
        process.executableURL = firthBinary
        process.arguments = ["serve", "--db", db, "--port", "0"] + arguments
        let out = Pipe()
        errURL = FileManager.default.temporaryDirectory.appendingPathComponent("firth-serve-err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        // The first line of standard output is the address.
        var line = Data()
        let deadline = Date().addingTimeInterval(60)
        while !line.contains(UInt8(ascii: "\n")) && Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let url = URL(string: text), text.hasPrefix("http://") else {
            process.terminate()
            throw XCTSkip("firth serve printed no address: '\(text)'; stderr: \(Self.read(errURL))")
        }
        self.url = url
        let process = self.process, errURL = self.errURL
        test.addTeardownBlock {
            if process.isRunning { process.interrupt(); process.waitUntilExit() }
            try? FileManager.default.removeItem(at: errURL)
        }
    }

    var stderr: String { Self.read(errURL) }

    static func read(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

    /// GET (or another method) of `path` relative to the server: status and body.
    func fetch(_ path: String, method: String = "GET") throws -> (status: Int, body: Data) {
        var request = URLRequest(url: path.isEmpty ? url : URL(string: path, relativeTo: url)!)
        request.httpMethod = method
        request.timeoutInterval = 60
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Int, Data)?
        nonisolated(unsafe) var failure: (any Error)?
        URLSession.shared.dataTask(with: request) { data, response, error in
            if let error { failure = error } else { result = ((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data()) }
            done.signal()
        }.resume()
        done.wait()
        if let failure { throw failure }
        return result!
    }

    /// `request` sent as it is on a new connection (no client fixing the Host header): the status
    /// line's code and the whole answer as text.
    func raw(_ request: String) throws -> (status: Int, text: String) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(url.port!).bigEndian
        _ = inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        let bytes = Array(request.utf8)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { break }  // the server may answer (413) and stop reading before the end
            offset += sent
        }
        var answer: [UInt8] = [], chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            answer += chunk[0..<count]
        }
        let text = String(decoding: answer, as: UTF8.self)
        let status = text.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return (status, text)
    }

    /// The JSON body of a 200 answer.
    func json(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> Any {
        let (status, body) = try fetch(path)
        XCTAssertEqual(status, 200, String(decoding: body, as: UTF8.self), file: file, line: line)
        return try JSONSerialization.jsonObject(with: body)
    }

    /// Ctrl-C: the status the server exits with.
    func interrupt() -> Int32 {
        process.interrupt()
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate(); process.waitUntilExit(); return -1 }
        return process.terminationStatus
    }
}

/// `word` percent-encoded for a query string.
func query(_ value: String) -> String {
    value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
}

/// One TCP connection to a test server, for what URLSession hides: persistent connections,
/// pipelining, the exact headers.
final class RawConnection {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        _ = inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(fd) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw POSIXError(.EPIPE) }
            offset += sent
        }
    }

    /// Reads more bytes; false when the peer closed (or the read timed out).
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer += chunk[0..<count]
        return true
    }

    /// One answer: its status, head (status line and headers) and body (by Content-Length).
    func readAnswer() throws -> (status: Int, head: String, body: Data) {
        let separator: [UInt8] = [13, 10, 13, 10]
        var end: Int?
        while end == nil {
            if buffer.count >= 4 { end = (0...(buffer.count - 4)).first { Array(buffer[$0..<$0 + 4]) == separator } }
            if end == nil && !fill() { throw POSIXError(.ECONNRESET) }
        }
        let head = String(decoding: buffer[0..<end!], as: UTF8.self)
        let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        while buffer.count < end! + 4 + length { if !fill() { throw POSIXError(.ECONNRESET) } }
        let body = Data(buffer[(end! + 4)..<(end! + 4 + length)])
        buffer.removeFirst(end! + 4 + length)
        let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return (status, head, body)
    }

    /// Whether the server has closed its side (nothing more to read).
    /// (A read that times out means open: recv returns 0 only at the end of the stream.)
    func isClosedByPeer() -> Bool {
        guard buffer.isEmpty else { return false }
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) == 0
    }
}
