/*
 * works.h: the "what works" tables of results.md (issue 13):
 * res_cohort_trend and res_factors (trend.c, Cox models), res_breakdown
 * and res_coordinators (breakdown.c, over mature pairs) and res_agreement
 * (agreement.c).  What they need beyond struct ds_pair is gathered pair
 * by pair during the pass (works.c) into a works_tally.  Internal to the
 * analyze stage.
 */
#ifndef MS_WORKS_H
#define MS_WORKS_H

#include <stdint.h>

#include "dataset.h"
#include "status.h"
#include "tables.h"

/* What one pair did in its first 30 days, and its intro meeting. */
struct works_pair {
    int32_t held_by_30;     /* held meetings dated <= start + 30 */
    uint8_t goals_by_30;    /* 1: a goal set on or before start + 30 */
    uint8_t intro_mode;     /* enum ds_mmode of the latest held intro */
};

/* Mentor against mentee on one item of one survey, in one cell. */
struct works_agree {
    long n;                 /* pairs whose latest responses both answered */
    long sum_mentor, sum_mentee;
    long *joint;            /* [k * k] mentor point i, mentee point j (in
                               the item's scale); NULL until used */
};

struct works_tally {
    struct works_pair *pairs;   /* by pair index within the part */
    size_t n_pairs, cap;
    int n_cells, n_items;       /* set by the first pair */
    int scale_k[DS_MAX_ITEMS];  /* scale points of each item (0: unusable) */
    struct works_agree **cells; /* [n_cells]: NULL, or [3 * n_items] by
                                   survey, then item */
};

/* A new, empty tally (*out; free with works_tally_free).  MS_NOMEM. */
enum ms_status works_tally_new(struct works_tally **out, struct ms_err *e);

/* Release t.  NULL is a no-op. */
void works_tally_free(struct works_tally *t);

/* Add pair pair_index of d (a ds_pair_fn step): its first-month figures,
 * its intro meeting's mode and, per survey, its mentor's and mentee's
 * latest answers to the q_* items.  Pairs come in order, from 0.
 * Errors: MS_NOMEM, MS_SOFTWARE (a pair out of order). */
enum ms_status works_tally_pair(struct works_tally *t, const struct dataset *d,
                                size_t pair_index, const struct ds_rows *rows,
                                struct ms_err *e);

/* Append from (the later part of the pass) to to; from may lose its
 * cells to to (free it with works_tally_free all the same).
 * Errors: MS_NOMEM, MS_SOFTWARE (tallies of different data). */
enum ms_status works_tally_merge(struct works_tally *to,
                                 struct works_tally *from, struct ms_err *e);

/* The writers, each inserting its table's rows (a->d, a->groups) inside
 * analyze's transaction.  t covers every pair of a->d, in order (else
 * MS_SOFTWARE).  Errors: MS_IOERR, MS_NOMEM, MS_SOFTWARE. */
enum ms_status works_trend_write(struct analysis *a, struct ms_err *e);
enum ms_status works_factors_write(struct analysis *a,
                                   const struct works_tally *t,
                                   struct ms_err *e);
enum ms_status works_breakdown_write(struct analysis *a,
                                     const struct works_tally *t,
                                     struct ms_err *e);
enum ms_status works_coordinators_write(struct analysis *a, struct ms_err *e);
enum ms_status works_agreement_write(struct analysis *a,
                                     const struct works_tally *t,
                                     struct ms_err *e);

/* Every table above, in that order. */
enum ms_status tables_works(struct analysis *a, const struct works_tally *t,
                            struct ms_err *e);

#endif
