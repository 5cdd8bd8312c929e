/*
 * logrank.h: the k-group log-rank test that time to an early ending has
 * the same distribution in every group, as R's survdiff(Surv(time, status)
 * ~ group) with rho = 0.  A pure function over arrays: analyze groups the
 * pairs by cohort, calls it and writes res_logrank.
 */
#ifndef MS_LOGRANK_H
#define MS_LOGRANK_H

#include <stddef.h>

#include "status.h"

/* The test.  chisq and p_value are NAN and df is -1 (absent: store NULL)
 * when fewer than two groups have an expected count above 0 (fewer than
 * two groups, or no event), or when the variance block is singular. */
struct logrank_result {
    size_t k;           /* groups */
    double *observed;   /* [k] events (status 1) per group */
    double *expected;   /* [k] expected events under the null */
    double *var;        /* [k * k] variance of O - E, var[g * k + h] */
    double chisq;       /* (O - E)' V^- (O - E), or NAN */
    int df;             /* groups with expected > 0, minus 1; -1 if absent */
    double p_value;     /* P(chi2_df > chisq), or NAN */
};

/*
 * Log-rank test (Mantel 1966; Peto & Peto 1972; Therneau & Grambsch 2000,
 * sec. 2.3) of n subjects with time[i] (days, finite, >= 0), status[i] (0
 * censored, 1 the event, 2 the competing outcome, censored here) and
 * group[i] in 0..k-1.  At each event time with n at risk, d events and
 * n_g at risk in group g:
 *     E_g += d n_g / n
 *     V_gh += d (n - d) / (n - 1) * (n_g / n) (delta_gh - n_h / n)
 * (no variance from a time with one subject at risk).  As survdiff, groups
 * with E_g = 0 are left out, and the first group left is dropped so that
 * the (m-1) x (m-1) block of V is inverted (Cholesky): chisq = u' V^-1 u
 * for u = (O - E) without it, on df = m - 1, where m counts the groups
 * with E_g > 0.  Where survdiff prints chisq = 0 for m < 2, and stops on a
 * singular V, the figures here are absent (see struct logrank_result).
 * Needs GSL's error handler off (gsl_set_error_handler_off(), which main
 * calls once before any thread starts).  On success *out is a new result freed with logrank_result_free.  Fails
 * with MS_DATAERR (a time negative or not finite, a status other than 0,
 * 1, 2, a group >= k; err names the subject's index), MS_SOFTWARE (NULL
 * arguments) or MS_NOMEM; *out is then untouched.
 */
enum ms_status logrank_test(const double *time, const int *status,
                            const size_t *group, size_t n, size_t k,
                            struct logrank_result **out, struct ms_err *err);

/*
 * The stratified test, as survdiff(Surv(time, status) ~ group +
 * strata(s)): the sums above are made within each stratum (stratum[i],
 * any int; NULL: one stratum) and O, E and V are added up over the strata
 * before chisq is formed.  A group that lives only in strata holding no
 * other group has no variance: V is singular and the figures are absent
 * (survdiff stops there).  Errors and ownership as logrank_test.
 */
enum ms_status logrank_test_strata(const double *time, const int *status,
                                   const size_t *group, const int *stratum,
                                   size_t n, size_t k,
                                   struct logrank_result **out,
                                   struct ms_err *err);

/* Free r and its arrays.  NULL is a no-op. */
void logrank_result_free(struct logrank_result *r);

#endif
