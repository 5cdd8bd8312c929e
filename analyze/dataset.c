/*
 * dataset.c: reading the data tables for analyze in one merged pass
 * (see dataset.h).  Four statements walk pairs, meetings, goals and
 * evaluations in pair_id order (the primary keys make that a plain scan);
 * rows of pairs that are not in the analysis (orphans, or started after
 * as_of) are skipped on the way.
 */
#include "dataset.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "dates.h"
#include "db.h"
#include "gas.h"

/* ------------------------------------------------------------- arena -- */

/* Strings live in 64 KiB blocks freed together. */
struct arena {
    struct arena *next;
    size_t used, cap;
    char data[];
};

static const char *arena_strdup(struct arena **a, const char *s, size_t n)
{
    struct arena *b = *a;
    char *p;

    if (b == NULL || b->used + n + 1 > b->cap) {
        size_t cap = n + 1 > 65536 ? n + 1 : 65536;
        b = malloc(sizeof *b + cap);
        if (b == NULL)
            return NULL;
        b->next = *a;
        b->used = 0;
        b->cap = cap;
        *a = b;
    }
    p = b->data + b->used;
    memcpy(p, s, n);
    p[n] = '\0';
    b->used += n + 1;
    return p;
}

static void arena_free(struct arena *a)
{
    while (a != NULL) {
        struct arena *next = a->next;
        free(a);
        a = next;
    }
}

/* ----------------------------------------------------------- helpers -- */

/* Grow *buf to hold at least n elements of size sz. */
static int grow(void *buf, size_t *cap, size_t n, size_t sz)
{
    void **p = buf;
    size_t c = *cap ? *cap : 64;
    void *q;

    if (n <= *cap)
        return 0;
    while (c < n)
        c *= 2;
    q = realloc(*p, c * sz);
    if (q == NULL)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

/* A date column; -1 (and *ok = 0) when NULL or unreadable. */
static int32_t col_date(sqlite3_stmt *st, int i, int *ok)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    int32_t d;

    if (s == NULL || date_parse((const char *)s, strlen((const char *)s), &d)) {
        *ok = 0;
        return 0;
    }
    *ok = 1;
    return d;
}

/* Index of word in list (NULL-terminated), or -1. */
static int word_index(const char *const *list, const unsigned char *s)
{
    return vocab_index(list, (const char *)s);
}

/* SQLite's BINARY collation on two texts. */
static int id_cmp(const unsigned char *a, int an, const char *b, size_t bn)
{
    size_t n = (size_t)an < bn ? (size_t)an : bn;
    int c = memcmp(a, b, n);

    if (c != 0)
        return c;
    return (size_t)an < bn ? -1 : (size_t)an > bn;
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Index of s in the sorted list, or -1. */
static int sorted_find(char **list, int n, const char *s)
{
    char **hit = bsearch(&s, list, (size_t)n, sizeof *list, str_cmp);

    return hit ? (int)(hit - list) : -1;
}

/* Read "SELECT DISTINCT x ... ORDER BY x" into a sorted owned list. */
static enum ms_status distinct_list(sqlite3 *db, const char *sql, int32_t as_of,
                                    char ***out, int *n, struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s = db_prepare(db, sql, &st, e);
    char as_of_s[11];
    size_t cap = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if (s != MS_OK)
        return s;
    sqlite3_bind_text(st, 1, date_format(as_of, as_of_s), 10, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (grow(out, &cap, (size_t)*n + 1, sizeof **out) != 0 ||
            ((*out)[*n] = strdup(t ? t : "")) == NULL) {
            sqlite3_finalize(st);
            return err_set(e, MS_NOMEM, "out of memory reading groups");
        }
        (*n)++;
    }
    if (rc != SQLITE_DONE)
        s = db_error(db, rc, e, "reading groups");
    sqlite3_finalize(st);
    return s;
}

/* ---------------------------------------------------------- answers -- */

/* Index of item name[0..n) in d, or -1. */
static int item_find(const struct dataset *d, const char *name, size_t n)
{
    for (int i = 0; i < d->n_items; i++)
        if (strncmp(d->item_names[i], name, n) == 0 &&
            d->item_names[i][n] == '\0')
            return i;
    return -1;
}

/* Add item name to d (from item_config); its index. */
static int item_add(struct dataset *d, const char *name, size_t n)
{
    int i = item_find(d, name, n);

    if (i >= 0)
        return i;
    if (d->n_items >= DS_MAX_ITEMS || n >= sizeof d->item_names[0])
        return -1;
    memcpy(d->item_names[d->n_items], name, n);
    d->item_names[d->n_items][n] = '\0';
    d->item_construct[d->n_items][0] = '\0';
    d->item_min[d->n_items] = 1;
    d->item_max[d->n_items] = 5;
    return d->n_items++;
}

int dataset_item_index(const struct dataset *d, const char *name)
{
    for (int i = 0; i < d->n_items; i++)
        if (strcmp(d->item_names[i], name) == 0)
            return i;
    return -1;
}

static enum ms_status items_load(sqlite3 *db, struct dataset *d,
                                 struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s = db_prepare(db, "SELECT item, construct, scale_min, "
                                  "scale_max FROM item_config ORDER BY item",
                                  &st, e);
    int rc;

    if (s != MS_OK)
        return s;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        const char *c = (const char *)sqlite3_column_text(st, 1);
        int i = item_add(d, name, strlen(name));
        if (i < 0)
            continue;
        snprintf(d->item_construct[i], sizeof d->item_construct[i], "%s",
                 c ? c : "");
        d->item_min[i] = sqlite3_column_int(st, 2);
        d->item_max[i] = sqlite3_column_int(st, 3);
    }
    if (rc != SQLITE_DONE)
        s = db_error(db, rc, e, "reading item_config");
    sqlite3_finalize(st);
    return s;
}

