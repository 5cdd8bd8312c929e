/*
 * dataset.c: reading the data tables for analyze in one merged pass
 * (see dataset.h).  Four statements walk pairs, meetings, goals and
 * evaluations in pair_id order (the primary keys make that a plain scan);
 * rows of pairs that are not in the analysis (orphans, or started after
 * as_of) are skipped on the way.
 */
#include "dataset.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "contract.h"
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
    if (s == NULL)
        return -1;
    for (int i = 0; list[i]; i++)
        if (strcmp(list[i], (const char *)s) == 0)
            return i;
    return -1;
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
 * skipped; anything unexpected ends the parse: the items read so far stay. */
static void answers_parse(struct dataset *d, const char *s, int8_t *row)
{
    const char *p = s;

    if (p == NULL || *p++ != '{')
        return;
    while (*p == '"') {
        const char *name = ++p;
        long v = 0;
        int neg = 0, idx;

        while (*p && *p != '"')
            p++;
        if (*p != '"' || p[1] != ':')
            return;
        idx = item_find(d, name, (size_t)(p - name));
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

/* ------------------------------------------------------------ loading -- */

enum ms_status dataset_default_as_of(sqlite3 *db, int32_t *as_of, int *found,
                                     struct ms_err *e)
{
    static const char sql[] =
        "SELECT max(d) FROM ("
        "SELECT max(start_date) AS d FROM pairs UNION ALL "
        "SELECT max(end_date) FROM pairs UNION ALL "
        "SELECT max(date) FROM meetings UNION ALL "
        "SELECT max(review_date) FROM goals UNION ALL "
        "SELECT max(date) FROM evaluations)";
    sqlite3_stmt *st = NULL;
    enum ms_status s = db_prepare(db, sql, &st, e);
    int rc, ok;

    *found = 0;
    if (s != MS_OK)
        return s;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *as_of = col_date(st, 0, &ok);
        *found = ok;
    } else {
        s = db_error(db, rc, e, "finding the latest date");
    }
    sqlite3_finalize(st);
    return s;
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

enum ms_status dataset_load(sqlite3 *db, int32_t as_of, ds_pair_fn each_pair,
                            void *ctx, struct dataset **out, struct ms_err *e)
{
    static const char *const roles[] = {"mentor", "mentee", NULL};
    static const char *const surveys[] = {"intro", "midpoint", "final", NULL};
    static const char *const kinds[] = {"intro", "regular", "closing", NULL};
    struct dataset *d;
    struct cursors c = {0};
    struct ds_meeting *mv = NULL;
    struct ds_goal *gv = NULL;
    double *lv = NULL, *wt = NULL;
    size_t mcap = 0, gcap = 0, pcap = 0, ecap = 0, acap = 0, lcap = 0, wcap = 0;
    size_t stride;
    int32_t *planned = NULL;
    char as_of_s[11];
    enum ms_status s;
    int rc;

    *out = NULL;
    d = calloc(1, sizeof *d);
    if (d == NULL)
        return err_set(e, MS_NOMEM, "out of memory");
    d->as_of = as_of;
    date_format(as_of, as_of_s);
    if ((s = items_load(db, d, e)) != MS_OK)
        goto done;
    stride = d->n_items > 0 ? (size_t)d->n_items : 1;
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

    if ((s = db_prepare(db, "SELECT pair_id, programme, cohort, coordinator_id, "
                        "cross_org, start_date, planned_end_date, status, "
                        "end_date, end_reason FROM pairs WHERE start_date <= ?1 "
                        "ORDER BY pair_id", &c.pairs, e)) != MS_OK ||
        (s = db_prepare(db, "SELECT pair_id, date, status, duration_min, "
                        "cancelled_by, kind FROM meetings WHERE date <= ?1 "
                        "ORDER BY pair_id, date, meeting_id", &c.meetings,
                        e)) != MS_OK ||
        (s = db_prepare(db, "SELECT pair_id, set_date, weight, attainment, "
                        "review_date FROM goals WHERE set_date <= ?1 "
                        "ORDER BY pair_id, goal_id", &c.goals, e)) != MS_OK ||
        (s = db_prepare(db, "SELECT pair_id, date, role, survey, recommend, "
                        "answers FROM evaluations WHERE date <= ?1 "
                        "ORDER BY pair_id, date, response_id", &c.evals,
                        e)) != MS_OK)
        goto done;
    sqlite3_bind_text(c.pairs, 1, as_of_s, 10, SQLITE_STATIC);
    sqlite3_bind_text(c.meetings, 1, as_of_s, 10, SQLITE_STATIC);
    sqlite3_bind_text(c.goals, 1, as_of_s, 10, SQLITE_STATIC);
    sqlite3_bind_text(c.evals, 1, as_of_s, 10, SQLITE_STATIC);
    c.m_rc = sqlite3_step(c.meetings);
    c.g_rc = sqlite3_step(c.goals);
    c.e_rc = sqlite3_step(c.evals);

    while ((rc = sqlite3_step(c.pairs)) == SQLITE_ROW) {
        const unsigned char *pid = sqlite3_column_text(c.pairs, 0);
        int pidn = sqlite3_column_bytes(c.pairs, 0);
        struct ds_pair *p;
        size_t nm = 0, ng = 0, pi = d->n_pairs;
        int ok, rok, st;
        int32_t end_date;

        if (grow(&d->pairs, &pcap, d->n_pairs + 1, sizeof *d->pairs) != 0)
            goto nomem;
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
        p->programme = sorted_find(d->programmes, d->n_programmes,
                                   (const char *)sqlite3_column_text(c.pairs, 1));
        p->cohort = sorted_find(d->cohorts, d->n_cohorts,
                                (const char *)sqlite3_column_text(c.pairs, 2));
        p->cross_org = sqlite3_column_type(c.pairs, 4) == SQLITE_NULL ? -1 :
                       (int8_t)sqlite3_column_int(c.pairs, 4);
        p->start = col_date(c.pairs, 5, &ok);
        p->planned_end = col_date(c.pairs, 6, &ok);
        if (!ok)
            p->planned_end = p->start + planned[p->programme];
        st = word_index(contract_pair_status, sqlite3_column_text(c.pairs, 7));
        end_date = col_date(c.pairs, 8, &ok);
        p->reason = -1;
        if (st <= 0 || !ok || end_date > as_of) {
            p->status = DS_ACTIVE;       /* still going at as_of */
            p->end = as_of;
        } else {
            p->status = (uint8_t)st;
            p->end = end_date;
            if (st == DS_ENDED_EARLY)
                p->reason = (int8_t)word_index(contract_end_reasons,
                                               sqlite3_column_text(c.pairs, 9));
        }
        p->latest[0] = p->latest[1] = -1;
        p->latest_intro[0] = p->latest_intro[1] = -1;
        p->latest_final[0] = p->latest_final[1] = -1;
        p->eval_first = (int32_t)d->n_evals;

        /* meetings of this pair */
        while (c.m_rc == SQLITE_ROW) {
            int cmp = id_cmp(sqlite3_column_text(c.meetings, 0),
                             sqlite3_column_bytes(c.meetings, 0), p->id,
                             (size_t)pidn);
            struct ds_meeting *m;
            if (cmp > 0)
                break;
            if (cmp == 0) {
                if (grow(&mv, &mcap, nm + 1, sizeof *mv) != 0)
                    goto nomem;
                m = &mv[nm];
                m->date = col_date(c.meetings, 1, &ok);
                m->status = (uint8_t)word_index(contract_meeting_status,
                                                sqlite3_column_text(c.meetings, 2));
                m->duration = (int16_t)sqlite3_column_int(c.meetings, 3);
                m->cancelled_by = (uint8_t)(word_index(roles,
                                  sqlite3_column_text(c.meetings, 4)) + 1);
                st = word_index(kinds, sqlite3_column_text(c.meetings, 5));
                m->kind = (uint8_t)(st < 0 ? DS_KIND_REGULAR : st);
                if (ok)
                    nm++;
            }
            c.m_rc = sqlite3_step(c.meetings);
        }
        /* goals of this pair */
        while (c.g_rc == SQLITE_ROW) {
            int cmp = id_cmp(sqlite3_column_text(c.goals, 0),
                             sqlite3_column_bytes(c.goals, 0), p->id,
                             (size_t)pidn);
            struct ds_goal *g;
            if (cmp > 0)
                break;
            if (cmp == 0) {
                if (grow(&gv, &gcap, ng + 1, sizeof *gv) != 0)
                    goto nomem;
                g = &gv[ng];
                g->set_date = col_date(c.goals, 1, &ok);
                g->weight = sqlite3_column_double(c.goals, 2);
                g->review_date = col_date(c.goals, 4, &rok);
                g->reviewed = sqlite3_column_type(c.goals, 3) != SQLITE_NULL &&
                              rok && g->review_date <= as_of;
                g->level = (int8_t)sqlite3_column_int(c.goals, 3);
                if (ok)
                    ng++;
            }
            c.g_rc = sqlite3_step(c.goals);
        }
        /* evaluations of this pair */
        while (c.e_rc == SQLITE_ROW) {
            int cmp = id_cmp(sqlite3_column_text(c.evals, 0),
                             sqlite3_column_bytes(c.evals, 0), p->id,
                             (size_t)pidn);
            struct ds_eval *ev;
            int role, survey;
            if (cmp > 0)
                break;
            role = word_index(roles, sqlite3_column_text(c.evals, 2));
            survey = word_index(surveys, sqlite3_column_text(c.evals, 3));
            if (cmp == 0 && role >= 0 && survey >= 0) {
                size_t ei = d->n_evals;
                if (grow(&d->evals, &ecap, ei + 1, sizeof *d->evals) != 0 ||
                    grow(&d->answers, &acap, (ei + 1) * stride, 1) != 0)
                    goto nomem;
                ev = &d->evals[ei];
                ev->pair = (int32_t)pi;
                ev->date = col_date(c.evals, 1, &ok);
                ev->role = (uint8_t)role;
                ev->survey = (uint8_t)survey;
                ev->recommend = sqlite3_column_type(c.evals, 4) == SQLITE_NULL
                                ? -1 : (int8_t)sqlite3_column_int(c.evals, 4);
                memset(d->answers + ei * stride, DS_MISSING, stride);
                answers_parse(d, (const char *)sqlite3_column_text(c.evals, 5),
                              d->answers + ei * stride);
                /* rows come by date then response_id: the last wins */
                p->latest[role] = (int32_t)ei;
                if (survey == DS_INTRO)
                    p->latest_intro[role] = (int32_t)ei;
                else if (survey == DS_FINAL)
                    p->latest_final[role] = (int32_t)ei;
                d->n_evals++;
                p->n_evals++;
            }
            c.e_rc = sqlite3_step(c.evals);
        }
        if (grow(&lv, &lcap, ng + 1, sizeof *lv) != 0 ||
            grow(&wt, &wcap, ng + 1, sizeof *wt) != 0)
            goto nomem;
        goals_summarise(p, gv, ng, lv, wt);
        attendance_summarise(p, mv, nm);
        d->n_pairs++;
        if (each_pair != NULL &&
            (s = each_pair(ctx, d, pi, mv, nm, gv, ng, e)) != MS_OK)
            goto done;
    }
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
    free(lv);
    free(wt);
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
    free(d->evals);
    free(d->answers);
    arena_free(d->strings);
    free(d);
}
