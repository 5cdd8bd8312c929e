/*
 * works.c: the per-pair tally behind the "what works" tables (see
 * works.h): the pass hands each pair's meetings, goals and questionnaires
 * here once; what the tables need of them is kept, the rows are not.
 */
#include "works.h"

#include <stdlib.h>
#include <string.h>

enum ms_status works_tally_new(struct works_tally **out, struct ms_err *e)
{
    *out = calloc(1, sizeof **out);
    if (*out == NULL)
        return err_set(e, MS_NOMEM, "out of memory");
    return MS_OK;
}

/* Free the cells of t (not t). */
static void works_cells_free(struct works_tally *t)
{
    for (int c = 0; t->cells != NULL && c < t->n_cells; c++) {
        if (t->cells[c] == NULL)
            continue;
        for (int j = 0; j < 3 * t->n_items; j++)
            free(t->cells[c][j].joint);
        free(t->cells[c]);
    }
    free(t->cells);
    t->cells = NULL;
}

void works_tally_free(struct works_tally *t)
{
    if (t == NULL)
        return;
    works_cells_free(t);
    free(t->pairs);
    free(t);
}

/* Scale points of item i of d (0 when the scale is unusable). */
static int works_scale(const struct dataset *d, int i)
{
    int k = d->item_max[i] - d->item_min[i] + 1;

    return k >= 1 && k <= 101 ? k : 0;
}

/* The pair's first month and intro meeting into w. */
static void works_first_month(const struct ds_pair *p, const struct ds_rows *r,
                              struct works_pair *w)
{
    int32_t day30 = p->start + 30;

    memset(w, 0, sizeof *w);
    for (size_t i = 0; i < r->ng; i++)
        if (r->g[i].set_date <= day30)
            w->goals_by_30 = 1;
    /* meetings come by date, then meeting_id: the last held intro is the
     * latest */
    for (size_t i = 0; i < r->nm; i++) {
        if (r->m[i].status != DS_HELD)
            continue;
        if (r->m[i].date <= day30)
            w->held_by_30++;
        if (r->m[i].kind == DS_KIND_INTRO)
            w->intro_mode = r->m[i].mode;
    }
}

/* Add one (mentor, mentee) answer pair of item i to a. */
static int works_agree_add(const struct dataset *d, int i,
                           struct works_agree *a, int mentor, int mentee)
{
    int k = works_scale(d, i), x = mentor - d->item_min[i],
        y = mentee - d->item_min[i];

    a->n++;
    a->sum_mentor += mentor;
    a->sum_mentee += mentee;
    if (k == 0 || x < 0 || x >= k || y < 0 || y >= k)
        return 0;   /* off the scale: in the means, not in the table */
    if (a->joint == NULL &&
        (a->joint = calloc((size_t)k * (size_t)k, sizeof *a->joint)) == NULL)
        return -1;
    a->joint[x * k + y]++;
    return 0;
}

/* The latest mentor and mentee response of each survey, and their
 * answers to the q_* items, into the pair's cell. */
static int works_agreement(struct works_tally *t, const struct dataset *d,
                           const struct ds_pair *p, const struct ds_rows *r)
{
    size_t stride = dataset_stride(d);
    long latest[3][2];
    int cell = p->programme * d->n_cohorts + p->cohort;

    for (int s = 0; s < 3; s++)
        latest[s][0] = latest[s][1] = -1;
    /* by date, then response_id: the last one of each is the latest */
    for (size_t i = 0; i < r->ne; i++)
        if (r->ev[i].survey < 3 && r->ev[i].role < 2)
            latest[r->ev[i].survey][r->ev[i].role] = (long)i;
    for (int s = 0; s < 3; s++) {
        const int8_t *am, *ae;

        if (latest[s][DS_MENTOR] < 0 || latest[s][DS_MENTEE] < 0)
            continue;
        am = r->answers + (size_t)latest[s][DS_MENTOR] * stride;
        ae = r->answers + (size_t)latest[s][DS_MENTEE] * stride;
        for (int i = 0; i < d->n_items; i++) {
            if (strncmp(d->item_names[i], "q_", 2) != 0 ||
                am[i] == DS_MISSING || ae[i] == DS_MISSING)
                continue;
            if (t->cells[cell] == NULL &&
                (t->cells[cell] = calloc((size_t)(3 * t->n_items),
                                         sizeof *t->cells[cell])) == NULL)
                return -1;
            if (works_agree_add(d, i, &t->cells[cell][s * t->n_items + i],
                                am[i], ae[i]) != 0)
                return -1;
        }
    }
    return 0;
}

