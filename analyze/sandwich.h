/*
 * sandwich.h: cluster-robust ("sandwich") covariance of an M-estimator.
 *
 * The risk model (results.md: risk_model.robust_se) is fitted on monthly
 * periods of pairs; periods of one pair are not independent, so the
 * model-based standard errors are too small.  The sandwich estimator of
 * Liang & Zeger (Biometrika 73:13-22, 1986) lets any dependence within a
 * cluster (a pair) stand:
 *
 *     V = c * B (sum_g u_g u_g') B,   u_g = sum_{i in g} s_i,
 *
 * B the "bread" (the inverse of the information, the model-based
 * covariance), s_i row i's score (x_i (y_i - mu_i) for a GLM with
 * canonical link) and c a small-sample factor.  Pure arrays, no database.
 *
 *     double V[p * p];
 *     sandwich_cluster(bread, U, G, p, sandwich_adjust(G, 0, 0), V, &err);
 */
#ifndef MS_SANDWICH_H
#define MS_SANDWICH_H

#include <stddef.h>

#include "status.h"

/*
 * The factor c above: G / (G - 1), times (n - 1) / (n - k) when n > 0
 * (R's sandwich::vcovCL: cadjust = TRUE always; type "HC1", the default for
 * lm, adds the second factor; "HC0", the default for glm, does not;
 * statsmodels cov_type = "cluster" and Stata's vce(cluster) for regress use
 * both).  Pass n = 0 for G / (G - 1) alone.  NAN when G < 2 or n <= k.
 * This function can't fail.
 */
double sandwich_adjust(size_t n_clusters, size_t n, size_t k);

/*
 * V = c * B M B with M = sum_g u_g u_g'.  bread is p x p (row-major,
 * symmetric); U holds the G cluster score sums u_g as G rows of p
 * (row-major); V (p x p, row-major) receives the result.  The caller sums
 * the scores by cluster, so this costs O(G p^2 + p^3) and no copy of the
 * data.
 * Returns MS_OK; MS_SOFTWARE for a NULL argument, p == 0, or a c that is
 * not a finite value > 0 (fewer than two clusters); MS_NUMERIC when an
 * input is not finite; MS_NOMEM.  On failure V is untouched.
 */
enum ms_status sandwich_cluster(const double *bread, const double *U,
                                size_t n_clusters, size_t p, double c,
                                double *V, struct ms_err *err);

#endif
