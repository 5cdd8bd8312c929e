/*
 * cox.h: Cox proportional hazards regression, as R's coxph() fits it.
 *
 * analyze fits res_cohort_trend (early ending on the start year) and
 * res_factors (the day-30 landmark model) with it.  A pure function over
 * arrays: no database.
 */
#ifndef MS_COX_H
#define MS_COX_H

#include <stddef.h>

#include "status.h"

/* How tied event times enter the partial likelihood. */
enum cox_ties {
    COX_BRESLOW = 0,   /* every death at a time sees the whole risk set */
    COX_EFRON = 1      /* Efron (1977): tied deaths leave it by fractions */
};

/* How the fit ended. */
enum cox_outcome {
    COX_CONVERGED = 0,     /* the log partial likelihood converged */
    COX_NOT_CONVERGED,     /* COX_ITER_MAX iterations were not enough */
    COX_SINGULAR           /* no event, every term aliased, or the
                              information matrix not positive definite
                              during the iterations: no figure */
};

#define COX_ITER_MAX 20     /* R: coxph.control(iter.max = 20) */
#define COX_EPS 1e-9        /* R: coxph.control(eps = 1e-9) */

struct cox_fit {
    size_t p;                /* terms */
    enum cox_outcome outcome;
    int iter;                /* Newton iterations used */
    double loglik_null;      /* log partial likelihood at beta = 0 */
    double loglik;           /* at beta */
    double *beta;            /* [p] coefficients (NAN when COX_SINGULAR) */
    double *se;              /* [p] sqrt(diag(var)) */
    double *var;             /* [p * p] inverse information at beta */
    double *u;               /* [p] score at beta */
    unsigned char *infinite; /* [p] 1: R's "beta may be infinite" warning */
    unsigned char *aliased;  /* [p] 1: linearly dependent on earlier terms
                                (R: coefficient NA); b, se NAN */
};

/*
 * Fit the Cox model (Cox 1972) to n subjects: time[i] (finite), event[i]
 * (1 the event, 0 censored), covariates x[i * p .. i * p + p) and stratum[i]
 * (NULL: one stratum; each stratum has a baseline hazard of its own, the
 * log partial likelihoods add).  A subject censored at an event time is at
 * risk at it.  With risk set R(t), deaths D(t) (d of them) at time t and
 * r_i = exp(x_i'b), the Efron log partial likelihood is
 *     sum_t [ sum_{i in D} x_i'b
 *             - sum_{k=0}^{d-1} log(sum_{R} r_i - k/d sum_{D} r_i) ]
 * (Breslow: k/d replaced by 0; Therneau & Grambsch 2000, sec. 3.3).
 *
 * Newton-Raphson from b = 0 exactly as R's coxfit6.c: the step solves
 * I(b) s = U(b) by Cholesky (GSL); it stops when |1 - l_old / l_new| <=
 * COX_EPS after a full step; a step that lowers the likelihood is halved
 * (the new point moves half way back), at most COX_ITER_MAX iterations.
 * var = I(b)^-1 at the final b, se = sqrt(diag(var)), and infinite[j] =
 * |(u'var)_j| > COX_EPS and > sqrt(COX_EPS) |b_j| (R: coxph.fit's
 * warning that a coefficient may be infinite), only when converged.
 * A term linearly dependent on earlier ones (within the strata) is found
 * as R's cholesky2 finds it, from the information at b = 0: a pivot of
 * its LDL' factor below DBL_EPSILON^0.75 times the largest diagonal (R's
 * toler.chol); it is marked aliased (R: NA) and the model is fitted
 * without it.  Should the information later lose positive definiteness,
 * the fit is COX_SINGULAR.
 *
 * On success *out is a new fit freed with cox_fit_free; its outcome says
 * whether its figures mean anything.  Fails with MS_DATAERR (a time not
 * finite, an event not 0 or 1, a covariate not finite; err names the
 * subject), MS_SOFTWARE (NULL arguments, p = 0) or MS_NOMEM; *out is then
 * untouched.
 */
enum ms_status cox_fit(const double *time, const int *event,
                       const int *stratum, const double *x, size_t n,
                       size_t p, enum cox_ties ties, struct cox_fit **out,
                       struct ms_err *err);

/* Free f and its arrays.  NULL is a no-op. */
void cox_fit_free(struct cox_fit *f);

/* The two-sided Wald p-value of term j, 2 (1 - Phi(|b_j / se_j|)); NAN
 * when the fit did not converge, is singular, or the term is flagged
 * infinite.  This function can't fail. */
double cox_wald_p(const struct cox_fit *f, size_t j);

/* 1 when term j of f has a usable estimate (converged, finite b and se,
 * se > 0, not flagged infinite).  This function can't fail. */
int cox_term_ok(const struct cox_fit *f, size_t j);

#endif
