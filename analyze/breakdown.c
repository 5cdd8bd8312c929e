/*
 * breakdown.c: the tables over mature pairs of results.md:
 * res_breakdown (outcomes by cross_org, org_unit and the intro meeting's
 * mode) and res_coordinators (observed against expected early endings
 * per coordinator, with funnel limits from funnel.c).  Both count pairs
 * per (programme or '*', level) where a level is a label given to each
 * pair; labels are sorted, so the rows come in a stable order.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "funnel.h"
#include "wilson.h"
#include "works.h"

/* Counts of one (group, level). */
struct level_count {
    long n, mature, mature_completed, early, mature_early;
    double expected;     /* res_coordinators: sum of p0 over mature pairs */
};

/* A label per pair, as an index into a sorted list of distinct labels. */
struct labels {
    const char **name;   /* [n] sorted, distinct (borrowed strings) */
    int n;
    int *of;             /* [n_pairs] label index of each pair */
};

static int str_ptr_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Label each pair with text[i] (borrowed; outlives lb).  -1: no memory. */
static int labels_build(struct labels *lb, const char **text, size_t n)
{
    lb->name = malloc((n + 1) * sizeof *lb->name);
    lb->of = malloc((n + 1) * sizeof *lb->of);
    lb->n = 0;
    if (lb->name == NULL || lb->of == NULL)
        return -1;
    memcpy(lb->name, text, n * sizeof *text);
    qsort(lb->name, n, sizeof *lb->name, str_ptr_cmp);
    for (size_t i = 0; i < n; i++)
        if (lb->n == 0 || strcmp(lb->name[lb->n - 1], lb->name[i]) != 0)
            lb->name[lb->n++] = lb->name[i];
    for (size_t i = 0; i < n; i++) {
        const char **hit = bsearch(&text[i], lb->name, (size_t)lb->n,
                                   sizeof *lb->name, str_ptr_cmp);
        lb->of[i] = (int)(hit - lb->name);
    }
    return 0;
}

static void labels_release(struct labels *lb)
{
    free(lb->name);
    free(lb->of);
}

/* Count the pairs of a->d into cnt[(programme or n_programmes for '*') *
 * n_levels + level]; p0 (may be NULL) is each programme's early share of
 * mature pairs, summed into expected. */
static void level_counts(const struct dataset *d, const struct labels *lb,
                         const double *p0, struct level_count *cnt)
{
    int np = d->n_programmes;

    for (size_t i = 0; i < d->n_pairs; i++) {
        const struct ds_pair *p = &d->pairs[i];
        int mature = ds_pair_mature(p, d->as_of);
        struct level_count *c[2] = {
            &cnt[(size_t)p->programme * (size_t)lb->n + (size_t)lb->of[i]],
            &cnt[(size_t)np * (size_t)lb->n + (size_t)lb->of[i]],
        };

        for (int k = 0; k < 2; k++) {
            c[k]->n++;
            c[k]->early += p->status == DS_ENDED_EARLY;
            if (!mature)
                continue;
            c[k]->mature++;
            c[k]->mature_completed += p->status == DS_COMPLETED;
            c[k]->mature_early += p->status == DS_ENDED_EARLY;
            if (p0 != NULL)
                c[k]->expected += p0[p->programme];
        }
    }
}

/* ---------------------------------------------------------- breakdown -- */

/* The rows of one dimension, each pair labelled text[i]. */
static enum ms_status breakdown_dimension(struct analysis *a, sqlite3_stmt *st,
                                          const char *dimension,
                                          const char **text, struct ms_err *e)
{
    const struct dataset *d = a->d;
    struct labels lb = {0};
    struct level_count *cnt = NULL;
    enum ms_status s = MS_OK;
    int np = d->n_programmes;

    if (labels_build(&lb, text, d->n_pairs) != 0 ||
        (cnt = calloc((size_t)(np + 1) * (size_t)lb.n + 1,
                      sizeof *cnt)) == NULL) {
        labels_release(&lb);
        return err_set(e, MS_NOMEM, "out of memory");
    }
    level_counts(d, &lb, NULL, cnt);
    for (int g = 0; s == MS_OK && g <= np; g++)
        for (int l = 0; s == MS_OK && l < lb.n; l++) {
            const struct level_count *c = &cnt[(size_t)g * (size_t)lb.n +
                                               (size_t)l];
            double lo = NAN, hi = NAN;

            if (c->n == 0)
                continue;
            if ((s = wilson_interval(c->mature_completed, c->mature, 0.95,
                                     &lo, &hi)) != MS_OK) {
                s = err_set(e, MS_SOFTWARE, "res_breakdown: bad counts");
                break;
            }
            sqlite3_bind_text(st, 1, g < np ? d->programmes[g] : "*", -1,
                              SQLITE_STATIC);
            sqlite3_bind_text(st, 2, dimension, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 3, lb.name[l], -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 4, c->n);
            sqlite3_bind_int64(st, 5, c->mature);
            bind_real(st, 6, c->mature > 0 ? (double)c->mature_completed /
                                             (double)c->mature : NAN);
            bind_real(st, 7, lo);
            bind_real(st, 8, hi);
            sqlite3_bind_int64(st, 9, c->early);
            bind_real(st, 10, (double)c->early / (double)c->n);
            s = step_insert(st, a, "res_breakdown", e);
        }
    free(cnt);
    labels_release(&lb);
    return s;
}

enum ms_status works_breakdown_write(struct analysis *a,
                                     const struct works_tally *t,
                                     struct ms_err *e)
{
    static const char *const cross[] = {"unknown", "no", "yes"};
    static const char *const mode[] = {"unknown", "in_person", "digital"};
    const struct dataset *d = a->d;
    const char **text = malloc((d->n_pairs + 1) * sizeof *text);
    sqlite3_stmt *st = NULL;
    enum ms_status s;

