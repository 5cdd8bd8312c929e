/*
 * evaluations.c: the questionnaire tables of results.md: res_items,
 * res_item_dist, res_scales, res_change, res_nps and res_response.
 * Figures come from describe.c (mean, sd, t interval), wilson.c (top-two
 * share), alpha.c (Cronbach's alpha), wilcoxon.c (signed-rank test and
 * rank-biserial r), bh.c (Benjamini-Hochberg) and nps.c.
 *
 * Answers are whole numbers on a short scale, so every figure here can be
 * computed from tallies: how often each answer was given, the sums and
 * cross-products of a construct's items (alpha), how often each final -
 * intro difference occurred (Wilcoxon).  The tallies are kept per cell
 * (programme, cohort) while the data is read, one pair at a time
 * (eval_tally_pair), and a group's figures come from the sum of its cells:
 * no questionnaire is kept in memory and no group rescans the data.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alpha.h"
#include "bh.h"
#include "db.h"
#include "describe.h"
#include "nps.h"
#include "tables.h"
#include "wilcoxon.h"
#include "wilson.h"

#define N_BUCKETS 6      /* survey * 2 + role */
#define N_VALUES 256     /* an answer v (int8) counts at v + 128 */
#define N_DIFFS 511      /* a difference d (-254..254) counts at d + 255 */
#define DIFF_ZERO 255
#define N_STATUS 3       /* enum ds_status */
#define CHANGE_MIN_PAIRS 10  /* res_change: no test on fewer pairs */

static const char *const survey_words[] = {"intro", "midpoint", "final"};
static const char *const role_words[] = {"mentor", "mentee"};
static const char *const status_words[] = {"active", "completed",
                                           "ended_early"};

/* The tallies of a cell, or of a group (the sum of its cells). */
struct eval_acc {
    long *items;          /* [bucket][item][value]: answers given */
    long *nps;            /* [bucket][0..10]: recommend answers */
    long *scale_n;        /* [bucket][construct]: complete responses */
    int *scale_any;       /* [bucket][construct]: some item answered */
    double *scale_sums;   /* [bucket][scale_doubles]: sums, cross-products */
    long *change_n;       /* [role][item]: pairs with intro and final */
    long *change_si;      /* [role][item]: sum of intro answers */
    long *change_sf;      /* [role][item]: sum of final answers */
    long *diffs;          /* [role][item][difference]: final - intro */
    long *responded;      /* [status][bucket]: pairs with such a response */
};

struct eval_tally {
    int n_items;
    int n_constructs;
    int first[DS_MAX_ITEMS];            /* a construct's first item: its name */
    int k[DS_MAX_ITEMS];                /* its number of items */
    int member[DS_MAX_ITEMS][DS_MAX_ITEMS];
    size_t offset[DS_MAX_ITEMS];        /* its sums within a bucket's doubles */
    size_t scale_doubles;               /* per bucket: k + k*k per construct */
    int n_programmes, n_cohorts;
    struct eval_acc **cells;            /* programme * n_cohorts + cohort */
};

static void acc_free(struct eval_acc *a)
{
    if (a == NULL)
        return;
    free(a->items);
    free(a->nps);
    free(a->scale_n);
    free(a->scale_any);
    free(a->scale_sums);
    free(a->change_n);
    free(a->change_si);
    free(a->change_sf);
    free(a->diffs);
    free(a->responded);
    free(a);
}

/* Sizes of the arrays of an eval_acc, in elements. */
struct acc_size {
    size_t items, nps, scales, sums, change, diffs, responded;
};

static struct acc_size acc_size(const struct eval_tally *t)
{
    size_t ni = (size_t)(t->n_items > 0 ? t->n_items : 1);
    size_t nc = (size_t)(t->n_constructs > 0 ? t->n_constructs : 1);
    struct acc_size z = {N_BUCKETS * ni * N_VALUES, N_BUCKETS * 11,
                         N_BUCKETS * nc, N_BUCKETS * (t->scale_doubles + 1),
                         2 * ni, 2 * ni * N_DIFFS, N_STATUS * N_BUCKETS};
    return z;
}

static struct eval_acc *acc_new(const struct eval_tally *t)
{
    struct acc_size z = acc_size(t);
    struct eval_acc *a = calloc(1, sizeof *a);

