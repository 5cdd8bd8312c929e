/*
 * folds.h: deterministic K-fold assignment grouped by a key.
 *
 * The risk model's cross-validation (results.md: risk_model_fit) must
 * never put one pair's periods in two folds, or the model would be scored
 * on pairs it has already seen.  Rows carry a group index (the pair); every
 * row of a group gets the group's fold.  The same input gives the same
 * folds on every machine (GSL's MT19937 with a fixed seed).
 */
#ifndef MS_FOLDS_H
#define MS_FOLDS_H

#include <stddef.h>

#include "status.h"

/* The seed analyze uses, so that reruns and machines agree. */
#define FOLDS_SEED 20250101UL

/*
 * Assign each of the n rows a fold in 0..k-1 by its group[i] (an index in
 * 0..G-1; indices no row uses are allowed and ignored).  The distinct groups,
 * in ascending index order, are shuffled with gsl_ran_shuffle driven by
 * gsl_rng_mt19937 seeded with seed, then dealt round-robin: the group at
 * shuffled position q gets fold q mod k.  So fold sizes, counted in groups,
 * differ by at most 1, and when k exceeds the number of groups G', folds
 * G'..k-1 are empty.
 *
 * stratum is NULL, or one value >= 0 per row; a group's stratum is the
 * largest of its rows' (e.g. 1 for every row of a pair that ended early).
 * Then the shuffled groups are stably ordered by stratum, highest first,
 * before dealing, so every stratum is also spread over the folds within
 * 1 group, and the totals stay within 1: each fold gets its share of
 * early-ending pairs.
 *
 * fold must hold n ints.  Returns MS_OK; MS_SOFTWARE for a NULL argument,
 * k < 2, a negative group or stratum; MS_NUMERIC for n == 0; MS_NOMEM.
 * On failure fold is untouched.
 */
enum ms_status folds_assign(const int *group, const int *stratum, size_t n,
                            int k, unsigned long seed, int *fold,
                            struct ms_err *err);

#endif