    if (text == NULL)
        return err_set(e, MS_NOMEM, "out of memory");
    if (t->n_pairs != d->n_pairs) {
        free(text);
        return err_set(e, MS_SOFTWARE, "works: %zu pairs tallied of %zu",
                       t->n_pairs, d->n_pairs);
    }
    s = db_prepare(a->db, "INSERT INTO res_breakdown (programme, dimension, "
                   "level, n_pairs, n_mature, mature_rate, ci_low, ci_high, "
                   "n_ended_early, early_share) VALUES (?1, ?2, ?3, ?4, ?5, "
                   "?6, ?7, ?8, ?9, ?10)", &st, e);
    if (s == MS_OK) {
        for (size_t i = 0; i < d->n_pairs; i++)
            text[i] = cross[d->pairs[i].cross_org < 0 ? 0 :
                            d->pairs[i].cross_org ? 2 : 1];
        s = breakdown_dimension(a, st, "cross_org", text, e);
    }
    if (s == MS_OK) {
        for (size_t i = 0; i < d->n_pairs; i++)
            text[i] = d->pairs[i].org_unit ? d->pairs[i].org_unit : "unknown";
        s = breakdown_dimension(a, st, "org_unit", text, e);
    }
    if (s == MS_OK) {
        for (size_t i = 0; i < d->n_pairs; i++)
            text[i] = mode[t->pairs[i].intro_mode <= DS_MODE_DIGITAL
                           ? t->pairs[i].intro_mode : 0];
        s = breakdown_dimension(a, st, "intro_mode", text, e);
    }
    sqlite3_finalize(st);
    free(text);
    return s;
}

/* ------------------------------------------------------- coordinators -- */

/* p0 of each programme: its early-ended share of its mature pairs (NAN
 * without one). */
static void coordinators_p0(const struct dataset *d, double *p0)
{
    for (int q = 0; q < d->n_programmes; q++) {
        long n = 0, early = 0;

        for (size_t i = 0; i < d->n_pairs; i++) {
            const struct ds_pair *p = &d->pairs[i];
            if (p->programme != q || !ds_pair_mature(p, d->as_of))
                continue;
            n++;
            early += p->status == DS_ENDED_EARLY;
        }
        p0[q] = n > 0 ? (double)early / (double)n : NAN;
    }
}

/* One res_coordinators row from its counts. */
static enum ms_status coordinators_row(struct analysis *a, sqlite3_stmt *st,
                                       const char *programme,
                                       const char *coordinator,
                                       const struct level_count *c,
                                       struct ms_err *e)
{
    double pbar = fmin(1.0, fmax(0.0, c->expected / (double)c->mature));
    double lo95, hi95, lo998, hi998;
    double share = (double)c->mature_early / (double)c->mature;

    if (funnel_limits(pbar, c->mature, FUNNEL_Z95, &lo95, &hi95) != MS_OK ||
        funnel_limits(pbar, c->mature, FUNNEL_Z998, &lo998, &hi998) != MS_OK)
        return err_set(e, MS_SOFTWARE, "res_coordinators: bad funnel input");
    sqlite3_bind_text(st, 1, programme, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, coordinator, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, c->mature);
    sqlite3_bind_int64(st, 4, c->mature_early);
    bind_real(st, 5, c->expected);
    bind_real(st, 6, c->expected > 0.0 ? (double)c->mature_early / c->expected
                                       : NAN);
    bind_real(st, 7, lo95);
    bind_real(st, 8, hi95);
    bind_real(st, 9, lo998);
    bind_real(st, 10, hi998);
    sqlite3_bind_text(st, 11, funnel_signal(share, lo95, hi95, hi998), -1,
                      SQLITE_STATIC);
    return step_insert(st, a, "res_coordinators", e);
}

enum ms_status works_coordinators_write(struct analysis *a, struct ms_err *e)
{
    const struct dataset *d = a->d;
    int np = d->n_programmes;
    const char **text = malloc((d->n_pairs + 1) * sizeof *text);
    double *p0 = malloc(((size_t)np + 1) * sizeof *p0);
    struct labels lb = {0};
    struct level_count *cnt = NULL;
    sqlite3_stmt *st = NULL;
    enum ms_status s = MS_OK;

    if (text == NULL || p0 == NULL)
        goto nomem;
    for (size_t i = 0; i < d->n_pairs; i++)
        text[i] = d->pairs[i].coordinator ? d->pairs[i].coordinator
                                          : "unassigned";
    if (labels_build(&lb, text, d->n_pairs) != 0 ||
        (cnt = calloc((size_t)(np + 1) * (size_t)lb.n + 1,
                      sizeof *cnt)) == NULL)
        goto nomem;
    coordinators_p0(d, p0);
    level_counts(d, &lb, p0, cnt);
    s = db_prepare(a->db, "INSERT INTO res_coordinators (programme, "
                   "coordinator_id, n_mature, n_ended_early, expected, ratio, "
                   "limit95_low, limit95_high, limit998_low, limit998_high, "
                   "signal) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                   "?11)", &st, e);
    for (int g = 0; s == MS_OK && g <= np; g++)
        for (int l = 0; s == MS_OK && l < lb.n; l++) {
            const struct level_count *c = &cnt[(size_t)g * (size_t)lb.n +
                                               (size_t)l];
            if (c->mature > 0)
                s = coordinators_row(a, st, g < np ? d->programmes[g] : "*",
                                     lb.name[l], c, e);
        }
    goto done;
nomem:
    s = err_set(e, MS_NOMEM, "out of memory");
done:
    sqlite3_finalize(st);
    free(cnt);
    labels_release(&lb);
    free(text);
    free(p0);
    return s;
}
