/*
 * test_logit.c: ridge-penalised logistic regression by IRLS
 * (analyze/logit.c).
 *
 * Published fits reproduced here:
 *  - The low birth weight study (Hosmer & Lemeshow, Applied Logistic
 *    Regression, Wiley 1989, Appendix 1; Baystate Medical Center 1986):
 *    189 births.  The table below is statsmodels' test file
 *    statsmodels/genmod/tests/results/stata_lbw_glm.csv (Stata's lbw.dta),
 *    in the row order of R's MASS::birthwt.  The two differ in one value:
 *    row 182 (id 76) has lwt 106 in Stata's file and 105 in MASS; the MASS
 *    test below uses 105.
 *  - glm(low ~ age + lwt + race_black + race_other + smoke + ptl + ht + ui,
 *    family = binomial): coefficients, standard errors, deviance and fitted
 *    values from R and Stata as hard-coded in statsmodels,
 *    statsmodels/genmod/tests/results/results_glm.py, class Lbw.
 *  - glm(low ~ ., binomial, bwt) of MASS's ?birthwt example (Venables &
 *    Ripley, Modern Applied Statistics with S, 4th ed., 2002, sec. 7.2):
 *    race as a factor, ptd = ptl > 0, ftv as 0 / 1 / 2+; coefficients as
 *    printed by example(birthwt), residual deviance 195.5.
 *  - The intercept-only model of the same data: constant -.790, S.E. .157
 *    (Hosmer & Lemeshow 2nd ed. ch. 2, SPSS "Step 0" output reproduced by
 *    UCLA OARC, "Applied Logistic Regression, Second Edition, by Hosmer and
 *    Lemeshow, Chapter 2").
 */
#include "testutil.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "logit.h"