/* Parse the answers JSON {"q_a":4,...} (as ingest writes it) into row.
 * Items not in item_config (ingest registers every item it loads) are
 * skipped; anything unexpected ends the parse: the items read so far stay.
 * A file writes its items in the same order on every row, so the item at
 * each position is looked for first where it was last time (d->seen). */
static void answers_parse(struct dataset *d, const char *s, int8_t *row)
{
    const char *p = s;

    if (p == NULL || *p++ != '{')
        return;
    for (int pos = 0; *p == '"'; pos++) {
        const char *name = ++p;
        long v = 0;
        int neg = 0, idx;
        size_t n;

        while (*p && *p != '"')
            p++;
        if (*p != '"' || p[1] != ':')
            return;
        n = (size_t)(p - name);
        idx = pos < DS_MAX_ITEMS ? d->seen[pos] : -1;
        if (idx < 0 || strncmp(d->item_names[idx], name, n) != 0 ||
            d->item_names[idx][n] != '\0') {
            idx = item_find(d, name, n);
            if (pos < DS_MAX_ITEMS)
                d->seen[pos] = (int8_t)idx;
        }
        p += 2;
        if (*p == '-')
            neg = 1, p++;
        if (*p < '0' || *p > '9')
            return;
        while (*p >= '0' && *p <= '9')
            v = v * 10 + (*p++ - '0');
        if (idx >= 0 && v <= 127)
            row[idx] = (int8_t)(neg ? -v : v);
        if (*p == ',')
            p++;
    }
}

/* ------------------------------------------------------- the latest -- */

/* Run sql, whose one row is (dates missing, latest date): *as_of is the
 * date, *found 1 when it is there and none is missing. */
static enum ms_status latest_query(sqlite3 *db, const char *sql,
                                   int32_t *as_of, int *found,
                                   struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s = db_prepare(db, sql, &st, e);
    int rc, ok;

    *found = 0;
    if (s != MS_OK)
        return s;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *as_of = col_date(st, 1, &ok);
        *found = ok && sqlite3_column_int64(st, 0) == 0;
    } else {
        s = db_error(db, rc, e, "finding the latest date");
    }
    sqlite3_finalize(st);
    return s;
}

enum ms_status dataset_default_as_of(sqlite3 *db, int32_t *as_of, int *found,
                                     struct ms_err *e)
{
    return latest_query(db, "SELECT 0, max(d) FROM ("
                        "SELECT max(start_date) AS d FROM pairs UNION ALL "
                        "SELECT max(end_date) FROM pairs UNION ALL "
                        "SELECT max(date) FROM meetings UNION ALL "
                        "SELECT max(review_date) FROM goals UNION ALL "
                        "SELECT max(date) FROM evaluations)", as_of, found, e);
}

