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

static int vectorized;   // set once before main (choose, below)

// The sigmoid from a table, as word2vec.c and gensim do (1,000 steps there), but interpolated
// linearly between its 1,024 steps over [−6, 6], which keeps it within 2·10⁻⁶ of σ instead of
// 0.003; expf cost about a twentieth of a pair's instructions.
#define SIGMOID_STEPS 1024
static float sigmoid_table[SIGMOID_STEPS + 2];   // σ(−6 + 12·i/SIGMOID_STEPS), i = 0 … STEPS + 1
__attribute__((constructor)) static void fill_sigmoid(void) {
    for (int i = 0; i <= SIGMOID_STEPS + 1; i++) {
        double x = -6 + 12.0 * i / SIGMOID_STEPS;
        sigmoid_table[i] = (float)(1 / (1 + exp(-x)));
    }
}
static inline float gradient_scale(float f, float label, float alpha) {
    if (f > 6) return (label - 1) * alpha;
    if (!(f >= -6)) return label * alpha;   // also NaN, which must not index the table
    float x = (f + 6) * (SIGMOID_STEPS / 12.0f);
    int i = (int)x;
    float lo = sigmoid_table[i], s = lo + (x - (float)i) * (sigmoid_table[i + 1] - lo);
    return (label - s) * alpha;
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
// AVX2 + FMA: 8 floats a lane, four independent sums for the dot product. The last d mod 8
// floats (4 of 300) go through masked loads and stores rather than a scalar loop.

__attribute__((target("avx2")))
static inline __m256i tail_mask(int remaining) {
    static const int32_t lanes[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
    return _mm256_loadu_si256((const __m256i *)(lanes + 8 - remaining));
}

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
    if (i < d) {
        __m256i mask = tail_mask(d - i);
        s1 = _mm256_fmadd_ps(_mm256_maskload_ps(a + i, mask), _mm256_maskload_ps(b + i, mask), s1);
    }
    __m256 s = _mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3));
    __m128 h = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
    h = _mm_add_ps(h, _mm_movehl_ps(h, h));
    h = _mm_add_ss(h, _mm_movehdup_ps(h));
    return _mm_cvtss_f32(h);
}

__attribute__((target("avx2,fma")))
static inline void step_avx2(const float *restrict w, float *restrict c, float label, float alpha, int d,
                             float *restrict gradient) {
    float g = gradient_scale(dot_avx2(w, c, d), label, alpha);
    if (g == 0) return;
    __m256 gv = _mm256_set1_ps(g);
    int i = 0;
    // Unrolled: the loop's own counting was a sixth of the kernel's instructions.
#pragma clang loop unroll_count(4)
    for (; i + 8 <= d; i += 8) {
        __m256 ci = _mm256_loadu_ps(c + i);
        _mm256_storeu_ps(gradient + i, _mm256_fmadd_ps(gv, ci, _mm256_loadu_ps(gradient + i)));
        _mm256_storeu_ps(c + i, _mm256_fmadd_ps(gv, _mm256_loadu_ps(w + i), ci));
    }
    if (i < d) {
        __m256i mask = tail_mask(d - i);
        __m256 ci = _mm256_maskload_ps(c + i, mask);
        _mm256_maskstore_ps(gradient + i, mask, _mm256_fmadd_ps(gv, ci, _mm256_maskload_ps(gradient + i, mask)));
        _mm256_maskstore_ps(c + i, mask, _mm256_fmadd_ps(gv, _mm256_maskload_ps(w + i, mask), ci));
    }
}