/* low, age, lwt, race (1 white, 2 black, 3 other), smoke, ptl, ht, ui, ftv */
static const int lbw[189][9] = {
    {0,19,182,2,0,0,0,1,0}, {0,33,155,3,0,0,0,0,3}, {0,20,105,1,1,0,0,0,1}, {0,21,108,1,1,0,0,1,2}, {0,18,107,1,1,0,0,1,0},
    {0,21,124,3,0,0,0,0,0}, {0,22,118,1,0,0,0,0,1}, {0,17,103,3,0,0,0,0,1}, {0,29,123,1,1,0,0,0,1}, {0,26,113,1,1,0,0,0,0},
    {0,19,95,3,0,0,0,0,0}, {0,19,150,3,0,0,0,0,1}, {0,22,95,3,0,0,1,0,0}, {0,30,107,3,0,1,0,1,2}, {0,18,100,1,1,0,0,0,0},
    {0,18,100,1,1,0,0,0,0}, {0,15,98,2,0,0,0,0,0}, {0,25,118,1,1,0,0,0,3}, {0,20,120,3,0,0,0,1,0}, {0,28,120,1,1,0,0,0,1},
    {0,32,121,3,0,0,0,0,2}, {0,31,100,1,0,0,0,1,3}, {0,36,202,1,0,0,0,0,1}, {0,28,120,3,0,0,0,0,0}, {0,25,120,3,0,0,0,1,2},
    {0,28,167,1,0,0,0,0,0}, {0,17,122,1,1,0,0,0,0}, {0,29,150,1,0,0,0,0,2}, {0,26,168,2,1,0,0,0,0}, {0,17,113,2,0,0,0,0,1},
    {0,17,113,2,0,0,0,0,1}, {0,24,90,1,1,1,0,0,1}, {0,35,121,2,1,1,0,0,1}, {0,25,155,1,0,0,0,0,1}, {0,25,125,2,0,0,0,0,0},
    {0,29,140,1,1,0,0,0,2}, {0,19,138,1,1,0,0,0,2}, {0,27,124,1,1,0,0,0,0}, {0,31,215,1,1,0,0,0,2}, {0,33,109,1,1,0,0,0,1},
    {0,21,185,2,1,0,0,0,2}, {0,19,189,1,0,0,0,0,2}, {0,23,130,2,0,0,0,0,1}, {0,21,160,1,0,0,0,0,0}, {0,18,90,1,1,0,0,1,0},
    {0,18,90,1,1,0,0,1,0}, {0,32,132,1,0,0,0,0,4}, {0,19,132,3,0,0,0,0,0}, {0,24,115,1,0,0,0,0,2}, {0,22,85,3,1,0,0,0,0},
    {0,22,120,1,0,0,1,0,1}, {0,23,128,3,0,0,0,0,0}, {0,22,130,1,1,0,0,0,0}, {0,30,95,1,1,0,0,0,2}, {0,19,115,3,0,0,0,0,0},
    {0,16,110,3,0,0,0,0,0}, {0,21,110,3,1,0,0,1,0}, {0,30,153,3,0,0,0,0,0}, {0,20,103,3,0,0,0,0,0}, {0,17,119,3,0,0,0,0,0},
    {0,17,119,3,0,0,0,0,0}, {0,23,119,3,0,0,0,0,2}, {0,24,110,3,0,0,0,0,0}, {0,28,140,1,0,0,0,0,0}, {0,26,133,3,1,2,0,0,0},
    {0,20,169,3,0,1,0,1,1}, {0,24,115,3,0,0,0,0,2}, {0,28,250,3,1,0,0,0,6}, {0,20,141,1,0,2,0,1,1}, {0,22,158,2,0,1,0,0,2},
    {0,22,112,1,1,2,0,0,0}, {0,31,150,3,1,0,0,0,2}, {0,23,115,3,1,0,0,0,1}, {0,16,112,2,0,0,0,0,0}, {0,16,135,1,1,0,0,0,0},
    {0,18,229,2,0,0,0,0,0}, {0,25,140,1,0,0,0,0,1}, {0,32,134,1,1,1,0,0,4}, {0,20,121,2,1,0,0,0,0}, {0,23,190,1,0,0,0,0,0},
    {0,22,131,1,0,0,0,0,1}, {0,32,170,1,0,0,0,0,0}, {0,30,110,3,0,0,0,0,0}, {0,20,127,3,0,0,0,0,0}, {0,23,123,3,0,0,0,0,0},
    {0,17,120,3,1,0,0,0,0}, {0,19,105,3,0,0,0,0,0}, {0,23,130,1,0,0,0,0,0}, {0,36,175,1,0,0,0,0,0}, {0,22,125,1,0,0,0,0,1},
    {0,24,133,1,0,0,0,0,0}, {0,21,134,3,0,0,0,0,2}, {0,19,235,1,1,0,1,0,0}, {0,25,95,1,1,3,0,1,0}, {0,16,135,1,1,0,0,0,0},
    {0,29,135,1,0,0,0,0,1}, {0,29,154,1,0,0,0,0,1}, {0,19,147,1,1,0,0,0,0}, {0,19,147,1,1,0,0,0,0}, {0,30,137,1,0,0,0,0,1},
    {0,24,110,1,0,0,0,0,1}, {0,19,184,1,1,0,1,0,0}, {0,24,110,3,0,1,0,0,0}, {0,23,110,1,0,0,0,0,1}, {0,20,120,3,0,0,0,0,0},
    {0,25,241,2,0,0,1,0,0}, {0,30,112,1,0,0,0,0,1}, {0,22,169,1,0,0,0,0,0}, {0,18,120,1,1,0,0,0,2}, {0,16,170,2,0,0,0,0,4},
    {0,32,186,1,0,0,0,0,2}, {0,18,120,3,0,0,0,0,1}, {0,29,130,1,1,0,0,0,2}, {0,33,117,1,0,0,0,1,1}, {0,20,170,1,1,0,0,0,0},
    {0,28,134,3,0,0,0,0,1}, {0,14,135,1,0,0,0,0,0}, {0,28,130,3,0,0,0,0,0}, {0,25,120,1,0,0,0,0,2}, {0,16,95,3,0,0,0,0,1},
    {0,20,158,1,0,0,0,0,1}, {0,26,160,3,0,0,0,0,0}, {0,21,115,1,0,0,0,0,1}, {0,22,129,1,0,0,0,0,0}, {0,25,130,1,0,0,0,0,2},
    {0,31,120,1,0,0,0,0,2}, {0,35,170,1,0,1,0,0,1}, {0,19,120,1,1,0,0,0,0}, {0,24,116,1,0,0,0,0,1}, {0,45,123,1,0,0,0,0,1},
    {1,28,120,3,1,1,0,1,0}, {1,29,130,1,0,0,0,1,2}, {1,34,187,2,1,0,1,0,0}, {1,25,105,3,0,1,1,0,0}, {1,25,85,3,0,0,0,1,0},
    {1,27,150,3,0,0,0,0,0}, {1,23,97,3,0,0,0,1,1}, {1,24,128,2,0,1,0,0,1}, {1,24,132,3,0,0,1,0,0}, {1,21,165,1,1,0,1,0,1},
    {1,32,105,1,1,0,0,0,0}, {1,19,91,1,1,2,0,1,0}, {1,25,115,3,0,0,0,0,0}, {1,16,130,3,0,0,0,0,1}, {1,25,92,1,1,0,0,0,0},
    {1,20,150,1,1,0,0,0,2}, {1,21,200,2,0,0,0,1,2}, {1,24,155,1,1,1,0,0,0}, {1,21,103,3,0,0,0,0,0}, {1,20,125,3,0,0,0,1,0},
    {1,25,89,3,0,2,0,0,1}, {1,19,102,1,0,0,0,0,2}, {1,19,112,1,1,0,0,1,0}, {1,26,117,1,1,1,0,0,0}, {1,24,138,1,0,0,0,0,0},
    {1,17,130,3,1,1,0,1,0}, {1,20,120,2,1,0,0,0,3}, {1,22,130,1,1,1,0,1,1}, {1,27,130,2,0,0,0,1,0}, {1,20,80,3,1,0,0,1,0},
    {1,17,110,1,1,0,0,0,0}, {1,25,105,3,0,1,0,0,1}, {1,20,109,3,0,0,0,0,0}, {1,18,148,3,0,0,0,0,0}, {1,18,110,2,1,1,0,0,0},
    {1,20,121,1,1,1,0,1,0}, {1,21,100,3,0,1,0,0,4}, {1,26,96,3,0,0,0,0,0}, {1,31,102,1,1,1,0,0,1}, {1,15,110,1,0,0,0,0,0},
    {1,23,187,2,1,0,0,0,1}, {1,20,122,2,1,0,0,0,0}, {1,24,105,2,1,0,0,0,0}, {1,15,115,3,0,0,0,1,0}, {1,23,120,3,0,0,0,0,0},
    {1,30,142,1,1,1,0,0,0}, {1,22,130,1,1,0,0,0,1}, {1,17,120,1,1,0,0,0,3}, {1,23,110,1,1,1,0,0,0}, {1,17,120,2,0,0,0,0,2},
    {1,26,154,3,0,1,1,0,1}, {1,20,106,3,0,0,0,0,3}, {1,26,190,1,1,0,0,0,0}, {1,14,101,3,1,1,0,0,0}, {1,28,95,1,1,0,0,0,2},
    {1,14,100,3,0,0,0,0,2}, {1,23,94,3,1,0,0,0,0}, {1,17,142,2,0,0,1,0,0}, {1,21,130,1,1,0,1,0,3}
};

