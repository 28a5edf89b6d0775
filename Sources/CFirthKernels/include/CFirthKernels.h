// The inner loop of skip-gram training in C, where AVX2 and FMA can be chosen at run time.
#ifndef FIRTH_KERNELS_H
#define FIRTH_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// One (word, context) pair of skip-gram with negative sampling, as word2vec.c does it.
///
/// `targets[0]` is the true context (label 1), the other `count - 1` are negatives (label 0), rows
/// of `output` (d floats each). For each target c: f = w·c, g = (label − σ(f))·alpha (σ clipped at
/// ±6), gradient += g·c, c += g·w. Then w += gradient. `gradient` is scratch of d floats.
void firth_sgns_pair(float *w, float *output, const int32_t *targets, int count, int d,
                     float alpha, float *gradient);

/// One target alone: f = w·c, g as above, gradient += g·c, c += g·w (w unchanged).
void firth_sgns_step(const float *w, float *c, float label, float alpha, int d, float *gradient);

/// model[i] += Σₜ (copies[t][i] − model[i]) for t = 0, 1, … in order, then every copy[i] = model[i],
/// for i in [0, n).
void firth_merge_copies(float *model, float *const *copies, int count, size_t n);

/// What one segment's training reads besides the vectors: the sampling tables and the knobs.
typedef struct {
    /// Probability of keeping each word when subsampling (1: always kept, no draw).
    const float *keep;
    /// Cumulative unigram^0.75 distribution of the negatives, ending at 1.
    const double *cumulative;
    /// 2^guide_bits + 1 entries: the first word of each slice of [0, 1) (SkipGramModel.negativeGuide).
    const int32_t *guide;
    int guide_bits;
    int window;
    int negative;
    int dimensions;
} firth_sgns_tables;

/// Working memory of one thread for ``firth_sgns_segment``.
typedef struct {
    /// The subsampled segment: as many words as the longest segment.
    int32_t *sentence;
    /// 2·window pairs of one centre word: their context words.
    int32_t *contexts;
    /// 2·window pairs × (negative + 1) targets, and each pair's count in `counts`.
    int32_t *targets;
    int32_t *counts;
    /// d floats: w's gradient.
    float *gradient;
} firth_sgns_scratch;

/// One pass over one segment, exactly as SkipGramModel's reference loop in Swift: subsample with
/// the SplitMix64 stream whose state is `*state`, then for every kept word a dynamic window drawn
/// from 1…window and, for each neighbour in it, one ``firth_sgns_pair`` on the centre word and
/// `negative` draws (a draw equal to the centre word is skipped). `*state` is left where the
/// stream ends. The draws of a centre word's pairs are all made before its first pair trains
/// (training draws nothing, so the order of the stream is unchanged), which lets the rows of
/// the next pair be fetched from memory while the current one trains.
void firth_sgns_segment(const firth_sgns_tables *tables, const int32_t *tokens, int length, uint64_t *state,
                        float alpha, float *input, float *output, const firth_sgns_scratch *scratch);

/// 1 when the AVX2 + FMA kernel is used, 0 for the portable one.
int firth_sgns_vectorized(void);

/// out[r] = scales[r] · Σⱼ a[r·d + j]·x[j] for the rows r in [first, end) of the row-major matrix a
/// of 8-bit integers (d columns, one scale per row). Each row is summed the same way whatever the
/// range (dots.c), so parts give the whole's floats; the AVX-512, AVX2 + FMA and portable
/// versions agree to the bit.
void firth_int8_row_dots(const int8_t *a, const float *scales, int d, const float *x, float *out, ptrdiff_t first, ptrdiff_t end);
/// The AVX2 + FMA version (portable where it cannot run), and the portable one, whatever the
/// processor (for tests).
void firth_int8_row_dots_avx2(const int8_t *a, const float *scales, int d, const float *x, float *out, ptrdiff_t first, ptrdiff_t end);
void firth_int8_row_dots_portable(const int8_t *a, const float *scales, int d, const float *x, float *out, ptrdiff_t first, ptrdiff_t end);
/// Rounds the row v (d floats) to q[j] = round(v[j] · 127 / m), m its largest magnitude (to
/// nearest, ties to even); returns its scale m / 127 (0 for a row of zeros, whose q are 0).
float firth_int8_quantize_row(const float *v, int d, int8_t *q);
float firth_int8_quantize_row_portable(const float *v, int d, int8_t *q);
/// x[i] = q[i] · scale (one rounding), i in [0, n).
void firth_int8_to_floats(const int8_t *q, float scale, float *x, size_t n);
/// Which ``firth_int8_row_dots`` runs: 2 AVX-512, 1 AVX2 + FMA, 0 portable.
int firth_int8_kernel_level(void);

#endif
