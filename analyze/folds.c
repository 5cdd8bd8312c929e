/*
 * folds.c: deterministic K-fold assignment grouped by a key (see folds.h).
 */
#include "folds.h"

#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

/* A distinct group in dealing order. */
struct slot {
    int group;
    int stratum;
    size_t pos; /* position after the shuffle, for a stable sort */
};

/* Highest stratum first, then shuffled position. */
static int slot_cmp(const void *a, const void *b)
{
    const struct slot *x = a, *y = b;

    if (x->stratum != y->stratum)
        return x->stratum > y->stratum ? -1 : 1;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

enum ms_status folds_assign(const int *group, const int *stratum, size_t n,
                            int k, unsigned long seed, int *fold,
                            struct ms_err *err)
{
    int *group_stratum = NULL, *group_fold = NULL, max_group = -1;
    size_t n_groups = 0;
    struct slot *slots = NULL;
    gsl_rng *rng = NULL;
    enum ms_status st = MS_OK;

    if (group == NULL || fold == NULL)
        return err_set(err, MS_SOFTWARE, "folds_assign: NULL argument");
    if (k < 2)
        return err_set(err, MS_SOFTWARE,
                       "folds_assign: %d folds; at least 2 are needed", k);
    if (n == 0)
        return err_set(err, MS_NUMERIC,
                       "cannot assign cross-validation folds: no rows");
    for (size_t i = 0; i < n; i++) {
        if (group[i] < 0)
            return err_set(err, MS_SOFTWARE,
                           "folds_assign: group of row %zu is %d, not >= 0",
                           i, group[i]);
        if (stratum != NULL && stratum[i] < 0)
            return err_set(err, MS_SOFTWARE,
                           "folds_assign: stratum of row %zu is %d, not >= 0",
                           i, stratum[i]);
        max_group = group[i] > max_group ? group[i] : max_group;
    }

    /* -1: no row has this group index */
    group_stratum = malloc(((size_t)max_group + 1) * sizeof *group_stratum);
    group_fold = malloc(((size_t)max_group + 1) * sizeof *group_fold);
    rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (group_stratum == NULL || group_fold == NULL || rng == NULL) {
        st = err_set(err, MS_NOMEM,
                     "cannot assign cross-validation folds: out of memory");
        goto done;
    }
    for (int g = 0; g <= max_group; g++)
        group_stratum[g] = -1;
    for (size_t i = 0; i < n; i++) {
        int s = stratum != NULL ? stratum[i] : 0;
        int *gs = &group_stratum[group[i]];
        n_groups += *gs < 0;
        *gs = s > *gs ? s : *gs;
    }
    slots = malloc(n_groups * sizeof *slots);
    if (slots == NULL) {
        st = err_set(err, MS_NOMEM,
                     "cannot assign cross-validation folds: out of memory");
        goto done;
    }
    n_groups = 0;
    for (int g = 0; g <= max_group; g++) {
        if (group_stratum[g] < 0)
            continue;
        slots[n_groups].group = g;
        slots[n_groups].stratum = group_stratum[g];
        slots[n_groups++].pos = 0;
    }

    gsl_rng_set(rng, seed);
    gsl_ran_shuffle(rng, slots, n_groups, sizeof *slots);
    for (size_t q = 0; q < n_groups; q++)
        slots[q].pos = q;
    qsort(slots, n_groups, sizeof *slots, slot_cmp);
    for (size_t q = 0; q < n_groups; q++)
        group_fold[slots[q].group] = (int)(q % (size_t)k);
    for (size_t i = 0; i < n; i++)
        fold[i] = group_fold[group[i]];
done:
    free(group_stratum);
    free(group_fold);
    free(slots);
    gsl_rng_free(rng);
    return st;
}
