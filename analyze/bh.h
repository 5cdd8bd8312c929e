/*
 * bh.h: Benjamini-Hochberg adjusted p-values (false discovery rate).
 *
 * analyze uses it for res_change, where one workbook runs an intro ->
 * final test per role and item: p_adjusted is adjusted over the tests of
 * the same (programme, cohort).  It reproduces R's p.adjust(p, "BH").
 * Pure function over an array.
 *
 * Statuses: MS_SOFTWARE when the caller broke the contract, MS_NOMEM when
 * the workspace cannot be allocated; the output is then unchanged.
 */
#ifndef MS_BH_H
#define MS_BH_H

#include <stddef.h>

#include "status.h"

/* The Benjamini-Hochberg step-up adjustment of p[0..n) into adj[0..n)
 * (Benjamini & Hochberg 1995, "Controlling the false discovery rate: a
 * practical and powerful approach to multiple testing", JRSS B
 * 57(1):289-300; R Core Team, src/library/stats/R/p.adjust.R): with
 * p_(1) <= ... <= p_(n) the sorted p-values,
 *
 *     adj_(i) = min( 1, min_{k >= i} (n / k) p_(k) ),   (n/k first, as R)
 *
 * so a hypothesis is rejected at false discovery rate q exactly when
 * adj <= q, and adj >= p always.  Ties keep their input order (R's
 * order() is stable; tied p-values get the same adjusted value anyway).
 * adj may be p (adjusted in place).  n = 0: nothing to do, MS_OK.
 * Returns MS_SOFTWARE when p or adj is NULL with n > 0 or a p-value is
 * not within [0, 1]; MS_NOMEM when the workspace (n size_t and n doubles,
 * freed before return) cannot be allocated. */
enum ms_status bh_adjust(const double *p, size_t n, double *adj);

#endif
