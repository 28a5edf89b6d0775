// Skip-gram's per-pair update with the dot product and both vector updates fused, so that each
// context row is read twice instead of three times and no BLAS call is paid per 300 floats.
// The AVX2 + FMA version is chosen at run time (cpuid), so one binary runs everywhere; the two
// versions round differently, so the same seed gives the same digits only on the same kind of CPU.
#include "CFirthKernels.h"

#include <math.h>
#include <stddef.h>
#if defined(__x86_64__) || defined(__i386__)
#define FIRTH_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static inline float gradient_scale(float f, float label, float alpha) {
    if (f > 6) return (label - 1) * alpha;
    if (f < -6) return label * alpha;
    return (label - 1 / (1 + expf(-f))) * alpha;
}

// The portable kernel.

static void step_portable(const float *restrict w, float *restrict c, float label, float alpha, int d,
                          float *restrict gradient) {
    float f = 0;
    for (int i = 0; i < d; i++) f += w[i] * c[i];
    float g = gradient_scale(f, label, alpha);
    if (g == 0) return;
    for (int i = 0; i < d; i++) {
        float ci = c[i];
        gradient[i] += g * ci;
        c[i] = ci + g * w[i];
    }
}

static void pair_portable(float *restrict w, float *restrict output, const int32_t *targets, int count,
                          int d, float alpha, float *restrict gradient) {
    for (int i = 0; i < d; i++) gradient[i] = 0;
    for (int k = 0; k < count; k++)
        step_portable(w, output + (ptrdiff_t)targets[k] * d, k == 0 ? 1 : 0, alpha, d, gradient);
    for (int i = 0; i < d; i++) w[i] += gradient[i];
}

#if FIRTH_X86
// AVX2 + FMA: 8 floats a lane, four independent sums for the dot product.

__attribute__((target("avx2,fma")))
static inline float dot_avx2(const float *a, const float *b, int d) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps(), s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
    int i = 0;
    for (; i + 32 <= d; i += 32) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
        s2 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 16), _mm256_loadu_ps(b + i + 16), s2);
        s3 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 24), _mm256_loadu_ps(b + i + 24), s3);
    }
    for (; i + 8 <= d; i += 8) s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
    __m256 s = _mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3));
    __m128 h = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
    h = _mm_add_ps(h, _mm_movehl_ps(h, h));
    h = _mm_add_ss(h, _mm_movehdup_ps(h));
    float f = _mm_cvtss_f32(h);
    for (; i < d; i++) f += a[i] * b[i];
    return f;
}

__attribute__((target("avx2,fma")))
static inline void step_avx2(const float *restrict w, float *restrict c, float label, float alpha, int d,
                             float *restrict gradient) {
    float g = gradient_scale(dot_avx2(w, c, d), label, alpha);
    if (g == 0) return;
    __m256 gv = _mm256_set1_ps(g);
    int i = 0;
    for (; i + 8 <= d; i += 8) {
        __m256 ci = _mm256_loadu_ps(c + i);
        _mm256_storeu_ps(gradient + i, _mm256_fmadd_ps(gv, ci, _mm256_loadu_ps(gradient + i)));
        _mm256_storeu_ps(c + i, _mm256_fmadd_ps(gv, _mm256_loadu_ps(w + i), ci));
    }
    for (; i < d; i++) {
        float ci = c[i];
        gradient[i] += g * ci;
        c[i] = ci + g * w[i];
    }
}

__attribute__((target("avx2,fma")))
static void pair_avx2(float *restrict w, float *restrict output, const int32_t *targets, int count,
                      int d, float alpha, float *restrict gradient) {
    // The rows are scattered (negatives are random words): start loading them all at once.
    for (int k = 0; k < count; k++) {
        const char *row = (const char *)(output + (ptrdiff_t)targets[k] * d);
        _mm_prefetch(row, _MM_HINT_T0);
        _mm_prefetch(row + 64, _MM_HINT_T0);
    }
    __m256 zero = _mm256_setzero_ps();
    int i = 0;
    for (; i + 8 <= d; i += 8) _mm256_storeu_ps(gradient + i, zero);
    for (; i < d; i++) gradient[i] = 0;
    for (int k = 0; k < count; k++)
        step_avx2(w, output + (ptrdiff_t)targets[k] * d, k == 0 ? 1 : 0, alpha, d, gradient);
    i = 0;
    for (; i + 8 <= d; i += 8)
        _mm256_storeu_ps(w + i, _mm256_add_ps(_mm256_loadu_ps(w + i), _mm256_loadu_ps(gradient + i)));
    for (; i < d; i++) w[i] += gradient[i];
}

// Merging the threads' copies (SkipGramRounds): plain loops the compiler vectorizes.

static void merge_two(float *restrict model, float *restrict a, float *restrict b, size_t n) {
    for (size_t i = 0; i < n; i++) {
        float base = model[i];
        float sum = base + (a[i] - base);
        sum += b[i] - base;
        model[i] = sum;
        a[i] = sum;
        b[i] = sum;
    }
}

void firth_merge_copies(float *model, float *const *copies, int count, size_t n) {
    if (count == 2) { merge_two(model, copies[0], copies[1], n); return; }
    for (size_t i = 0; i < n; i++) {
        float base = model[i], sum = base;
        for (int t = 0; t < count; t++) sum += copies[t][i] - base;
        model[i] = sum;
        for (int t = 0; t < count; t++) copies[t][i] = sum;
    }
}

// Run-time choice.

static int detect(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    if (!(fma && osxsave && avx)) return 0;
    unsigned lo, hi;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 6) != 6) return 0;   // the OS saves the YMM registers
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b >> 5) & 1;           // AVX2
}
#endif

static int vectorized;

// Decided once, before main, so that threads only ever read it.
__attribute__((constructor)) static void choose(void) {
#if FIRTH_X86
    vectorized = detect();
#endif
}

int firth_sgns_vectorized(void) { return vectorized; }

void firth_sgns_pair(float *w, float *output, const int32_t *targets, int count, int d, float alpha,
                     float *gradient) {
#if FIRTH_X86
    if (vectorized) { pair_avx2(w, output, targets, count, d, alpha, gradient); return; }
#endif
    pair_portable(w, output, targets, count, d, alpha, gradient);
}

void firth_sgns_step(const float *w, float *c, float label, float alpha, int d, float *gradient) {
#if FIRTH_X86
    if (vectorized) { step_avx2(w, c, label, alpha, d, gradient); return; }
#endif
    step_portable(w, c, label, alpha, d, gradient);
}
