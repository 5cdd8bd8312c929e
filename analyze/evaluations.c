/*
 * evaluations.c: the questionnaire tables of results.md: res_items,
 * res_item_dist, res_scales, res_change and res_nps.  Figures come from
 * describe.c (mean, sd, t interval), alpha.c (Cronbach's alpha),
 * wilcoxon.c (signed-rank test) and nps.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "describe.h"
#include "alpha.h"
#include "nps.h"
#include "tables.h"
#include "wilcoxon.h"

static const char *const survey_words[] = {"intro", "midpoint", "final"};
static const char *const role_words[] = {"mentor", "mentee"};

struct eval_ctx {
    struct analysis *a;
    sqlite3_stmt *items, *dist, *scales, *change, *nps;
    size_t *idx;        /* eval indices of the group, bucketed */
    size_t start[7];    /* bucket b = survey * 2 + role: idx[start[b]..start[b+1]) */
    double *x, *y;      /* scratch, n_evals (or n_pairs) long */
    int *ans;           /* recommend answers */
};

static int8_t answer(const struct dataset *d, size_t ev, int item)
{
    return d->answers[ev * (size_t)(d->n_items > 0 ? d->n_items : 1) +
                      (size_t)item];
}

/* Bucket the group's evaluations by survey and role. */
static void bucket(struct eval_ctx *c, const struct group *g)
{
    const struct dataset *d = c->a->d;
    size_t count[6] = {0}, pos[6];

    for (size_t i = 0; i < d->n_evals; i++)
        if (group_has(g, &d->pairs[d->evals[i].pair]))
            count[d->evals[i].survey * 2 + d->evals[i].role]++;
    c->start[0] = 0;
    for (int b = 0; b < 6; b++) {
        c->start[b + 1] = c->start[b] + count[b];
        pos[b] = c->start[b];
    }
    for (size_t i = 0; i < d->n_evals; i++)
        if (group_has(g, &d->pairs[d->evals[i].pair]))
            c->idx[pos[d->evals[i].survey * 2 + d->evals[i].role]++] = i;
}

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
    size_t lo = c->start[survey * 2 + role], hi = c->start[survey * 2 + role + 1];
    enum ms_status s = MS_OK;

    for (int it = 0; s == MS_OK && it < d->n_items; it++) {
        long counts[256] = {0};
        size_t n = 0;
        struct describe_stats ds;

        for (size_t k = lo; k < hi; k++) {
            int8_t v = answer(d, c->idx[k], it);
            if (v == DS_MISSING)
                continue;
            n++;
            counts[v + 128]++;
        }
        if (n == 0)
            continue;
        if ((s = describe_mean_ci_counts(counts, -128, 256, 0.95, &ds)) != MS_OK)
            break;
        bind_key(c->items, c, g, survey, role, d->item_names[it]);
        sqlite3_bind_int64(c->items, 6, (sqlite3_int64)n);
        bind_real(c->items, 7, ds.mean);
        bind_real(c->items, 8, ds.sd);
        bind_real(c->items, 9, ds.ci_low);
        bind_real(c->items, 10, ds.ci_high);
        s = step_insert(c->items, c->a, "res_items", e);
        for (int v = 0; s == MS_OK && v < 256; v++) {
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
    const struct dataset *d = c->a->d;
    size_t lo = c->start[survey * 2 + role], hi = c->start[survey * 2 + role + 1];
    enum ms_status s = MS_OK;
    int done[64] = {0};

    for (int first = 0; s == MS_OK && first < d->n_items; first++) {
        int members[64], k = 0, any = 0;
        size_t n = 0;
        double alpha = NAN;

        if (done[first] || d->item_construct[first][0] == '\0')
            continue;
        for (int it = first; it < d->n_items; it++)
            if (strcmp(d->item_construct[it], d->item_construct[first]) == 0) {
                members[k++] = it;
                done[it] = 1;
            }
        for (size_t r = lo; r < hi; r++) {
            int complete = 1;
            for (int j = 0; j < k; j++) {
                int8_t v = answer(d, c->idx[r], members[j]);
                any |= v != DS_MISSING;
                complete &= v != DS_MISSING;
            }
            if (!complete)
                continue;
            for (int j = 0; j < k; j++)
                c->x[n * (size_t)k + (size_t)j] = answer(d, c->idx[r],
                                                         members[j]);
            n++;
        }
        if (!any)
            continue;
        if (k >= 2 && n >= 2 &&
            (s = alpha_cronbach(c->x, n, (size_t)k, &alpha)) != MS_OK)
            break;
        bind_key(c->scales, c, g, survey, role, d->item_construct[first]);
        sqlite3_bind_int(c->scales, 6, k);
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
    const struct dataset *d = c->a->d;
    size_t lo = c->start[survey * 2 + role], hi = c->start[survey * 2 + role + 1];
    struct nps_result r;
    size_t n = 0;
    enum ms_status s;

    for (size_t k = lo; k < hi; k++)
        if (d->evals[c->idx[k]].recommend >= 0)
            c->ans[n++] = d->evals[c->idx[k]].recommend;
    if (n == 0)
        return MS_OK;
    if ((s = nps_score(c->ans, n, &r)) != MS_OK)
        return err_set(e, s, "computing the net promoter score");
    bind_group(c->nps, c->a, g);
    sqlite3_bind_text(c->nps, 3, survey_words[survey], -1, SQLITE_STATIC);
    sqlite3_bind_text(c->nps, 4, role_words[role], -1, SQLITE_STATIC);
    sqlite3_bind_int64(c->nps, 5, r.n);
    sqlite3_bind_int64(c->nps, 6, r.promoters);
    sqlite3_bind_int64(c->nps, 7, r.passives);
    sqlite3_bind_int64(c->nps, 8, r.detractors);
    bind_real(c->nps, 9, r.nps);
    return step_insert(c->nps, c->a, "res_nps", e);
}

/* res_change of one group: latest intro vs latest final of each role. */
static enum ms_status change_group(struct eval_ctx *c, const struct group *g,
                                   struct ms_err *e)
{
    const struct dataset *d = c->a->d;
    enum ms_status s = MS_OK;

    size_t nm = group_members(c->a, g);

    for (int role = 0; s == MS_OK && role < 2; role++)
        for (int it = 0; s == MS_OK && it < d->n_items; it++) {
            struct wilcoxon_result w;
            double si = 0, sf = 0;
            size_t n = 0;

            for (size_t m = 0; m < nm; m++) {
                const struct ds_pair *p = &d->pairs[c->a->members[m]];
                int8_t vi, vf;
                if (p->latest_intro[role] < 0 || p->latest_final[role] < 0)
                    continue;
                vi = answer(d, (size_t)p->latest_intro[role], it);
                vf = answer(d, (size_t)p->latest_final[role], it);
                if (vi == DS_MISSING || vf == DS_MISSING)
                    continue;
                c->x[n] = vf;
                c->y[n] = vi;
                si += vi;
                sf += vf;
                n++;
            }
            if (n == 0)
                continue;
            if ((s = wilcoxon_signed_rank(c->x, c->y, n, &w)) != MS_OK)
                return err_set(e, s, "computing the Wilcoxon test");
            bind_group(c->change, c->a, g);
            sqlite3_bind_text(c->change, 3, role_words[role], -1,
                              SQLITE_STATIC);
            sqlite3_bind_text(c->change, 4, d->item_names[it], -1,
                              SQLITE_STATIC);
            sqlite3_bind_int64(c->change, 5, (sqlite3_int64)n);
            bind_real(c->change, 6, si / (double)n);
            bind_real(c->change, 7, sf / (double)n);
            bind_real(c->change, 8, (sf - si) / (double)n);
            bind_real(c->change, 9, w.v);
            bind_real(c->change, 10, w.p);
            s = step_insert(c->change, c->a, "res_change", e);
        }
    return s;
}

/* The most items one construct has (the widest matrix alpha needs). */
static size_t construct_max(const struct dataset *d)
{
    size_t most = 1;

    for (int i = 0; i < d->n_items; i++) {
        size_t k = 0;
        for (int j = 0; j < d->n_items; j++)
            k += d->item_construct[i][0] != '\0' &&
                 strcmp(d->item_construct[i], d->item_construct[j]) == 0;
        if (k > most)
            most = k;
    }
    return most;
}

enum ms_status tables_evaluations(struct analysis *a, struct ms_err *e)
{
    const struct dataset *d = a->d;
    size_t per[6] = {0}, most = 0, nx;
    struct eval_ctx c = {0};
    enum ms_status s;

    c.a = a;
    /* scratch: a bucket (one survey and role of a group) is at most the
     * largest bucket of all pairs; res_change needs one slot per pair */
    for (size_t i = 0; i < d->n_evals; i++)
        per[d->evals[i].survey * 2 + d->evals[i].role]++;
    for (int b = 0; b < 6; b++)
        most = per[b] > most ? per[b] : most;
    nx = most * construct_max(d);
    nx = (nx > d->n_pairs ? nx : d->n_pairs) + 1;
    c.idx = malloc((d->n_evals + 1) * sizeof *c.idx);
    c.x = malloc(nx * sizeof *c.x);
    c.y = malloc((d->n_pairs + 1) * sizeof *c.y);
    c.ans = malloc((most + 1) * sizeof *c.ans);
    if (c.idx == NULL || c.x == NULL || c.y == NULL || c.ans == NULL) {
        s = err_set(e, MS_NOMEM, "out of memory");
        goto done;
    }
    if ((s = db_prepare(a->db, "INSERT INTO res_items (programme, cohort, "
                        "survey, role, item, n, mean, sd, ci_low, ci_high) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                        &c.items, e)) != MS_OK ||
        (s = db_prepare(a->db, "INSERT INTO res_item_dist (programme, cohort, "
                        "survey, role, item, value, count) VALUES (?1, ?2, "
                        "?3, ?4, ?5, ?6, ?7)", &c.dist, e)) != MS_OK ||
        (s = db_prepare(a->db, "INSERT INTO res_scales (programme, cohort, "
                        "survey, role, construct, n_items, n_responses, alpha) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &c.scales,
                        e)) != MS_OK ||
        (s = db_prepare(a->db, "INSERT INTO res_change (programme, cohort, "
                        "role, item, n_pairs, mean_intro, mean_final, "
                        "mean_diff, wilcoxon_v, p_value) VALUES (?1, ?2, ?3, "
                        "?4, ?5, ?6, ?7, ?8, ?9, ?10)", &c.change, e)) != MS_OK ||
        (s = db_prepare(a->db, "INSERT INTO res_nps (programme, cohort, "
                        "survey, role, n, promoters, passives, detractors, "
                        "nps) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        &c.nps, e)) != MS_OK)
        goto done;
    for (size_t gi = 0; s == MS_OK && gi < a->n_groups; gi++) {
        const struct group *g = &a->groups[gi];
        bucket(&c, g);
        for (int sv = 0; s == MS_OK && sv < 3; sv++)
            for (int r = 0; s == MS_OK && r < 2; r++) {
                if ((s = items_bucket(&c, g, sv, r, e)) != MS_OK ||
                    (s = scales_bucket(&c, g, sv, r, e)) != MS_OK)
                    break;
                s = nps_bucket(&c, g, sv, r, e);
            }
        if (s == MS_OK)
            s = change_group(&c, g, e);
    }
done:
    sqlite3_finalize(c.items);
    sqlite3_finalize(c.dist);
    sqlite3_finalize(c.scales);
    sqlite3_finalize(c.change);
    sqlite3_finalize(c.nps);
    free(c.idx);
    free(c.x);
    free(c.y);
    free(c.ans);
    return s;
}
