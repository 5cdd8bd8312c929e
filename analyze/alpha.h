/*
 * alpha.h: Cronbach's alpha of a scale (internal consistency).
 *
 * analyze uses it for res_scales, over the responses of a group that
 * answered every item of a construct.  Pure function over a matrix.
 *
 * Absent figures: an alpha that cannot be computed is written as NAN and
 * the function still returns MS_OK; the caller stores NULL where
 * !isfinite(alpha).  Any other status means the caller broke the contract
 * (MS_SOFTWARE) or memory ran out (MS_NOMEM); *alpha is then unchanged.
 */
#ifndef MS_ALPHA_H
#define MS_ALPHA_H

#include <stddef.h>

#include "status.h"

/* Cronbach's alpha of k items answered by n responses (Cronbach 1951,
 * Psychometrika 16:297-334; Bland & Altman 1997, BMJ 314:572):
 *
 *     alpha = k/(k-1) (1 - sum_i s_i^2 / s_T^2),
 *
 * s_i^2 the sample variance of item i and s_T^2 that of the response
 * totals (both with divisor n - 1; the divisor cancels).  x is row-major,
 * one complete response per row: item i of response r is x[r * k + i].
 * alpha is at most 1 and can be negative.
 * NAN (absent) when k < 2, n < 2, or the totals do not vary (s_T^2 = 0,
 * or below 1e-12 sum_i s_i^2, which only rounding can produce).
 * Returns MS_SOFTWARE when alpha is NULL, x is NULL with n k > 0, n k
 * overflows, or a value is not finite; MS_NOMEM when the n totals (freed
 * before return) cannot be allocated.  On either, *alpha is unchanged. */
enum ms_status alpha_cronbach(const double *x, size_t n, size_t k,
                              double *alpha);

/* The same alpha from the sums of n complete responses to k items:
 * sum[i] = sum_r x_ri and cross[i k + j] = sum_r x_ri x_rj (k x k), so that
 * groups can be tallied once and added up:
 *
 *     s_i^2 = (cross_ii - sum_i^2 / n) / (n - 1),
 *     s_T^2 = sum_ij (cross_ij - sum_i sum_j / n) / (n - 1).
 *
 * Exact when the answers are whole numbers (the sums are then exact in a
 * double up to 2^53); for other data alpha_cronbach's two passes are the
 * more accurate.  Same absent rules as alpha_cronbach.  Returns
 * MS_SOFTWARE when alpha is NULL, sum or cross is NULL with k > 0, k * k
 * overflows, or a sum is not finite; *alpha is then unchanged.
 * Allocates nothing. */
enum ms_status alpha_cronbach_sums(size_t n, size_t k, const double *sum,
                                   const double *cross, double *alpha);

#endif