enum ms_status dataset_as_of_hint(sqlite3 *db, int32_t *as_of, int *found,
                                  struct ms_err *e)
{
    return latest_query(db, "SELECT count(*) - count(latest_date), "
                        "max(latest_date) FROM batches WHERE status = "
                        "'loaded'", as_of, found, e);
}

/* The cursors of the merged pass. */
struct cursors {
    sqlite3_stmt *pairs, *meetings, *goals, *evals;
    int m_rc, g_rc, e_rc;            /* last step result of each */
};

/* Planned length in days per programme index. */
static enum ms_status planned_days_load(sqlite3 *db, struct dataset *d,
                                        int32_t *days, struct ms_err *e)
{
    for (int p = 0; p < d->n_programmes; p++) {
        double months;
        int k;
        enum ms_status s = config_programme_get(db, d->programmes[p], &months,
                                                &k, e);
        if (s != MS_OK)
            return s;
        days[p] = date_months_to_days(months);
    }
    return MS_OK;
}

/* Finish the goal figures of p from its goals. */
static void goals_summarise(struct ds_pair *p, const struct ds_goal *g,
                            size_t ng, double *lv, double *wt)
{
    size_t k = 0;

    p->n_goals = (int)ng;
    for (size_t i = 0; i < ng; i++) {
        if (!g[i].reviewed)
            continue;
        p->n_reviewed++;
        p->n_met += g[i].level >= 0;
        p->levels[g[i].level + 2]++;
        lv[k] = g[i].level;
        wt[k] = g[i].weight;
        k++;
    }
    p->gas_t = k > 0 ? gas_t_score(lv, wt, k, GAS_RHO) : NAN;
}

/* Attendance of p: meetings dated within [start, end]. */
static void attendance_summarise(struct ds_pair *p, const struct ds_meeting *m,
                                 size_t nm)
{
    for (size_t i = 0; i < nm; i++) {
        if (m[i].date < p->start || m[i].date > p->end)
            continue;
        if (m[i].status == DS_HELD) {
            p->held++;
            p->held_minutes += m[i].duration;
        } else if (m[i].status == DS_CANCELLED) {
            p->cancelled++;
        } else {
            p->no_show++;
        }
    }
}

/* ------------------------------------------------------------ loading -- */

/* Count date t (when ok) towards the latest date of the data. */
static void latest_note(struct dataset *d, int32_t t, int ok)
{
    if (ok && (!d->has_latest || t > d->latest)) {
        d->latest = t;
        d->has_latest = 1;
    }
}

/* The rows of each child cursor up to pair id[0..n) (NULL: to the end):
 * rows of that pair dated on or before as_of are taken, rows of earlier
 * pair ids (orphans, pairs outside the analysis) are stepped over; every
 * row's date counts towards the latest date.  -1 when memory runs out. */
static int meetings_take(struct cursors *c, struct dataset *d, const char *id,
                         size_t n, struct ds_meeting **mv, size_t *cap,
                         size_t *nm)
{
    sqlite3_stmt *st = c->meetings;

    *nm = 0;
    for (; c->m_rc == SQLITE_ROW; c->m_rc = sqlite3_step(st)) {
        int cmp = id == NULL ? -1 : id_cmp(sqlite3_column_text(st, 0),
                                           sqlite3_column_bytes(st, 0), id, n);
        struct ds_meeting *m;
        int ok, k;
        int32_t date;

        if (cmp > 0)
            break;
        date = col_date(st, 1, &ok);
        latest_note(d, date, ok);
        if (cmp < 0 || !ok || date > d->as_of)
            continue;
        if (grow(mv, cap, *nm + 1, sizeof **mv) != 0)
            return -1;
        m = &(*mv)[(*nm)++];
        m->date = date;
        m->status = (uint8_t)word_index(vocab_meeting_status,
                                        sqlite3_column_text(st, 2));
        m->duration = (int16_t)sqlite3_column_int(st, 3);
        m->cancelled_by = (uint8_t)(word_index(vocab_role,
                                               sqlite3_column_text(st, 4)) + 1);
        k = word_index(vocab_meeting_kind, sqlite3_column_text(st, 5));
        m->kind = (uint8_t)(k < 0 ? DS_KIND_REGULAR : k);
        m->mode = (uint8_t)(word_index(vocab_meeting_mode, sqlite3_column_text(st, 6)) + 1);
    }
    return 0;
}

