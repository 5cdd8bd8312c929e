/*
 * test_logrank.c: k-group log-rank test (analyze/logrank.c) against R's
 * survdiff.
 */
#include "testutil.h"

#include <gsl/gsl_errno.h>

#include "logrank.h"
#include "survival_data.h"

static int group_setup(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    return 0;
}

/* The aml data (Miller 1981, p. 49; R survival's `aml`): Maintained (group
 * 0) then Nonmaintained (group 1). */
static const double aml_time[] = {9,  13, 13, 18, 23, 28, 31, 34, 45, 48, 161,
                                  5,  5,  8,  8,  12, 16, 23, 27, 30, 33, 43,
                                  45};
static const int aml_status[] = {1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1,
                                 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1};
#define AML_N 23

static struct logrank_result *run(const double *time, const int *status,
                                  const size_t *group, size_t n, size_t k)
{
    struct logrank_result *r = NULL;
    struct ms_err e = {{0}};

    if (logrank_test(time, status, group, n, k, &r, &e) != MS_OK)
        fail_msg("logrank_test failed: %s", e.msg);
    return r;
}

static void aml_groups(size_t *group)
{
    for (size_t i = 0; i < AML_N; i++)
        group[i] = i < 11 ? 0 : 1;
}

/*
 * survdiff(Surv(time, status) ~ x, data = aml), as printed in therneau/
 * survival tests/difftest.Rout.save and doaml.Rout.save:
 *                  N Observed Expected (O-E)^2/E (O-E)^2/V
 *   x=Maintained    11        7    10.69      1.27       3.4
 *   x=Nonmaintained 12       11     7.31      1.86       3.4
 *   Chisq= 3.4  on 1 degrees of freedom
 * and p= 0.0653 as earlier survival versions print it (quoted in published
 * tutorials of this call; the Rout.save files above round it to 0.07).
 */
static void test_logrank__aml_matches_survdiff(void **state)
{
    size_t group[AML_N];
    struct logrank_result *r;

    (void)state;
    aml_groups(group);
    r = run(aml_time, aml_status, group, AML_N, 2);
    assert_int_equal(r->k, 2);
    assert_true(r->observed[0] == 7 && r->observed[1] == 11);
    assert_close(r->expected[0], 10.69, 5e-3);
    assert_close(r->expected[1], 7.31, 5e-3);
    for (int g = 0; g < 2; g++) {
        double d = r->observed[g] - r->expected[g];
        assert_close(d * d / r->expected[g], g == 0 ? 1.27 : 1.86, 5e-3);
        assert_close(d * d / r->var[g * 2 + g], 3.4, 5e-2);
    }
    /* V of two groups: V_00 = V_11 = -V_01 */
    assert_close(r->var[1], -r->var[0], 1e-12);
    assert_close(r->var[2], -r->var[3], 1e-12);
    assert_int_equal(r->df, 1);
    assert_close(r->chisq, 3.4, 5e-2);
    assert_close(r->p_value, 0.0653, 5e-5);
    logrank_result_free(r);
}

/*
 * therneau/survival tests/difftest.Rout.save: the aml data "with a third
 * group of early censorings tacked on" (Dummy: times 1 2 2 3 3 3 4, all
 * censored) "should give the same result (chisq, df)":
 *   x=Dummy          7        0     0.00       NaN       NaN
 *   Chisq= 3.4  on 1 degrees of freedom, p= 0.07
 * The group with E = 0 leaves the test.
 */
