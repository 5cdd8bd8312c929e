/*
 * analyze.c: the analyze stage's orchestration (see analyze.h): as_of,
 * the groups of results.md, one transaction that empties and refills every
 * results table, and the shared helpers of the table writers (tables.h).
 */
#include "analyze.h"

#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "db.h"
#include "msg.h"
#include "risk.h"
#include "tables.h"
#include "version.h"
#include "works.h"

/* Every table analyze owns, emptied before it is refilled. */
static const char *const result_tables[] = {
    "res_completion", "res_end_reasons", "res_survival", "res_survival_median",
    "res_incidence", "res_logrank", "res_goals", "res_goal_levels", "pair_gas",
    "res_items", "res_item_dist", "res_scales", "res_change", "res_nps",
    "res_response", "res_attendance", "pair_risk", "risk_model",
    "risk_model_fit", "risk_calibration", "res_cohort_year", "res_cohort_trend",
    "res_factors", "res_breakdown", "res_agreement", "res_coordinators",
    "analysis_run", NULL,
};

size_t group_members(struct analysis *a, const struct group *g)
{
    size_t n = 0;

    for (size_t i = 0; i < a->d->n_pairs; i++)
        if (group_has(g, &a->d->pairs[i]))
            a->members[n++] = i;
    return n;
}

const char *group_programme(const struct analysis *a, const struct group *g)
{
    return g->programme < 0 ? "*" : a->d->programmes[g->programme];
}

const char *group_cohort(const struct analysis *a, const struct group *g)
{
    return g->cohort < 0 ? "*" : a->d->cohorts[g->cohort];
}

int bind_real(sqlite3_stmt *st, int i, double x)
{
    if (!isfinite(x))
        return sqlite3_bind_null(st, i);
    return sqlite3_bind_double(st, i, x);
}

void bind_group(sqlite3_stmt *st, const struct analysis *a,
                const struct group *g)
{
    sqlite3_bind_text(st, 1, group_programme(a, g), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, group_cohort(a, g), -1, SQLITE_STATIC);
}

enum ms_status step_insert(sqlite3_stmt *st, struct analysis *a,
                           const char *table, struct ms_err *e)
{
    int rc = sqlite3_step(st);

    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE)
        return db_error(a->db, rc, e, table);
    return MS_OK;
}

/* The groups: every (programme, cohort) with a pair, then (p, *) for each
 * programme, (*, c) for each cohort label, and (*, *). */
static enum ms_status groups_build(struct analysis *a, struct ms_err *e)
{
    const struct dataset *d = a->d;
    size_t np = (size_t)d->n_programmes, nc = (size_t)d->n_cohorts, n = 0;
    unsigned char *cell = calloc(np * nc + 1, 1);

    a->groups = calloc(np * nc + np + nc + 1, sizeof *a->groups);
    a->members = malloc((d->n_pairs + 1) * sizeof *a->members);
    if (cell == NULL || a->groups == NULL || a->members == NULL) {
        free(cell);
        return err_set(e, MS_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < d->n_pairs; i++)
        cell[(size_t)d->pairs[i].programme * nc + (size_t)d->pairs[i].cohort] = 1;
    for (size_t p = 0; p < np; p++)
        for (size_t c = 0; c < nc; c++)
            if (cell[p * nc + c])
                a->groups[n++] = (struct group){(int)p, (int)c};
    for (size_t p = 0; p < np; p++)
        a->groups[n++] = (struct group){(int)p, -1};
    for (size_t c = 0; c < nc; c++)
        a->groups[n++] = (struct group){-1, (int)c};
    if (d->n_pairs > 0)
        a->groups[n++] = (struct group){-1, -1};   /* no pair: no rows */
    a->n_groups = n;
    free(cell);
    return MS_OK;
}

static enum ms_status results_clear(sqlite3 *db, struct ms_err *e)
{
    char sql[64];

    for (int i = 0; result_tables[i]; i++) {
        snprintf(sql, sizeof sql, "DELETE FROM %s", result_tables[i]);
        if (db_exec(db, sql, e) != MS_OK)
            return MS_IOERR;
    }
    return MS_OK;
}

static enum ms_status run_row(struct analysis *a, struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s;
    char as_of[11];

    s = db_prepare(a->db, "INSERT INTO analysis_run (as_of, n_pairs, version) "
                   "VALUES (?1, ?2, ?3)", &st, e);
    if (s != MS_OK)
        return s;
    sqlite3_bind_text(st, 1, date_format(a->d->as_of, as_of), -1,
                      SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)a->d->n_pairs);
    sqlite3_bind_text(st, 3, MENTORSTAT_VERSION, -1, SQLITE_STATIC);
    s = step_insert(st, a, "analysis_run", e);
    sqlite3_finalize(st);
    return s;
}

