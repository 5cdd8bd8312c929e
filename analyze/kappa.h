/*
 * kappa.h: Cohen's weighted kappa for two raters on an ordinal scale.
 *
 * analyze uses it for res_agreement (mentor against mentee on one item).
 * Pure function over a table of counts: no database, no allocation.
 */
#ifndef MS_KAPPA_H
#define MS_KAPPA_H

#include <stddef.h>

#include "status.h"

/*
 * Cohen's (1968) weighted kappa with quadratic weights (Fleiss & Cohen
 * 1973) from the k x k table joint[i * k + j] (rater A at scale point i,
 * rater B at point j, counts >= 0):
 *     kappa = 1 - sum w_ij O_ij / sum w_ij E_ij,   w_ij = (i - j)^2,
 * O the observed shares and E_ij = row_i col_j / n^2 the products of the
 * margins (as sklearn.metrics.cohen_kappa_score(a, b, weights =
 * "quadratic", labels = scale)).  *kappa is NAN (absent) when the table
 * holds fewer than 2 observations or sum w E = 0 (both raters always on
 * one point).  Returns MS_SOFTWARE (NULL arguments, k = 0, a negative
 * count) leaving *kappa unchanged, else MS_OK.
 */
enum ms_status kappa_quadratic(const long *joint, size_t k, double *kappa);

#endif