    if (a == NULL)
        return NULL;
    a->items = calloc(z.items, sizeof *a->items);
    a->nps = calloc(z.nps, sizeof *a->nps);
    a->scale_n = calloc(z.scales, sizeof *a->scale_n);
    a->scale_any = calloc(z.scales, sizeof *a->scale_any);
    a->scale_sums = calloc(z.sums, sizeof *a->scale_sums);
    a->change_n = calloc(z.change, sizeof *a->change_n);
    a->change_si = calloc(z.change, sizeof *a->change_si);
    a->change_sf = calloc(z.change, sizeof *a->change_sf);
    a->diffs = calloc(z.diffs, sizeof *a->diffs);
    a->responded = calloc(z.responded, sizeof *a->responded);
    if (!a->items || !a->nps || !a->scale_n || !a->scale_any ||
        !a->scale_sums || !a->change_n || !a->change_si || !a->change_sf ||
        !a->diffs || !a->responded) {
        acc_free(a);
        return NULL;
    }
    return a;
}

static void acc_zero(const struct eval_tally *t, struct eval_acc *a)
{
    struct acc_size z = acc_size(t);

    memset(a->items, 0, z.items * sizeof *a->items);
    memset(a->nps, 0, z.nps * sizeof *a->nps);
    memset(a->scale_n, 0, z.scales * sizeof *a->scale_n);
    memset(a->scale_any, 0, z.scales * sizeof *a->scale_any);
    memset(a->scale_sums, 0, z.sums * sizeof *a->scale_sums);
    memset(a->change_n, 0, z.change * sizeof *a->change_n);
    memset(a->change_si, 0, z.change * sizeof *a->change_si);
    memset(a->change_sf, 0, z.change * sizeof *a->change_sf);
    memset(a->diffs, 0, z.diffs * sizeof *a->diffs);
    memset(a->responded, 0, z.responded * sizeof *a->responded);
}

/* to += from */
static void acc_add(const struct eval_tally *t, struct eval_acc *to,
                    const struct eval_acc *from)
{
    struct acc_size z = acc_size(t);

    for (size_t i = 0; i < z.items; i++)
        to->items[i] += from->items[i];
    for (size_t i = 0; i < z.nps; i++)
        to->nps[i] += from->nps[i];
    for (size_t i = 0; i < z.scales; i++) {
        to->scale_n[i] += from->scale_n[i];
        to->scale_any[i] |= from->scale_any[i];
    }
    for (size_t i = 0; i < z.sums; i++)
        to->scale_sums[i] += from->scale_sums[i];
    for (size_t i = 0; i < z.change; i++) {
        to->change_n[i] += from->change_n[i];
        to->change_si[i] += from->change_si[i];
        to->change_sf[i] += from->change_sf[i];
    }
    for (size_t i = 0; i < z.diffs; i++)
        to->diffs[i] += from->diffs[i];
    for (size_t i = 0; i < z.responded; i++)
        to->responded[i] += from->responded[i];
}

/* The constructs of d: items sharing a construct name, in the order of
 * their first item. */
static void constructs_find(struct eval_tally *t, const struct dataset *d)
{
    int done[DS_MAX_ITEMS] = {0};

    t->n_items = d->n_items;
    t->scale_doubles = 0;
    for (int first = 0; first < d->n_items; first++) {
        int c = t->n_constructs, k = 0;

        if (done[first] || d->item_construct[first][0] == '\0')
            continue;
        for (int it = first; it < d->n_items; it++)
            if (strcmp(d->item_construct[it], d->item_construct[first]) == 0) {
                t->member[c][k++] = it;
                done[it] = 1;
            }
        t->first[c] = first;
        t->k[c] = k;
        t->offset[c] = t->scale_doubles;
        t->scale_doubles += (size_t)k + (size_t)k * (size_t)k;
        t->n_constructs++;
    }
}

enum ms_status eval_tally_new(struct eval_tally **out, struct ms_err *e)
{
    *out = calloc(1, sizeof **out);
    if (*out == NULL)
        return err_set(e, MS_NOMEM, "out of memory");
    return MS_OK;
}

void eval_tally_free(struct eval_tally *t)
{
    if (t == NULL)
        return;
    for (int i = 0; t->cells && i < t->n_programmes * t->n_cohorts; i++)
        acc_free(t->cells[i]);
    free(t->cells);
    free(t);
}

enum ms_status eval_tally_merge(struct eval_tally *to, struct eval_tally *from,
                                struct ms_err *e)
{
    size_t n;

