/*
 * figures.c: reads the results and audit tables for the HR and leadership
 * workbooks and decides, with suppress.c, which figures are hidden (see
 * figures.h).  The counts of every table become cells of one suppression
 * table; the relations are the programme x cohort margins of each count,
 * the identities inside a row (active + completed + ended early = pairs,
 * promoters + passives + detractors = responses) and the links between
 * tables (early endings by reason add up to the group's early endings,
 * goal levels to its reviewed goals).
 */
#include "figures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "db.h"

/* ORDER BY that puts '*' (all) after the named programmes and cohorts. */
#define GROUP_ORDER "programme = '*', programme, cohort = '*', cohort"

static const char sql_completion[] =
    "SELECT programme, cohort, n_pairs, n_active, n_completed, n_ended_early,"
    " n_goals_met_early, completion_rate, ci_low, ci_high, provisional,"
    " n_mature, n_mature_completed, mature_rate, mature_ci_low,"
    " mature_ci_high, n_mature - n_mature_completed FROM res_completion"
    " ORDER BY " GROUP_ORDER;
static const char sql_reasons[] =
    "SELECT programme, cohort, end_reason, n, share FROM res_end_reasons"
    " ORDER BY " GROUP_ORDER ", CASE end_reason WHEN 'chemistry' THEN 1"
    " WHEN 'work_change' THEN 2 WHEN 'confidentiality' THEN 3 WHEN 'time'"
    " THEN 4 WHEN 'left_organisation' THEN 5 WHEN 'goals_met' THEN 6"
    " WHEN 'other' THEN 7 ELSE 8 END, end_reason";
static const char sql_survival[] =
    "SELECT s.programme, s.cohort, s.month, s.n_risk, s.survival, s.ci_low,"
    " s.ci_high, i.cif_ended_early, i.cif_completed FROM res_survival AS s"
    " LEFT JOIN res_incidence AS i ON i.programme = s.programme"
    " AND i.cohort = s.cohort AND i.month = s.month"
    " ORDER BY s.programme = '*', s.programme, s.cohort = '*', s.cohort,"
    " s.month";
static const char sql_median[] =
    "SELECT programme, cohort, median_days, ci_low, ci_high"
    " FROM res_survival_median ORDER BY " GROUP_ORDER;
static const char sql_logrank[] =
    "SELECT programme, cohorts, chisq, df, p_value FROM res_logrank"
    " ORDER BY programme = '*', programme";
static const char sql_goals[] =
    "SELECT programme, cohort, n_goals, n_reviewed, share_met, share_ci_low,"
    " share_ci_high, n_pairs_scored, gas_t_mean, gas_t_ci_low, gas_t_ci_high,"
    " scored_completed, scored_ended_early FROM res_goals ORDER BY " GROUP_ORDER;
static const char sql_levels[] =
    "SELECT programme, cohort, level, n FROM res_goal_levels"
    " ORDER BY " GROUP_ORDER ", level";
/* The built-in items in questionnaire order, then the others by name. */
#define ITEM_ORDER                                                          \
    "CASE item WHEN 'q_trust' THEN 1 WHEN 'q_chemistry' THEN 2"             \
    " WHEN 'q_openness' THEN 3 WHEN 'q_goal_clarity' THEN 4"                \
    " WHEN 'q_goal_progress' THEN 5 WHEN 'q_usefulness' THEN 6"             \
    " WHEN 'q_time_well_spent' THEN 7 WHEN 'q_preparation' THEN 8"          \
    " ELSE 9 END, item"
#define SURVEY_ORDER                                                        \
    "CASE survey WHEN 'intro' THEN 1 WHEN 'midpoint' THEN 2"                \
    " WHEN 'final' THEN 3 ELSE 4 END, survey"
static const char sql_items[] =
    "SELECT r.programme, r.cohort, r.survey, r.role, r.item, r.n, r.mean,"
    " r.sd, r.ci_low, r.ci_high, c.scale_min, c.scale_max, r.top2_n,"
    " r.top2_share, r.top2_ci_low, r.top2_ci_high, r.n - r.top2_n"
    " FROM res_items AS r LEFT JOIN item_config AS c ON c.item = r.item"
    " ORDER BY r.programme = '*', r.programme, r.cohort = '*', r.cohort,"
    " CASE r.survey WHEN 'intro' THEN 1 WHEN 'midpoint' THEN 2"
    " WHEN 'final' THEN 3 ELSE 4 END, r.survey, r.role,"
    " CASE r.item WHEN 'q_trust' THEN 1 WHEN 'q_chemistry' THEN 2"
    " WHEN 'q_openness' THEN 3 WHEN 'q_goal_clarity' THEN 4"
    " WHEN 'q_goal_progress' THEN 5 WHEN 'q_usefulness' THEN 6"
    " WHEN 'q_time_well_spent' THEN 7 WHEN 'q_preparation' THEN 8"
    " ELSE 9 END, r.item";
static const char sql_scales[] =
    "SELECT programme, cohort, survey, role, construct, n_items, n_responses,"
    " alpha FROM res_scales ORDER BY " GROUP_ORDER ", " SURVEY_ORDER
    ", role, construct";
static const char sql_change[] =
    "SELECT programme, cohort, role, item, n_pairs, mean_intro, mean_final,"
    " mean_diff, wilcoxon_v, p_value, diff_ci_low, diff_ci_high, effect_r,"
    " p_adjusted FROM res_change"
    " ORDER BY " GROUP_ORDER ", role, " ITEM_ORDER;
static const char sql_nps[] =
    "SELECT programme, cohort, survey, role, n, promoters, passives,"
    " detractors, nps, ci_low, ci_high FROM res_nps ORDER BY " GROUP_ORDER ", " SURVEY_ORDER
    ", role";
static const char sql_attendance[] =
    "SELECT programme, cohort, n_pairs, held, cancelled, no_show,"
    " cancel_rate, no_show_rate, hours_per_pair_month, share_on_cadence,"
    " hours_ci_low, hours_ci_high FROM res_attendance ORDER BY " GROUP_ORDER;
static const char sql_cohort_year[] =
    "SELECT programme, cohort, n_started, completion_rate, ci_low, ci_high,"
    " cif_ended_early_6m, gas_t_mean, final_usefulness_mean, nps_final,"
    " hours_per_pair_month, provisional FROM res_cohort_year ORDER BY "
    GROUP_ORDER;
static const char sql_trend[] =
    "SELECT programme, '*', n_pairs, n_events, first_year, last_year,"
    " hr_per_year, ci_low, ci_high, p_value FROM res_cohort_trend"
    " ORDER BY programme = '*', programme";
static const char sql_factors[] =
    "SELECT programme, '*', term, n_pairs, n_events, hazard_ratio, ci_low,"
    " ci_high, p_value FROM res_factors ORDER BY programme = '*', programme,"
    " CASE term WHEN 'goals_by_30' THEN 1 WHEN 'held_by_30' THEN 2"
    " WHEN 'cross_org' THEN 3 ELSE 4 END, term";
static const char sql_breakdown[] =
    "SELECT programme, '*', dimension, level, n_pairs, n_mature, mature_rate,"
    " ci_low, ci_high, n_ended_early, early_share FROM res_breakdown"
    " ORDER BY programme = '*', programme, CASE dimension WHEN 'cross_org'"
    " THEN 1 WHEN 'intro_mode' THEN 2 WHEN 'org_unit' THEN 3 ELSE 4 END,"
    " dimension, level = 'unknown', level";
static const char sql_agreement[] =
    "SELECT programme, cohort, survey, item, n_pairs, mean_mentor,"
    " mean_mentee, mean_diff, kappa_w FROM res_agreement ORDER BY "
    GROUP_ORDER ", " SURVEY_ORDER ", " ITEM_ORDER;
static const char sql_response[] =
    "SELECT programme, cohort, survey, role, status, n_pairs, n_responded,"
    " rate, n_pairs - n_responded FROM res_response ORDER BY " GROUP_ORDER
    ", " SURVEY_ORDER ", role, CASE status WHEN 'completed' THEN 1"
    " WHEN 'ended_early' THEN 2 ELSE 3 END";
static const char sql_batches[] =
    "SELECT file, kind, substr(sha256, 1, 12), rows_read, rows_loaded,"
    " rows_rejected, status, message FROM batches ORDER BY batch_id";
static const char sql_rejects[] =
    "SELECT b.file, r.rule, count(*) FROM rejects AS r"
    " JOIN batches AS b ON b.batch_id = r.batch_id"
    " GROUP BY r.batch_id, r.rule ORDER BY r.batch_id, r.rule";