/* results.md, as_of: an --as-of more than this many days after the latest
 * date in the data is refused: every active pair would look silent for
 * months. */
#define AS_OF_MAX_AHEAD 31

/* MS_USAGE, naming the data's latest date, when the as_of the user gave is
 * more than AS_OF_MAX_AHEAD days after it; else MS_OK. */
static enum ms_status as_of_check(const struct dataset *d, struct ms_err *e)
{
    char given[11], latest[11], limit[11];

    if (!d->has_latest || (long)d->as_of - (long)d->latest <= AS_OF_MAX_AHEAD)
        return MS_OK;
    return err_set(e, MS_USAGE, "--as-of %s is more than %d days after the "
                   "latest date in the data, %s: every active pair would "
                   "look silent; give a date up to %s, or leave --as-of out "
                   "to analyse as of %s", date_format(d->as_of, given),
                   AS_OF_MAX_AHEAD, date_format(d->latest, latest),
                   date_format(d->latest + AS_OF_MAX_AHEAD, limit),
                   date_format(d->latest, latest));
}

/* analyze's page cache, KiB (PRAGMA cache_size = -ANALYZE_CACHE_KIB). */
#define ANALYZE_CACHE_KIB 4096

/* Set db's PRAGMA cache_size to value (negative: KiB); the previous
 * value, to give back.  A failure leaves the cache as it was, which is
 * slower or bigger, never wrong. */
