/// A seedable pseudo-random number generator: SplitMix64.
///
/// ```swift
/// var generator = SplitMix64(seed: 17)
/// let die = Int.random(in: 1...6, using: &generator)   // same value on every run
/// ```
///
/// Firth needs reproducible randomness (the Gaussian test matrix of ``RandomizedSVD``), and
/// the standard library's `SystemRandomNumberGenerator` cannot be seeded, so the generator
/// is written here. SplitMix64 is the generator of Steele, Lea & Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014, doi:10.1145/2660193.2660195, in the form
/// of Vigna's reference `splitmix64.c`: a Weyl sequence (the state advances by the odd
/// constant γ = 0x9E3779B97F4A7C15) followed by a 64-bit finalizer. It passes BigCrush,
/// needs 8 bytes of state, and — the property Firth uses — jumping ahead is free: after
/// `n` outputs the state is `seed &+ n &* γ`, so separate threads can fill separate
/// blocks of one random matrix and still produce exactly the sequential stream.
///
/// - Warning: Not a cryptographic generator.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The odd increment of the Weyl sequence, ⌊2⁶⁴/φ⌋ rounded to odd.
    static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The generator's whole state; the next output is a function of it alone.
    public private(set) var state: UInt64

    /// Creates a generator whose output is determined by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// Creates the generator that `SplitMix64(seed:)` becomes after `count` outputs,
    /// in O(1).
    public init(seed: UInt64, skipping count: UInt64) {
        state = seed &+ count &* Self.gamma
    }

    /// Returns the next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= Self.gamma
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
