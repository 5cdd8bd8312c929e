/*
 * tables.h: analyze's writers, one function per results table (or family
 * of tables), shared by analyze.c (orchestration) and risk.c.  Internal to
 * the analyze stage.
 */
#ifndef MS_TABLES_H
#define MS_TABLES_H

#include <sqlite3.h>

#include "dataset.h"
#include "status.h"

/* A group of results.md: a programme and a cohort, -1 meaning '*'. */
struct group {
    int programme, cohort;
};

struct analysis {
    sqlite3 *db;
    const struct dataset *d;
    struct group *groups;    /* cells, then (p,*), (*,c), (*,*) */
    size_t n_groups;
    size_t *members;         /* scratch: pair indices of one group */
};

/* 1 when pair p belongs to group g. */
static inline int group_has(const struct group *g, const struct ds_pair *p)
{
    return (g->programme < 0 || g->programme == p->programme) &&
           (g->cohort < 0 || g->cohort == p->cohort);
}

/* Fill a->members with the pairs of g; their number. */
size_t group_members(struct analysis *a, const struct group *g);

/* The programme / cohort label of g ("*" for a total). */
const char *group_programme(const struct analysis *a, const struct group *g);
const char *group_cohort(const struct analysis *a, const struct group *g);

/* Bind x, or NULL when it is not finite (a figure that cannot be
 * computed is NULL, never NaN). */
int bind_real(sqlite3_stmt *st, int i, double x);

/* Bind the group's programme and cohort to parameters 1 and 2. */
void bind_group(sqlite3_stmt *st, const struct analysis *a,
                const struct group *g);

/* Step st once and reset it; MS_OK or a database error naming table. */
enum ms_status step_insert(sqlite3_stmt *st, struct analysis *a,
                           const char *table, struct ms_err *e);

/* The writers.  Each reads a->d and a->groups and inserts its rows. */
enum ms_status tables_outcomes(struct analysis *a, struct ms_err *e);
enum ms_status tables_goals(struct analysis *a, struct ms_err *e);
/* The questionnaire tallies per cell (programme, cohort), filled while the
 * data is read (evaluations.c): eval_tally_new makes an empty one (free
 * with eval_tally_free, NULL is a no-op); eval_tally_pair adds one pair's
 * questionnaires (a ds_pair_fn step; MS_NOMEM); tables_evaluations writes
 * res_items, res_item_dist, res_scales, res_change, res_nps and
 * res_response from it. */
struct eval_tally;
enum ms_status eval_tally_new(struct eval_tally **out, struct ms_err *e);
void eval_tally_free(struct eval_tally *t);
enum ms_status eval_tally_pair(struct eval_tally *t, const struct dataset *d,
                               size_t pair_index, const struct ds_rows *rows,
                               struct ms_err *e);
/* Add from (a later part of the pass) into to; from may lose cells to
 * to.  Errors: MS_SOFTWARE (tallies of different data). */
enum ms_status eval_tally_merge(struct eval_tally *to, struct eval_tally *from,
                                struct ms_err *e);
enum ms_status tables_evaluations(struct analysis *a,
                                  const struct eval_tally *t,
                                  struct ms_err *e);
enum ms_status tables_attendance(struct analysis *a, struct ms_err *e);
enum ms_status tables_cohort_year(struct analysis *a, struct ms_err *e);

#endif
