/*
 * wilcoxon.h: the paired Wilcoxon signed-rank test, normal approximation.
 *
 * analyze uses it for res_change (final vs intro answers of the same pairs),
 * with the matched-pairs rank-biserial correlation as its effect size.
 * It reproduces R's wilcox.test(x, y, paired = TRUE, exact = FALSE,
 * correct = TRUE).  Pure function over two arrays.
 *
 * Absent figures: a figure that cannot be computed is written as NAN and
 * the function still returns MS_OK; the caller stores NULL where
 * !isfinite(x).  Any other status means the caller broke the contract
 * (MS_SOFTWARE) or memory ran out (MS_NOMEM); the output is then unchanged.
 */
#ifndef MS_WILCOXON_H
#define MS_WILCOXON_H

#include <stddef.h>

#include "status.h"

/* What wilcoxon_signed_rank finds. */
struct wilcoxon_result {
    size_t n_used;  /* pairs whose difference is not 0: the n of the test */
    double v;       /* sum of the ranks of positive differences; 0 when none */
    double z;       /* corrected normal deviate; NAN when n_used = 0 */
    double p;       /* two-sided p-value; NAN when n_used = 0 */
};

/* The signed-rank test of d_i = x[i] - y[i], i < n (x = final, y = intro),
 * as in R's wilcox.test(x, y, paired = TRUE, exact = FALSE, correct = TRUE)
 * (Wilcoxon 1945; Hollander & Wolfe 1973, Nonparametric Statistical
 * Methods, ch. 3; R Core Team, src/library/stats/R/wilcox.test.R):
 * differences equal to 0 are dropped, leaving m; the |d| are ranked with
 * average ranks for ties; V is the sum of the ranks of the positive d; with
 * t_j the sizes of the groups of tied |d|,
 *
 *     z = (V - m(m+1)/4 - sign(V - m(m+1)/4) / 2)
 *         / sqrt(m(m+1)(2m+1)/24 - sum(t_j^3 - t_j)/48),
 *     p = 2 min(Phi(z), 1 - Phi(z)).
 *
 * Differences are compared exactly (R's default digits.rank = Inf).
 * n = 0, or every difference 0: v = 0, z and p NAN (absent), MS_OK.
 * Returns MS_SOFTWARE when out is NULL, x or y is NULL with n > 0, or a
 * value or difference is not finite; MS_NOMEM when the rank workspace
 * (2 n doubles and n size_t, freed before return) cannot be allocated.
 * On either, *out is unchanged. */
enum ms_status wilcoxon_signed_rank(const double *x, const double *y,
                                    size_t n, struct wilcoxon_result *out);

/* The same test from a tally of the differences: count[i] pairs whose
 * difference (final - intro) is diff[i], i < k, in any order; a value may
 * appear more than once (its counts add up).  analyze tallies answers on
 * an integer scale, so a group's differences are a few values many times
 * over and this needs no sort of the pairs.  Same result, absent rules
 * and statuses as wilcoxon_signed_rank (MS_SOFTWARE also for a negative
 * count); the workspace is k doubles and k size_t, freed before return. */
enum ms_status wilcoxon_signed_rank_tally(const double *diff,
                                          const long *count, size_t k,
                                          struct wilcoxon_result *out);

/* The matched-pairs rank-biserial correlation of a signed-rank test's
 * result w (Kerby 2014, "The simple difference formula: an approach to
 * teaching nonparametric correlation", Comprehensive Psychology 3, 11.IT.3.1;
 * King, Rosopa & Minium 2011, Statistical Reasoning in the Behavioral
 * Sciences, 6th ed.): with T+ = w->v the sum of the ranks of the positive
 * differences and T- that of the negative ones, T+ + T- = m(m+1)/2 for
 * the m = w->n_used nonzero differences, so
 *
 *     r = (T+ - T-) / (T+ + T-) = 2 T+ / (m(m+1)/2) - 1,
 *
 * from -1 (every pair fell) to +1 (every pair rose).  Returns NAN (absent)
 * when w is NULL or m = 0 (every difference 0).  This function can't
 * fail and allocates nothing. */
double wilcoxon_rank_biserial(const struct wilcoxon_result *w);

#endif