/* The rows of the orphans view (schemas/001_init.sql) counted by batch
 * and kind, without that view's lookup in pairs for every meeting, goal
 * and questionnaire (a second at 200,000 pairs).  The data tables are
 * stored in pair_id order, and so is pairs: EXCEPT with ORDER BY runs as
 * a merge of the two ordered scans (EXPLAIN QUERY PLAN: MERGE (EXCEPT)),
 * giving the few pair ids that are not in the roster; their rows are then
 * found through the primary key. */
#define ORPHAN_IDS(tab)                                                     \
    "SELECT '" tab "', * FROM (SELECT pair_id FROM " tab " EXCEPT"          \
    " SELECT pair_id FROM pairs ORDER BY 1)"
#define ORPHAN_ROWS(tab)                                                    \
    "SELECT '" tab "', batch_id FROM " tab " WHERE pair_id IN"              \
    " (SELECT pair_id FROM op WHERE kind = '" tab "')"
static const char sql_orphans[] =
    "WITH op(kind, pair_id) AS (" ORPHAN_IDS("meetings")
    " UNION ALL " ORPHAN_IDS("goals") " UNION ALL " ORPHAN_IDS("evaluations")
    "), o(kind, batch_id) AS (" ORPHAN_ROWS("meetings")
    " UNION ALL " ORPHAN_ROWS("goals") " UNION ALL "
    ORPHAN_ROWS("evaluations") ")"
    " SELECT b.file, o.kind, count(*) FROM o"
    " LEFT JOIN batches AS b ON b.batch_id = o.batch_id"
    " GROUP BY o.batch_id, o.kind ORDER BY o.batch_id, o.kind";
static const char sql_dropped[] =
    "SELECT b.file, d.\"column\" FROM dropped_columns AS d"
    " JOIN batches AS b ON b.batch_id = d.batch_id"
    " ORDER BY d.batch_id, d.\"column\"";

const struct fig_cell *fig_at(const struct fig_table *t, int row, int col)
{
    return &t->cells[(size_t)row * (size_t)t->n_cols + (size_t)col];
}

const char *fig_text(const struct fig_table *t, int row, int col)
{
    const struct fig_cell *c = fig_at(t, row, col);

    return c->type == FIG_TEXT ? c->text : "";
}

double fig_value(const struct fig_table *t, int row, int col)
{
    const struct fig_cell *c = fig_at(t, row, col);

    if (c->type != FIG_NUM || c->mark != SUPPRESS_SHOWN)
        return NAN;
    return c->num;
}

int fig_is_all(const struct fig_table *t, int row, int col)
{
    return strcmp(fig_text(t, row, col), "*") == 0;
}

static void table_release(struct fig_table *t)
{
    size_t n = (size_t)t->n_rows * (size_t)t->n_cols;

    for (size_t i = 0; i < n; i++)
        free(t->cells[i].text);
    free(t->cells);
    free(t->k);
    memset(t, 0, sizeof *t);
}

void figures_free(struct figures *f)
{
    if (f == NULL)
        return;
    table_release(&f->completion);
    table_release(&f->reasons);
    table_release(&f->survival);
    table_release(&f->median);
    table_release(&f->logrank);
    table_release(&f->goals);
    table_release(&f->levels);
    table_release(&f->items);
    table_release(&f->scales);
    table_release(&f->change);
    table_release(&f->nps);
    table_release(&f->attendance);
    table_release(&f->cohort_year);
    table_release(&f->trend);
    table_release(&f->factors);
    table_release(&f->breakdown);
    table_release(&f->agreement);
    table_release(&f->response);
    table_release(&f->batches);
    table_release(&f->rejects);
    table_release(&f->orphans);
    table_release(&f->dropped);
    free(f);
}

/* Read every row of sql into t (n_cols columns expected).  Errors from
 * SQLite with its message; MS_NOMEM. */
static enum ms_status table_load(sqlite3 *db, const char *sql, int n_cols,
                                 struct fig_table *t, struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s = db_prepare(db, sql, &st, e);
    int cap = 0, rc;

    memset(t, 0, sizeof *t);
    if (s != MS_OK)
        return s;
    if (sqlite3_column_count(st) != n_cols) {
        sqlite3_finalize(st);
        return err_set(e, MS_SOFTWARE, "report: query has %d columns, "
                       "expected %d", sqlite3_column_count(st), n_cols);
    }
    t->n_cols = n_cols;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct fig_cell *row;

        if (t->n_rows == cap) {
            int ncap = cap ? 2 * cap : 64;
            struct fig_cell *p = realloc(t->cells, (size_t)ncap *
                                         (size_t)n_cols * sizeof *p);

            if (p == NULL) {
                s = err_set(e, MS_NOMEM, "report: out of memory");
                goto done;
            }
            t->cells = p;
            cap = ncap;
        }
        row = &t->cells[(size_t)t->n_rows * (size_t)n_cols];
        memset(row, 0, (size_t)n_cols * sizeof *row);
        t->n_rows++;
        for (int c = 0; c < n_cols; c++) {
            switch (sqlite3_column_type(st, c)) {
            case SQLITE_INTEGER:
            case SQLITE_FLOAT:
                row[c].type = FIG_NUM;
                row[c].num = sqlite3_column_double(st, c);
                break;
            case SQLITE_TEXT: {
                const char *txt = (const char *)sqlite3_column_text(st, c);

                row[c].text = strdup(txt ? txt : "");
                if (row[c].text == NULL) {
                    s = err_set(e, MS_NOMEM, "report: out of memory");
                    goto done;
                }
                row[c].type = FIG_TEXT;
                break;
            }
            default:
                row[c].type = FIG_NULL;
                break;
            }
        }
    }
    if (rc != SQLITE_DONE)
        s = db_error(db, rc, e, "reading the results");
done:
    sqlite3_finalize(st);
    if (s != MS_OK)
        table_release(t);
    return s;
}

/* ---------------------------------------------------------- thresholds -- */

/* k per programme name, asked of config_programme_get once each. */
struct kcache {
    char **name;
    int *k;
    int n;
};

static enum ms_status kcache_get(sqlite3 *db, struct kcache *kc,
                                 const char *programme, int *k,
                                 struct ms_err *e)
{
    double planned;
    int v, i;
    enum ms_status s;
    char **nn;
    int *nk;

    for (i = 0; i < kc->n; i++)
        if (strcmp(kc->name[i], programme) == 0) {
            *k = kc->k[i];
            return MS_OK;
        }
    s = config_programme_get(db, programme, &planned, &v, e);
    if (s != MS_OK)
        return s;
    if (v < 3)
        v = 3;   /* never below 3 (reports.md) */
    nn = realloc(kc->name, (size_t)(kc->n + 1) * sizeof *nn);
    if (nn == NULL)
        return err_set(e, MS_NOMEM, "report: out of memory");
    kc->name = nn;
    nk = realloc(kc->k, (size_t)(kc->n + 1) * sizeof *nk);
    if (nk == NULL)
        return err_set(e, MS_NOMEM, "report: out of memory");
    kc->k = nk;
    kc->name[kc->n] = strdup(programme);
    if (kc->name[kc->n] == NULL)
        return err_set(e, MS_NOMEM, "report: out of memory");
    kc->k[kc->n++] = v;
    *k = v;
    return MS_OK;
}

static void kcache_release(struct kcache *kc)
{
    for (int i = 0; i < kc->n; i++)
        free(kc->name[i]);
    free(kc->name);
    free(kc->k);
}

/* Fill t->k from the programme column (COL_PROGRAMME). */
static enum ms_status table_set_k(sqlite3 *db, struct kcache *kc,
                                  struct fig_table *t, struct ms_err *e)
{
    t->k = malloc(((size_t)t->n_rows + 1) * sizeof *t->k);
    if (t->k == NULL)
        return err_set(e, MS_NOMEM, "report: out of memory");
    for (int r = 0; r < t->n_rows; r++) {
        enum ms_status s = kcache_get(db, kc, fig_text(t, r, COL_PROGRAMME),
                                      &t->k[r], e);

        if (s != MS_OK)
            return s;
    }
    return MS_OK;
}

/* -------------------------------------------------------------- lookup -- */

/* Compare cell a of one table with cell b of another as keys: text by
 * bytes, numbers by value, NULL first. */