static int goals_take(struct cursors *c, struct dataset *d, const char *id,
                      size_t n, struct ds_goal **gv, size_t *cap, size_t *ng)
{
    sqlite3_stmt *st = c->goals;

    *ng = 0;
    for (; c->g_rc == SQLITE_ROW; c->g_rc = sqlite3_step(st)) {
        int cmp = id == NULL ? -1 : id_cmp(sqlite3_column_text(st, 0),
                                           sqlite3_column_bytes(st, 0), id, n);
        struct ds_goal *g;
        int ok, rok;
        int32_t set, review;

        if (cmp > 0)
            break;
        set = col_date(st, 1, &ok);
        review = col_date(st, 4, &rok);
        latest_note(d, review, rok);
        if (cmp < 0 || !ok || set > d->as_of)
            continue;
        if (grow(gv, cap, *ng + 1, sizeof **gv) != 0)
            return -1;
        g = &(*gv)[(*ng)++];
        g->set_date = set;
        g->weight = sqlite3_column_double(st, 2);
        g->review_date = review;
        g->reviewed = sqlite3_column_type(st, 3) != SQLITE_NULL && rok &&
                      review <= d->as_of;
        g->level = (int8_t)sqlite3_column_int(st, 3);
    }
    return 0;
}

static int evals_take(struct cursors *c, struct dataset *d, const char *id,
                      size_t n, struct ds_eval **ev, size_t *cap,
                      int8_t **answers, size_t *acap, size_t *ne)
{
    sqlite3_stmt *st = c->evals;
    size_t stride = dataset_stride(d);

    *ne = 0;
    for (; c->e_rc == SQLITE_ROW; c->e_rc = sqlite3_step(st)) {
        int cmp = id == NULL ? -1 : id_cmp(sqlite3_column_text(st, 0),
                                           sqlite3_column_bytes(st, 0), id, n);
        struct ds_eval *q;
        int ok, role, survey;
        int32_t date;

        if (cmp > 0)
            break;
        date = col_date(st, 1, &ok);
        latest_note(d, date, ok);
        if (cmp < 0 || !ok || date > d->as_of)
            continue;
        role = word_index(vocab_role, sqlite3_column_text(st, 2));
        survey = word_index(vocab_survey, sqlite3_column_text(st, 3));
        if (role < 0 || survey < 0)
            continue;
        if (grow(ev, cap, *ne + 1, sizeof **ev) != 0 ||
            grow(answers, acap, (*ne + 1) * stride, 1) != 0)
            return -1;
        q = &(*ev)[*ne];
        q->date = date;
        q->role = (uint8_t)role;
        q->survey = (uint8_t)survey;
        q->recommend = sqlite3_column_type(st, 4) == SQLITE_NULL
                       ? -1 : (int8_t)sqlite3_column_int(st, 4);
        memset(*answers + *ne * stride, DS_MISSING, stride);
        answers_parse(d, (const char *)sqlite3_column_text(st, 5),
                      *answers + *ne * stride);
        (*ne)++;
    }
    return 0;
}

/* One part of the pass: the pairs with pair_id in [lo, hi) (NULL: open)
 * read on connection db into view, a shallow copy of the dataset that
 * shares its labels and items and has pairs, strings and latest of its
 * own. */
struct part {
    struct dataset view;
    sqlite3 *db;
    int own_db;                 /* db was opened for this part */
    const char *lo, *hi;
    size_t cap;                 /* room for pairs at view.pairs (counted) */
    const char *as_of_s;        /* as_of as text, as SQL compares it */
    const int32_t *planned;     /* planned length in days per programme */
    ds_pair_fn each_pair;
    void *ctx;
    enum ms_status s;           /* a thread's outcome */
    struct ms_err e;
};

