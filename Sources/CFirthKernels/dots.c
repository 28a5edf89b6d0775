// The dot product of every row of a row-major matrix of 8-bit integers, each row with its own
// scale, with one float vector: the cosines of the context language model's vocabulary with the
// history's vector, once per generated word; and the rounding of float rows to that form.
//
// The product reads the whole matrix once per call, and the matrix of a default embedding does
// not fit in the cores' own caches: its speed is that of the memory or the shared cache, so one
// byte per element takes about two thirds of the time of half precision's two (BENCHMARKS.md).
// Each row is summed the same way whatever rows a call covers, so a product split into parts
// over several threads, or one row alone, gives exactly the same floats as one call over the
// whole matrix. The AVX-512 (four rows at once), AVX2 + FMA (two rows at once) and portable
// versions make the same operations in the same order for every row (each product an fmaf of
// an exact float, the same 16 running sums, the same tree of additions, then one multiply by
// the row's scale), so they give the same floats; the choice is made at run time.
#include "CFirthKernels.h"

#include <math.h>
#include <stddef.h>
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#define FIRTH_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

// The row's largest magnitude m, then q = round(v · (127 / m)) to nearest, ties to even, and
// scale m / 127. A NaN element counts as 0; a row of zeros, a row with an infinite element, or
// one too small for 127 / m to be a float is all 0, scale 0 (no direction to keep).
static float inverse_step(float m, float *scale) {
    float inverse = 127.0f / m;
    if (!(m > 0) || !isfinite(m) || !isfinite(inverse)) { *scale = 0; return 0; }
    *scale = m / 127.0f;
    return inverse;
}

static int8_t round_element(float v, float inverse) {
    float r = nearbyintf(v * inverse);
    if (r != r) return 0;   // NaN
    return (int8_t)(r > 127 ? 127 : r < -127 ? -127 : r);
}

static float quantize_row_portable(const float *v, int d, int8_t *q) {
    float m = 0, scale;
    for (int j = 0; j < d; j++) m = fmaxf(m, fabsf(v[j]));
    float inverse = inverse_step(m, &scale);
    for (int j = 0; j < d; j++) q[j] = round_element(v[j], inverse);
    return scale;
}

// One row's sum, as every version makes it: lane k of 16 running sums takes columns j + k of
// each block of 16 (then one block of 8 into lanes 0…7), the pairs k, k + 8 are added, then
// ((0+4) + (2+6)) + ((1+5) + (3+7)), then the last columns one by one, then × scale.
static float row_dot_portable(const int8_t *restrict row, float scale, int d, const float *restrict x) {
    float s[16] = {0};
    int j = 0;
    for (; j + 16 <= d; j += 16)
        for (int k = 0; k < 16; k++) s[k] = fmaf((float)row[j + k], x[j + k], s[k]);
    if (j + 8 <= d) {
        for (int k = 0; k < 8; k++) s[k] = fmaf((float)row[j + k], x[j + k], s[k]);
        j += 8;
    }
    float t[8];
    for (int k = 0; k < 8; k++) t[k] = s[k] + s[k + 8];
    float sum = ((t[0] + t[4]) + (t[2] + t[6])) + ((t[1] + t[5]) + (t[3] + t[7]));
    for (; j < d; j++) sum = fmaf((float)row[j], x[j], sum);
    return sum * scale;
}

static void dots_portable(const int8_t *restrict a, const float *restrict scales, int d, const float *restrict x,
                          float *restrict out, ptrdiff_t first, ptrdiff_t end) {
    for (ptrdiff_t r = first; r < end; r++) out[r] = row_dot_portable(a + r * d, scales[r], d, x);
}

#if FIRTH_X86
static int level;   // 0 portable, 1 AVX2 + FMA, 2 AVX-512 as well; set before main

// AVX2 + FMA as sgns.c tests them (the OS saves the YMM registers), then AVX-512F with the OS
// saving the ZMM and mask registers. Decided once, before main, so that threads only read it.
__attribute__((constructor)) static void detect_level(void) {
    unsigned a, b, c, d, lo, hi;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return;
    if (!(((c >> 12) & 1) && ((c >> 27) & 1) && ((c >> 28) & 1))) return;   // FMA, OSXSAVE, AVX
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 6) != 6 || !__get_cpuid_count(7, 0, &a, &b, &c, &d) || !((b >> 5) & 1)) return;   // AVX2
    level = 1;
    if (((b >> 16) & 1) && (lo & 0xe6) == 0xe6) level = 2;
}

