// The dot product of every row of a row-major matrix of IEEE half-precision floats with one
// float vector: the cosines of the context language model's vocabulary with the history's
// vector, once per generated word, and the conversions between float and half.
//
// The product reads the whole matrix once per call, and the matrix of a default embedding is
// larger than the last-level cache: its speed is that of memory, so rows of halves (2 bytes
// per element) take about half the time of rows of floats. Each row is summed the same way
// whatever rows a call covers, so a product split into parts over several threads, or one
// row alone, gives exactly the same floats as one call over the whole matrix. The AVX2 + FMA
// + F16C version is chosen at run time; the portable one makes the same operations in the
// same order (each product an fmaf, the same tree of additions), so it gives the same floats.
#include "CFirthKernels.h"

#include <math.h>
#include <stddef.h>
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#define FIRTH_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static float half_to_float(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000) << 16, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff, bits;
    if (exponent == 0) {
        float value = (float)mantissa * 0x1p-24f;          // zero or subnormal: exact
        return sign ? -value : value;
    }
    if (exponent == 31) bits = sign | 0x7f800000u | (mantissa << 13) | (mantissa ? 0x400000u : 0);   // NaN made quiet, as F16C
    else bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

// Round to nearest, ties to even, as F16C's _mm256_cvtps_ph and Swift's Float16(_: Float).
static uint16_t float_to_half(float value) {
    uint32_t x;
    memcpy(&x, &value, sizeof x);
    uint16_t sign = (x >> 16) & 0x8000;
    uint32_t magnitude = x & 0x7fffffffu;
    if (magnitude >= 0x7f800000u)                            // infinity, NaN (made quiet, its top bits kept)
        return sign | (magnitude == 0x7f800000u ? 0x7c00 : 0x7e00 | ((magnitude >> 13) & 0x3ff));
    if (magnitude >= 0x477ff000u) return sign | 0x7c00;     // 65520 and up round to infinity
    if (magnitude >= 0x38800000u) {                          // 2⁻¹⁴ and up: a normal half
        uint32_t m = magnitude - (112u << 23);
        m += 0xfff + ((m >> 13) & 1);
        return sign | (uint16_t)(m >> 13);
    }
    if (magnitude <= 0x33000000u) return sign;               // up to 2⁻²⁵ (a tie, to the even 0)
    uint32_t exponent = magnitude >> 23, mantissa = (magnitude & 0x7fffff) | 0x800000;
    uint32_t shift = 126 - exponent;                         // 14…24: units of 2⁻²⁴
    uint32_t k = mantissa >> shift, rest = mantissa & ((1u << shift) - 1), half = 1u << (shift - 1);
    if (rest > half || (rest == half && (k & 1))) k++;
    return sign | (uint16_t)k;
}

static void half_dots_portable(const uint16_t *restrict a, int d, const float *restrict x, float *restrict out,
                               ptrdiff_t first, ptrdiff_t end) {
    for (ptrdiff_t r = first; r < end; r++) {
        const uint16_t *row = a + r * d;
        float s[16] = {0};
        int j = 0;
        for (; j + 16 <= d; j += 16)
            for (int k = 0; k < 16; k++) s[k] = fmaf(half_to_float(row[j + k]), x[j + k], s[k]);
        if (j + 8 <= d) {
            for (int k = 0; k < 8; k++) s[k] = fmaf(half_to_float(row[j + k]), x[j + k], s[k]);
            j += 8;
        }
        float t[8];
        for (int k = 0; k < 8; k++) t[k] = s[k] + s[k + 8];
        float sum = ((t[0] + t[4]) + (t[2] + t[6])) + ((t[1] + t[5]) + (t[3] + t[7]));
        for (; j < d; j++) sum = fmaf(half_to_float(row[j]), x[j], sum);
        out[r] = sum;
    }
}

#if FIRTH_X86
static int has_f16c;

__attribute__((constructor)) static void detect_f16c(void) {
    unsigned a, b, c, d;
    has_f16c = __get_cpuid(1, &a, &b, &c, &d) && ((c >> 29) & 1);
}

// AVX2 + FMA as sgns.c tests them (the OS saves the YMM registers), and F16C.
static int vectorized(void) { return has_f16c && firth_sgns_vectorized(); }

__attribute__((target("avx2,fma,f16c")))
static void half_dots_avx2(const uint16_t *restrict a, int d, const float *restrict x, float *restrict out,
                           ptrdiff_t first, ptrdiff_t end) {
    for (ptrdiff_t r = first; r < end; r++) {
        const uint16_t *row = a + r * d;
        __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
        int j = 0;
        for (; j + 16 <= d; j += 16) {
            s0 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(row + j))), _mm256_loadu_ps(x + j), s0);
            s1 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(row + j + 8))), _mm256_loadu_ps(x + j + 8), s1);
        }
        if (j + 8 <= d) {
            s0 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(row + j))), _mm256_loadu_ps(x + j), s0);
            j += 8;
        }
        s0 = _mm256_add_ps(s0, s1);
        __m128 q = _mm_add_ps(_mm256_castps256_ps128(s0), _mm256_extractf128_ps(s0, 1));
        q = _mm_add_ps(q, _mm_movehl_ps(q, q));
        q = _mm_add_ss(q, _mm_shuffle_ps(q, q, 1));
        float sum = _mm_cvtss_f32(q);
        for (; j < d; j++) sum = __builtin_fmaf(_cvtsh_ss(row[j]), x[j], sum);
        out[r] = sum;
    }
}

__attribute__((target("avx2,f16c")))
static void to_halves_f16c(const float *x, uint16_t *h, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm_storeu_si128((__m128i *)(h + i), _mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT));
    for (; i < n; i++) h[i] = float_to_half(x[i]);
}

__attribute__((target("avx2,f16c")))
static void to_floats_f16c(const uint16_t *h, float *x, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(x + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(h + i))));
    for (; i < n; i++) x[i] = half_to_float(h[i]);
}
#endif

void firth_half_row_dots(const uint16_t *a, int d, const float *x, float *out, ptrdiff_t first, ptrdiff_t end) {
#if FIRTH_X86
    if (vectorized()) { half_dots_avx2(a, d, x, out, first, end); return; }
#endif
    half_dots_portable(a, d, x, out, first, end);
}

void firth_half_row_dots_portable(const uint16_t *a, int d, const float *x, float *out, ptrdiff_t first, ptrdiff_t end) {
    half_dots_portable(a, d, x, out, first, end);
}

void firth_floats_to_halves(const float *x, uint16_t *h, size_t n) {
#if FIRTH_X86
    if (vectorized()) { to_halves_f16c(x, h, n); return; }
#endif
    for (size_t i = 0; i < n; i++) h[i] = float_to_half(x[i]);
}

void firth_floats_to_halves_portable(const float *x, uint16_t *h, size_t n) {
    for (size_t i = 0; i < n; i++) h[i] = float_to_half(x[i]);
}

void firth_halves_to_floats(const uint16_t *h, float *x, size_t n) {
#if FIRTH_X86
    if (vectorized()) { to_floats_f16c(h, x, n); return; }
#endif
    for (size_t i = 0; i < n; i++) x[i] = half_to_float(h[i]);
}

void firth_halves_to_floats_portable(const uint16_t *h, float *x, size_t n) {
    for (size_t i = 0; i < n; i++) x[i] = half_to_float(h[i]);
}