/* The pass over one part (see dataset_load). */
static enum ms_status part_run(struct part *pt, struct ms_err *e)
{
    struct dataset *d = &pt->view;
    sqlite3 *db = pt->db;
    const int32_t *planned = pt->planned;
    int32_t as_of = d->as_of;
    struct cursors c = {0};
    struct ds_meeting *mv = NULL;
    struct ds_goal *gv = NULL;
    struct ds_eval *ev = NULL;
    int8_t *answers = NULL;
    double *lv = NULL, *wt = NULL;
    size_t mcap = 0, gcap = 0, ecap = 0, acap = 0, lcap = 0, wcap = 0;
    size_t nskip;
    const char *range = pt->lo && pt->hi ? "WHERE pair_id >= ?1 AND pair_id < ?2 "
                        : pt->lo ? "WHERE pair_id >= ?1 "
                        : pt->hi ? "WHERE pair_id < ?2 " : "";
    char sql[4][256];
    enum ms_status s;
    int rc;

    snprintf(sql[0], sizeof sql[0], "SELECT pair_id, programme, cohort, "
             "coordinator_id, cross_org, start_date, planned_end_date, status, "
             "end_date, end_reason, org_unit FROM pairs %sORDER BY pair_id",
             range);
    snprintf(sql[1], sizeof sql[1], "SELECT pair_id, date, status, "
             "duration_min, cancelled_by, kind, mode FROM meetings %sORDER "
             "BY pair_id, date, meeting_id", range);
    snprintf(sql[2], sizeof sql[2], "SELECT pair_id, set_date, weight, "
             "attainment, review_date FROM goals %sORDER BY pair_id, goal_id",
             range);
    snprintf(sql[3], sizeof sql[3], "SELECT pair_id, date, role, survey, "
             "recommend, answers FROM evaluations %sORDER BY pair_id, date, "
             "response_id", range);
    if ((s = db_prepare(db, sql[0], &c.pairs, e)) != MS_OK ||
        (s = db_prepare(db, sql[1], &c.meetings, e)) != MS_OK ||
        (s = db_prepare(db, sql[2], &c.goals, e)) != MS_OK ||
        (s = db_prepare(db, sql[3], &c.evals, e)) != MS_OK)
        goto done;
    /* a statement without ?1 or ?2 refuses that binding: no matter */
    for (int k = 0; k < 4; k++) {
        sqlite3_stmt *st = k == 0 ? c.pairs : k == 1 ? c.meetings :
                           k == 2 ? c.goals : c.evals;
        if (pt->lo)
            (void)sqlite3_bind_text(st, 1, pt->lo, -1, SQLITE_STATIC);
        if (pt->hi)
            (void)sqlite3_bind_text(st, 2, pt->hi, -1, SQLITE_STATIC);
    }
    c.m_rc = sqlite3_step(c.meetings);
    c.g_rc = sqlite3_step(c.goals);
    c.e_rc = sqlite3_step(c.evals);