static void test_logrank__group_without_expected_events_leaves(void **state)
{
    double time[AML_N + 7];
    int status[AML_N + 7];
    size_t group[AML_N + 7], two[AML_N];
    static const double dummy[] = {1, 2, 2, 3, 3, 3, 4};
    struct logrank_result *r3, *r2;

    (void)state;
    /* Dummy is the first level (R sorts factor levels), as in the print */
    for (size_t i = 0; i < 7; i++) {
        time[i] = dummy[i];
        status[i] = 0;
        group[i] = 0;
    }
    for (size_t i = 0; i < AML_N; i++) {
        time[7 + i] = aml_time[i];
        status[7 + i] = aml_status[i];
        group[7 + i] = i < 11 ? 1 : 2;
    }
    aml_groups(two);
    r3 = run(time, status, group, AML_N + 7, 3);
    r2 = run(aml_time, aml_status, two, AML_N, 2);
    assert_true(r3->observed[0] == 0 && r3->expected[0] == 0);
    assert_close(r3->expected[1], 10.69, 5e-3);
    assert_close(r3->expected[2], 7.31, 5e-3);
    assert_int_equal(r3->df, 1);
    assert_close(r3->chisq, 3.4, 5e-2);
    assert_close(r3->p_value, 0.07, 5e-3);
    assert_close(r3->chisq, r2->chisq, 1e-12);
    logrank_result_free(r3);
    logrank_result_free(r2);
}

/* survdiff's generalised inverse: the statistic does not depend on which
 * group is dropped, nor on the order of the subjects.  Three groups: aml
 * Maintained, and Nonmaintained split in two. */
static void test_logrank__three_groups_invariant_to_labels(void **state)
{
    static const size_t perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2},
                                       {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    double time[AML_N], chisq0 = 0;
    int status[AML_N];
    size_t group[AML_N];

    (void)state;
    for (size_t p = 0; p < 6; p++) {
        struct logrank_result *r;

        for (size_t i = 0; i < AML_N; i++) {
            /* reverse the subjects too */
            size_t j = AML_N - 1 - i;
            size_t g = j < 11 ? 0 : (j < 17 ? 1 : 2);
            time[i] = aml_time[j];
            status[i] = aml_status[j];
            group[i] = perms[p][g];
        }
        r = run(time, status, group, AML_N, 3);
        assert_int_equal(r->df, 2);
        assert_true(r->chisq > 0 && r->p_value > 0 && r->p_value < 1);
        if (p == 0)
            chisq0 = r->chisq;
        assert_close(r->chisq, chisq0, 1e-10);
        /* the sum of O - E over the groups is 0, each row of V sums to 0 */
        assert_close(r->observed[0] + r->observed[1] + r->observed[2] -
                         r->expected[0] - r->expected[1] - r->expected[2],
                     0, 1e-12);
        for (int g = 0; g < 3; g++)
            assert_close(r->var[g * 3] + r->var[g * 3 + 1] + r->var[g * 3 + 2],
                         0, 1e-12);
        logrank_result_free(r);
    }
}

/* Status 2 (completion) is a censoring for the log-rank test. */
static void test_logrank__competing_outcome_is_censored(void **state)
{
    int status[AML_N];
    size_t group[AML_N];
    struct logrank_result *a, *b;

    (void)state;
    aml_groups(group);
    for (size_t i = 0; i < AML_N; i++)
        status[i] = aml_status[i] == 0 ? 2 : 1;
    a = run(aml_time, aml_status, group, AML_N, 2);
    b = run(aml_time, status, group, AML_N, 2);
    assert_close(a->chisq, b->chisq, 0);
    assert_close(a->expected[0], b->expected[0], 0);
    logrank_result_free(a);
    logrank_result_free(b);
}

/* survdiff2.c: an event with one subject at risk ("only 1 subject, so no
 * variance") adds 1 to O and to E of that subject's group and nothing to
 * V.  In aml the last subject (Maintained, 161 weeks) is alone at risk. */
static void test_logrank__lone_subject_adds_no_variance(void **state)
{
    int status[AML_N];
    size_t group[AML_N];
    struct logrank_result *a, *b;

    (void)state;
    aml_groups(group);
    for (size_t i = 0; i < AML_N; i++)
        status[i] = aml_status[i];
    status[10] = 1;  /* 161 becomes an event */
    a = run(aml_time, aml_status, group, AML_N, 2);
    b = run(aml_time, status, group, AML_N, 2);
    assert_true(b->observed[0] == a->observed[0] + 1);
    assert_close(b->expected[0], a->expected[0] + 1, 1e-12);
    for (int i = 0; i < 4; i++)
        assert_close(b->var[i], a->var[i], 1e-12);
    assert_close(b->chisq, a->chisq, 1e-12);
    logrank_result_free(a);
    logrank_result_free(b);
}