enum { LBW_N = 189 };

/* Design of the statsmodels/R model: 1, age, lwt, black, other, smoke, ptl,
 * ht, ui. */
static void lbw_design(double *X, double *y)
{
    for (size_t i = 0; i < LBW_N; i++) {
        const int *r = lbw[i];
        double *x = X + i * 9;
        x[0] = 1;
        x[1] = r[1];
        x[2] = r[2];
        x[3] = r[3] == 2;
        x[4] = r[3] == 3;
        x[5] = r[4];
        x[6] = r[5];
        x[7] = r[6];
        x[8] = r[7];
        y[i] = r[0];
    }
}

static struct logit_model *fit_ok(const double *X, const double *y,
                                  const double *w, size_t n, size_t p,
                                  double lambda)
{
    struct logit_model *m = NULL;
    struct ms_err err = {{0}};
    enum ms_status st = logit_fit(X, y, w, n, p, lambda, &m, &err);
    if (st != MS_OK)
        fail_msg("logit_fit: %s: %s", status_str(st), err.msg);
    assert_non_null(m);
    assert_true(m->converged);
    return m;
}

static void test_logit__lbw_reproduces_published_glm(void **state)
{
    /* statsmodels results_glm.py, class Lbw (R / Stata); the constant is
     * last there and first here. */
    static const double coef[9] = {
        .46122388, -.02710031, -.01515082, 1.26264728, .86207916,
        .92334482, .54183656, 1.83251780, .75851348};
    static const double se[9] = {
        1.204574885, 0.036449917, 0.006925765, 0.526405169, 0.439146744,
        0.400820976, 0.346246857, 0.691623875, 0.459373871};
    static const double fitted_first[3] = {0.31217507, 0.12793027,
                                           0.32119762};
    static const double fitted_last[2] = {0.71996086, 0.6633756};
    double X[LBW_N * 9], y[LBW_N], prob[LBW_N];
    struct ms_err err = {{0}};
    struct logit_model *m;
    (void)state;

    lbw_design(X, y);
    m = fit_ok(X, y, NULL, LBW_N, 9, 0.0);
    assert_int_equal(m->p, 9);
    /* R's summary.glm takes its standard errors from the IRLS weights of
     * the step before the last, we from the weights at the solution: they
     * agree to about 1.5e-5. */
    for (size_t j = 0; j < 9; j++) {
        assert_close(m->coef[j], coef[j], 1e-6);
        assert_close(m->se[j], se[j], 5e-5);
    }
    assert_close(m->deviance, 201.4479911325021, 1e-6);
    assert_true(m->iterations >= 3 && m->iterations <= 10);

    assert_int_equal(logit_predict(m, X, LBW_N, prob, &err), MS_OK);
    for (size_t i = 0; i < 3; i++)
        assert_close(prob[i], fitted_first[i], 1e-6);
    assert_close(prob[187], fitted_last[0], 1e-6);
    assert_close(prob[188], fitted_last[1], 1e-6);
    logit_model_free(m);
}