    while ((rc = sqlite3_step(c.pairs)) == SQLITE_ROW) {
        const unsigned char *pid = sqlite3_column_text(c.pairs, 0);
        int pidn = sqlite3_column_bytes(c.pairs, 0);
        struct ds_pair *p;
        size_t nm = 0, ng = 0, ne = 0, pi = d->n_pairs;
        int ok, sok, st;
        int32_t end_date, start;

        start = col_date(c.pairs, 5, &sok);
        end_date = col_date(c.pairs, 8, &ok);
        latest_note(d, start, sok);
        latest_note(d, end_date, ok);
        /* started on or before as_of, compared as SQL compares the text
         * (dataset_load counted them so) */
        if (sqlite3_column_type(c.pairs, 5) == SQLITE_NULL ||
            strcmp((const char *)sqlite3_column_text(c.pairs, 5),
                   pt->as_of_s) > 0)
            continue;   /* not in the analysis: its rows are skipped below */
        if (d->n_pairs >= pt->cap) {
            s = err_set(e, MS_SOFTWARE, "the pairs changed while they were "
                        "read; report this bug");
            goto done;
        }
        p = &d->pairs[d->n_pairs];
        memset(p, 0, sizeof *p);
        p->id = arena_strdup(&d->strings, (const char *)pid, (size_t)pidn);
        if (p->id == NULL)
            goto nomem;
        if (sqlite3_column_type(c.pairs, 3) != SQLITE_NULL) {
            p->coordinator = arena_strdup(&d->strings,
                (const char *)sqlite3_column_text(c.pairs, 3),
                (size_t)sqlite3_column_bytes(c.pairs, 3));
            if (p->coordinator == NULL)
                goto nomem;
        }
        if (sqlite3_column_type(c.pairs, 10) != SQLITE_NULL) {
            p->org_unit = arena_strdup(&d->strings,
                (const char *)sqlite3_column_text(c.pairs, 10),
                (size_t)sqlite3_column_bytes(c.pairs, 10));
            if (p->org_unit == NULL)
                goto nomem;
        }
        p->programme = sorted_find(d->programmes, d->n_programmes,
                                   (const char *)sqlite3_column_text(c.pairs, 1));
        p->cohort = sorted_find(d->cohorts, d->n_cohorts,
                                (const char *)sqlite3_column_text(c.pairs, 2));
        p->cross_org = sqlite3_column_type(c.pairs, 4) == SQLITE_NULL ? -1 :
                       (int8_t)sqlite3_column_int(c.pairs, 4);
        p->start = start;
        p->planned_end = col_date(c.pairs, 6, &sok);
        if (!sok)
            p->planned_end = p->start + planned[p->programme];
        st = word_index(vocab_pair_status, sqlite3_column_text(c.pairs, 7));
        p->reason = -1;
        if (st <= 0 || !ok || end_date > as_of) {
            p->status = DS_ACTIVE;       /* still going at as_of */
            p->end = as_of;
        } else {
            p->status = (uint8_t)st;
            p->end = end_date;
            if (st == DS_ENDED_EARLY)
                p->reason = (int8_t)word_index(vocab_end_reason,
                                               sqlite3_column_text(c.pairs, 9));
        }
        if (meetings_take(&c, d, p->id, (size_t)pidn, &mv, &mcap, &nm) != 0 ||
            goals_take(&c, d, p->id, (size_t)pidn, &gv, &gcap, &ng) != 0 ||
            evals_take(&c, d, p->id, (size_t)pidn, &ev, &ecap, &answers,
                       &acap, &ne) != 0)
            goto nomem;
        if (grow(&lv, &lcap, ng + 1, sizeof *lv) != 0 ||
            grow(&wt, &wcap, ng + 1, sizeof *wt) != 0)
            goto nomem;
        goals_summarise(p, gv, ng, lv, wt);
        attendance_summarise(p, mv, nm);
        d->n_pairs++;
        if (pt->each_pair != NULL) {
            struct ds_rows rows = {mv, nm, gv, ng, ev, ne, answers};
            if ((s = pt->each_pair(pt->ctx, d, pi, &rows, e)) != MS_OK)
                goto done;
        }
    }
    /* the rows after the last pair: none is taken, their dates count */
    if (meetings_take(&c, d, NULL, 0, &mv, &mcap, &nskip) != 0 ||
        goals_take(&c, d, NULL, 0, &gv, &gcap, &nskip) != 0 ||
        evals_take(&c, d, NULL, 0, &ev, &ecap, &answers, &acap, &nskip) != 0)
        goto nomem;
    if (rc != SQLITE_DONE || (c.m_rc != SQLITE_ROW && c.m_rc != SQLITE_DONE) ||
        (c.g_rc != SQLITE_ROW && c.g_rc != SQLITE_DONE) ||
        (c.e_rc != SQLITE_ROW && c.e_rc != SQLITE_DONE)) {
        s = db_error(db, rc != SQLITE_DONE ? rc : SQLITE_ERROR, e,
                     "reading the data");
        goto done;
    }
    s = MS_OK;
    goto done;
nomem:
    s = err_set(e, MS_NOMEM, "out of memory reading the data");
done:
    sqlite3_finalize(c.pairs);
    sqlite3_finalize(c.meetings);
    sqlite3_finalize(c.goals);
    sqlite3_finalize(c.evals);
    free(mv);
    free(gv);
    free(ev);
    free(answers);
    free(lv);
    free(wt);
    return s;
}

static void *part_thread(void *arg)
{
    struct part *pt = arg;

    pt->s = part_run(pt, &pt->e);
    return NULL;
}

int dataset_parts(sqlite3 *db, size_t n_pairs)
{
    const char *file = sqlite3_db_filename(db, "main");

    return file != NULL && file[0] != '\0' && n_pairs >= DS_PART_MIN_PAIRS
           ? 2 : 1;
}

