/*
 * wilson.h: the Wilson score interval for a proportion.
 *
 * analyze uses it for res_completion (completion_rate) and res_goals
 * (share_met).  Pure function over counts: no database, no allocation.
 *
 * Absent figures: a limit that cannot be computed is written as NAN and the
 * function still returns MS_OK; the caller stores NULL where !isfinite(x).
 * Any other status means the caller broke the contract (MS_SOFTWARE) and
 * the outputs are left unchanged.
 */
#ifndef MS_WILSON_H
#define MS_WILSON_H

#include "status.h"

/* The Wilson score interval without continuity correction for successes
 * out of n (Wilson 1927; Newcombe 1998, Statistics in Medicine 17:857-872,
 * method 3): with p = successes/n, q = 1 - p and z = Phi^-1(1 - (1-conf)/2),
 *
 *     (2np + z^2 -/+ z sqrt(z^2 + 4npq)) / (2(n + z^2)).
 *
 * Both limits are computed in a form without cancellation; low is exactly 0
 * when successes = 0 and high exactly 1 when successes = n, and always
 * 0 <= low <= successes/n <= high <= 1.
 *
 * conf is the two-sided level, 0 < conf < 1 (0.95 in results.md).
 * n = 0: *low and *high are NAN (absent), status MS_OK.
 * Returns MS_SOFTWARE, leaving *low and *high unchanged, when low or high
 * is NULL, n < 0, successes < 0, successes > n, or conf is outside (0, 1).
 * This function allocates nothing. */
enum ms_status wilson_interval(long successes, long n, double conf,
                               double *low, double *high);

#endif
