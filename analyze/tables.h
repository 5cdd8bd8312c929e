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
enum ms_status tables_evaluations(struct analysis *a, struct ms_err *e);
enum ms_status tables_attendance(struct analysis *a, struct ms_err *e);
enum ms_status tables_cohort_year(struct analysis *a, struct ms_err *e);

#endif
