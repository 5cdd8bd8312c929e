/*
 * suppress.c: primary and secondary (complementary) cell suppression over
 * a table of counts and its linear relations (algorithm in suppress.h).
 * Relations are kept as one flat list of cell indexes (CSR); the run keeps
 * a queue of relations to re-check, so each hidden cell costs only the
 * relations it belongs to.
 */
#include "suppress.h"

#include <stdlib.h>
#include <string.h>

struct suppress {
    long *count;        /* per cell */
    int *k;             /* per cell */
    unsigned char *forced; /* per cell: hidden by suppress_cell_hide */
    int *cost;             /* per cell: set by suppress_cell_cost */
    int *link_parent;   /* union-find parent per cell */
    int *link_next;     /* circular list of each link class */
    unsigned char *mark;   /* per cell, valid after suppress_run */
    int n_cells, cap_cells;

    /* relation r is rel_cells[rel_start[r] .. rel_start[r + 1]) */
    int *rel_start;
    int n_rel, cap_rel;
    int *rel_cells;
    int n_rel_cells, cap_rel_cells;
};

/* Reallocate the array whose pointer is at pp (an int ** or similar) to
 * n elements of size sz; 0, or -1 with the array unchanged.  The pointer is
 * copied with memcpy, not read through a void **, which C does not allow
 * for an int *. */
static int resize(void *pp, int n, size_t sz)
{
    void *old, *q;

    memcpy(&old, pp, sizeof old);
    q = realloc(old, (size_t)n * sz);
    if (q == NULL)
        return -1;
    memcpy(pp, &q, sizeof q);
    return 0;
}

/* Grow the array at pp (capacity *cap) to hold at least need elements of
 * size sz; 0, or -1 with the array and *cap unchanged. */
static int grow(void *pp, int *cap, int need, size_t sz)
{
    int n = *cap > 0 ? *cap : 16;

    if (need <= *cap)
        return 0;
    while (n < need) {
        if (n > (1 << 28))
            return -1;
        n *= 2;
    }
    if (resize(pp, n, sz) != 0)
        return -1;
    *cap = n;
    return 0;
}

struct suppress *suppress_new(void)
{
    struct suppress *s = calloc(1, sizeof *s);

    if (s == NULL)
        return NULL;
    if (grow(&s->rel_start, &s->cap_rel, 1, sizeof *s->rel_start)) {
        free(s);
        return NULL;
    }
    s->rel_start[0] = 0;
    return s;
}

void suppress_free(struct suppress *s)
{
    if (s == NULL)
        return;
    free(s->count);
    free(s->k);
    free(s->forced);
    free(s->cost);
    free(s->link_parent);
    free(s->link_next);
    free(s->mark);
    free(s->rel_start);
    free(s->rel_cells);
    free(s);
}

enum ms_status suppress_cell_add(struct suppress *s, long count, int k,
                                 int *cell)
{
    int n = s->n_cells;

    if (n >= s->cap_cells) {
        /* every per-cell array grows to the same capacity; cap_cells moves
         * only when all of them have */
        int want = s->cap_cells > 0 ? 2 * s->cap_cells : 16;

        if (resize(&s->count, want, sizeof *s->count) ||
            resize(&s->k, want, sizeof *s->k) ||
            resize(&s->forced, want, sizeof *s->forced) ||
            resize(&s->cost, want, sizeof *s->cost) ||
            resize(&s->link_parent, want, sizeof *s->link_parent) ||
            resize(&s->link_next, want, sizeof *s->link_next) ||
            resize(&s->mark, want, sizeof *s->mark))
            return MS_NOMEM;
        s->cap_cells = want;
    }
    s->count[n] = count < 0 ? 0 : count;
    s->k[n] = k;
    s->forced[n] = 0;
    s->cost[n] = 0;
    s->link_parent[n] = n;
    s->link_next[n] = n;
    s->mark[n] = SUPPRESS_SHOWN;
    s->n_cells = n + 1;
    *cell = n;
    return MS_OK;
}

enum ms_status suppress_cell_cost(struct suppress *s, int cell, int cost)
{
    if (cell < 0 || cell >= s->n_cells)
        return MS_SOFTWARE;
    s->cost[cell] = cost;
    return MS_OK;
}

enum ms_status suppress_cell_hide(struct suppress *s, int cell)
{
    if (cell < 0 || cell >= s->n_cells)
        return MS_SOFTWARE;
    s->forced[cell] = 1;
    return MS_OK;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;

    return (x > y) - (x < y);
}