static void absent(const struct logrank_result *r)
{
    assert_true(isnan(r->chisq));
    assert_true(isnan(r->p_value));
    assert_int_equal(r->df, -1);
}

/* The figures are absent with fewer than two groups, without events, when
 * only one group has expected events, or when V is singular. */
static void test_logrank__absent_when_no_test(void **state)
{
    size_t group[AML_N];
    int none[AML_N];
    struct logrank_result *r;

    (void)state;
    aml_groups(group);
    /* one group */
    for (size_t i = 0; i < AML_N; i++)
        none[i] = 0;
    {
        size_t zero[AML_N] = {0};
        r = run(aml_time, aml_status, zero, AML_N, 1);
        absent(r);
        assert_true(r->observed[0] == 18);
        logrank_result_free(r);
    }
    /* no early ending at all */
    r = run(aml_time, none, group, AML_N, 2);
    absent(r);
    assert_true(r->expected[0] == 0 && r->expected[1] == 0);
    logrank_result_free(r);
    /* group 1 is gone before the only event */
    {
        static const double t[] = {1, 2, 5};
        static const int s[] = {0, 0, 1};
        static const size_t g[] = {1, 1, 0};
        r = run(t, s, g, 3, 2);
        absent(r);
        assert_true(r->expected[0] == 1 && r->expected[1] == 0);
        logrank_result_free(r);
    }
    /* both subjects end at the same time: V = 0 (survdiff stops there) */
    {
        static const double t[] = {5, 5};
        static const int s[] = {1, 1};
        static const size_t g[] = {0, 1};
        r = run(t, s, g, 2, 2);
        absent(r);
        assert_true(r->var[0] == 0);
        logrank_result_free(r);
    }
    /* no subjects */
    r = run(NULL, NULL, NULL, 0, 2);
    absent(r);
    logrank_result_free(r);
    logrank_result_free(NULL);
}

static void test_logrank__bad_input_refused(void **state)
{
    double t[2] = {1, 2};
    int s[2] = {1, 0};
    size_t g[2] = {0, 2};
    struct logrank_result *sentinel = (struct logrank_result *)t, *r = sentinel;
    struct ms_err e;

    (void)state;
    err_clear(&e);
    assert_int_equal(logrank_test(t, s, g, 2, 2, &r, &e), MS_DATAERR);
    assert_string_equal(e.msg, "subject 1: group 2 is not below 2");
    g[1] = 1;
    t[0] = NAN;
    err_clear(&e);
    assert_int_equal(logrank_test(t, s, g, 2, 2, &r, &e), MS_DATAERR);
    assert_string_equal(e.msg,
                        "subject 0: time nan is not a number of days >= 0");
    t[0] = 1;
    s[1] = 5;
    err_clear(&e);
    assert_int_equal(logrank_test(t, s, g, 2, 2, &r, &e), MS_DATAERR);
    assert_string_equal(e.msg, "subject 1: status 5 is not 0, 1 or 2");
    s[1] = 0;
    assert_int_equal(logrank_test(t, s, NULL, 2, 2, &r, &e), MS_SOFTWARE);
    assert_int_equal(logrank_test(t, s, g, 2, 2, NULL, &e), MS_SOFTWARE);
    assert_ptr_equal(r, sentinel);
}

/* Stratified runs of logrank_test_strata on the veteran data. */
static struct logrank_result *veteran_run(int by_trt)
{
    double time[VETERAN_N];
    int status[VETERAN_N], stratum[VETERAN_N];
    size_t group[VETERAN_N];
    struct logrank_result *r = NULL;
    struct ms_err e = {{0}};