static void test_logit__mass_birthwt_example_reproduced(void **state)
{
    /* example(birthwt) in MASS: (Intercept) age lwt raceblack raceother
     * smokeTRUE ptdTRUE htTRUE uiTRUE ftv1 ftv2+ */
    static const double coef[11] = {
        0.82302, -0.03723, -0.01565, 1.19241, 0.74068, 0.75553,
        1.34376, 1.91317, 0.68020, -0.43638, 0.17901};
    double X[LBW_N * 11], y[LBW_N];
    struct logit_model *m;
    (void)state;

    for (size_t i = 0; i < LBW_N; i++) {
        const int *r = lbw[i];
        double *x = X + i * 11;
        x[0] = 1;
        x[1] = r[1];
        x[2] = r[2];
        x[3] = r[3] == 2;
        x[4] = r[3] == 3;
        x[5] = r[4] > 0;
        x[6] = r[5] > 0;
        x[7] = r[6] > 0;
        x[8] = r[7] > 0;
        x[9] = r[8] == 1;
        x[10] = r[8] >= 2;
        y[i] = r[0];
    }
    X[181 * 11 + 2] = 105; /* MASS's value of id 76 (see the top) */
    m = fit_ok(X, y, NULL, LBW_N, 11, 0.0);
    /* printed to 5 decimals */
    for (size_t j = 0; j < 11; j++)
        assert_close(m->coef[j], coef[j], 1e-5);
    assert_close(m->deviance, 195.5, 0.05);
    logit_model_free(m);
}

