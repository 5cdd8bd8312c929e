/*
 * describe.h: mean, sample standard deviation and t interval of the mean.
 *
 * analyze uses it for res_items (per item) and res_goals (mean GAS T-score
 * over pairs).  Pure function over an array of doubles.
 *
 * Absent figures: a figure that cannot be computed is written as NAN and
 * the function still returns MS_OK; the caller stores NULL where
 * !isfinite(x).  Any other status means the caller broke the contract
 * (MS_SOFTWARE) and the output is left unchanged.
 */
#ifndef MS_DESCRIBE_H
#define MS_DESCRIBE_H

#include <stddef.h>

#include "status.h"

/* What describe_mean_ci finds in n values. */
struct describe_stats {
    size_t n;        /* number of values */
    double mean;     /* arithmetic mean; NAN when n = 0 */
    double sd;       /* sample standard deviation (divisor n - 1); NAN when n < 2 */
    double ci_low;   /* mean - t sd / sqrt(n); NAN when n < 2 */
    double ci_high;  /* mean + t sd / sqrt(n); NAN when n < 2 */
};

/* Describe x[0..n): the mean, the sample standard deviation
 * s = sqrt(sum (x - mean)^2 / (n - 1)) and the two-sided t interval of the
 * mean (Student 1908; any statistics textbook):
 *
 *     mean -/+ t(1 - (1 - conf)/2, n - 1) s / sqrt(n),
 *
 * conf = 0.95 in results.md.  Mean and sd come from gsl_stats_mean and
 * gsl_stats_sd_m (two-pass, NIST StRD accurate).  When every value is the
 * same, sd is 0 and the interval is [mean, mean].
 * n = 0: every figure NAN.  n = 1: the mean only.  A figure that overflows
 * to infinity is NAN as well.
 * Returns MS_SOFTWARE, leaving *out unchanged, when out is NULL, x is NULL
 * with n > 0, a value is not finite, or conf is outside (0, 1).
 * This function allocates nothing. */
enum ms_status describe_mean_ci(const double *x, size_t n, double conf,
                                struct describe_stats *out);

/* The same figures from a frequency table of whole numbers: value lo + i
 * was answered counts[i] times, i < n_values (questionnaire items, whose
 * answers are a few values many times over: one pass over the table
 * instead of the answers).  Same absent rules and errors as
 * describe_mean_ci (a negative count is MS_SOFTWARE). */
enum ms_status describe_mean_ci_counts(const long *counts, long lo,
                                       size_t n_values, double conf,
                                       struct describe_stats *out);

#endif