static long cache_size_set(sqlite3 *db, long value)
{
    sqlite3_stmt *st = NULL;
    long old = -16384;
    char sql[64];

    if (sqlite3_prepare_v2(db, "PRAGMA cache_size", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        old = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    snprintf(sql, sizeof sql, "PRAGMA cache_size = %ld", value);
    (void)sqlite3_exec(db, sql, NULL, NULL, NULL);
    return old;
}

/* risk_fit on a second thread while the other tables are written. */
struct fit_job {
    struct risk *risk;
    enum ms_status s;
    struct ms_err e;
};

static void *fit_thread(void *arg)
{
    struct fit_job *j = arg;

    j->s = risk_fit(j->risk, &j->e);
    return NULL;
}

/* What the pass over the data feeds, pair by pair. */
struct pass {
    struct risk *risk;
    struct eval_tally *tally;
    struct works_tally *works;
};

static enum ms_status pass_pair(void *ctx, const struct dataset *d,
                                size_t pair_index, const struct ds_rows *rows,
                                struct ms_err *e)
{
    struct pass *p = ctx;
    enum ms_status s = eval_tally_pair(p->tally, d, pair_index, rows, e);

    if (s != MS_OK ||
        (s = works_tally_pair(p->works, d, pair_index, rows, e)) != MS_OK)
        return s;
    return risk_each_pair(p->risk, d, pair_index, rows, e);
}

/* One pass over the data as of as_of in n_parts parts: a new dataset,
 * with the risk model's pair-periods and the questionnaire tallies fed
 * pair by pair into pass[k] per part, then added up into pass[0]. */
static enum ms_status pass_run(sqlite3 *db, int32_t as_of, int n_parts,
                               struct pass *pass, struct dataset **d,
                               struct ms_err *e)
{
    size_t n_pairs = 0, first[2] = {0, 0};
    void *ctx[2] = {&pass[0], &pass[1]};
    enum ms_status s;

    if ((s = dataset_count_pairs(db, as_of, &n_pairs, e)) != MS_OK)
        return s;
    if (n_parts == 0)
        n_parts = dataset_parts(db, n_pairs);
    for (int k = 0; k < n_parts; k++)
        if ((s = risk_new(as_of, n_pairs, &pass[k].risk, e)) != MS_OK ||
            (s = eval_tally_new(&pass[k].tally, e)) != MS_OK ||
            (s = works_tally_new(&pass[k].works, e)) != MS_OK)
            return s;
    if ((s = dataset_load(db, as_of, n_parts, pass_pair, ctx, first, d,
                          e)) != MS_OK)
        return s;
    if (n_parts == 2 &&
        ((s = risk_merge(pass[0].risk, pass[1].risk, first[1], e)) != MS_OK ||
         (s = eval_tally_merge(pass[0].tally, pass[1].tally, e)) != MS_OK ||
         (s = works_tally_merge(pass[0].works, pass[1].works, e)) != MS_OK))
        return s;
    risk_free(pass[1].risk);             /* merged: not needed any more */
    eval_tally_free(pass[1].tally);
    works_tally_free(pass[1].works);
    pass[1].risk = NULL;
    pass[1].tally = NULL;
    pass[1].works = NULL;
    /* the second part's thread freed its scratch in an arena of its own:
     * hand those pages back rather than keep them resident */
    if (n_parts == 2)
        (void)malloc_trim(0);
    return MS_OK;
}

static void pass_free(struct pass *pass, struct dataset **d)
{
    for (int k = 0; k < 2; k++) {
        risk_free(pass[k].risk);
        eval_tally_free(pass[k].tally);
        works_tally_free(pass[k].works);
        pass[k].risk = NULL;
        pass[k].tally = NULL;
        pass[k].works = NULL;
    }
    dataset_free(*d);
    *d = NULL;
}

enum ms_status analyze_run(sqlite3 *db, const struct analyze_opts *o,
                           struct ms_err *e)
{
    struct analysis a = {0};
    struct dataset *d = NULL;
    struct pass pass[2] = {{NULL, NULL, NULL}, {NULL, NULL, NULL}};
    struct fit_job job = {NULL, MS_OK, {{0}}};
    pthread_t fitter;
    int fitting = 0;
    enum ms_status s;
    long cache;
    int32_t as_of = o->as_of;
    int found = 1;
    char as_of_s[11];

    a.db = db;
    /* The pass reads each page once, in order: a small page cache does,
     * and keeps memory flat (restored at the end for the caller). */
    cache = cache_size_set(db, -ANALYZE_CACHE_KIB);
    /* the write lock first: the data read is the data analysed */
    if ((s = db_begin(db, e)) != MS_OK) {
        cache_size_set(db, cache);
        return s;
    }
    /* The default as_of, the latest date in the data, starts from the
     * batches' note of it (cheap); the pass finds the true one on its way,
     * and a wrong guess is read again with it.  Without notes (batches
     * from before migration 2) max() over every table finds it. */
    if (!o->has_as_of &&
        ((s = dataset_as_of_hint(db, &as_of, &found, e)) != MS_OK ||
         (!found && (s = dataset_default_as_of(db, &as_of, &found, e)) != MS_OK)))
        goto fail;
    for (int tries = 0; found; tries++) {
        if ((s = pass_run(db, as_of, o->parts, pass, &d, e)) != MS_OK)
            goto fail;
        found = d->has_latest;
        if (o->has_as_of && (s = as_of_check(d, e)) != MS_OK)
            goto fail;
        if (o->has_as_of || !found || d->latest == as_of)
            break;
        if (tries > 0) {
            s = err_set(e, MS_SOFTWARE, "analyze: the latest date changed "
                        "while reading the data; report this bug");
            goto fail;
        }
        as_of = d->latest;
        pass_free(pass, &d);
    }
    if (!found) {
        s = err_set(e, MS_DATAERR, "the database holds no data to analyze: "
                    "run 'mentorstat ingest' on the exports first");
        goto fail;
    }
    a.d = d;
    if (d->n_pairs == 0)
        msg_warn("no pair started on or before %s: the results tables are "
                 "empty", date_format(as_of, as_of_s));
    /* with two parts, the model is fitted meanwhile on a second thread
     * (else, or without a thread, in risk_write) */
    job.risk = pass[0].risk;
    fitting = (o->parts == 2 ||
               (o->parts == 0 && d->n_pairs >= DS_PART_MIN_PAIRS)) &&
              pthread_create(&fitter, NULL, fit_thread, &job) == 0;
    if ((s = groups_build(&a, e)) == MS_OK &&
        (s = results_clear(db, e)) == MS_OK &&
        (s = tables_outcomes(&a, e)) == MS_OK &&
        (s = tables_goals(&a, e)) == MS_OK &&
        (s = tables_evaluations(&a, pass[0].tally, e)) == MS_OK &&
        (s = tables_attendance(&a, e)) == MS_OK &&
        (s = tables_works(&a, pass[0].works, e)) == MS_OK)
        s = tables_cohort_year(&a, e);
    if (fitting) {
        pthread_join(fitter, NULL);
        if (s == MS_OK && job.s != MS_OK) {
            s = job.s;
            *e = job.e;
        }
    }
    if (s != MS_OK ||
        (s = risk_write(pass[0].risk, &a, e)) != MS_OK ||
        (s = run_row(&a, e)) != MS_OK)
        goto fail;
    if ((s = db_commit(db, e)) != MS_OK)
        goto fail;
    msg_note("analyzed %zu pairs as of %s", d->n_pairs,
             date_format(as_of, as_of_s));
    pass_free(pass, &d);
    free(a.groups);
    free(a.members);
    cache_size_set(db, cache);
    return MS_OK;
fail:
    db_rollback(db);
    pass_free(pass, &d);
    free(a.groups);
    free(a.members);
    cache_size_set(db, cache);
    return s;
}