enum ms_status works_tally_pair(struct works_tally *t, const struct dataset *d,
                                size_t pair_index, const struct ds_rows *rows,
                                struct ms_err *e)
{
    const struct ds_pair *p = &d->pairs[pair_index];

    if (pair_index != t->n_pairs)
        return err_set(e, MS_SOFTWARE, "works: pair %zu out of order",
                       pair_index);
    if (t->cells == NULL) {
        t->n_cells = d->n_programmes * d->n_cohorts;
        t->n_items = d->n_items;
        for (int i = 0; i < d->n_items; i++)
            t->scale_k[i] = works_scale(d, i);
        t->cells = calloc((size_t)t->n_cells + 1, sizeof *t->cells);
        if (t->cells == NULL)
            return err_set(e, MS_NOMEM, "out of memory");
    }
    if (t->n_pairs >= t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 1024;
        struct works_pair *w = realloc(t->pairs, cap * sizeof *w);
        if (w == NULL)
            return err_set(e, MS_NOMEM, "out of memory");
        t->pairs = w;
        t->cap = cap;
    }
    works_first_month(p, rows, &t->pairs[t->n_pairs]);
    t->n_pairs++;
    if (works_agreement(t, d, p, rows) != 0)
        return err_set(e, MS_NOMEM, "out of memory");
    return MS_OK;
}

/* Add cell b into cell a (n_items items with k scale points each). */
static void works_cell_add(struct works_agree *a, struct works_agree *b,
                           int n_items, const int *k)
{
    for (int j = 0; j < 3 * n_items; j++) {
        size_t kk = (size_t)k[j % n_items] * (size_t)k[j % n_items];

        a[j].n += b[j].n;
        a[j].sum_mentor += b[j].sum_mentor;
        a[j].sum_mentee += b[j].sum_mentee;
        if (b[j].joint == NULL)
            continue;
        if (a[j].joint == NULL) {
            a[j].joint = b[j].joint;
            b[j].joint = NULL;
            continue;
        }
        for (size_t c = 0; c < kk; c++)
            a[j].joint[c] += b[j].joint[c];
    }
}

enum ms_status works_tally_merge(struct works_tally *to,
                                 struct works_tally *from, struct ms_err *e)
{
    if (from->n_pairs > 0) {
        struct works_pair *w = realloc(to->pairs, (to->n_pairs + from->n_pairs)
                                       * sizeof *w);
        if (w == NULL)
            return err_set(e, MS_NOMEM, "out of memory");
        memcpy(w + to->n_pairs, from->pairs, from->n_pairs * sizeof *w);
        to->pairs = w;
        to->n_pairs += from->n_pairs;
        to->cap = to->n_pairs;
    }
    if (from->cells == NULL)
        return MS_OK;
    if (to->cells == NULL) {
        to->cells = from->cells;
        to->n_cells = from->n_cells;
        to->n_items = from->n_items;
        from->cells = NULL;
        return MS_OK;
    }
    if (to->n_cells != from->n_cells || to->n_items != from->n_items)
        return err_set(e, MS_SOFTWARE, "works: tallies of different data");
    for (int c = 0; c < from->n_cells; c++) {
        if (from->cells[c] == NULL)
            continue;
        if (to->cells[c] == NULL) {
            to->cells[c] = from->cells[c];
            from->cells[c] = NULL;
            continue;
        }
        works_cell_add(to->cells[c], from->cells[c], to->n_items,
                       to->scale_k);
    }
    return MS_OK;
}