/* The pair_id that splits the pairs into two halves, into *mid (owned). */
static enum ms_status split_find(sqlite3 *db, char **mid, struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s = db_prepare(db, "SELECT pair_id FROM pairs ORDER BY "
                                  "pair_id LIMIT 1 OFFSET (SELECT count(*) / 2 "
                                  "FROM pairs)", &st, e);
    int rc;

    *mid = NULL;
    if (s != MS_OK)
        return s;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *mid = strdup((const char *)sqlite3_column_text(st, 0));
        if (*mid == NULL)
            s = err_set(e, MS_NOMEM, "out of memory");
    } else if (rc != SQLITE_DONE) {
        s = db_error(db, rc, e, "reading pairs");
    }
    sqlite3_finalize(st);
    return s;
}

/* A read connection of its own to db's file, in a read transaction (it
 * sees what db saw: db holds the write lock and has written nothing). */
static enum ms_status reader_open(sqlite3 *db, sqlite3 **out, struct ms_err *e)
{
    sqlite3 *r = NULL;
    int rc = sqlite3_open_v2(sqlite3_db_filename(db, "main"), &r,
                             SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);

    *out = NULL;
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(r, 15000);
        rc = sqlite3_exec(r, "PRAGMA cache_size = -2048; BEGIN", NULL, NULL,
                          NULL);
    }
    if (rc != SQLITE_OK) {
        enum ms_status s = db_error(r, rc, e, "opening a second reader");
        sqlite3_close(r);
        return s;
    }
    *out = r;
    return MS_OK;
}

/* Append part b's pairs (its slice of the same array, which a has not
 * filled when it found fewer pairs than it counted) and strings to a. */
static void part_merge(struct dataset *a, struct dataset *b)
{
    struct arena **tail = &a->strings;

    if (b->n_pairs > 0 && b->pairs != a->pairs + a->n_pairs)
        memmove(a->pairs + a->n_pairs, b->pairs, b->n_pairs * sizeof *b->pairs);
    a->n_pairs += b->n_pairs;
    while (*tail != NULL)
        tail = &(*tail)->next;
    *tail = b->strings;
    b->strings = NULL;
    if (b->has_latest && (!a->has_latest || b->latest > a->latest)) {
        a->latest = b->latest;
        a->has_latest = 1;
    }
}

/* Pairs started on or before as_of_s (text, as SQL compares it), with
 * pair_id below below (NULL: all), into *n. */