// The pair one target at a time (word2vec.c's order): used when a target appears twice, so
// that its second step sees the row the first one changed, and for more than FUSED_MOST targets.
__attribute__((target("avx2,fma")))
static void pair_avx2_sequential(float *restrict w, float *restrict output, const int32_t *targets, int count,
                                 int d, float alpha, float *restrict gradient) {
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

// All targets of a pair at once. w does not move until the pair is done, and a target's row
// moves only in its own step, so when the targets are distinct every dot product w·c_k can be
// taken before any update: one sweep reads w once for all of them (N sums side by side), and
// a second sweep makes every update with w and the gradient in registers,
//     gradient += g_k·c_k (old c_k), c_k += g_k·w, for k = 0 … N−1 in order, then w += gradient,
// the same arithmetic in the same order as the sequential pair, without storing and reloading
// the gradient once per target. Only the dot products' summation order differs (rounding).
#define FUSED_MOST 6

__attribute__((target("avx2,fma"), always_inline))
static inline void dots_fused(const float *w, float *const *c, int n, int d, float *out) {
    __m256 even[FUSED_MOST], odd[FUSED_MOST];
    for (int k = 0; k < n; k++) { even[k] = _mm256_setzero_ps(); odd[k] = _mm256_setzero_ps(); }
    int i = 0;
    for (; i + 16 <= d; i += 16) {
        __m256 w0 = _mm256_loadu_ps(w + i), w1 = _mm256_loadu_ps(w + i + 8);
        for (int k = 0; k < n; k++) {
            even[k] = _mm256_fmadd_ps(w0, _mm256_loadu_ps(c[k] + i), even[k]);
            odd[k] = _mm256_fmadd_ps(w1, _mm256_loadu_ps(c[k] + i + 8), odd[k]);
        }
    }
    if (i + 8 <= d) {
        __m256 w0 = _mm256_loadu_ps(w + i);
        for (int k = 0; k < n; k++) even[k] = _mm256_fmadd_ps(w0, _mm256_loadu_ps(c[k] + i), even[k]);
        i += 8;
    }
    if (i < d) {
        __m256i mask = tail_mask(d - i);
        __m256 w0 = _mm256_maskload_ps(w + i, mask);
        for (int k = 0; k < n; k++) odd[k] = _mm256_fmadd_ps(w0, _mm256_maskload_ps(c[k] + i, mask), odd[k]);
    }
    for (int k = 0; k < n; k++) {
        __m256 s = _mm256_add_ps(even[k], odd[k]);
        __m128 h = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
        h = _mm_add_ps(h, _mm_movehl_ps(h, h));
        h = _mm_add_ss(h, _mm_movehdup_ps(h));
        out[k] = _mm_cvtss_f32(h);
    }
}

__attribute__((target("avx2,fma"), always_inline))
static inline void updates_fused(float *w, float *const *c, const float *g, int n, int d) {
    __m256 gv[FUSED_MOST];
    for (int k = 0; k < n; k++) gv[k] = _mm256_set1_ps(g[k]);
    int i = 0;
    for (; i + 8 <= d; i += 8) {
        __m256 wv = _mm256_loadu_ps(w + i), sum = _mm256_setzero_ps();
        for (int k = 0; k < n; k++) {
            __m256 ck = _mm256_loadu_ps(c[k] + i);
            sum = _mm256_fmadd_ps(gv[k], ck, sum);
            _mm256_storeu_ps(c[k] + i, _mm256_fmadd_ps(gv[k], wv, ck));
        }
        _mm256_storeu_ps(w + i, _mm256_add_ps(wv, sum));
    }
    if (i < d) {
        __m256i mask = tail_mask(d - i);
        __m256 wv = _mm256_maskload_ps(w + i, mask), sum = _mm256_setzero_ps();
        for (int k = 0; k < n; k++) {
            __m256 ck = _mm256_maskload_ps(c[k] + i, mask);
            sum = _mm256_fmadd_ps(gv[k], ck, sum);
            _mm256_maskstore_ps(c[k] + i, mask, _mm256_fmadd_ps(gv[k], wv, ck));
        }
        _mm256_maskstore_ps(w + i, mask, _mm256_add_ps(wv, sum));
    }
}

// The compiler keeps the N sums in registers only when N is a constant: one copy per N.
#define FUSED_CASE(N) case N: dots_fused(w, rows, N, d, f); break;
#define UPDATE_CASE(N) case N: updates_fused(w, moving, g, N, d); break;

__attribute__((target("avx2,fma")))
static void pair_avx2(float *restrict w, float *restrict output, const int32_t *targets, int count,
                      int d, float alpha, float *restrict gradient) {
    // The rows are scattered (negatives are random words): start loading them all at once.
    for (int k = 0; k < count; k++) {
        const char *row = (const char *)(output + (ptrdiff_t)targets[k] * d);
        _mm_prefetch(row, _MM_HINT_T0);
        _mm_prefetch(row + 64, _MM_HINT_T0);
    }
    int distinct = count <= FUSED_MOST;
    for (int a = 1; a < count && distinct; a++)
        for (int b = 0; b < a; b++) if (targets[a] == targets[b]) { distinct = 0; break; }
    if (!distinct) { pair_avx2_sequential(w, output, targets, count, d, alpha, gradient); return; }
    float *rows[FUSED_MOST], *moving[FUSED_MOST];
    float f[FUSED_MOST], g[FUSED_MOST];
    for (int k = 0; k < count; k++) rows[k] = output + (ptrdiff_t)targets[k] * d;
    switch (count) {
        FUSED_CASE(1) FUSED_CASE(2) FUSED_CASE(3) FUSED_CASE(4) FUSED_CASE(5) FUSED_CASE(6)
        default: return;
    }
    // A target whose g is 0 (a prediction right beyond the clip) changes nothing: left out.
    int n = 0;
    for (int k = 0; k < count; k++) {
        float gk = gradient_scale(f[k], k == 0 ? 1 : 0, alpha);
        if (gk != 0) { moving[n] = rows[k]; g[n] = gk; n++; }
    }
    switch (n) {
        UPDATE_CASE(1) UPDATE_CASE(2) UPDATE_CASE(3) UPDATE_CASE(4) UPDATE_CASE(5) UPDATE_CASE(6)
        default: break;
    }
}

// One segment (SkipGramModel.trainSegment, moved here so that the loop, the draws and the kernel
// are compiled together, optimized even in debug builds, with no call across languages per pair).

static inline uint64_t splitmix_next(uint64_t *state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// The pairs of one centre word: their context words, targets (centre word first, then the
// negatives that differ from it, `stride` slots a pair) and target counts. Returns how many.
static int draw_pairs(const firth_sgns_tables *t, const int32_t *sentence, int length, int position,
                      uint64_t *state, int32_t *contexts, int32_t *targets, int32_t *counts) {
    const int32_t word = sentence[position];
    const int window = t->window, negative = t->negative, stride = negative + 1, shift = 64 - t->guide_bits;
    const double *cumulative = t->cumulative;
    const int32_t *guide = t->guide;
    int reach = window - (int)(splitmix_next(state) % (uint64_t)window);
    int first = position - reach < 0 ? 0 : position - reach;
    int last = position + reach > length - 1 ? length - 1 : position + reach;
    int n = 0;
    for (int other = first; other <= last; other++) {
        if (other == position) continue;
        int32_t *row = targets + (ptrdiff_t)n * stride;
        row[0] = word;
        int count = 1;
        for (int j = 0; j < negative; j++) {
            uint64_t bits = splitmix_next(state);
            double u = (double)(bits >> 11) * 0x1p-53;
            size_t slice = (size_t)(bits >> shift);
            int low = guide[slice], high = guide[slice + 1];
            while (low < high) {
                int middle = (low + high) / 2;
                if (cumulative[middle] <= u) low = middle + 1; else high = middle;
            }
            if (low != word) row[count++] = low;
        }
        contexts[n] = sentence[other];
        counts[n] = count;
        n++;
    }
    return n;
}

// Asks for the first cache lines of a pair's rows ahead of its turn: the negatives are random
// words, so their rows are seldom in cache, and waiting for them is most of a pair's time.
static inline void prefetch_pair(const float *input, const float *output, int32_t context, const int32_t *targets,
                                 int count, int d) {
    const char *w = (const char *)(input + (ptrdiff_t)context * d);
    __builtin_prefetch(w, 0, 3);
    __builtin_prefetch(w + 64, 0, 3);
    for (int k = 0; k < count; k++) {
        const char *row = (const char *)(output + (ptrdiff_t)targets[k] * d);
        __builtin_prefetch(row, 1, 3);
        __builtin_prefetch(row + 64, 1, 3);
    }
}

typedef void (*pair_function)(float *, float *, const int32_t *, int, int, float, float *);

void firth_sgns_segment(const firth_sgns_tables *tables, const int32_t *tokens, int length, uint64_t *state,
                        float alpha, float *input, float *output, const firth_sgns_scratch *scratch) {
    const int d = tables->dimensions, stride = tables->negative + 1, most = 2 * tables->window;
    pair_function pair = pair_portable;
#if FIRTH_X86
    if (vectorized) pair = pair_avx2;
#endif
    // Subsampling: a word is dropped when a draw in [0, 1) with 24 bits lands above its keep
    // probability; words always kept draw nothing.
    int32_t *sentence = scratch->sentence;
    int kept = 0;
    for (int i = 0; i < length; i++) {
        int32_t word = tokens[i];
        float p = tables->keep[word];
        if (p < 1 && p < (float)(splitmix_next(state) >> 40) * 0x1p-24f) continue;
        sentence[kept++] = word;
    }
    if (kept == 0) return;
    // Two buffers of pairs: the next centre word's are drawn before the current one's train.
    int32_t *contexts[2] = {scratch->contexts, scratch->contexts + most};
    int32_t *targets[2] = {scratch->targets, scratch->targets + (ptrdiff_t)most * stride};
    int32_t *counts[2] = {scratch->counts, scratch->counts + most};
    int n[2] = {draw_pairs(tables, sentence, kept, 0, state, contexts[0], targets[0], counts[0]), 0};
    for (int position = 0, b = 0; position < kept; position++, b ^= 1) {
        n[b ^ 1] = position + 1 < kept
            ? draw_pairs(tables, sentence, kept, position + 1, state, contexts[b ^ 1], targets[b ^ 1], counts[b ^ 1])
            : 0;
        for (int j = 0; j < n[b]; j++) {
            if (j + 1 < n[b])
                prefetch_pair(input, output, contexts[b][j + 1], targets[b] + (ptrdiff_t)(j + 1) * stride, counts[b][j + 1], d);
            else if (n[b ^ 1] > 0)
                prefetch_pair(input, output, contexts[b ^ 1][0], targets[b ^ 1], counts[b ^ 1][0], d);
            pair(input + (ptrdiff_t)contexts[b][j] * d, output, targets[b] + (ptrdiff_t)j * stride, counts[b][j], d,
                 alpha, scratch->gradient);
        }
    }
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