static int cell_cmp(const struct fig_cell *a, const struct fig_cell *b)
{
    if (a->type != b->type)
        return a->type < b->type ? -1 : 1;
    if (a->type == FIG_TEXT)
        return strcmp(a->text, b->text);
    if (a->type == FIG_NUM)
        return (a->num > b->num) - (a->num < b->num);
    return 0;
}

/* Rows of a table sorted on some of its columns, for finding a row by key
 * and for grouping rows that share a key. */
struct index {
    const struct fig_table *t;
    int cols[6];          /* key columns, in comparison order */
    int n_cols;
    int *rows;            /* row numbers, sorted */
};

/* qsort has no context argument; the index being sorted is here. */
static const struct index *sorting;

static int index_cmp_rows(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;

    for (int i = 0; i < sorting->n_cols; i++) {
        int c = cell_cmp(fig_at(sorting->t, a, sorting->cols[i]),
                         fig_at(sorting->t, b, sorting->cols[i]));

        if (c != 0)
            return c;
    }
    return (a > b) - (a < b);   /* stable: row order breaks ties */
}

static enum ms_status index_build(struct index *ix, const struct fig_table *t,
                                  const int *cols, int n_cols,
                                  struct ms_err *e)
{
    ix->t = t;
    ix->n_cols = n_cols;
    memcpy(ix->cols, cols, (size_t)n_cols * sizeof *cols);
    ix->rows = malloc(((size_t)t->n_rows + 1) * sizeof *ix->rows);
    if (ix->rows == NULL)
        return err_set(e, MS_NOMEM, "report: out of memory");
    for (int r = 0; r < t->n_rows; r++)
        ix->rows[r] = r;
    sorting = ix;
    qsort(ix->rows, (size_t)t->n_rows, sizeof *ix->rows, index_cmp_rows);
    sorting = NULL;
    return MS_OK;
}

/* Compare row r of ix with the probe: cells of table src, row sr, at
 * columns scols. */
static int index_cmp_probe(const struct index *ix, int r,
                           const struct fig_table *src, int sr,
                           const int *scols)
{
    for (int i = 0; i < ix->n_cols; i++) {
        int c = cell_cmp(fig_at(ix->t, r, ix->cols[i]),
                         fig_at(src, sr, scols[i]));

        if (c != 0)
            return c;
    }
    return 0;
}