static enum ms_status pairs_counted(sqlite3 *db, const char *as_of_s,
                                    const char *below, size_t *n,
                                    struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s = db_prepare(db, below ? "SELECT count(*) FROM pairs "
                                  "WHERE start_date <= ?1 AND pair_id < ?2"
                                  : "SELECT count(*) FROM pairs WHERE "
                                  "start_date <= ?1", &st, e);
    int rc;

    *n = 0;
    if (s != MS_OK)
        return s;
    sqlite3_bind_text(st, 1, as_of_s, -1, SQLITE_STATIC);
    if (below)
        sqlite3_bind_text(st, 2, below, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *n = (size_t)sqlite3_column_int64(st, 0);
    else
        s = db_error(db, rc, e, "counting pairs");
    sqlite3_finalize(st);
    return s;
}

enum ms_status dataset_count_pairs(sqlite3 *db, int32_t as_of, size_t *n,
                                  struct ms_err *e)
{
    char as_of_s[11];

    return pairs_counted(db, date_format(as_of, as_of_s), NULL, n, e);
}

enum ms_status dataset_load(sqlite3 *db, int32_t as_of, int n_parts,
                            ds_pair_fn each_pair, void *const *ctx,
                            size_t *part_first, struct dataset **out,
                            struct ms_err *e)
{
    struct dataset *d;
    struct part pt[2];
    int32_t *planned = NULL;
    size_t total = 0, count0 = 0;
    char as_of_s[11];
    char *mid = NULL;
    pthread_t thread;
    int started = 0;
    enum ms_status s;

    *out = NULL;
    memset(pt, 0, sizeof pt);
    if (n_parts < 1 || n_parts > 2)
        return err_set(e, MS_SOFTWARE, "dataset_load: %d parts", n_parts);
    d = calloc(1, sizeof *d);
    if (d == NULL)
        return err_set(e, MS_NOMEM, "out of memory");
    d->as_of = as_of;
    date_format(as_of, as_of_s);
    if ((s = items_load(db, d, e)) != MS_OK)
        goto done;
    if ((s = distinct_list(db, "SELECT DISTINCT programme FROM pairs WHERE "
                           "start_date <= ?1 ORDER BY 1", as_of,
                           &d->programmes, &d->n_programmes, e)) != MS_OK ||
        (s = distinct_list(db, "SELECT DISTINCT cohort FROM pairs WHERE "
                           "start_date <= ?1 ORDER BY 1", as_of,
                           &d->cohorts, &d->n_cohorts, e)) != MS_OK)
        goto done;
    planned = calloc((size_t)d->n_programmes + 1, sizeof *planned);
    if (planned == NULL) {
        s = err_set(e, MS_NOMEM, "out of memory");
        goto done;
    }
    if ((s = planned_days_load(db, d, planned, e)) != MS_OK)
        goto done;
    if (n_parts == 2 && ((s = split_find(db, &mid, e)) != MS_OK || mid == NULL))
        n_parts = 1;   /* no pair at all: one part reads the rest */
    if (s != MS_OK ||
        (s = pairs_counted(db, as_of_s, NULL, &total, e)) != MS_OK ||
        (n_parts == 2 && (s = pairs_counted(db, as_of_s, mid, &count0,
                                            e)) != MS_OK))
        goto done;
    if (n_parts == 1)
        count0 = total;
    /* one array for every pair, each part filling its own slice */
    if ((d->pairs = malloc((total + 1) * sizeof *d->pairs)) == NULL) {
        s = err_set(e, MS_NOMEM, "out of memory reading the data");
        goto done;
    }
    for (int k = 0; k < n_parts; k++) {
        pt[k].view = *d;                    /* shares labels and items */
        memset(pt[k].view.seen, -1, sizeof pt[k].view.seen);
        pt[k].view.pairs = d->pairs + (k == 0 ? 0 : count0);
        pt[k].cap = k == 0 ? count0 : total - count0;
        pt[k].db = db;
        pt[k].as_of_s = as_of_s;
        pt[k].planned = planned;
        pt[k].each_pair = each_pair;
        pt[k].ctx = ctx[k];
    }
    if (n_parts == 2) {
        pt[0].hi = mid;
        pt[1].lo = mid;
        if ((s = reader_open(db, &pt[1].db, e)) != MS_OK)
            goto done;
        pt[1].own_db = 1;
        started = pthread_create(&thread, NULL, part_thread, &pt[1]) == 0;
    }
    s = part_run(&pt[0], e);
    if (started)
        pthread_join(thread, NULL);
    else if (n_parts == 2)   /* no thread to be had: one after the other */
        part_thread(&pt[1]);
    if (s == MS_OK && n_parts == 2 && pt[1].s != MS_OK) {
        s = pt[1].s;
        *e = pt[1].e;
    }
    /* part 0's view becomes the dataset; part 1's pairs follow */
    d->n_pairs = pt[0].view.n_pairs;
    d->strings = pt[0].view.strings;
    d->latest = pt[0].view.latest;
    d->has_latest = pt[0].view.has_latest;
    pt[0].view.strings = NULL;
    part_first[0] = 0;
    if (n_parts == 2) {
        part_first[1] = d->n_pairs;
        part_merge(d, &pt[1].view);
    }
done:
    if (pt[1].own_db || pt[1].view.strings) {
        arena_free(pt[1].view.strings);
        if (pt[1].own_db) {
            sqlite3_exec(pt[1].db, "COMMIT", NULL, NULL, NULL);
            sqlite3_close(pt[1].db);
        }
    }
    free(mid);
    free(planned);
    if (s != MS_OK) {
        dataset_free(d);
        return s;
    }
    *out = d;
    return MS_OK;
}

void dataset_free(struct dataset *d)
{
    if (d == NULL)
        return;
    for (int i = 0; i < d->n_programmes; i++)
        free(d->programmes[i]);
    for (int i = 0; i < d->n_cohorts; i++)
        free(d->cohorts[i]);
    free(d->programmes);
    free(d->cohorts);
    free(d->pairs);
    arena_free(d->strings);
    free(d);
}