enum ms_status suppress_relation_add(struct suppress *s, const int *cells,
                                     int n)
{
    int base = s->n_rel_cells, m = 0;

    for (int i = 0; i < n; i++)
        if (cells[i] < 0 || cells[i] >= s->n_cells)
            return MS_SOFTWARE;
    if (n < 2)
        return MS_OK;
    if (grow(&s->rel_cells, &s->cap_rel_cells, base + n, sizeof(int)) ||
        grow(&s->rel_start, &s->cap_rel, s->n_rel + 2, sizeof(int)))
        return MS_NOMEM;
    memcpy(s->rel_cells + base, cells, (size_t)n * sizeof(int));
    qsort(s->rel_cells + base, (size_t)n, sizeof(int), cmp_int);
    for (int i = 0; i < n; i++)
        if (m == 0 || s->rel_cells[base + i] != s->rel_cells[base + m - 1])
            s->rel_cells[base + m++] = s->rel_cells[base + i];
    if (m < 2)
        return MS_OK;
    s->n_rel_cells = base + m;
    s->n_rel++;
    s->rel_start[s->n_rel] = s->n_rel_cells;
    return MS_OK;
}

static int link_find(struct suppress *s, int a)
{
    while (s->link_parent[a] != a) {
        s->link_parent[a] = s->link_parent[s->link_parent[a]];
        a = s->link_parent[a];
    }
    return a;
}

enum ms_status suppress_link_add(struct suppress *s, int a, int b)
{
    int ra, rb, t;

    if (a < 0 || a >= s->n_cells || b < 0 || b >= s->n_cells)
        return MS_SOFTWARE;
    ra = link_find(s, a);
    rb = link_find(s, b);
    if (ra == rb)
        return MS_OK;
    s->link_parent[rb] = ra;
    /* splice the two circular lists into one */
    t = s->link_next[a];
    s->link_next[a] = s->link_next[b];
    s->link_next[b] = t;
    return MS_OK;
}

/* What suppress_run works with: which relations hold each cell, and the
 * queue of relations to look at again. */
struct run {
    struct suppress *s;
    /* relations of cell c: cell_rel[cell_start[c] .. cell_start[c + 1]) */
    int *cell_start;
    int *cell_rel;
    int *queue;        /* ring of relation indexes */
    unsigned char *queued;
    int head, len;
};

static void run_push(struct run *r, int rel)
{
    int n = r->s->n_rel;

    if (r->queued[rel])
        return;
    r->queued[rel] = 1;
    r->queue[(r->head + r->len) % n] = rel;
    r->len++;
}

/* Hide cell (and its link class) with mark m; queue the relations that
 * hold any newly hidden cell. */
static void run_hide(struct run *r, int cell, enum suppress_mark m)
{
    struct suppress *s = r->s;
    int c = cell;

    do {
        if (s->mark[c] == SUPPRESS_SHOWN) {
            s->mark[c] = (unsigned char)(c == cell ? m : SUPPRESS_SECONDARY);
            for (int i = r->cell_start[c]; i < r->cell_start[c + 1]; i++)
                run_push(r, r->cell_rel[i]);
        }
        c = s->link_next[c];
    } while (c != cell);
}

/* What hiding cell c now would cost, looking one step ahead.  Each
 * relation of c with no hidden cell yet would be left with exactly one (c)
 * and would then have to hide its cheapest other shown cell above zero:
 * c costs at least that much (*cost), and opens one new hole; each
 * relation with exactly one hidden cell (not c's) is closed by c (*holes
 * counts opened minus closed).  So a cohort's count whose siblings are
 * all zero (the active pairs of finished cohorts) is not chosen when that
 * would force its total, and a cell that closes another relation's hole
 * (a corner of a rectangle already hidden) goes before one that opens
 * new ones. */
static void ahead(const struct run *r, int c, int *cost, int *holes)
{
    const struct suppress *s = r->s;

    *cost = s->cost[c];
    *holes = 0;
    for (int i = r->cell_start[c]; i < r->cell_start[c + 1]; i++) {
        int rel = r->cell_rel[i], hidden = 0, cheapest = -1;

        for (int j = s->rel_start[rel]; j < s->rel_start[rel + 1]; j++) {
            int d = s->rel_cells[j];

            if (s->mark[d] != SUPPRESS_SHOWN)
                hidden++;
            else if (d != c && s->count[d] != 0 &&
                     (cheapest < 0 || s->cost[d] < cheapest))
                cheapest = s->cost[d];
        }
        if (hidden == 0) {
            (*holes)++;
            if (cheapest > *cost)
                *cost = cheapest;
        } else if (hidden == 1) {
            (*holes)--;
        }
    }
}

/* A candidate second hidden cell and its look-ahead. */
struct pick {
    int cell, cost, holes;
};

/* 1 when a is a better second hidden cell than b: a count above zero
 * before a zero, then the lower look-ahead cost, then the lower own
 * cost, then fewer new holes, then the smaller count (ties: b, the cell seen first, stays). */
