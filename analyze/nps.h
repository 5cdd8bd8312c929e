/*
 * nps.h: the Net Promoter Score of answers to "would you recommend".
 *
 * analyze uses it for res_nps (and res_cohort_year.nps_final) over the
 * `recommend` answers (0-10) of a group, with the score's interval.  Pure functions over counts or
 * an array of answers.
 *
 * Absent figures: a score that cannot be computed is written as NAN and
 * the function still returns MS_OK; the caller stores NULL where
 * !isfinite(nps).  Any other status means the caller broke the contract
 * (MS_SOFTWARE) and the output is left unchanged.
 */
#ifndef MS_NPS_H
#define MS_NPS_H

#include <stddef.h>

#include "status.h"

/* A group's answers by kind, and its score. */
struct nps_result {
    long n;           /* answers counted */
    long promoters;   /* answers 9 or 10 */
    long passives;    /* answers 7 or 8 */
    long detractors;  /* answers 0 to 6 */
    double nps;       /* 100 (promoters - detractors) / n; NAN when n = 0 */
};

/* The Net Promoter Score (Reichheld 2003, "The one number you need to
 * grow", Harvard Business Review 81(12):46-54): promoters answer 9-10,
 * passives 7-8, detractors 0-6, and
 *
 *     nps = 100 (promoters - detractors) / n,   n = all three together,
 *
 * a number from -100 to +100.  n = 0: nps is NAN (absent), MS_OK.
 * Returns MS_SOFTWARE, leaving *out unchanged, when out is NULL, a count
 * is negative, or the total overflows a long.  Allocates nothing. */
enum ms_status nps_from_counts(long promoters, long passives, long detractors,
                               struct nps_result *out);

/* The Net Promoter Score of answers[0..n), each an integer 0..10; see
 * nps_from_counts for the formula.  n = 0: counts 0, nps NAN, MS_OK.
 * Returns MS_SOFTWARE, leaving *out unchanged, when out is NULL, answers
 * is NULL with n > 0, n exceeds LONG_MAX, or an answer is outside 0..10.
 * Allocates nothing. */
enum ms_status nps_score(const int *answers, size_t n, struct nps_result *out);

/* The Wald interval of the score r->nps (Rocks 2016, "Interval estimation
 * for the net promoter score", The American Statistician 70(4):365-372,
 * the variance of a difference of two multinomial shares): with p+, p-
 * the shares of promoters and detractors,
 *
 *     se = 100 sqrt( (p+ + p- - (p+ - p-)^2) / n ),
 *
 * and the interval nps -/+ z se, z = Phi^-1(1 - (1 - conf)/2), each limit
 * clipped to [-100, 100] (results.md, res_nps).  n < 2: both limits NAN
 * (absent), MS_OK.  Returns MS_SOFTWARE, leaving *low and *high
 * unchanged, when r, low or high is NULL, r's counts are negative or do
 * not add up to r->n, or conf is outside (0, 1).  Allocates nothing. */
enum ms_status nps_interval(const struct nps_result *r, double conf,
                            double *low, double *high);

#endif