    if (from->cells == NULL)
        return MS_OK;
    if (to->cells == NULL) {    /* to saw no pair: take from's as they are */
        struct eval_tally tmp = *to;
        *to = *from;
        *from = tmp;
        return MS_OK;
    }
    if (to->n_programmes != from->n_programmes ||
        to->n_cohorts != from->n_cohorts || to->n_items != from->n_items)
        return err_set(e, MS_SOFTWARE, "eval_tally_merge: different layouts");
    n = (size_t)to->n_programmes * (size_t)to->n_cohorts;
    for (size_t i = 0; i < n; i++) {
        if (from->cells[i] == NULL)
            continue;
        if (to->cells[i] == NULL) {
            to->cells[i] = from->cells[i];
            from->cells[i] = NULL;
        } else {
            acc_add(to, to->cells[i], from->cells[i]);
        }
    }
    return MS_OK;
}

/* Tally one questionnaire (answers a) of bucket b into cell c. */
static void tally_eval(const struct eval_tally *t, struct eval_acc *c,
                       const struct ds_eval *q, const int8_t *a)
{
    size_t b = (size_t)q->survey * 2 + q->role, ni = (size_t)t->n_items;

    for (size_t it = 0; it < ni; it++)
        if (a[it] != DS_MISSING)
            c->items[(b * ni + it) * N_VALUES + (size_t)(a[it] + 128)]++;
    if (q->recommend >= 0 && q->recommend <= 10)
        c->nps[b * 11 + (size_t)q->recommend]++;
    for (int s = 0; s < t->n_constructs; s++) {
        size_t sc = b * (size_t)t->n_constructs + (size_t)s;
        double *sum = c->scale_sums + b * (t->scale_doubles + 1) + t->offset[s];
        double *cross = sum + t->k[s];
        int complete = 1, k = t->k[s];

        for (int j = 0; j < k; j++) {
            int missing = a[t->member[s][j]] == DS_MISSING;
            c->scale_any[sc] |= !missing;
            complete &= !missing;
        }
        if (!complete)
            continue;
        c->scale_n[sc]++;
        for (int i = 0; i < k; i++) {
            double xi = a[t->member[s][i]];
            sum[i] += xi;
            for (int j = 0; j < k; j++)
                cross[i * k + j] += xi * a[t->member[s][j]];
        }
    }
}

enum ms_status eval_tally_pair(struct eval_tally *t, const struct dataset *d,
                               size_t pair_index, const struct ds_rows *rows,
                               struct ms_err *e)
{
    const struct ds_pair *p = &d->pairs[pair_index];
    size_t stride = dataset_stride(d), cell, ni;
    long intro[2] = {-1, -1}, final[2] = {-1, -1};
    int answered[N_BUCKETS] = {0};
    struct eval_acc *c;

    if (t->cells == NULL) {   /* the first pair: d's labels are known */
        constructs_find(t, d);
        t->n_programmes = d->n_programmes;
        t->n_cohorts = d->n_cohorts;
        t->cells = calloc((size_t)t->n_programmes * (size_t)t->n_cohorts + 1,
                          sizeof *t->cells);
        if (t->cells == NULL)
            return err_set(e, MS_NOMEM, "out of memory");
    }
    if (rows->ne == 0)
        return MS_OK;
    cell = (size_t)p->programme * (size_t)t->n_cohorts + (size_t)p->cohort;
    if (t->cells[cell] == NULL && (t->cells[cell] = acc_new(t)) == NULL)
        return err_set(e, MS_NOMEM, "out of memory");
    c = t->cells[cell];
    for (size_t i = 0; i < rows->ne; i++) {
        const struct ds_eval *q = &rows->ev[i];
        tally_eval(t, c, q, rows->answers + i * stride);
        answered[q->survey * 2 + q->role] = 1;
        /* by date then response_id: the last of each survey wins */
        if (q->survey == DS_INTRO)
            intro[q->role] = (long)i;
        else if (q->survey == DS_FINAL)
            final[q->role] = (long)i;
    }
    for (size_t b = 0; b < N_BUCKETS && p->status < N_STATUS; b++)
        c->responded[(size_t)p->status * N_BUCKETS + b] += answered[b];
    ni = (size_t)t->n_items;
    for (size_t role = 0; role < 2; role++) {
        const int8_t *ai, *af;
        if (intro[role] < 0 || final[role] < 0)
            continue;
        ai = rows->answers + (size_t)intro[role] * stride;
        af = rows->answers + (size_t)final[role] * stride;
        for (size_t it = 0; it < ni; it++) {
            size_t k = role * ni + it;
            if (ai[it] == DS_MISSING || af[it] == DS_MISSING)
                continue;
            c->change_n[k]++;
            c->change_si[k] += ai[it];
            c->change_sf[k] += af[it];
            c->diffs[k * N_DIFFS + (size_t)(af[it] - ai[it] + DIFF_ZERO)]++;
        }
    }
    return MS_OK;
}