static void test_logit__intercept_only_is_the_log_odds(void **state)
{
    double X[LBW_N], y[LBW_N];
    struct logit_model *m;
    (void)state;

    for (size_t i = 0; i < LBW_N; i++) {
        X[i] = 1;
        y[i] = lbw[i][0];
    }
    m = fit_ok(X, y, NULL, LBW_N, 1, 0.0);
    /* H&L / SPSS step 0: B = -.790, S.E. = .157 (59 of 189 low) */
    assert_close(m->coef[0], -0.790, 5e-4);
    assert_close(m->se[0], 0.157, 5e-4);
    assert_close(m->coef[0], log(59.0 / 130.0), 1e-9);
    logit_model_free(m);
}

static void test_logit__frequency_weights_equal_repeated_rows(void **state)
{
    double X[LBW_N * 9], y[LBW_N], w[LBW_N];
    struct logit_model *m1, *m2, *m3, *m4;
    (void)state;

    lbw_design(X, y);
    /* weight 2 on every row = every row twice: same beta, se / sqrt 2 */
    for (size_t i = 0; i < LBW_N; i++)
        w[i] = 2;
    m1 = fit_ok(X, y, NULL, LBW_N, 9, 0.0);
    m2 = fit_ok(X, y, w, LBW_N, 9, 0.0);
    for (size_t j = 0; j < 9; j++) {
        assert_close(m2->coef[j], m1->coef[j], 1e-7);
        assert_close(m2->se[j] * sqrt(2.0), m1->se[j], 1e-7);
    }
    assert_close(m2->deviance, 2 * m1->deviance, 1e-6);

    /* weight 0 = the row is left out */
    for (size_t i = 0; i < LBW_N; i++)
        w[i] = i < 150 ? 1 : 0;
    m3 = fit_ok(X, y, w, LBW_N, 9, 0.5);
    m4 = fit_ok(X, y, NULL, 150, 9, 0.5);
    for (size_t j = 0; j < 9; j++) {
        assert_close(m3->coef[j], m4->coef[j], 1e-9);
        assert_close(m3->se[j], m4->se[j], 1e-9);
    }
    assert_close(m3->deviance, m4->deviance, 1e-9);
    logit_model_free(m1);
    logit_model_free(m2);
    logit_model_free(m3);
    logit_model_free(m4);
}