static int pick_better(const struct suppress *s, const struct pick *a,
                       const struct pick *b)
{
    if ((s->count[a->cell] == 0) != (s->count[b->cell] == 0))
        return s->count[a->cell] != 0;
    if (a->cost != b->cost)
        return a->cost < b->cost;
    if (s->cost[a->cell] != s->cost[b->cell])
        return s->cost[a->cell] < s->cost[b->cell];
    if (a->holes != b->holes)
        return a->holes < b->holes;
    return s->count[a->cell] < s->count[b->cell];
}

/* The cell of relation rel to hide next (see pick_better), or -1 if no
 * cell of it is shown. */
static int relation_pick(const struct run *r, int rel)
{
    const struct suppress *s = r->s;
    struct pick best = { -1, 0, 0 };

    for (int i = s->rel_start[rel]; i < s->rel_start[rel + 1]; i++) {
        struct pick p;

        p.cell = s->rel_cells[i];
        if (s->mark[p.cell] != SUPPRESS_SHOWN)
            continue;
        ahead(r, p.cell, &p.cost, &p.holes);
        if (best.cell < 0 || pick_better(s, &p, &best))
            best = p;
    }
    return best.cell;
}

enum ms_status suppress_run(struct suppress *s)
{
    struct run r = { s, NULL, NULL, NULL, NULL, 0, 0 };
    enum ms_status st = MS_NOMEM;
    int nc = s->n_cells, nr = s->n_rel;

    for (int c = 0; c < nc; c++)
        s->mark[c] = SUPPRESS_SHOWN;
    r.cell_start = calloc((size_t)nc + 1, sizeof(int));
    r.cell_rel = malloc(((size_t)s->n_rel_cells + 1) * sizeof(int));
    r.queue = malloc(((size_t)nr + 1) * sizeof(int));
    r.queued = calloc((size_t)nr + 1, 1);
    if (r.cell_start == NULL || r.cell_rel == NULL || r.queue == NULL ||
        r.queued == NULL)
        goto done;

    /* incidence: count, prefix-sum, fill */
    for (int i = 0; i < s->n_rel_cells; i++)
        r.cell_start[s->rel_cells[i] + 1]++;
    for (int c = 0; c < nc; c++)
        r.cell_start[c + 1] += r.cell_start[c];
    {
        int *fill = malloc(((size_t)nc + 1) * sizeof(int));

        if (fill == NULL)
            goto done;
        memcpy(fill, r.cell_start, ((size_t)nc + 1) * sizeof(int));
        for (int rel = 0; rel < nr; rel++)
            for (int i = s->rel_start[rel]; i < s->rel_start[rel + 1]; i++)
                r.cell_rel[fill[s->rel_cells[i]]++] = rel;
        free(fill);
    }

    /* primary: own count 1..k-1, or hidden by the caller */
    for (int c = 0; c < nc; c++)
        if (s->forced[c] || (s->count[c] > 0 && s->count[c] < s->k[c]))
            s->mark[c] = SUPPRESS_PRIMARY;
    /* links of primary cells, then every relation once */
    for (int c = 0; c < nc; c++)
        if (s->mark[c] == SUPPRESS_PRIMARY) {
            for (int d = s->link_next[c]; d != c; d = s->link_next[d])
                if (s->mark[d] == SUPPRESS_SHOWN)
                    run_hide(&r, d, SUPPRESS_SECONDARY);
        }
    for (int rel = 0; rel < nr; rel++)
        run_push(&r, rel);

    /* secondary: until no relation has exactly one hidden cell */
    while (r.len > 0) {
        int rel = r.queue[r.head], hidden = 0;

        r.head = (r.head + 1) % nr;
        r.len--;
        r.queued[rel] = 0;
        for (int i = s->rel_start[rel]; i < s->rel_start[rel + 1]; i++)
            hidden += s->mark[s->rel_cells[i]] != SUPPRESS_SHOWN;
        if (hidden == 1) {
            int c = relation_pick(&r, rel);

            if (c >= 0)
                run_hide(&r, c, SUPPRESS_SECONDARY);
        }
    }
    st = MS_OK;
done:
    if (st != MS_OK)
        for (int c = 0; c < nc; c++)
            s->mark[c] = SUPPRESS_SHOWN;
    free(r.cell_start);
    free(r.cell_rel);
    free(r.queue);
    free(r.queued);
    return st;
}

enum suppress_mark suppress_mark_get(const struct suppress *s, int cell)
{
    if (s == NULL || cell < 0 || cell >= s->n_cells)
        return SUPPRESS_SHOWN;
    return (enum suppress_mark)s->mark[cell];
}

int suppress_cell_count(const struct suppress *s)
{
    return s == NULL ? 0 : s->n_cells;
}