/* ------------------------------------------------------------ writing -- */

struct eval_ctx {
    struct analysis *a;
    const struct eval_tally *t;
    const struct eval_acc *g;     /* the group's tallies */
    sqlite3_stmt *items, *dist, *scales, *change, *nps, *response;
    struct change_row *rows;      /* a group's res_change rows, 2 n_items */
    double *p, *p_adj;            /* their p-values, for the adjustment */
};

/* Bind programme, cohort, survey, role, item (parameters 1..5). */
static void bind_key(sqlite3_stmt *st, struct eval_ctx *c, const struct group *g,
                     int survey, int role, const char *item)
{
    bind_group(st, c->a, g);
    sqlite3_bind_text(st, 3, survey_words[survey], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, role_words[role], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, item, -1, SQLITE_STATIC);
}

/* res_items and res_item_dist of one bucket. */
static enum ms_status items_bucket(struct eval_ctx *c, const struct group *g,
                                   int survey, int role, struct ms_err *e)
{
    const struct dataset *d = c->a->d;
    size_t b = (size_t)survey * 2 + (size_t)role, ni = (size_t)c->t->n_items;
    enum ms_status s = MS_OK;

    for (int it = 0; s == MS_OK && it < c->t->n_items; it++) {
        const long *counts = c->g->items + (b * ni + (size_t)it) * N_VALUES;
        double lo = (double)d->item_min[it], hi = (double)d->item_max[it];
        double top_lo = NAN, top_hi = NAN;
        long n = 0, top2 = 0;
        struct describe_stats ds;

        for (int v = 0; v < N_VALUES; v++) {
            n += counts[v];
            /* the two highest points of the scale (4 and 5 on 1..5) */
            if (v - 128 >= d->item_max[it] - 1)
                top2 += counts[v];
        }
        if (n == 0)
            continue;
        if ((s = describe_mean_ci_counts(counts, -128, N_VALUES, 0.95,
                                         &ds)) != MS_OK ||
            (s = wilson_interval(top2, n, 0.95, &top_lo, &top_hi)) != MS_OK)
            return err_set(e, s, "describing item '%s'", d->item_names[it]);
        /* the interval's limits are clamped to the item's scale */
        if (isfinite(ds.ci_low))
            ds.ci_low = fmin(hi, fmax(lo, ds.ci_low));
        if (isfinite(ds.ci_high))
            ds.ci_high = fmin(hi, fmax(lo, ds.ci_high));
        bind_key(c->items, c, g, survey, role, d->item_names[it]);
        sqlite3_bind_int64(c->items, 6, (sqlite3_int64)n);
        bind_real(c->items, 7, ds.mean);
        bind_real(c->items, 8, ds.sd);
        bind_real(c->items, 9, ds.ci_low);
        bind_real(c->items, 10, ds.ci_high);
        sqlite3_bind_int64(c->items, 11, (sqlite3_int64)top2);
        bind_real(c->items, 12, (double)top2 / (double)n);
        bind_real(c->items, 13, top_lo);
        bind_real(c->items, 14, top_hi);
        s = step_insert(c->items, c->a, "res_items", e);
        for (int v = 0; s == MS_OK && v < N_VALUES; v++) {
            if (counts[v] == 0)
                continue;
            bind_key(c->dist, c, g, survey, role, d->item_names[it]);
            sqlite3_bind_int(c->dist, 6, v - 128);
            sqlite3_bind_int64(c->dist, 7, counts[v]);
            s = step_insert(c->dist, c->a, "res_item_dist", e);
        }
    }
    return s;
}

