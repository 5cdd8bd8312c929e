/*
 * test_folds.c: grouped, deterministic K-fold assignment (analyze/folds.c).
 *
 * Properties, checked over many random inputs: no group in two folds,
 * fold sizes (in groups) within 1, each stratum spread within 1, the same
 * folds for the same input.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "folds.h"

enum { MAX_N = 2000, MAX_G = 700, MAX_K = 12 };

/* Check every property of fold[] for one input; strata may be NULL. */
static void folds_check(const int *group, const int *stratum, size_t n,
                        int k, const int *fold)
{
    static int group_fold[MAX_G], group_stratum[MAX_G];
    static int count[MAX_K], count_s[3][MAX_K];
    int lo, hi;

    for (int g = 0; g < MAX_G; g++)
        group_fold[g] = -1, group_stratum[g] = -1;
    memset(count, 0, sizeof count);
    memset(count_s, 0, sizeof count_s);
    for (size_t i = 0; i < n; i++) {
        int g = group[i];
        if (fold[i] < 0 || fold[i] >= k)
            fail_msg("row %zu: fold %d outside 0..%d", i, fold[i], k - 1);
        if (group_fold[g] >= 0 && group_fold[g] != fold[i])
            fail_msg("group %d is in folds %d and %d", g, group_fold[g],
                     fold[i]);
        group_fold[g] = fold[i];
        if (stratum != NULL && stratum[i] > group_stratum[g])
            group_stratum[g] = stratum[i];
    }
    for (int g = 0; g < MAX_G; g++) {
        if (group_fold[g] < 0)
            continue;
        count[group_fold[g]]++;
        if (stratum != NULL)
            count_s[group_stratum[g]][group_fold[g]]++;
    }
    lo = hi = count[0];
    for (int f = 1; f < k; f++) {
        lo = count[f] < lo ? count[f] : lo;
        hi = count[f] > hi ? count[f] : hi;
    }
    if (hi - lo > 1)
        fail_msg("fold sizes range from %d to %d groups", lo, hi);
    for (int s = 0; stratum != NULL && s < 3; s++) {
        lo = hi = count_s[s][0];
        for (int f = 1; f < k; f++) {
            lo = count_s[s][f] < lo ? count_s[s][f] : lo;
            hi = count_s[s][f] > hi ? count_s[s][f] : hi;
        }
        if (hi - lo > 1)
            fail_msg("stratum %d: folds hold %d to %d groups", s, lo, hi);
    }
}

static void test_folds__properties_hold_on_random_inputs(void **state)
{
    static int group[MAX_N], stratum[MAX_N], fold[MAX_N], again[MAX_N];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    (void)state;

    gsl_rng_set(rng, 7);
    for (int round = 0; round < 300; round++) {
        size_t n = 1 + gsl_rng_uniform_int(rng, MAX_N);
        int g_max = 1 + (int)gsl_rng_uniform_int(rng, MAX_G - 1);
        int k = 2 + (int)gsl_rng_uniform_int(rng, MAX_K - 1);
        int use_strata = round % 2;
        struct ms_err err = {{0}};
        for (size_t i = 0; i < n; i++) {
            group[i] = (int)gsl_rng_uniform_int(rng, (unsigned long)g_max);
            /* strata usually constant within a group, sometimes not */
            stratum[i] = (group[i] % 5 == 0) + (gsl_rng_uniform(rng) < 0.01);
        }
        if (folds_assign(group, use_strata ? stratum : NULL, n, k,
                         FOLDS_SEED, fold, &err) != MS_OK)
            fail_msg("round %d: %s", round, err.msg);
        folds_check(group, use_strata ? stratum : NULL, n, k, fold);
        assert_int_equal(folds_assign(group, use_strata ? stratum : NULL, n,
                                      k, FOLDS_SEED, again, &err), MS_OK);
        assert_memory_equal(fold, again, n * sizeof *fold);
    }
    gsl_rng_free(rng);
}

static void test_folds__deterministic_and_seeded(void **state)
{
    /* 12 pairs of 3 rows each, 4 folds.  The expected vector was derived
     * outside this code: MT19937 seeded as GSL does (init_genrand; its
     * first output for seed 5489 is the reference 3499211612), GSL's
     * gsl_ran_shuffle (Fisher-Yates from the end, gsl_rng_uniform_int
     * by rejection) over groups 0..11, then fold = position mod 4.  A
     * change of machine, GSL version or code that would move published
     * folds fails here. */
    static const int expected[12] = {1, 3, 2, 2, 1, 2, 3, 0, 0, 1, 0, 3};
    int group[36], fold[36], other[36];
    struct ms_err err = {{0}};
    (void)state;

    for (int i = 0; i < 36; i++)
        group[i] = i / 3;
    assert_int_equal(folds_assign(group, NULL, 36, 4, FOLDS_SEED, fold, &err),
                     MS_OK);
    for (int i = 0; i < 36; i++)
        if (fold[i] != expected[i / 3])
            fail_msg("row %d: fold %d, pinned %d", i, fold[i],
                     expected[i / 3]);
    assert_int_equal(folds_assign(group, NULL, 36, 4, 1, other, &err), MS_OK);
    assert_memory_not_equal(fold, other, sizeof fold);
}

