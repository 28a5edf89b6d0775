import Foundation
import FirthKit

/// A ``FirthError`` as the command line says it: with the flag that answers it, where there is one.
func userMessage(_ error: FirthError) -> String {
    if case .databaseBusy = error, StoreAccess.offersWait {
        return "\(error), or pass --wait to wait for it"
    }
    return ParameterFlags.message(error)
}

/// One line for an error raised by SQLite or Foundation rather than by Firth, or nil for the
/// argument parser's own errors (help, usage), which it prints itself.
func userMessage(forSystemError error: any Error) -> String? {
    if let path = StoreAccess.path, let translated = FirthError.translating(error, path: path) as? FirthError {
        return userMessage(translated)
    }
    if let error = error as? CocoaError {
        let path = (error.userInfo[NSFilePathErrorKey] as? String) ?? error.filePath ?? error.url?.path ?? "a file"
        var reason = "cannot be written"
        if error.code.rawValue >= CocoaError.fileReadUnknown.rawValue && error.code.rawValue < CocoaError.fileWriteUnknown.rawValue {
            reason = "cannot be read"
        }
        if let posix = error.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            reason += " (\(String(cString: strerror(Int32(posix.code)))))"
        }
        return "\(path): \(reason)"
    }
    return nil
}
