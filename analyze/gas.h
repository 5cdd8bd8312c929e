/*
 * gas.h: the Goal Attainment Scaling T-score of one pair.
 *
 * analyze calls it once per pair with the levels (-2..+2) and weights of
 * the pair's reviewed goals (pair_gas.t_score); res_goals then takes the
 * mean of these with describe_mean_ci.  Pure function over arrays.
 *
 * Absent figures: a score that cannot be computed is returned as NAN; the
 * caller stores NULL where !isfinite(t).  There is no status to return:
 * arguments that break the contract also give NAN (see below).
 */
#ifndef MS_GAS_H
#define MS_GAS_H

#include <stddef.h>

/* The usual correlation between goal scales, rho = 0.3 (Kiresuk & Sherman
 * 1968), the value results.md uses. */
#define GAS_RHO 0.3

/* The GAS T-score of n goals with attainment levels[i] and weights[i]
 * (Kiresuk & Sherman 1968, Community Mental Health Journal 4:443-453;
 * formula as corrected in Turner-Stokes 2009, Clinical Rehabilitation
 * 23:362-370 and its erratum):
 *
 *     T = 50 + 10 sum(w x) / sqrt((1 - rho) sum(w^2) + rho (sum w)^2).
 *
 * weights may be NULL: every goal then weighs 1 (unweighted GAS).
 * Returns NAN (absent) when n = 0, and also when levels is NULL, a level
 * or weight is not finite, a weight is not > 0 (ingest guarantees
 * weight > 0), or rho is outside [0, 1].  Levels are not limited to
 * -2..+2 here; ingest enforces that.  This function can't fail otherwise
 * and allocates nothing. */
double gas_t_score(const double *levels, const double *weights, size_t n,
                   double rho);

#endif
