// The dot product of every row of a row-major float matrix with one vector: the cosines of
// the context language model's vocabulary with the history's vector, once per generated word.
//
// OpenBLAS's sgemv does the same product, but each call may wake its threads (which then spin
// for a while), and its kernel for this shape was slower than the loop below (BENCHMARKS.md,
// "the cosines by a row-wise kernel"). Each row is summed the same way whatever rows a
// call covers, so a product split into parts over several threads, or one row alone, gives
// exactly the same floats as one call over the whole matrix. The AVX2 + FMA version is chosen
// at run time by the same test as sgns.c's; the portable one rounds differently.
#include "CFirthKernels.h"

#include <stddef.h>
#if defined(__x86_64__) || defined(__i386__)
#define FIRTH_X86 1
#include <immintrin.h>
#endif

static void dots_portable(const float *restrict a, int d, const float *restrict x, float *restrict out,
                          ptrdiff_t first, ptrdiff_t end) {
    for (ptrdiff_t r = first; r < end; r++) {
        const float *row = a + r * d;
        float s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        int j = 0;
        for (; j + 8 <= d; j += 8)
            for (int k = 0; k < 8; k++) s[k] += row[j + k] * x[j + k];
        float sum = ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
        for (; j < d; j++) sum += row[j] * x[j];
        out[r] = sum;
    }
}

#if FIRTH_X86
__attribute__((target("avx2,fma")))
static void dots_avx2(const float *restrict a, int d, const float *restrict x, float *restrict out,
                      ptrdiff_t first, ptrdiff_t end) {
    for (ptrdiff_t r = first; r < end; r++) {
        const float *row = a + r * d;
        __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
        int j = 0;
        for (; j + 16 <= d; j += 16) {
            s0 = _mm256_fmadd_ps(_mm256_loadu_ps(row + j), _mm256_loadu_ps(x + j), s0);
            s1 = _mm256_fmadd_ps(_mm256_loadu_ps(row + j + 8), _mm256_loadu_ps(x + j + 8), s1);
        }
        if (j + 8 <= d) {
            s0 = _mm256_fmadd_ps(_mm256_loadu_ps(row + j), _mm256_loadu_ps(x + j), s0);
            j += 8;
        }
        s0 = _mm256_add_ps(s0, s1);
        __m128 q = _mm_add_ps(_mm256_castps256_ps128(s0), _mm256_extractf128_ps(s0, 1));
        q = _mm_add_ps(q, _mm_movehl_ps(q, q));
        q = _mm_add_ss(q, _mm_shuffle_ps(q, q, 1));
        float sum = _mm_cvtss_f32(q);
        for (; j < d; j++) sum = __builtin_fmaf(row[j], x[j], sum);
        out[r] = sum;
    }
}

#endif

void firth_row_dots(const float *a, int d, const float *x, float *out, ptrdiff_t first, ptrdiff_t end) {
#if FIRTH_X86
    if (firth_sgns_vectorized()) { dots_avx2(a, d, x, out, first, end); return; }
#endif
    dots_portable(a, d, x, out, first, end);
}