/* res_scales of one bucket: every construct with a response. */
static enum ms_status scales_bucket(struct eval_ctx *c, const struct group *g,
                                    int survey, int role, struct ms_err *e)
{
    const struct eval_tally *t = c->t;
    size_t b = (size_t)survey * 2 + (size_t)role;
    enum ms_status s = MS_OK;

    for (int k = 0; s == MS_OK && k < t->n_constructs; k++) {
        size_t sc = b * (size_t)t->n_constructs + (size_t)k;
        const double *sum = c->g->scale_sums + b * (t->scale_doubles + 1) +
                            t->offset[k];
        long n = c->g->scale_n[sc];
        double alpha = NAN;

        if (!c->g->scale_any[sc])
            continue;
        if ((s = alpha_cronbach_sums((size_t)n, (size_t)t->k[k], sum,
                                     sum + t->k[k], &alpha)) != MS_OK)
            return err_set(e, s, "computing Cronbach's alpha");
        bind_key(c->scales, c, g, survey, role,
                 c->a->d->item_construct[t->first[k]]);
        sqlite3_bind_int(c->scales, 6, t->k[k]);
        sqlite3_bind_int64(c->scales, 7, (sqlite3_int64)n);
        bind_real(c->scales, 8, alpha);
        s = step_insert(c->scales, c->a, "res_scales", e);
    }
    return s;
}

/* res_nps of one bucket. */
static enum ms_status nps_bucket(struct eval_ctx *c, const struct group *g,
                                 int survey, int role, struct ms_err *e)
{
    const long *n = c->g->nps + ((size_t)survey * 2 + (size_t)role) * 11;
    long detractors = 0;
    struct nps_result r;
    double lo = NAN, hi = NAN;
    enum ms_status s;

    for (int v = 0; v <= 6; v++)
        detractors += n[v];
    if (detractors + n[7] + n[8] + n[9] + n[10] == 0)
        return MS_OK;
    if ((s = nps_from_counts(n[9] + n[10], n[7] + n[8], detractors,
                             &r)) != MS_OK ||
        (s = nps_interval(&r, 0.95, &lo, &hi)) != MS_OK)
        return err_set(e, s, "computing the net promoter score");
    bind_group(c->nps, c->a, g);
    sqlite3_bind_text(c->nps, 3, survey_words[survey], -1, SQLITE_STATIC);
    sqlite3_bind_text(c->nps, 4, role_words[role], -1, SQLITE_STATIC);
    sqlite3_bind_int64(c->nps, 5, r.n);
    sqlite3_bind_int64(c->nps, 6, r.promoters);
    sqlite3_bind_int64(c->nps, 7, r.passives);
    sqlite3_bind_int64(c->nps, 8, r.detractors);
    bind_real(c->nps, 9, r.nps);
    bind_real(c->nps, 10, lo);
    bind_real(c->nps, 11, hi);
    return step_insert(c->nps, c->a, "res_nps", e);
}

/* One res_change row, kept until the group's p-values are adjusted. */
struct change_row {
    int role;
    size_t item;
    long n;
    double mean_intro, mean_final, mean_diff, v, p, diff_lo, diff_hi, r;
};

/* The res_change row of role and item in the group's tallies, into *row;
 * *made is 0 when no pair has both answers.  Errors: MS_SOFTWARE. */
static enum ms_status change_row_make(struct eval_ctx *c, int role,
                                      size_t item, struct change_row *row,
                                      int *made, struct ms_err *e)
{
    size_t k = (size_t)role * (size_t)c->t->n_items + item, m = 0;
    const long *tally = c->g->diffs + k * N_DIFFS;
    double diff[N_DIFFS], n = (double)c->g->change_n[k];
    double si = (double)c->g->change_si[k], sf = (double)c->g->change_sf[k];
    long count[N_DIFFS];
    struct wilcoxon_result w;
    struct describe_stats ds;
    enum ms_status s;

    *made = 0;
    if (c->g->change_n[k] == 0)
        return MS_OK;
    for (int v = 0; v < N_DIFFS; v++)
        if (tally[v] > 0) {
            diff[m] = v - DIFF_ZERO;
            count[m++] = tally[v];
        }
    if ((s = wilcoxon_signed_rank_tally(diff, count, m, &w)) != MS_OK)
        return err_set(e, s, "computing the Wilcoxon test");
    /* the t interval over all differences, zeros included */
    if ((s = describe_mean_ci_counts(tally, -DIFF_ZERO, N_DIFFS, 0.95,
                                     &ds)) != MS_OK)
        return err_set(e, s, "computing the interval of a change");
    row->role = role;
    row->item = item;
    row->n = c->g->change_n[k];
    row->mean_intro = si / n;
    row->mean_final = sf / n;
    row->mean_diff = (sf - si) / n;
    row->v = w.v;
    /* no test on fewer than 10 pairs */
    row->p = row->n >= CHANGE_MIN_PAIRS ? w.p : NAN;
    row->diff_lo = ds.ci_low;
    row->diff_hi = ds.ci_high;
    row->r = wilcoxon_rank_biserial(&w);
    *made = 1;
    return MS_OK;
}