    for (size_t i = 0; i < VETERAN_N; i++) {
        time[i] = veteran[i].time;
        status[i] = veteran[i].status;
        group[i] = by_trt ? (size_t)(veteran[i].trt - 1)
                          : (size_t)veteran[i].celltype;
        stratum[i] = by_trt ? veteran[i].celltype : veteran[i].trt;
    }
    if (logrank_test_strata(time, status, group, stratum, VETERAN_N,
                            by_trt ? 2 : 4, &r, &e) != MS_OK)
        fail_msg("logrank_test_strata failed: %s", e.msg);
    return r;
}

/*
 * The veteran data (Kalbfleisch & Prentice 1980; tests/survival_data.h),
 * computed with R 4.2.2, survival 3.5-3:
 *   survdiff(Surv(time, status) ~ trt + strata(celltype), veteran)
 *     trt=1 69 64 68.207552977; trt=2 68 64 59.792447023
 *     Chisq = 0.701743346844319 on 1 df, p = 0.402198523780674
 *   survdiff(Surv(time, status) ~ celltype + strata(trt), veteran)
 *     Chisq = 22.7821199353378 on 3 df, p = 4.48336907606213e-05
 */
static void test_logrank__stratified_matches_survdiff(void **state)
{
    struct logrank_result *r;

    (void)state;
    r = veteran_run(1);
    assert_true(r->observed[0] == 64 && r->observed[1] == 64);
    assert_close(r->expected[0], 68.2075529768725, 1e-9);
    assert_close(r->expected[1], 59.7924470231275, 1e-9);
    assert_int_equal(r->df, 1);
    assert_close(r->chisq, 0.701743346844319, 1e-9);
    assert_close(r->p_value, 0.402198523780674, 1e-9);
    logrank_result_free(r);
    r = veteran_run(0);
    assert_int_equal(r->df, 3);
    assert_close(r->chisq, 22.7821199353378, 1e-9);
    assert_close(r->p_value, 4.48336907606213e-05, 1e-12);
    logrank_result_free(r);
}

/*
 * A group that lives only in a stratum of its own: R's survdiff stops,
 *   d <- data.frame(t = 1:8, s = 1, g = c(1,1,2,2,3,3,3,3),
 *                   st = c(1,1,1,1,2,2,2,2))
 *   survdiff(Surv(t, s) ~ g + strata(st), d)
 *   Error in solve.default(vv, temp2): system is exactly singular
 * so the figures are absent.
 */
static void test_logrank__stratified_singular_is_absent(void **state)
{
    static const double time[] = {1, 2, 3, 4, 5, 6, 7, 8};
    static const int status[] = {1, 1, 1, 1, 1, 1, 1, 1};
    static const size_t group[] = {0, 0, 1, 1, 2, 2, 2, 2};
    static const int stratum[] = {1, 1, 1, 1, 2, 2, 2, 2};
    struct logrank_result *r = NULL;
    struct ms_err e = {{0}};

    (void)state;
    assert_int_equal(logrank_test_strata(time, status, group, stratum, 8, 3,
                                         &r, &e), MS_OK);
    assert_true(isnan(r->chisq) && isnan(r->p_value));
    assert_int_equal(r->df, -1);
    logrank_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_logrank__aml_matches_survdiff),
        cmocka_unit_test(test_logrank__group_without_expected_events_leaves),
        cmocka_unit_test(test_logrank__three_groups_invariant_to_labels),
        cmocka_unit_test(test_logrank__competing_outcome_is_censored),
        cmocka_unit_test(test_logrank__lone_subject_adds_no_variance),
        cmocka_unit_test(test_logrank__absent_when_no_test),
        cmocka_unit_test(test_logrank__bad_input_refused),
        cmocka_unit_test(test_logrank__stratified_matches_survdiff),
        cmocka_unit_test(test_logrank__stratified_singular_is_absent),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
