/*
 * ratio.h: the ratio estimator R = sum y / sum x over clusters, with its
 * linearised (Taylor) standard error and normal interval.
 *
 * analyze uses it where a figure is a ratio of totals over pairs that
 * contribute unequally: hours per pair-month (y = a pair's held hours,
 * x = its active months) and the share of goals met (y = a pair's met
 * goals, x = its reviewed goals).  Each pair counts once, however many
 * meetings or goals it has, so goals of one pair are not taken as
 * independent.  Pure function over two arrays.
 *
 * Absent figures: a figure that cannot be computed is written as NAN and
 * the function still returns MS_OK; the caller stores NULL where
 * !isfinite(x).  Any other status means the caller broke the contract
 * (MS_SOFTWARE) and the output is left unchanged.
 */
#ifndef MS_RATIO_H
#define MS_RATIO_H

#include <stddef.h>

#include "status.h"

/* What ratio_interval finds. */
struct ratio_result {
    size_t n;         /* clusters */
    double ratio;     /* sum y / sum x; NAN when n = 0 or sum x = 0 */
    double se;        /* linearised standard error; NAN when n < 2 */
    double ci_low;    /* ratio - z se, clipped to [lo, hi]; NAN when n < 2 */
    double ci_high;   /* ratio + z se, clipped to [lo, hi]; NAN when n < 2 */
};

/* The ratio estimator of clusters i < n with totals y[i], x[i] and the
 * sample estimate of its variance without finite-population correction
 * (f = 0) (Cochran 1977, Sampling Techniques, 3rd ed., ch. 6, the ratio
 * estimate R and its estimated variance; Lohr 2010, Sampling: Design and
 * Analysis, 2nd ed., ch. 4, and ch. 5 for clusters of unequal size, where
 * a cluster mean is this ratio; results.md "Ratio interval"):
 *
 *     R  = sum y_i / sum x_i,
 *     se = sqrt( sum (y_i - R x_i)^2 / (n (n - 1)) ) / xbar,  xbar = sum x_i / n,
 *
 * and the interval R -/+ z se with z = Phi^-1(1 - (1 - conf)/2), each limit
 * clipped to [lo, hi], the range the figure can take (use -INFINITY or
 * INFINITY for no bound).  The residuals are summed in a second pass over
 * the data, so no cancellation between large sums occurs.
 * n = 0 or sum x = 0: every figure NAN.  n = 1: the ratio only.
 * Returns MS_SOFTWARE, leaving *out unchanged, when out is NULL, y or x is
 * NULL with n > 0, a value is not finite or x[i] < 0, conf is outside
 * (0, 1), or lo > hi.  This function allocates nothing. */
enum ms_status ratio_interval(const double *y, const double *x, size_t n,
                              double conf, double lo, double hi,
                              struct ratio_result *out);

#endif