/* Population standard deviation of column j of X (n rows, p columns). */
static double column_sd(const double *X, size_t n, size_t p, size_t j)
{
    double m = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        m += X[i * p + j];
    m /= (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (X[i * p + j] - m) * (X[i * p + j] - m);
    return sqrt(ss / (double)n);
}

static void test_logit__ridge_solves_penalised_score_equations(void **state)
{
    /* At the penalised maximum the score equals the penalty's gradient:
     * sum_i x_ij (y_i - mu_i) = lambda s_j^2 beta_j (j >= 1), and 0 for the
     * intercept, s_j the population sd of column j (logit.h). */
    static const double lambdas[] = {0.5, 5.0, 50.0};
    double X[LBW_N * 9], y[LBW_N], mu[LBW_N];
    struct ms_err err = {{0}};
    (void)state;

    lbw_design(X, y);
    for (size_t l = 0; l < sizeof lambdas / sizeof lambdas[0]; l++) {
        struct logit_model *m = fit_ok(X, y, NULL, LBW_N, 9, lambdas[l]);
        assert_close(m->lambda, lambdas[l], 0);
        assert_int_equal(logit_predict(m, X, LBW_N, mu, &err), MS_OK);
        for (size_t j = 0; j < 9; j++) {
            double score = 0, s = j ? column_sd(X, LBW_N, 9, j) : 0;
            for (size_t i = 0; i < LBW_N; i++)
                score += X[i * 9 + j] * (y[i] - mu[i]);
            assert_close(score, lambdas[l] * s * s * m->coef[j], 1e-5);
        }
        logit_model_free(m);
    }
}

static void test_logit__ridge_shrinks_slopes_not_intercept(void **state)
{
    double X[LBW_N * 9], y[LBW_N];
    double prev = INFINITY;
    static const double lambdas[] = {0, 1, 10, 100, 1000};
    struct logit_model *m;
    (void)state;

    lbw_design(X, y);
    for (size_t l = 0; l < sizeof lambdas / sizeof lambdas[0]; l++) {
        double norm = 0;
        m = fit_ok(X, y, NULL, LBW_N, 9, lambdas[l]);
        for (size_t j = 1; j < 9; j++) {
            double b = m->coef[j] * column_sd(X, LBW_N, 9, j);
            norm += b * b;
        }
        assert_true(norm < prev);
        prev = norm;
        logit_model_free(m);
    }
    /* an overwhelming penalty leaves the intercept-only log odds */
    m = fit_ok(X, y, NULL, LBW_N, 9, 1e12);
    for (size_t j = 1; j < 9; j++)
        assert_close(m->coef[j], 0, 1e-8);
    assert_close(m->coef[0], log(59.0 / 130.0), 1e-6);
    logit_model_free(m);
}

static void test_logit__complete_separation(void **state)
{
    /* y = 1 exactly when x > 5: the likelihood has no maximum. */
    double X[20 * 2], y[20];
    struct logit_model *m = (struct logit_model *)&m; /* sentinel */
    struct logit_model *sentinel = m;
    struct ms_err err = {{0}};
    double prob[20];
    (void)state;

    for (size_t i = 0; i < 20; i++) {
        X[2 * i] = 1;
        X[2 * i + 1] = (double)(i % 10) + 1;
        y[i] = X[2 * i + 1] > 5;
    }
    assert_int_equal(logit_fit(X, y, NULL, 20, 2, 0.0, &m, &err), MS_NUMERIC);
    assert_ptr_equal(m, sentinel);
    assert_non_null(strstr(err.msg, "separated"));

    m = fit_ok(X, y, NULL, 20, 2, 1.0);
    assert_true(isfinite(m->coef[0]) && isfinite(m->coef[1]));
    assert_true(isfinite(m->se[0]) && isfinite(m->se[1]));
    assert_true(m->coef[1] > 0);
    assert_int_equal(logit_predict(m, X, 20, prob, &err), MS_OK);
    for (size_t i = 0; i < 20; i++) {
        assert_true(prob[i] > 1e-6 && prob[i] < 1 - 1e-6);
        assert_true((prob[i] > 0.5) == (y[i] > 0.5));
    }
    logit_model_free(m);
}

static void test_logit__constant_column_needs_ridge(void **state)
{
    double X[LBW_N * 3], y[LBW_N];
    struct logit_model *m = NULL;
    struct ms_err err = {{0}};
    (void)state;

    for (size_t i = 0; i < LBW_N; i++) {
        X[3 * i] = 1;
        X[3 * i + 1] = lbw[i][2];
        X[3 * i + 2] = 4; /* e.g. a flag no training row has */
        y[i] = lbw[i][0];
    }
    assert_int_equal(logit_fit(X, y, NULL, LBW_N, 3, 0.0, &m, &err),
                     MS_NUMERIC);
    assert_null(m);
    assert_non_null(strstr(err.msg, "column 2 is constant"));

    m = fit_ok(X, y, NULL, LBW_N, 3, 1.0);
    assert_close(m->coef[2], 0, 1e-12);
    assert_true(isfinite(m->se[2]));
    logit_model_free(m);
}

struct bad_case {
    const char *name;
    enum ms_status status;
    const char *msg; /* expected substring */
};

static void test_logit__refusals(void **state)
{
    static const struct bad_case cases[] = {
        {"null X", MS_SOFTWARE, "NULL array"},
        {"no columns", MS_SOFTWARE, "no columns"},
        {"column 0 not intercept", MS_SOFTWARE, "column 0 of row 3 is 2"},
        {"outcome out of range", MS_SOFTWARE, "outcome of row 5 is 1.5"},
        {"negative weight", MS_SOFTWARE, "weight of row 7 is -1"},
        {"negative lambda", MS_SOFTWARE, "lambda -1"},
        {"nan lambda", MS_SOFTWARE, "lambda nan"},
        {"nan feature", MS_NUMERIC, "row 4 column 1 is not a finite number"},
        {"no events", MS_NUMERIC, "every outcome is 0"},
        {"all events", MS_NUMERIC, "every outcome is 1"},
        {"zero weights", MS_NUMERIC, "no rows of positive weight"},
        {"no rows", MS_NUMERIC, "no rows of positive weight"},
        {"collinear", MS_NUMERIC, "singular"},
        {"more columns than rows", MS_NUMERIC, "singular"},
    };
    (void)state;

    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        double X[12 * 3], y[12], w[12], lambda = 0;
        const double *Xp = X, *wp = NULL;
        size_t n = 12, p = 3;
        struct logit_model *m = NULL;
        struct ms_err err = {{0}};
        enum ms_status st;

        for (size_t i = 0; i < 12; i++) {
            X[3 * i] = 1;
            X[3 * i + 1] = (double)i;
            X[3 * i + 2] = (double)((i * 7) % 5);
            y[i] = (i % 3) == 0;
            w[i] = 1;
        }
        switch (c) {
        case 0: Xp = NULL; break;
        case 1: p = 0; break;
        case 2: X[3 * 3] = 2; break;
        case 3: y[5] = 1.5; break;
        case 4: w[7] = -1; wp = w; break;
        case 5: lambda = -1; break;
        case 6: lambda = NAN; break;
        case 7: X[3 * 4 + 1] = NAN; break;
        case 8: for (size_t i = 0; i < 12; i++) y[i] = 0; break;
        case 9: for (size_t i = 0; i < 12; i++) y[i] = 1; break;
        case 10: for (size_t i = 0; i < 12; i++) w[i] = 0; wp = w; break;
        case 11: n = 0; break;
        case 12: for (size_t i = 0; i < 12; i++)
                     X[3 * i + 2] = 2 * X[3 * i + 1] + 1;
                 break;
        case 13: n = 2; y[0] = 0; y[1] = 1; break;
        }
        st = logit_fit(Xp, y, wp, n, p, lambda, &m, &err);
        if (st != cases[c].status || strstr(err.msg, cases[c].msg) == NULL)
            fail_msg("%s: got %s '%s', expected %s '%s'", cases[c].name,
                     status_str(st), err.msg, status_str(cases[c].status),
                     cases[c].msg);
        assert_null(m);
    }
}