static void test_folds__more_folds_than_groups(void **state)
{
    int group[9] = {2, 0, 1, 2, 0, 1, 2, 2, 0}, fold[9], used[10] = {0};
    int distinct = 0;
    struct ms_err err = {{0}};
    (void)state;

    assert_int_equal(folds_assign(group, NULL, 9, 10, FOLDS_SEED, fold, &err),
                     MS_OK);
    folds_check(group, NULL, 9, 10, fold);
    for (int i = 0; i < 9; i++) {
        assert_true(fold[i] >= 0 && fold[i] < 3); /* folds 3..9 are empty */
        distinct += !used[fold[i]];
        used[fold[i]] = 1;
    }
    assert_int_equal(distinct, 3);
}

static void test_folds__strata_reach_every_fold(void **state)
{
    /* 50 pairs, 10 of which ended early (every row of them stratum 1):
     * 5 folds get exactly 2 early-ending pairs each. */
    int group[150], stratum[150], fold[150], early[5] = {0}, seen[50] = {0};
    struct ms_err err = {{0}};
    (void)state;

    for (int i = 0; i < 150; i++) {
        group[i] = (i * 7) % 50;
        stratum[i] = group[i] % 5 == 3;
    }
    assert_int_equal(folds_assign(group, stratum, 150, 5, FOLDS_SEED, fold,
                                  &err), MS_OK);
    folds_check(group, stratum, 150, 5, fold);
    for (int i = 0; i < 150; i++)
        if (stratum[i] && !seen[group[i]]++)
            early[fold[i]]++;
    for (int f = 0; f < 5; f++)
        assert_int_equal(early[f], 2);
}

static void test_folds__sparse_group_indices(void **state)
{
    int group[6] = {500, 3, 500, 90, 3, 90}, fold[6];
    struct ms_err err = {{0}};
    (void)state;

    assert_int_equal(folds_assign(group, NULL, 6, 3, FOLDS_SEED, fold, &err),
                     MS_OK);
    assert_int_equal(fold[0], fold[2]);
    assert_int_equal(fold[1], fold[4]);
    assert_int_equal(fold[3], fold[5]);
    assert_int_not_equal(fold[0], fold[1]);
    assert_int_not_equal(fold[0], fold[3]);
    assert_int_not_equal(fold[1], fold[3]);
}

static void test_folds__refusals(void **state)
{
    static const struct {
        const char *msg;
        enum ms_status status;
    } cases[] = {
        {"folds_assign: NULL argument", MS_SOFTWARE},
        {"folds_assign: 1 folds; at least 2 are needed", MS_SOFTWARE},
        {"folds_assign: group of row 2 is -4, not >= 0", MS_SOFTWARE},
        {"folds_assign: stratum of row 1 is -1, not >= 0", MS_SOFTWARE},
        {"cannot assign cross-validation folds: no rows", MS_NUMERIC},
    };
    (void)state;

    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        int group[4] = {0, 1, 2, 3}, stratum[4] = {0, 0, 1, 1};
        int fold[4] = {9, 9, 9, 9}, k = 2;
        const int *gp = group;
        size_t n = 4;
        struct ms_err err = {{0}};
        enum ms_status st;
        switch (c) {
        case 0: gp = NULL; break;
        case 1: k = 1; break;
        case 2: group[2] = -4; break;
        case 3: stratum[1] = -1; break;
        case 4: n = 0; break;
        }
        st = folds_assign(gp, stratum, n, k, FOLDS_SEED, fold, &err);
        if (st != cases[c].status || strcmp(err.msg, cases[c].msg) != 0)
            fail_msg("case %zu: got %s '%s'", c, status_str(st), err.msg);
        for (int i = 0; i < 4; i++)
            assert_int_equal(fold[i], 9);
    }
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
        cmocka_unit_test(test_folds__properties_hold_on_random_inputs),
        cmocka_unit_test(test_folds__deterministic_and_seeded),
        cmocka_unit_test(test_folds__more_folds_than_groups),
        cmocka_unit_test(test_folds__strata_reach_every_fold),
        cmocka_unit_test(test_folds__sparse_group_indices),
        cmocka_unit_test(test_folds__refusals),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
