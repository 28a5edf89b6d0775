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

/// 1 when the AVX2 + FMA kernel is used, 0 for the portable one.
int firth_sgns_vectorized(void);

#endif