static void test_logit__predict_refuses_bad_rows(void **state)
{
    double X[LBW_N * 9], y[LBW_N], row[9], prob[1];
    struct ms_err err = {{0}};
    struct logit_model *m;
    (void)state;

    lbw_design(X, y);
    m = fit_ok(X, y, NULL, LBW_N, 9, 0.0);
    memcpy(row, X, sizeof row);
    row[2] = INFINITY;
    assert_int_equal(logit_predict(m, row, 1, prob, &err), MS_NUMERIC);
    assert_non_null(strstr(err.msg, "row 0"));
    err.msg[0] = '\0';
    assert_int_equal(logit_predict(NULL, row, 1, prob, &err), MS_SOFTWARE);
    assert_int_equal(logit_predict(m, row, 0, NULL, &err), MS_OK);
    logit_model_free(m);
    logit_model_free(NULL);
}

static int setup(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_logit__lbw_reproduces_published_glm),
        cmocka_unit_test(test_logit__mass_birthwt_example_reproduced),
        cmocka_unit_test(test_logit__intercept_only_is_the_log_odds),
        cmocka_unit_test(test_logit__frequency_weights_equal_repeated_rows),
        cmocka_unit_test(test_logit__ridge_solves_penalised_score_equations),
        cmocka_unit_test(test_logit__ridge_shrinks_slopes_not_intercept),
        cmocka_unit_test(test_logit__complete_separation),
        cmocka_unit_test(test_logit__constant_column_needs_ridge),
        cmocka_unit_test(test_logit__refusals),
        cmocka_unit_test(test_logit__predict_refuses_bad_rows),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