__attribute__((target("avx2,fma")))
static inline __m256 bytes_as_floats(const int8_t *p) {
    return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)p)));
}

// Lanes 0…7 and 8…15 added, then the tree of row_dot_portable.
__attribute__((target("avx2,fma")))
static inline float reduce(__m256 s0, __m256 s1) {
    s0 = _mm256_add_ps(s0, s1);
    __m128 q = _mm_add_ps(_mm256_castps256_ps128(s0), _mm256_extractf128_ps(s0, 1));
    q = _mm_add_ps(q, _mm_movehl_ps(q, q));
    q = _mm_add_ss(q, _mm_shuffle_ps(q, q, 1));
    return _mm_cvtss_f32(q);
}

__attribute__((target("avx2,fma")))
static inline float finish(float sum, const int8_t *row, int j, int d, const float *x, float scale) {
    for (; j < d; j++) sum = __builtin_fmaf((float)row[j], x[j], sum);
    return sum * scale;
}

// Two rows at once: four independent chains of additions instead of two.
__attribute__((target("avx2,fma")))
static void dots_avx2(const int8_t *restrict a, const float *restrict scales, int d, const float *restrict x,
                      float *restrict out, ptrdiff_t first, ptrdiff_t end) {
    ptrdiff_t r = first;
    for (; r < end; r += 2) {
        int pair = r + 1 < end;
        const int8_t *r0 = a + r * d, *r1 = pair ? r0 + d : r0;
        __m256 s0 = _mm256_setzero_ps(), s1 = s0, t0 = s0, t1 = s0;
        int j = 0;
        for (; j + 16 <= d; j += 16) {
            __m256 x0 = _mm256_loadu_ps(x + j), x1 = _mm256_loadu_ps(x + j + 8);
            s0 = _mm256_fmadd_ps(bytes_as_floats(r0 + j), x0, s0);
            s1 = _mm256_fmadd_ps(bytes_as_floats(r0 + j + 8), x1, s1);
            t0 = _mm256_fmadd_ps(bytes_as_floats(r1 + j), x0, t0);
            t1 = _mm256_fmadd_ps(bytes_as_floats(r1 + j + 8), x1, t1);
        }
        if (j + 8 <= d) {
            __m256 x0 = _mm256_loadu_ps(x + j);
            s0 = _mm256_fmadd_ps(bytes_as_floats(r0 + j), x0, s0);
            t0 = _mm256_fmadd_ps(bytes_as_floats(r1 + j), x0, t0);
            j += 8;
        }
        out[r] = finish(reduce(s0, s1), r0, j, d, x, scales[r]);
        if (pair) out[r + 1] = finish(reduce(t0, t1), r1, j, d, x, scales[r + 1]);
    }
}

// Lane k of a 16-float register is lane k of the AVX2 version's s0:s1.
__attribute__((target("avx512f,avx2,fma")))
static inline float reduce512(__m512 s) {
    return reduce(_mm512_castps512_ps256(s), _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(s), 1)));
}

__attribute__((target("avx512f,avx2,fma")))
static inline __m512 bytes_as_floats512(const int8_t *p) {
    return _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)p)));
}

// Four rows at once; the rows left over (fewer than four) by the AVX2 version.
__attribute__((target("avx512f,avx2,fma")))
static void dots_avx512(const int8_t *restrict a, const float *restrict scales, int d, const float *restrict x,
                        float *restrict out, ptrdiff_t first, ptrdiff_t end) {
    ptrdiff_t r = first;
    for (; r + 4 <= end; r += 4) {
        const int8_t *r0 = a + r * d, *r1 = r0 + d, *r2 = r1 + d, *r3 = r2 + d;
        __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
        int j = 0;
        for (; j + 16 <= d; j += 16) {
            __m512 xv = _mm512_loadu_ps(x + j);
            s0 = _mm512_fmadd_ps(bytes_as_floats512(r0 + j), xv, s0);
            s1 = _mm512_fmadd_ps(bytes_as_floats512(r1 + j), xv, s1);
            s2 = _mm512_fmadd_ps(bytes_as_floats512(r2 + j), xv, s2);
            s3 = _mm512_fmadd_ps(bytes_as_floats512(r3 + j), xv, s3);
        }
        if (j + 8 <= d) {
            // Lanes 0…7 only (the running sums of lanes 8…15 are kept): the AVX2 version's s0.
            const __mmask16 low = 0xff;
            __m512 xv = _mm512_maskz_loadu_ps(low, x + j);
#define EIGHT(R) _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)((R) + j))))
            s0 = _mm512_mask3_fmadd_ps(EIGHT(r0), xv, s0, low);
            s1 = _mm512_mask3_fmadd_ps(EIGHT(r1), xv, s1, low);
            s2 = _mm512_mask3_fmadd_ps(EIGHT(r2), xv, s2, low);
            s3 = _mm512_mask3_fmadd_ps(EIGHT(r3), xv, s3, low);
#undef EIGHT
            j += 8;
        }
        out[r] = finish(reduce512(s0), r0, j, d, x, scales[r]);
        out[r + 1] = finish(reduce512(s1), r1, j, d, x, scales[r + 1]);
        out[r + 2] = finish(reduce512(s2), r2, j, d, x, scales[r + 2]);
        out[r + 3] = finish(reduce512(s3), r3, j, d, x, scales[r + 3]);
    }
    if (r < end) dots_avx2(a, scales, d, x, out, r, end);
}