/* The row of ix whose key equals src's row sr at columns scols, or -1. */
static int index_find(const struct index *ix, const struct fig_table *src,
                      int sr, const int *scols)
{
    int lo = 0, hi = ix->t->n_rows - 1;

    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int c = index_cmp_probe(ix, ix->rows[mid], src, sr, scols);

        if (c == 0)
            return ix->rows[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

/* ---------------------------------------------------------------- model -- */

/* Cell numbers of one table: cid[row * n_cols + col], -1 where the column
 * is not a count. */
struct cells {
    int *cid;
    int n_cols;
};

struct model {
    sqlite3 *db;
    struct figures *f;
    struct suppress *s;
    struct cells completion, reasons, survival, goals, levels, items, scales,
        change, nps, attendance, cohort_year, trend, factors, breakdown,
        agreement, response;
    struct index comp_ix;   /* completion by programme, cohort */
    struct index goals_ix;
    struct index surv_ix;   /* survival by programme, cohort, month */
    struct index items_ix;  /* items by programme, cohort, survey, role, item */
    struct index nps_ix;    /* nps by programme, cohort, survey, role */
    struct index att_ix;
    struct ms_err *e;
};

static const int key_group[] = { COL_PROGRAMME, COL_COHORT };

static enum ms_status cells_init(struct cells *c, const struct fig_table *t,
                                 struct ms_err *e)
{
    size_t n = (size_t)t->n_rows * (size_t)t->n_cols;

    c->n_cols = t->n_cols;
    c->cid = malloc((n + 1) * sizeof *c->cid);
    if (c->cid == NULL)
        return err_set(e, MS_NOMEM, "report: out of memory");
    for (size_t i = 0; i < n; i++)
        c->cid[i] = -1;
    return MS_OK;
}

static int *cid(struct cells *c, int row, int col)
{
    return &c->cid[(size_t)row * (size_t)c->n_cols + (size_t)col];
}

static enum ms_status nomem(struct model *m)
{
    return err_set(m->e, MS_NOMEM, "report: out of memory");
}

static enum ms_status bug(struct model *m, enum ms_status s)
{
    if (s == MS_NOMEM)
        return nomem(m);
    return err_set(m->e, MS_SOFTWARE, "report: suppression table misuse");
}

/* Costs of hiding a count to protect another (suppress_cell_cost): a total
 * row, and a count that a rate is computed from, are hidden last. */
#define COST_TOTAL 4
#define COST_RATE 2

/* Add a cell for column col of every row of t, with the row's k (or 0:
 * never small on its own count). */
static enum ms_status cells_add(struct model *m, const struct fig_table *t,
                                struct cells *c, int col, int use_k)
{
    for (int r = 0; r < t->n_rows; r++) {
        const struct fig_cell *v = fig_at(t, r, col);
        long count = v->type == FIG_NUM ? (long)v->num : 0;
        enum ms_status s = suppress_cell_add(m->s, count,
                                             use_k ? t->k[r] : 0,
                                             cid(c, r, col));

        /* totals are what readers need most: hidden last */
        if (s == MS_OK && (fig_is_all(t, r, COL_PROGRAMME) ||
                           fig_is_all(t, r, COL_COHORT)))
            s = suppress_cell_cost(m->s, *cid(c, r, col), COST_TOTAL);
        if (s != MS_OK)
            return bug(m, s);
    }
    return MS_OK;
}

/* Link the cells of columns cols[] within every row. */
static enum ms_status cells_link_row(struct model *m,
                                     const struct fig_table *t,
                                     struct cells *c, const int *cols, int n)
{
    for (int r = 0; r < t->n_rows; r++)
        for (int i = 1; i < n; i++) {
            enum ms_status s = suppress_link_add(m->s, *cid(c, r, cols[0]),
                                                 *cid(c, r, cols[i]));

            if (s != MS_OK)
                return bug(m, s);
        }
    return MS_OK;
}

/* The row of the completion table for row r of t (same programme and
 * cohort), or -1. */
static int comp_row(struct model *m, const struct fig_table *t, int r)
{
    return index_find(&m->comp_ix, t, r, key_group);
}

/* 1 when the group of row r of t has fewer than k pairs (but some). */
static int group_small(struct model *m, const struct fig_table *t, int r)
{
    int cr = comp_row(m, t, r);
    const struct fig_cell *n;

    if (cr < 0)
        return 0;
    n = fig_at(&m->f->completion, cr, COMP_N_PAIRS);
    return n->type == FIG_NUM && n->num > 0 &&
           n->num < m->f->completion.k[cr];
}

/* Hide the cells of column col in every row of a group with fewer than k
 * pairs. */
static enum ms_status cells_hide_small_groups(struct model *m,
                                              const struct fig_table *t,
                                              struct cells *c, int col)
{
    for (int r = 0; r < t->n_rows; r++)
        if (group_small(m, t, r)) {
            enum ms_status s = suppress_cell_hide(m->s, *cid(c, r, col));

            if (s != MS_OK)
                return bug(m, s);
        }
    return MS_OK;
}

/* The margins of column col of t: for every row with '*' in the programme
 * (or cohort) column, the relation "it equals the sum of the rows that
 * share its other keys (cohort or programme, and keys[]) and name one
 * programme (cohort)".  keys are the columns after cohort that identify a
 * row (end reason, month, survey, ...). */
static enum ms_status margins_add(struct model *m, const struct fig_table *t,
                                  struct cells *c, int col, const int *keys,
                                  int n_keys)
{
    enum ms_status s = MS_OK;
    int *rel = malloc(((size_t)t->n_rows + 1) * sizeof *rel);

    if (rel == NULL)
        return nomem(m);
    for (int free_col = COL_PROGRAMME; free_col <= COL_COHORT; free_col++) {
        /* group on (the other of programme/cohort, keys...), then free_col */
        struct index ix;
        int cols[6], n = 0;

        cols[n++] = free_col == COL_PROGRAMME ? COL_COHORT : COL_PROGRAMME;
        for (int i = 0; i < n_keys; i++)
            cols[n++] = keys[i];
        if (index_build(&ix, t, cols, n, m->e) != MS_OK) {
            s = MS_NOMEM;
            break;
        }
        for (int i = 0; i < t->n_rows && s == MS_OK;) {
            int j = i, n_rel = 0, has_total = 0;

            while (j < t->n_rows &&
                   index_cmp_probe(&ix, ix.rows[j], t, ix.rows[i], cols) == 0)
                j++;
            for (int x = i; x < j; x++) {
                int row = ix.rows[x];

                has_total |= fig_is_all(t, row, free_col);
                rel[n_rel++] = *cid(c, row, col);
            }
            if (has_total && n_rel >= 2) {
                s = suppress_relation_add(m->s, rel, n_rel);
                if (s != MS_OK)
                    s = bug(m, s);
            }
            i = j;
        }
        free(ix.rows);
        if (s != MS_OK)
            break;
    }
    free(rel);
    return s;
}

/* Relations "the rows of a group in t (column col) add up to one cell of
 * another table" (column tcol of the row tix finds for the same programme
 * and cohort): reasons to early endings, goal levels to reviewed goals. */
static enum ms_status parts_add(struct model *m, const struct fig_table *t,
                                struct cells *c, int col, struct cells *tc,
                                int tcol, const struct index *tix)
{
    enum ms_status s = MS_OK;
    int *rel = malloc(((size_t)t->n_rows + 2) * sizeof *rel);

    if (rel == NULL)
        return nomem(m);
    /* rows of t come grouped by programme, cohort (ORDER BY) */
    for (int i = 0; i < t->n_rows && s == MS_OK;) {
        int j = i, n = 0, tr;

        while (j < t->n_rows &&
               cell_cmp(fig_at(t, j, COL_PROGRAMME),
                        fig_at(t, i, COL_PROGRAMME)) == 0 &&
               cell_cmp(fig_at(t, j, COL_COHORT), fig_at(t, i, COL_COHORT)) == 0)
            j++;
        tr = index_find(tix, t, i, key_group);
        if (tr >= 0) {
            for (int x = i; x < j; x++)
                rel[n++] = *cid(c, x, col);
            rel[n++] = *cid(tc, tr, tcol);
            s = suppress_relation_add(m->s, rel, n);
            if (s != MS_OK)
                s = bug(m, s);
        }
        i = j;
    }
    free(rel);
    return s;
}

static enum suppress_mark mark_of(struct model *m, struct cells *c, int row,
                                  int col)
{
    return suppress_mark_get(m->s, *cid(c, row, col));
}

/* The mark of a figure derived from hidden counts: "<k" only when its own
 * base is below k, otherwise secondary (it is hidden to protect a count). */
static enum suppress_mark derived(enum suppress_mark worst, double base,
                                  int k)
{
    if (worst == SUPPRESS_SHOWN)
        return SUPPRESS_SHOWN;
    return base > 0 && base < k ? SUPPRESS_PRIMARY : SUPPRESS_SECONDARY;
}

static enum suppress_mark worse(enum suppress_mark a, enum suppress_mark b)
{
    if (a == SUPPRESS_PRIMARY || b == SUPPRESS_PRIMARY)
        return SUPPRESS_PRIMARY;
    if (a == SUPPRESS_SECONDARY || b == SUPPRESS_SECONDARY)
        return SUPPRESS_SECONDARY;
    return SUPPRESS_SHOWN;
}

static double num_or0(const struct fig_table *t, int r, int c)
{
    const struct fig_cell *v = fig_at(t, r, c);

    return v->type == FIG_NUM ? v->num : 0;
}

static void set_mark(struct fig_table *t, int r, int c, enum suppress_mark k)
{
    t->cells[(size_t)r * (size_t)t->n_cols + (size_t)c].mark =
        (unsigned char)k;
}

/* Copy the marks of the count cells into the tables. */
static void marks_copy(struct model *m, struct fig_table *t, struct cells *c)
{
    for (int r = 0; r < t->n_rows; r++)
        for (int col = 0; col < t->n_cols; col++)
            if (*cid(c, r, col) >= 0)
                set_mark(t, r, col, mark_of(m, c, r, col));
}

static void marks_follow(struct fig_table *t, int r, int from, int to,
                         enum suppress_mark k)
{
    for (int col = from; col <= to; col++)
        set_mark(t, r, col, k);
}

/* Raise the cost of column col's cells in every row of t by add (a total
 * row keeps its extra COST_TOTAL). */
static enum ms_status cells_cost_add(struct model *m, const struct fig_table *t,
                                     struct cells *c, int col, int add)
{
    for (int r = 0; r < t->n_rows; r++) {
        int total = fig_is_all(t, r, COL_PROGRAMME) ||
                    fig_is_all(t, r, COL_COHORT);
        enum ms_status s = suppress_cell_cost(m->s, *cid(c, r, col),
                                              add + (total ? COST_TOTAL : 0));

        if (s != MS_OK)
            return bug(m, s);
    }
    return MS_OK;
}

/* The relation "cols[0] + ... + cols[n-2] = cols[n-1]" within every row. */
static enum ms_status cells_relation_row(struct model *m,
                                         const struct fig_table *t,
                                         struct cells *c, const int *cols,
                                         int n)
{
    int rel[8];

    for (int r = 0; r < t->n_rows; r++) {
        enum ms_status s;

        for (int i = 0; i < n && i < 8; i++)
            rel[i] = *cid(c, r, cols[i]);
        if ((s = suppress_relation_add(m->s, rel, n < 8 ? n : 8)) != MS_OK)
            return bug(m, s);
    }
    return MS_OK;
}

/* Link column col of every row of t to column ccol of the completion row
 * of the same programme and cohort (the same pairs counted twice). */
static enum ms_status cells_link_completion(struct model *m,
                                            const struct fig_table *t,
                                            struct cells *c, int col,
                                            int ccol)
{
    for (int r = 0; r < t->n_rows; r++) {
        int cr = comp_row(m, t, r);
        enum ms_status s;

        if (cr >= 0 && (s = suppress_link_add(
                            m->s, *cid(c, r, col),
                            *cid(&m->completion, cr, ccol))) != MS_OK)
            return bug(m, s);
    }
    return MS_OK;
}

/* Relations "the levels of a breakdown dimension add up to the
 * programme's pairs" (rows come grouped by programme and dimension). */
static enum ms_status breakdown_parts(struct model *m)
{
    const struct fig_table *t = &m->f->breakdown;
    int *rel = malloc(((size_t)t->n_rows + 2) * sizeof *rel);
    enum ms_status s = MS_OK;

    if (rel == NULL)
        return nomem(m);
    for (int i = 0; i < t->n_rows && s == MS_OK;) {
        int j = i, n = 0, cr = comp_row(m, t, i);

        while (j < t->n_rows &&
               strcmp(fig_text(t, j, COL_PROGRAMME),
                      fig_text(t, i, COL_PROGRAMME)) == 0 &&
               strcmp(fig_text(t, j, BRK_DIMENSION),
                      fig_text(t, i, BRK_DIMENSION)) == 0)
            j++;
        for (int x = i; x < j; x++)
            rel[n++] = *cid(&m->breakdown, x, BRK_N_PAIRS);
        if (cr >= 0) {
            rel[n++] = *cid(&m->completion, cr, COMP_N_PAIRS);
            s = suppress_relation_add(m->s, rel, n);
            if (s != MS_OK)
                s = bug(m, s);
        }
        i = j;
    }
    free(rel);
    return s;
}

/* The counts of the tables of what works and of mentor and mentee
 * (issue "What works"): every count of pairs or responses is a cell with
 * its k; the same pairs counted in two tables are linked. */
static enum ms_status model_build_new(struct model *m, const int *k_fac,
                                      const int *k_brk, const int *k_agr,
                                      const int *k_rsp,
                                      const int *rsp_counts)
{
    struct figures *f = m->f;
    enum ms_status s;

#define TRY(x) do { if ((s = (x)) != MS_OK) return s; } while (0)
    /* the cohort trend counts every pair and early ending of a programme */
    TRY(cells_add(m, &f->trend, &m->trend, TR_N_PAIRS, 1));
    TRY(cells_add(m, &f->trend, &m->trend, TR_N_EVENTS, 1));
    TRY(cells_link_completion(m, &f->trend, &m->trend, TR_N_PAIRS,
                              COMP_N_PAIRS));
    TRY(cells_link_completion(m, &f->trend, &m->trend, TR_N_EVENTS,
                              COMP_N_EARLY));
    /* the landmark model's pairs and events, programmes add up to all */
    TRY(cells_add(m, &f->factors, &m->factors, FAC_N_PAIRS, 1));
    TRY(cells_add(m, &f->factors, &m->factors, FAC_N_EVENTS, 1));
    TRY(cells_hide_small_groups(m, &f->factors, &m->factors, FAC_N_PAIRS));
    TRY(margins_add(m, &f->factors, &m->factors, FAC_N_PAIRS, k_fac, 1));
    TRY(margins_add(m, &f->factors, &m->factors, FAC_N_EVENTS, k_fac, 1));
    /* breakdowns: levels add up to the programme, programmes to all */
    TRY(cells_add(m, &f->breakdown, &m->breakdown, BRK_N_PAIRS, 1));
    TRY(cells_add(m, &f->breakdown, &m->breakdown, BRK_N_MATURE, 1));
    TRY(cells_add(m, &f->breakdown, &m->breakdown, BRK_N_EARLY, 1));
    TRY(breakdown_parts(m));
    TRY(margins_add(m, &f->breakdown, &m->breakdown, BRK_N_PAIRS, k_brk, 2));
    TRY(margins_add(m, &f->breakdown, &m->breakdown, BRK_N_MATURE, k_brk, 2));
    TRY(margins_add(m, &f->breakdown, &m->breakdown, BRK_N_EARLY, k_brk, 2));
    /* agreement: pairs with both answers */
    TRY(cells_add(m, &f->agreement, &m->agreement, AGR_N, 1));
    TRY(cells_hide_small_groups(m, &f->agreement, &m->agreement, AGR_N));
    TRY(margins_add(m, &f->agreement, &m->agreement, AGR_N, k_agr, 2));
    /* response: answered + not answered = the status's pairs, which are
     * the completion table's counts of that status */
    for (int i = 0; i < 3; i++) {
        TRY(cells_add(m, &f->response, &m->response, rsp_counts[i], 1));
        TRY(cells_hide_small_groups(m, &f->response, &m->response,
                                    rsp_counts[i]));
        TRY(margins_add(m, &f->response, &m->response, rsp_counts[i], k_rsp,
                        3));
    }
    TRY(cells_relation_row(m, &f->response, &m->response, rsp_counts, 3));
    /* the pairs of a status are the completion table's: hide an answer
     * count before them */
    TRY(cells_cost_add(m, &f->response, &m->response, RSP_N_PAIRS,
                       COST_RATE + COST_TOTAL));
    for (int r = 0; r < f->response.n_rows; r++) {
        const char *st = fig_text(&f->response, r, RSP_STATUS);
        int cr = comp_row(m, &f->response, r);
        int ccol = strcmp(st, "active") == 0      ? COMP_N_ACTIVE
                   : strcmp(st, "completed") == 0 ? COMP_N_COMPLETED
                   : strcmp(st, "ended_early") == 0 ? COMP_N_EARLY
                                                    : -1;

        if (cr >= 0 && ccol >= 0 &&
            (s = suppress_link_add(m->s, *cid(&m->response, r, RSP_N_PAIRS),
                                   *cid(&m->completion, cr, ccol))) != MS_OK)
            return bug(m, s);
    }
#undef TRY
    return MS_OK;
}

static enum ms_status model_build(struct model *m)
{
    struct figures *f = m->f;
    enum ms_status s;
    static const int comp_counts[] = { COMP_N_PAIRS, COMP_N_ACTIVE,
                                       COMP_N_COMPLETED, COMP_N_EARLY,
                                       COMP_N_GOALS_MET };
    static const int goal_counts[] = { GOAL_N_SCORED, GOAL_N_GOALS,
                                       GOAL_N_REVIEWED };
    static const int nps_counts[] = { NPS_N, NPS_PROMOTERS, NPS_PASSIVES,
                                      NPS_DETRACTORS };
    static const int att_counts[] = { ATT_N_PAIRS, ATT_HELD, ATT_CANCELLED,
                                      ATT_NO_SHOW };
    static const int mature_counts[] = { COMP_N_MATURE_DONE,
                                         COMP_N_MATURE_NOT, COMP_N_MATURE };
    static const int top2_counts[] = { ITEM_TOP2_N, ITEM_TOP2_NOT, ITEM_N };
    static const int rsp_counts[] = { RSP_N_RESPONDED, RSP_N_NOT,
                                      RSP_N_PAIRS };
    static const int k_rsp[] = { RSP_SURVEY, RSP_ROLE, RSP_STATUS };
    static const int k_agr[] = { AGR_SURVEY, AGR_ITEM };
    static const int k_fac[] = { FAC_TERM };
    static const int k_brk[] = { BRK_DIMENSION, BRK_LEVEL };
    static const int k_reason[] = { RSN_REASON };
    static const int k_month[] = { SURV_MONTH };
    static const int k_level[] = { LVL_LEVEL };
    static const int k_item[] = { ITEM_SURVEY, ITEM_ROLE, ITEM_ITEM };
    static const int k_scale[] = { SCL_SURVEY, SCL_ROLE, SCL_CONSTRUCT };
    static const int k_change[] = { CHG_ROLE, CHG_ITEM };
    static const int k_nps[] = { NPS_SURVEY, NPS_ROLE };

#define TRY(x) do { if ((s = (x)) != MS_OK) return s; } while (0)
    TRY(cells_init(&m->completion, &f->completion, m->e));
    TRY(cells_init(&m->reasons, &f->reasons, m->e));
    TRY(cells_init(&m->survival, &f->survival, m->e));
    TRY(cells_init(&m->goals, &f->goals, m->e));
    TRY(cells_init(&m->levels, &f->levels, m->e));
    TRY(cells_init(&m->items, &f->items, m->e));
    TRY(cells_init(&m->scales, &f->scales, m->e));
    TRY(cells_init(&m->change, &f->change, m->e));
    TRY(cells_init(&m->nps, &f->nps, m->e));
    TRY(cells_init(&m->attendance, &f->attendance, m->e));
    TRY(cells_init(&m->cohort_year, &f->cohort_year, m->e));
    TRY(cells_init(&m->trend, &f->trend, m->e));
    TRY(cells_init(&m->factors, &f->factors, m->e));
    TRY(cells_init(&m->breakdown, &f->breakdown, m->e));
    TRY(cells_init(&m->agreement, &f->agreement, m->e));
    TRY(cells_init(&m->response, &f->response, m->e));
    TRY(index_build(&m->comp_ix, &f->completion, key_group, 2, m->e));
    {
        static const int kg[] = { COL_PROGRAMME, COL_COHORT };
        static const int ks[] = { COL_PROGRAMME, COL_COHORT, SURV_MONTH };
        static const int ki[] = { COL_PROGRAMME, COL_COHORT, ITEM_SURVEY,
                                  ITEM_ROLE, ITEM_ITEM };
        static const int kn[] = { COL_PROGRAMME, COL_COHORT, NPS_SURVEY,
                                  NPS_ROLE };

        TRY(index_build(&m->goals_ix, &f->goals, kg, 2, m->e));
        TRY(index_build(&m->surv_ix, &f->survival, ks, 3, m->e));
        TRY(index_build(&m->items_ix, &f->items, ki, 5, m->e));
        TRY(index_build(&m->nps_ix, &f->nps, kn, 4, m->e));
        TRY(index_build(&m->att_ix, &f->attendance, kg, 2, m->e));
    }

    /* completion: five pair counts, the row identity, the margins */
    for (size_t i = 0; i < 5; i++)
        TRY(cells_add(m, &f->completion, &m->completion, comp_counts[i], 1));
    /* completed and ended early make the completion rate: hide others
     * first */
    for (int r = 0; r < f->completion.n_rows; r++)
        for (int col = COMP_N_COMPLETED; col <= COMP_N_EARLY; col++) {
            int c = *cid(&m->completion, r, col);
            int cost = COST_RATE + (fig_is_all(&f->completion, r,
                                               COL_PROGRAMME) ||
                                    fig_is_all(&f->completion, r, COL_COHORT)
                                        ? COST_TOTAL : 0);

            if ((s = suppress_cell_cost(m->s, c, cost)) != MS_OK)
                return bug(m, s);
        }
    /* pairs started is the figure every sheet shows: hidden after the
     * counts it is made of */
    TRY(cells_cost_add(m, &f->completion, &m->completion, COMP_N_PAIRS,
                       COST_RATE + 1));
    for (int r = 0; r < f->completion.n_rows; r++) {
        int rel[4] = { *cid(&m->completion, r, COMP_N_ACTIVE),
                       *cid(&m->completion, r, COMP_N_COMPLETED),
                       *cid(&m->completion, r, COMP_N_EARLY),
                       *cid(&m->completion, r, COMP_N_PAIRS) };

        if ((s = suppress_relation_add(m->s, rel, 4)) != MS_OK)
            return bug(m, s);
    }
    for (size_t i = 0; i < 5; i++)
        TRY(margins_add(m, &f->completion, &m->completion, comp_counts[i],
                        NULL, 0));
    /* mature pairs: completed + not completed = mature; the rate over
     * them gives both away, so all three are counts of pairs */
    for (size_t i = 0; i < 3; i++) {
        TRY(cells_add(m, &f->completion, &m->completion, mature_counts[i], 1));
        TRY(margins_add(m, &f->completion, &m->completion, mature_counts[i],
                        NULL, 0));
    }
    TRY(cells_relation_row(m, &f->completion, &m->completion, mature_counts,
                           3));
    TRY(cells_cost_add(m, &f->completion, &m->completion, COMP_N_MATURE,
                       COST_RATE));

    /* early endings by reason: add up to the group's early endings;
     * goals_met is n_goals_met_early of the completion table */
    TRY(cells_add(m, &f->reasons, &m->reasons, RSN_N, 1));
    TRY(parts_add(m, &f->reasons, &m->reasons, RSN_N, &m->completion,
                  COMP_N_EARLY, &m->comp_ix));
    TRY(margins_add(m, &f->reasons, &m->reasons, RSN_N, k_reason, 1));
    for (int r = 0; r < f->reasons.n_rows; r++) {
        int cr = comp_row(m, &f->reasons, r);

        if (cr >= 0 && strcmp(fig_text(&f->reasons, r, RSN_REASON),
                              "goals_met") == 0)
            if ((s = suppress_link_add(
                     m->s, *cid(&m->reasons, r, RSN_N),
                     *cid(&m->completion, cr, COMP_N_GOALS_MET))) != MS_OK)
                return bug(m, s);
    }

    /* survival: pairs at risk per month; month 0 is every pair */
    TRY(cells_add(m, &f->survival, &m->survival, SURV_N_RISK, 1));
    TRY(cells_hide_small_groups(m, &f->survival, &m->survival, SURV_N_RISK));
    TRY(margins_add(m, &f->survival, &m->survival, SURV_N_RISK, k_month, 1));
    for (int r = 0; r < f->survival.n_rows; r++) {
        int cr = comp_row(m, &f->survival, r);

        if (cr >= 0 && num_or0(&f->survival, r, SURV_MONTH) == 0)
            if ((s = suppress_link_add(
                     m->s, *cid(&m->survival, r, SURV_N_RISK),
                     *cid(&m->completion, cr, COMP_N_PAIRS))) != MS_OK)
                return bug(m, s);
    }

    /* goals: a group's three counts go together, small on pairs scored */
    TRY(cells_add(m, &f->goals, &m->goals, GOAL_N_SCORED, 1));
    TRY(cells_add(m, &f->goals, &m->goals, GOAL_N_GOALS, 0));
    TRY(cells_add(m, &f->goals, &m->goals, GOAL_N_REVIEWED, 0));
    TRY(cells_link_row(m, &f->goals, &m->goals, goal_counts, 3));
    TRY(cells_hide_small_groups(m, &f->goals, &m->goals, GOAL_N_SCORED));
    for (size_t i = 0; i < 3; i++)
        TRY(margins_add(m, &f->goals, &m->goals, goal_counts[i], NULL, 0));

    /* goal levels: add up to the reviewed goals; hidden with the group's
     * goals when those are small */
    TRY(cells_add(m, &f->levels, &m->levels, LVL_N, 1));
    for (int r = 0; r < f->levels.n_rows; r++) {
        int gr = index_find(&m->goals_ix, &f->levels, r, key_group);
        int small = group_small(m, &f->levels, r);

        if (gr >= 0) {
            double sc = num_or0(&f->goals, gr, GOAL_N_SCORED);

            small |= sc > 0 && sc < f->goals.k[gr];
        }
        if (small && (s = suppress_cell_hide(m->s, *cid(&m->levels, r,
                                                         LVL_N))) != MS_OK)
            return bug(m, s);
    }
    TRY(parts_add(m, &f->levels, &m->levels, LVL_N, &m->goals,
                  GOAL_N_REVIEWED, &m->goals_ix));
    TRY(margins_add(m, &f->levels, &m->levels, LVL_N, k_level, 1));

    /* questionnaires: responses (or pairs) per row */
    TRY(cells_add(m, &f->items, &m->items, ITEM_N, 1));
    TRY(cells_hide_small_groups(m, &f->items, &m->items, ITEM_N));
    TRY(margins_add(m, &f->items, &m->items, ITEM_N, k_item, 3));
    for (size_t i = 0; i < 2; i++) {
        TRY(cells_add(m, &f->items, &m->items, top2_counts[i], 1));
        TRY(margins_add(m, &f->items, &m->items, top2_counts[i], k_item, 3));
    }
    TRY(cells_relation_row(m, &f->items, &m->items, top2_counts, 3));
    TRY(cells_cost_add(m, &f->items, &m->items, ITEM_N, COST_RATE));
    TRY(cells_add(m, &f->scales, &m->scales, SCL_N_RESP, 1));
    TRY(cells_hide_small_groups(m, &f->scales, &m->scales, SCL_N_RESP));
    TRY(margins_add(m, &f->scales, &m->scales, SCL_N_RESP, k_scale, 3));
    TRY(cells_add(m, &f->change, &m->change, CHG_N, 1));
    TRY(cells_hide_small_groups(m, &f->change, &m->change, CHG_N));
    TRY(margins_add(m, &f->change, &m->change, CHG_N, k_change, 2));
    TRY(cells_add(m, &f->nps, &m->nps, NPS_N, 1));
    for (size_t i = 1; i < 4; i++)
        TRY(cells_add(m, &f->nps, &m->nps, nps_counts[i], 1));
    /* promoters, passives and detractors go together: with one of them
     * shown beside the score, a hidden one would follow from it */
    TRY(cells_link_row(m, &f->nps, &m->nps, nps_counts + 1, 3));
    TRY(cells_hide_small_groups(m, &f->nps, &m->nps, NPS_N));
    for (int r = 0; r < f->nps.n_rows; r++) {
        int rel[4] = { *cid(&m->nps, r, NPS_PROMOTERS),
                       *cid(&m->nps, r, NPS_PASSIVES),
                       *cid(&m->nps, r, NPS_DETRACTORS),
                       *cid(&m->nps, r, NPS_N) };

        if ((s = suppress_relation_add(m->s, rel, 4)) != MS_OK)
            return bug(m, s);
    }
    for (size_t i = 0; i < 4; i++)
        TRY(margins_add(m, &f->nps, &m->nps, nps_counts[i], k_nps, 2));

    /* attendance: the pairs are the group's pairs; the meetings of a row go
     * together, hidden with a group of fewer than k pairs */
    TRY(cells_add(m, &f->attendance, &m->attendance, ATT_N_PAIRS, 1));
    for (size_t i = 1; i < 4; i++)
        TRY(cells_add(m, &f->attendance, &m->attendance, att_counts[i], 0));
    TRY(cells_link_row(m, &f->attendance, &m->attendance, att_counts + 1, 3));
    TRY(cells_hide_small_groups(m, &f->attendance, &m->attendance, ATT_HELD));
    for (int r = 0; r < f->attendance.n_rows; r++) {
        int cr = comp_row(m, &f->attendance, r);

        if (cr >= 0 && (s = suppress_link_add(
                            m->s, *cid(&m->attendance, r, ATT_N_PAIRS),
                            *cid(&m->completion, cr, COMP_N_PAIRS))) != MS_OK)
            return bug(m, s);
    }
    for (size_t i = 0; i < 4; i++)
        TRY(margins_add(m, &f->attendance, &m->attendance, att_counts[i],
                        NULL, 0));

    /* leadership: pairs started is the group's pairs */
    TRY(cells_add(m, &f->cohort_year, &m->cohort_year, CY_N_STARTED, 1));
    for (int r = 0; r < f->cohort_year.n_rows; r++) {
        int cr = comp_row(m, &f->cohort_year, r);

        if (cr >= 0 && (s = suppress_link_add(
                            m->s, *cid(&m->cohort_year, r, CY_N_STARTED),
                            *cid(&m->completion, cr, COMP_N_PAIRS))) != MS_OK)
            return bug(m, s);
    }
    TRY(margins_add(m, &f->cohort_year, &m->cohort_year, CY_N_STARTED, NULL,
                    0));

    TRY(model_build_new(m, k_fac, k_brk, k_agr, k_rsp, rsp_counts));

    if ((s = suppress_run(m->s)) != MS_OK)
        return bug(m, s);
#undef TRY
    return MS_OK;
}

/* The marks of every figure, counts from the suppression table and the
 * figures computed from them following their counts. */
static void model_mark(struct model *m)
{
    struct figures *f = m->f;

    marks_copy(m, &f->completion, &m->completion);
    for (int r = 0; r < f->completion.n_rows; r++) {
        struct fig_table *t = &f->completion;
        enum suppress_mark w = worse(mark_of(m, &m->completion, r,
                                             COMP_N_COMPLETED),
                                     mark_of(m, &m->completion, r,
                                             COMP_N_EARLY));
        double base = num_or0(t, r, COMP_N_COMPLETED) +
                      num_or0(t, r, COMP_N_EARLY);

        marks_follow(t, r, COMP_RATE, COMP_CI_HIGH, derived(w, base, t->k[r]));
        w = worse(worse(mark_of(m, &m->completion, r, COMP_N_MATURE),
                        mark_of(m, &m->completion, r, COMP_N_MATURE_DONE)),
                  mark_of(m, &m->completion, r, COMP_N_MATURE_NOT));
        marks_follow(t, r, COMP_MRATE, COMP_MCI_HIGH,
                     derived(w, num_or0(t, r, COMP_N_MATURE), t->k[r]));
    }
    marks_copy(m, &f->reasons, &m->reasons);
    for (int r = 0; r < f->reasons.n_rows; r++) {
        int cr = comp_row(m, &f->reasons, r);
        enum suppress_mark w = mark_of(m, &m->reasons, r, RSN_N);
        double base = 0;

        if (cr < 0) {
            w = SUPPRESS_SECONDARY;
        } else {
            w = worse(w, mark_of(m, &m->completion, cr, COMP_N_EARLY));
            base = num_or0(&f->completion, cr, COMP_N_EARLY);
        }
        set_mark(&f->reasons, r, RSN_SHARE,
                 derived(w, base, f->reasons.k[r]));
    }
    marks_copy(m, &f->survival, &m->survival);
    for (int r = 0; r < f->survival.n_rows; r++)
        marks_follow(&f->survival, r, SURV_SURVIVAL, SURV_CIF_COMPLETED,
                     mark_of(m, &m->survival, r, SURV_N_RISK));
    for (int r = 0; r < f->median.n_rows; r++) {
        int cr = comp_row(m, &f->median, r);
        enum suppress_mark w = SUPPRESS_SECONDARY;

        if (cr >= 0)
            w = mark_of(m, &m->completion, cr, COMP_N_PAIRS) ==
                        SUPPRESS_PRIMARY
                    ? SUPPRESS_PRIMARY
                    : SUPPRESS_SHOWN;
        marks_follow(&f->median, r, MED_DAYS, MED_CI_HIGH, w);
    }
    marks_copy(m, &f->goals, &m->goals);
    for (int r = 0; r < f->goals.n_rows; r++) {
        enum suppress_mark w = mark_of(m, &m->goals, r, GOAL_N_SCORED);

        marks_follow(&f->goals, r, GOAL_SHARE, GOAL_SHARE_HIGH, w);
        marks_follow(&f->goals, r, GOAL_T, GOAL_COV_EARLY, w);
    }
    marks_copy(m, &f->levels, &m->levels);
    marks_copy(m, &f->items, &m->items);
    for (int r = 0; r < f->items.n_rows; r++)
    {
        marks_follow(&f->items, r, ITEM_MEAN, ITEM_CI_HIGH,
                     mark_of(m, &m->items, r, ITEM_N));
        marks_follow(&f->items, r, ITEM_TOP2, ITEM_TOP2_HIGH,
                     worse(worse(mark_of(m, &m->items, r, ITEM_N),
                                 mark_of(m, &m->items, r, ITEM_TOP2_N)),
                           mark_of(m, &m->items, r, ITEM_TOP2_NOT)));
    }
    marks_copy(m, &f->scales, &m->scales);
    for (int r = 0; r < f->scales.n_rows; r++)
        set_mark(&f->scales, r, SCL_ALPHA,
                 mark_of(m, &m->scales, r, SCL_N_RESP));
    marks_copy(m, &f->change, &m->change);
    for (int r = 0; r < f->change.n_rows; r++)
        marks_follow(&f->change, r, CHG_INTRO, CHG_P_ADJ,
                     mark_of(m, &m->change, r, CHG_N));
    marks_copy(m, &f->nps, &m->nps);
    for (int r = 0; r < f->nps.n_rows; r++)
        marks_follow(&f->nps, r, NPS_NPS, NPS_CI_HIGH,
                     mark_of(m, &m->nps, r, NPS_N));
    marks_copy(m, &f->attendance, &m->attendance);
    for (int r = 0; r < f->attendance.n_rows; r++) {
        /* rates of meetings follow the meetings; hours per pair and the
         * share on cadence are averages over the pairs, which would give
         * a hidden number of pairs away: they follow the pairs */
        marks_follow(&f->attendance, r, ATT_CANCEL_RATE, ATT_NO_SHOW_RATE,
                     mark_of(m, &m->attendance, r, ATT_HELD));
        marks_follow(&f->attendance, r, ATT_HOURS, ATT_HOURS_HIGH,
                     mark_of(m, &m->attendance, r, ATT_N_PAIRS));
    }

    marks_copy(m, &f->cohort_year, &m->cohort_year);
    for (int r = 0; r < f->cohort_year.n_rows; r++) {
        struct fig_table *t = &f->cohort_year;
        int cr = comp_row(m, t, r), x;
        enum suppress_mark w;
        static const char *const roles[] = { "mentee", "mentor" };

        /* completion rate: as on the HR Completion sheet */
        w = cr >= 0 ? (enum suppress_mark)fig_at(&f->completion, cr,
                                                 COMP_MRATE)->mark
                    : SUPPRESS_SECONDARY;
        marks_follow(t, r, CY_RATE, CY_CI_HIGH, w);
        /* ended early by 6 months: as res_incidence at month 6 */
        {
            struct fig_cell probe[3] = { *fig_at(t, r, COL_PROGRAMME),
                                         *fig_at(t, r, COL_COHORT),
                                         { 6, NULL, FIG_NUM, 0 } };
            struct fig_table pt = { 1, 3, probe, NULL };
            static const int pc[] = { 0, 1, 2 };

            x = index_find(&m->surv_ix, &pt, 0, pc);
            if (x >= 0)
                w = mark_of(m, &m->survival, x, SURV_N_RISK);
            else
                w = group_small(m, t, r) ? SUPPRESS_PRIMARY : SUPPRESS_SHOWN;
            set_mark(t, r, CY_CIF6, w);
        }
        x = index_find(&m->goals_ix, t, r, key_group);
        set_mark(t, r, CY_GAS, x >= 0 ? mark_of(m, &m->goals, x,
                                                GOAL_N_SCORED)
                                      : SUPPRESS_SHOWN);
        /* pooled final answers: hidden when either role's row is */
        w = SUPPRESS_SHOWN;
        for (int i = 0; i < 2; i++) {
            struct fig_cell probe[5] = {
                *fig_at(t, r, COL_PROGRAMME), *fig_at(t, r, COL_COHORT),
                { 0, (char *)"final", FIG_TEXT, 0 },
                { 0, (char *)roles[i], FIG_TEXT, 0 },
                { 0, (char *)"q_usefulness", FIG_TEXT, 0 } };
            struct fig_table pt = { 1, 5, probe, NULL };
            static const int pc[] = { 0, 1, 2, 3, 4 };

            x = index_find(&m->items_ix, &pt, 0, pc);
            if (x >= 0)
                w = worse(w, mark_of(m, &m->items, x, ITEM_N));
        }
        set_mark(t, r, CY_USEFUL, w);
        w = SUPPRESS_SHOWN;
        for (int i = 0; i < 2; i++) {
            struct fig_cell probe[4] = {
                *fig_at(t, r, COL_PROGRAMME), *fig_at(t, r, COL_COHORT),
                { 0, (char *)"final", FIG_TEXT, 0 },
                { 0, (char *)roles[i], FIG_TEXT, 0 } };
            struct fig_table pt = { 1, 4, probe, NULL };
            static const int pc[] = { 0, 1, 2, 3 };

            x = index_find(&m->nps_ix, &pt, 0, pc);
            if (x >= 0)
                w = worse(w, mark_of(m, &m->nps, x, NPS_N));
        }
        set_mark(t, r, CY_NPS, w);
        x = index_find(&m->att_ix, t, r, key_group);
        set_mark(t, r, CY_HOURS, x >= 0 ? mark_of(m, &m->attendance, x,
                                                  ATT_N_PAIRS)
                                        : SUPPRESS_SECONDARY);
    }
}

/* A statistic that reveals no count follows only a primary mark. */
static enum suppress_mark own_small(enum suppress_mark w)
{
    return w == SUPPRESS_PRIMARY ? SUPPRESS_PRIMARY : SUPPRESS_SHOWN;
}

/* The marks of the tables of model_build_new. */
static void model_mark_new(struct model *m)
{
    struct figures *f = m->f;

    /* a hazard ratio gives no count away: it is hidden only with a count
     * of its own below k, not for a count hidden to protect another */
    marks_copy(m, &f->trend, &m->trend);
    for (int r = 0; r < f->trend.n_rows; r++)
        marks_follow(&f->trend, r, TR_HR, TR_P,
                     own_small(worse(mark_of(m, &m->trend, r, TR_N_PAIRS),
                                     mark_of(m, &m->trend, r, TR_N_EVENTS))));
    marks_copy(m, &f->factors, &m->factors);
    for (int r = 0; r < f->factors.n_rows; r++)
        marks_follow(&f->factors, r, FAC_HR, FAC_P,
                     own_small(worse(mark_of(m, &m->factors, r, FAC_N_PAIRS),
                                     mark_of(m, &m->factors, r,
                                             FAC_N_EVENTS))));
    marks_copy(m, &f->breakdown, &m->breakdown);
    for (int r = 0; r < f->breakdown.n_rows; r++) {
        marks_follow(&f->breakdown, r, BRK_RATE, BRK_CI_HIGH,
                     mark_of(m, &m->breakdown, r, BRK_N_MATURE));
        set_mark(&f->breakdown, r, BRK_EARLY_SHARE,
                 worse(mark_of(m, &m->breakdown, r, BRK_N_EARLY),
                       mark_of(m, &m->breakdown, r, BRK_N_PAIRS)));
    }
    marks_copy(m, &f->agreement, &m->agreement);
    for (int r = 0; r < f->agreement.n_rows; r++)
        marks_follow(&f->agreement, r, AGR_MENTOR, AGR_KAPPA,
                     mark_of(m, &m->agreement, r, AGR_N));
    marks_copy(m, &f->response, &m->response);
    for (int r = 0; r < f->response.n_rows; r++)
        set_mark(&f->response, r, RSP_RATE,
                 worse(worse(mark_of(m, &m->response, r, RSP_N_PAIRS),
                             mark_of(m, &m->response, r, RSP_N_RESPONDED)),
                       mark_of(m, &m->response, r, RSP_N_NOT)));
}

static void model_release(struct model *m)
{
    free(m->completion.cid);
    free(m->reasons.cid);
    free(m->survival.cid);
    free(m->goals.cid);
    free(m->levels.cid);
    free(m->items.cid);
    free(m->scales.cid);
    free(m->change.cid);
    free(m->nps.cid);
    free(m->attendance.cid);
    free(m->cohort_year.cid);
    free(m->trend.cid);
    free(m->factors.cid);
    free(m->breakdown.cid);
    free(m->agreement.cid);
    free(m->response.cid);
    free(m->comp_ix.rows);
    free(m->goals_ix.rows);
    free(m->surv_ix.rows);
    free(m->items_ix.rows);
    free(m->nps_ix.rows);
    free(m->att_ix.rows);
    suppress_free(m->s);
}

/* analysis_run.as_of into f->as_of.  MS_DATAERR when there is no analysis (run analyze first). */
static enum ms_status as_of_read(sqlite3 *db, struct figures *f,
                                 struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s = db_prepare(db, "SELECT as_of FROM analysis_run "
                                  "ORDER BY as_of DESC LIMIT 1", &st, e);
    int rc;

    if (s != MS_OK)
        return s;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *a = (const char *)sqlite3_column_text(st, 0);

        snprintf(f->as_of, sizeof f->as_of, "%s", a ? a : "");
    } else if (rc == SQLITE_DONE) {
        s = err_set(e, MS_DATAERR, "the database holds no analysis: run "
                    "'mentorstat analyze' before 'mentorstat report'");
    } else {
        s = db_error(db, rc, e, "reading analysis_run");
    }
    sqlite3_finalize(st);
    return s;
}

enum ms_status figures_load(sqlite3 *db, struct figures **out,
                            struct ms_err *e)
{
    struct figures *f = calloc(1, sizeof *f);
    struct kcache kc = { NULL, NULL, 0 };
    struct model m;
    enum ms_status s;
    struct {
        const char *sql;
        int n_cols;
        struct fig_table *t;
        int with_k;
    } loads[18];
    int n = 0;

    *out = NULL;
    memset(&m, 0, sizeof m);
    if (f == NULL)
        return err_set(e, MS_NOMEM, "report: out of memory");
#define LOAD(q, nc, tab, k) \
    do { loads[n].sql = (q); loads[n].n_cols = (nc); loads[n].t = (tab); \
         loads[n].with_k = (k); n++; } while (0)
    LOAD(sql_completion, COMP_NCOL, &f->completion, 1);
    LOAD(sql_reasons, RSN_NCOL, &f->reasons, 1);
    LOAD(sql_survival, SURV_NCOL, &f->survival, 1);
    LOAD(sql_median, MED_NCOL, &f->median, 1);
    LOAD(sql_logrank, LR_NCOL, &f->logrank, 0);
    LOAD(sql_goals, GOAL_NCOL, &f->goals, 1);
    LOAD(sql_levels, LVL_NCOL, &f->levels, 1);
    LOAD(sql_items, ITEM_NCOL, &f->items, 1);
    LOAD(sql_scales, SCL_NCOL, &f->scales, 1);
    LOAD(sql_change, CHG_NCOL, &f->change, 1);
    LOAD(sql_nps, NPS_NCOL, &f->nps, 1);
    LOAD(sql_attendance, ATT_NCOL, &f->attendance, 1);
    LOAD(sql_cohort_year, CY_NCOL, &f->cohort_year, 1);
    LOAD(sql_trend, TR_NCOL, &f->trend, 1);
    LOAD(sql_factors, FAC_NCOL, &f->factors, 1);
    LOAD(sql_breakdown, BRK_NCOL, &f->breakdown, 1);
    LOAD(sql_agreement, AGR_NCOL, &f->agreement, 1);
    LOAD(sql_response, RSP_NCOL, &f->response, 1);
#undef LOAD

    s = as_of_read(db, f, e);
    for (int i = 0; i < n && s == MS_OK; i++) {
        s = table_load(db, loads[i].sql, loads[i].n_cols, loads[i].t, e);
        if (s == MS_OK && loads[i].with_k)
            s = table_set_k(db, &kc, loads[i].t, e);
    }
    if (s == MS_OK)
        s = kcache_get(db, &kc, "*", &f->k_all, e);
    if (s == MS_OK) {
        m.db = db;
        m.f = f;
        m.e = e;
        m.s = suppress_new();
        s = m.s == NULL ? err_set(e, MS_NOMEM, "report: out of memory")
                        : model_build(&m);
        if (s == MS_OK) {
            model_mark(&m);
            model_mark_new(&m);
        }
    }
    model_release(&m);
    kcache_release(&kc);
    if (s != MS_OK) {
        figures_free(f);
        return s;
    }
    *out = f;
    return MS_OK;
}

enum ms_status figures_audit_load(sqlite3 *db, struct figures *f,
                                  struct ms_err *e)
{
    struct {
        const char *sql;
        int n_cols;
        struct fig_table *t;
    } const loads[] = {
        { sql_batches, BAT_NCOL, &f->batches },
        { sql_rejects, REJ_NCOL, &f->rejects },
        { sql_orphans, ORPH_NCOL, &f->orphans },
        { sql_dropped, DROP_NCOL, &f->dropped },
    };
    const size_t n = sizeof loads / sizeof loads[0];
    enum ms_status s = MS_OK;

    for (size_t i = 0; i < n; i++)
        table_release(loads[i].t);
    for (size_t i = 0; i < n && s == MS_OK; i++)
        s = table_load(db, loads[i].sql, loads[i].n_cols, loads[i].t, e);
    if (s != MS_OK)
        for (size_t i = 0; i < n; i++)
            table_release(loads[i].t);
    return s;
}
