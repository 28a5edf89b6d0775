import Foundation

/// A sequential single-hue colour scale (ColorBrewer "Blues"): white for 0, dark blue for the maximum.
///
/// Every channel of the nine anchor colours falls monotonically, so the interpolated colours'
/// luminance falls monotonically too: the order of values survives printing in grayscale and
/// the common forms of colour blindness. ``luminance(_:)`` is what the tests check that with.
///
/// ```swift
/// ColorScale.blues.color(at: 0)     // "#f7fbff"
/// ColorScale.blues.color(at: 1)     // "#08306b"
/// ```
public struct ColorScale: Sendable {
    /// The anchors as (r, g, b) in 0…255, from t = 0 to t = 1 at equal steps.
    public let anchors: [(Double, Double, Double)]

    public static let blues = ColorScale(anchors: [
        (0xF7, 0xFB, 0xFF), (0xDE, 0xEB, 0xF7), (0xC6, 0xDB, 0xEF), (0x9E, 0xCA, 0xE1), (0x6B, 0xAE, 0xD6),
        (0x42, 0x92, 0xC6), (0x21, 0x71, 0xB5), (0x08, 0x51, 0x9C), (0x08, 0x30, 0x6B),
    ])

    /// The colour at `t` in 0…1 (clamped), as (r, g, b) in 0…255.
    public func rgb(at t: Double) -> (Double, Double, Double) {
        let t = min(max(t.isFinite ? t : 0, 0), 1)
        let position = t * Double(anchors.count - 1)
        let i = min(Int(position), anchors.count - 2)
        let f = position - Double(i)
        let a = anchors[i], b = anchors[i + 1]
        return (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f)
    }

    /// The colour at `t` as `#rrggbb`.
    public func color(at t: Double) -> String {
        let (r, g, b) = rgb(at: t)
        return String(format: "#%02x%02x%02x", Int(r.rounded()), Int(g.rounded()), Int(b.rounded()))
    }

    /// Relative luminance (WCAG 2, 0 = black, 1 = white) of the colour at `t`.
    public func luminance(_ t: Double) -> Double {
        let (r, g, b) = rgb(at: t)
        func linear(_ c: Double) -> Double {
            let s = c / 255
            return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    /// Black or white, whichever reads better on the colour at `t`.
    public func textColor(at t: Double) -> String {
        luminance(t) > 0.3 ? "#000000" : "#ffffff"
    }
}