/* res_change of one group: latest intro vs latest final of each role,
 * with p_adjusted by Benjamini-Hochberg over the group's rows that have a
 * p-value (results.md: within one programme and cohort). */
static enum ms_status change_group(struct eval_ctx *c, const struct group *g,
                                   struct ms_err *e)
{
    const struct dataset *d = c->a->d;
    size_t ni = (size_t)c->t->n_items, nrow = 0, np = 0;
    enum ms_status s = MS_OK;

    for (int role = 0; role < 2; role++)
        for (size_t it = 0; it < ni; it++) {
            int made;
            if ((s = change_row_make(c, role, it, &c->rows[nrow], &made,
                                     e)) != MS_OK)
                return s;
            if (!made)
                continue;
            if (isfinite(c->rows[nrow].p))
                c->p[np++] = c->rows[nrow].p;
            nrow++;
        }
    if ((s = bh_adjust(c->p, np, c->p_adj)) != MS_OK)
        return err_set(e, s, "adjusting p-values (Benjamini-Hochberg)");
    np = 0;
    for (size_t i = 0; s == MS_OK && i < nrow; i++) {
        const struct change_row *r = &c->rows[i];
        bind_group(c->change, c->a, g);
        sqlite3_bind_text(c->change, 3, role_words[r->role], -1,
                          SQLITE_STATIC);
        sqlite3_bind_text(c->change, 4, d->item_names[r->item], -1,
                          SQLITE_STATIC);
        sqlite3_bind_int64(c->change, 5, r->n);
        bind_real(c->change, 6, r->mean_intro);
        bind_real(c->change, 7, r->mean_final);
        bind_real(c->change, 8, r->mean_diff);
        bind_real(c->change, 9, r->v);
        bind_real(c->change, 10, r->p);
        bind_real(c->change, 11, r->diff_lo);
        bind_real(c->change, 12, r->diff_hi);
        bind_real(c->change, 13, r->r);
        bind_real(c->change, 14, isfinite(r->p) ? c->p_adj[np++] : NAN);
        s = step_insert(c->change, c->a, "res_change", e);
    }
    return s;
}

/* res_response of one group: for each survey, role and status with pairs,
 * how many of those pairs have a response of that survey from that role. */
static enum ms_status response_group(struct eval_ctx *c, const struct group *g,
                                     struct ms_err *e)
{
    const struct dataset *d = c->a->d;
    long pairs[N_STATUS] = {0};
    enum ms_status s = MS_OK;

    for (size_t i = 0; i < d->n_pairs; i++)
        if (group_has(g, &d->pairs[i]) && d->pairs[i].status < N_STATUS)
            pairs[d->pairs[i].status]++;
    for (int b = 0; s == MS_OK && b < N_BUCKETS; b++)
        for (int st = 0; s == MS_OK && st < N_STATUS; st++) {
            long done = c->g->responded[st * N_BUCKETS + b];
            if (pairs[st] == 0)
                continue;
            bind_group(c->response, c->a, g);
            sqlite3_bind_text(c->response, 3, survey_words[b / 2], -1,
                              SQLITE_STATIC);
            sqlite3_bind_text(c->response, 4, role_words[b % 2], -1,
                              SQLITE_STATIC);
            sqlite3_bind_text(c->response, 5, status_words[st], -1,
                              SQLITE_STATIC);
            sqlite3_bind_int64(c->response, 6, pairs[st]);
            sqlite3_bind_int64(c->response, 7, done);
            bind_real(c->response, 8, (double)done / (double)pairs[st]);
            s = step_insert(c->response, c->a, "res_response", e);
        }
    return s;
}

/* The sum of the cells of group g into acc; 0 when g has no answers. */
static int group_sum(const struct eval_tally *t, const struct group *g,
                     struct eval_acc *acc)
{
    int any = 0;

