/*
 * auc.h: how well a score separates two classes (area under the ROC
 * curve) and how well probabilities predict 0/1 outcomes (Brier score).
 *
 * analyze uses both for risk_model_fit (results.md): the cross-validated
 * AUC and Brier score of the risk model, and the AUC of the flag count on
 * the same rows.  Pure functions over arrays; no database.
 */
#ifndef MS_AUC_H
#define MS_AUC_H

#include <stddef.h>

#include "status.h"

/* The area under the ROC curve and its standard error. */
struct auc_result {
    size_t n_pos;    /* rows with label 1 */
    size_t n_neg;    /* rows with label 0 */
    int defined;     /* 0 when either class is empty: auc and se are absent */
    double auc;      /* P(positive scores above negative), ties 1/2 */
    double se;       /* Hanley & McNeil (1982) standard error */
};

/*
 * The AUC of scores[0..n) for labels[0..n) (each 0 or 1) as the
 * Mann-Whitney probability that a positive row scores higher than a
 * negative one, a tie counting 1/2 (Hanley & McNeil, "The meaning and use
 * of the area under a receiver operating characteristic (ROC) curve",
 * Radiology 143:29-36, 1982, eq. 1-2): after sorting the scores,
 * AUC = sum over tie groups g of pos_g (neg_below_g + neg_g / 2)
 * / (n_pos n_neg), in O(n log n).  se is their eq. 3 with
 * Q1 = A / (2 - A), Q2 = 2 A^2 / (1 + A):
 * se^2 = (A(1-A) + (n_pos-1)(Q1-A^2) + (n_neg-1)(Q2-A^2)) / (n_pos n_neg).
 *
 * On MS_OK *out is filled; out->defined is 0 (auc and se 0) when n_pos or
 * n_neg is 0, including n = 0.  MS_SOFTWARE for a NULL argument or a label
 * other than 0/1, MS_NUMERIC for a score that is not finite, MS_NOMEM;
 * *out is then untouched.
 */
enum ms_status auc_compute(const double *scores, const int *labels, size_t n,
                           struct auc_result *out, struct ms_err *err);

/*
 * The Brier score (Brier, "Verification of forecasts expressed in terms of
 * probability", Monthly Weather Review 78:1-3, 1950) of probabilities
 * p[0..n) for outcomes y[0..n) (each 0 or 1): mean of (p_i - y_i)^2.
 * 0 is perfect; always predicting the base rate r scores r(1 - r).
 * MS_OK sets *out.  MS_NUMERIC when n is 0 or a p_i is not in [0, 1];
 * MS_SOFTWARE for a NULL argument or a y_i other than 0/1; *out is then
 * untouched.
 */
enum ms_status brier_score(const double *p, const int *y, size_t n,
                           double *out, struct ms_err *err);

/*
 * How well probabilities p[0..n) (each in (0, 1)) are calibrated against
 * outcomes y[0..n) (each 0 or 1), with o_i = logit(p_i) (Cox, "Two further
 * applications of a model for binary regression", Biometrika 45:562-565,
 * 1958; Steyerberg, Clinical Prediction Models, 2nd ed., 2019, ch. 15):
 *   *slope     b of the logistic regression logit P(y) = a' + b o
 *              (R: coef(glm(y ~ qlogis(p), binomial))[2]); 1 is ideal,
 *              below 1 the predictions are too extreme;
 *   *intercept a of logit P(y) = a + o, o an offset
 *              (R: coef(glm(y ~ offset(qlogis(p)), binomial))); 0 is
 *              ideal, above 0 the predictions are too low on average.
 * Both by Newton-Raphson on the log-likelihood, with step halving, to
 * |step| < 1e-10.  A figure that does not exist is NAN: no row, one class
 * only, a p_i of 0 or 1, every o_i the same (slope), or no finite
 * maximum (separation).  Returns MS_OK; MS_SOFTWARE for a NULL argument or
 * a y_i other than 0/1 (outputs then untouched); MS_NOMEM.
 */
enum ms_status calibration_fit(const double *p, const int *y, size_t n,
                               double *intercept, double *slope,
                               struct ms_err *err);

#endif