__attribute__((target("avx2,fma")))
static float quantize_row_avx2(const float *v, int d, int8_t *q) {
    const __m256 magnitude = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    __m256 most = _mm256_setzero_ps();
    int j = 0;
    // max_ps returns its second operand when either is NaN: NaN elements are passed over, as by fmaxf.
    for (; j + 8 <= d; j += 8) most = _mm256_max_ps(_mm256_and_ps(_mm256_loadu_ps(v + j), magnitude), most);
    float lanes[8], m = 0, scale;
    _mm256_storeu_ps(lanes, most);
    for (int k = 0; k < 8; k++) m = fmaxf(m, lanes[k]);
    for (int k = j; k < d; k++) m = fmaxf(m, fabsf(v[k]));
    float inverse = inverse_step(m, &scale);
    // _mm256_cvtps_epi32 rounds as the current mode, to nearest with ties to even as nearbyintf.
    const __m256 by = _mm256_set1_ps(inverse);
    const __m256i top = _mm256_set1_epi32(127), bottom = _mm256_set1_epi32(-127);
    for (j = 0; j + 8 <= d; j += 8) {
        __m256 product = _mm256_mul_ps(_mm256_loadu_ps(v + j), by);
        product = _mm256_and_ps(product, _mm256_cmp_ps(product, product, _CMP_ORD_Q));   // NaN → 0
        __m256i n = _mm256_cvtps_epi32(product);
        n = _mm256_max_epi32(_mm256_min_epi32(n, top), bottom);
        __m128i words = _mm_packs_epi32(_mm256_castsi256_si128(n), _mm256_extracti128_si256(n, 1));
        _mm_storel_epi64((__m128i *)(q + j), _mm_packs_epi16(words, words));
    }
    for (; j < d; j++) q[j] = round_element(v[j], inverse);
    return scale;
}
#endif

void firth_int8_row_dots(const int8_t *a, const float *scales, int d, const float *x, float *out, ptrdiff_t first, ptrdiff_t end) {
#if FIRTH_X86
    if (level == 2) { dots_avx512(a, scales, d, x, out, first, end); return; }
    if (level == 1) { dots_avx2(a, scales, d, x, out, first, end); return; }
#endif
    dots_portable(a, scales, d, x, out, first, end);
}

void firth_int8_row_dots_avx2(const int8_t *a, const float *scales, int d, const float *x, float *out, ptrdiff_t first, ptrdiff_t end) {
#if FIRTH_X86
    if (level >= 1) { dots_avx2(a, scales, d, x, out, first, end); return; }
#endif
    dots_portable(a, scales, d, x, out, first, end);
}

void firth_int8_row_dots_portable(const int8_t *a, const float *scales, int d, const float *x, float *out, ptrdiff_t first, ptrdiff_t end) {
    dots_portable(a, scales, d, x, out, first, end);
}

float firth_int8_quantize_row(const float *v, int d, int8_t *q) {
#if FIRTH_X86
    if (level >= 1) return quantize_row_avx2(v, d, q);
#endif
    return quantize_row_portable(v, d, q);
}

float firth_int8_quantize_row_portable(const float *v, int d, int8_t *q) {
    return quantize_row_portable(v, d, q);
}

int firth_int8_kernel_level(void) {
#if FIRTH_X86
    return level;
#else
    return 0;
#endif
}

void firth_int8_to_floats(const int8_t *q, float scale, float *x, size_t n) {
    for (size_t i = 0; i < n; i++) x[i] = (float)q[i] * scale;
}