    acc_zero(t, acc);
    for (int p = 0; p < t->n_programmes; p++)
        for (int c = 0; c < t->n_cohorts; c++) {
            const struct eval_acc *cell = t->cells[p * t->n_cohorts + c];
            if (cell == NULL || (g->programme >= 0 && g->programme != p) ||
                (g->cohort >= 0 && g->cohort != c))
                continue;
            acc_add(t, acc, cell);
            any = 1;
        }
    return any;
}

enum ms_status tables_evaluations(struct analysis *a,
                                  const struct eval_tally *t,
                                  struct ms_err *e)
{
    struct eval_ctx c = {0};
    struct eval_acc *acc = NULL;
    enum ms_status s;

    c.a = a;
    c.t = t;
    if (t->cells == NULL)   /* no pair was read */
        return MS_OK;
    acc = acc_new(t);
    c.rows = malloc((2 * (size_t)t->n_items + 1) * sizeof *c.rows);
    c.p = malloc((2 * (size_t)t->n_items + 1) * sizeof *c.p);
    c.p_adj = malloc((2 * (size_t)t->n_items + 1) * sizeof *c.p_adj);
    if (acc == NULL || c.rows == NULL || c.p == NULL || c.p_adj == NULL) {
        s = err_set(e, MS_NOMEM, "out of memory");
        goto done;
    }
    c.g = acc;
    if ((s = db_prepare(a->db, "INSERT INTO res_items (programme, cohort, "
                        "survey, role, item, n, mean, sd, ci_low, ci_high, "
                        "top2_n, top2_share, top2_ci_low, top2_ci_high) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                        "?11, ?12, ?13, ?14)", &c.items, e)) != MS_OK ||
        (s = db_prepare(a->db, "INSERT INTO res_item_dist (programme, cohort, "
                        "survey, role, item, value, count) VALUES (?1, ?2, "
                        "?3, ?4, ?5, ?6, ?7)", &c.dist, e)) != MS_OK ||
        (s = db_prepare(a->db, "INSERT INTO res_scales (programme, cohort, "
                        "survey, role, construct, n_items, n_responses, alpha) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &c.scales,
                        e)) != MS_OK ||
        (s = db_prepare(a->db, "INSERT INTO res_change (programme, cohort, "
                        "role, item, n_pairs, mean_intro, mean_final, "
                        "mean_diff, wilcoxon_v, p_value, diff_ci_low, "
                        "diff_ci_high, effect_r, p_adjusted) VALUES (?1, ?2, "
                        "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                        &c.change, e)) != MS_OK ||
        (s = db_prepare(a->db, "INSERT INTO res_nps (programme, cohort, "
                        "survey, role, n, promoters, passives, detractors, "
                        "nps, ci_low, ci_high) VALUES (?1, ?2, ?3, ?4, ?5, "
                        "?6, ?7, ?8, ?9, ?10, ?11)", &c.nps, e)) != MS_OK ||
        (s = db_prepare(a->db, "INSERT INTO res_response (programme, cohort, "
                        "survey, role, status, n_pairs, n_responded, rate) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &c.response,
                        e)) != MS_OK)
        goto done;
    for (size_t gi = 0; s == MS_OK && gi < a->n_groups; gi++) {
        const struct group *g = &a->groups[gi];
        /* every group has its response rows, answered or not */
        if (!group_sum(t, g, acc)) {
            s = response_group(&c, g, e);
            continue;
        }
        for (int sv = 0; s == MS_OK && sv < 3; sv++)
            for (int r = 0; s == MS_OK && r < 2; r++) {
                if ((s = items_bucket(&c, g, sv, r, e)) != MS_OK ||
                    (s = scales_bucket(&c, g, sv, r, e)) != MS_OK)
                    break;
                s = nps_bucket(&c, g, sv, r, e);
            }
        if (s == MS_OK)
            s = change_group(&c, g, e);
        if (s == MS_OK)
            s = response_group(&c, g, e);
    }
done:
    sqlite3_finalize(c.items);
    sqlite3_finalize(c.dist);
    sqlite3_finalize(c.scales);
    sqlite3_finalize(c.change);
    sqlite3_finalize(c.nps);
    sqlite3_finalize(c.response);
    acc_free(acc);
    free(c.rows);
    free(c.p);
    free(c.p_adj);
    return s;
}
