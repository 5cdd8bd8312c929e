/*
 * figures.h: what the HR and leadership workbooks show, read once from the
 * results and audit tables (results.md, inputs.md) and marked for
 * small-cell suppression.
 *
 * figures_load() reads the results tables into memory (they are
 * aggregates: a few thousand rows), builds ONE suppression table
 * (suppress.h) over every count both workbooks show, with the relations
 * between them, and marks each cell shown, primary ("<k") or secondary.  Both workbooks read the
 * same marks, so a figure hidden in one is hidden in the other.
 * figures_audit_load() adds what ingest recorded (the Data quality sheet);
 * it is separate because counting orphan rows reads every data table, so
 * the report runs it while another workbook is being compressed.  The long
 * pair-level list (pair_risk) is not read here: coordinator_risk.c streams
 * it.
 *
 *     struct figures *f;
 *     if (figures_load(db, &f, &e) == MS_OK &&
 *         figures_audit_load(db, f, &e) == MS_OK) {
 *         const struct fig_cell *c = fig_at(&f->completion, row, COMP_RATE);
 *         ...
 *         figures_free(f);
 *     }
 */
#ifndef MS_FIGURES_H
#define MS_FIGURES_H

#include <sqlite3.h>

#include "status.h"
#include "suppress.h"

enum fig_type { FIG_NULL = 0, FIG_NUM, FIG_TEXT };

/* One value read from the database, and whether it may be shown. */
struct fig_cell {
    double num;              /* FIG_NUM */
    char *text;              /* FIG_TEXT: owned by the table */
    unsigned char type;      /* enum fig_type */
    unsigned char mark;      /* enum suppress_mark */
};

/* Rows of one query, row-major. */
struct fig_table {
    int n_rows, n_cols;
    struct fig_cell *cells;  /* n_rows * n_cols */
    int *k;                  /* per row: suppression threshold (results tables) */
};

/* Column numbers of each table.  Every results table starts with
 * programme and cohort; '*' is "all". */
enum { COL_PROGRAMME, COL_COHORT };
enum { COMP_N_PAIRS = 2, COMP_N_ACTIVE, COMP_N_COMPLETED, COMP_N_EARLY,
       COMP_N_GOALS_MET, COMP_RATE, COMP_CI_LOW, COMP_CI_HIGH, COMP_PROV,
       COMP_N_MATURE, COMP_N_MATURE_DONE, COMP_MRATE, COMP_MCI_LOW,
       COMP_MCI_HIGH, COMP_N_MATURE_NOT, COMP_NCOL };
enum { RSN_REASON = 2, RSN_N, RSN_SHARE, RSN_NCOL };
enum { SURV_MONTH = 2, SURV_N_RISK, SURV_SURVIVAL, SURV_CI_LOW, SURV_CI_HIGH,
       SURV_CIF_EARLY, SURV_CIF_COMPLETED, SURV_NCOL };
enum { MED_DAYS = 2, MED_CI_LOW, MED_CI_HIGH, MED_NCOL };
enum { LR_PROGRAMME, LR_COHORTS, LR_CHISQ, LR_DF, LR_P, LR_NCOL };
enum { GOAL_N_GOALS = 2, GOAL_N_REVIEWED, GOAL_SHARE, GOAL_SHARE_LOW,
       GOAL_SHARE_HIGH, GOAL_N_SCORED, GOAL_T, GOAL_T_LOW, GOAL_T_HIGH,
       GOAL_COV_DONE, GOAL_COV_EARLY, GOAL_NCOL };
enum { LVL_LEVEL = 2, LVL_N, LVL_NCOL };
enum { ITEM_SURVEY = 2, ITEM_ROLE, ITEM_ITEM, ITEM_N, ITEM_MEAN, ITEM_SD,
       ITEM_CI_LOW, ITEM_CI_HIGH, ITEM_SCALE_MIN, ITEM_SCALE_MAX, ITEM_TOP2_N,
       ITEM_TOP2, ITEM_TOP2_LOW, ITEM_TOP2_HIGH, ITEM_TOP2_NOT, ITEM_NCOL };
enum { SCL_SURVEY = 2, SCL_ROLE, SCL_CONSTRUCT, SCL_N_ITEMS, SCL_N_RESP,
       SCL_ALPHA, SCL_NCOL };
enum { CHG_ROLE = 2, CHG_ITEM, CHG_N, CHG_INTRO, CHG_FINAL, CHG_DIFF, CHG_V,
       CHG_P, CHG_DIFF_LOW, CHG_DIFF_HIGH, CHG_R, CHG_P_ADJ, CHG_NCOL };
enum { NPS_SURVEY = 2, NPS_ROLE, NPS_N, NPS_PROMOTERS, NPS_PASSIVES,
       NPS_DETRACTORS, NPS_NPS, NPS_CI_LOW, NPS_CI_HIGH, NPS_NCOL };
enum { ATT_N_PAIRS = 2, ATT_HELD, ATT_CANCELLED, ATT_NO_SHOW, ATT_CANCEL_RATE,
       ATT_NO_SHOW_RATE, ATT_HOURS, ATT_CADENCE, ATT_HOURS_LOW, ATT_HOURS_HIGH,
       ATT_NCOL };
enum { CY_N_STARTED = 2, CY_RATE, CY_CI_LOW, CY_CI_HIGH, CY_CIF6, CY_GAS,
       CY_USEFUL, CY_NPS, CY_HOURS, CY_PROV, CY_NCOL };
/* Tables without a cohort column keep the programme in column 0 and a
 * constant '*' in column 1, so they share the group helpers. */
enum { TR_N_PAIRS = 2, TR_N_EVENTS, TR_FIRST, TR_LAST, TR_HR, TR_CI_LOW,
       TR_CI_HIGH, TR_P, TR_NCOL };
enum { FAC_TERM = 2, FAC_N_PAIRS, FAC_N_EVENTS, FAC_HR, FAC_CI_LOW,
       FAC_CI_HIGH, FAC_P, FAC_NCOL };
enum { BRK_DIMENSION = 2, BRK_LEVEL, BRK_N_PAIRS, BRK_N_MATURE, BRK_RATE,
       BRK_CI_LOW, BRK_CI_HIGH, BRK_N_EARLY, BRK_EARLY_SHARE, BRK_NCOL };
enum { AGR_SURVEY = 2, AGR_ITEM, AGR_N, AGR_MENTOR, AGR_MENTEE, AGR_DIFF,
       AGR_KAPPA, AGR_NCOL };
enum { RSP_SURVEY = 2, RSP_ROLE, RSP_STATUS, RSP_N_PAIRS, RSP_N_RESPONDED,
       RSP_RATE, RSP_N_NOT, RSP_NCOL };
enum { BAT_FILE, BAT_KIND, BAT_SHA12, BAT_READ, BAT_LOADED, BAT_REJECTED,
       BAT_STATUS, BAT_MESSAGE, BAT_NCOL };
enum { REJ_FILE, REJ_RULE, REJ_N, REJ_NCOL };
enum { ORPH_FILE, ORPH_KIND, ORPH_N, ORPH_NCOL };
enum { DROP_FILE, DROP_COLUMN, DROP_NCOL };

struct figures {
    char as_of[11];          /* analysis_run.as_of, YYYY-MM-DD */
    int k_all;               /* k of '*' rows: the largest k */
    struct fig_table completion, reasons, survival, median, logrank, goals,
        levels, items, scales, change, nps, attendance, cohort_year,
        trend, factors, breakdown, agreement, response;
    struct fig_table batches, rejects, orphans, dropped; /* audit */
};

/* Read the results tables the HR and leadership workbooks show from db
 * and decide what is suppressed; the audit tables (batches, rejects,
 * orphans, dropped) stay empty until figures_audit_load.  Rows come in
 * the order the workbooks show them:
 * programmes by name with all programmes ('*') last, and within each the
 * cohorts by label with all cohorts last.  On success *out is new (free it
 * with figures_free).  Errors: MS_USAGE (no analysis in the database:
 * analyze first), MS_IOERR / MS_BUSY / MS_SOFTWARE (database, with
 * sqlite's message), MS_NOMEM; *out is then NULL. */
enum ms_status figures_load(sqlite3 *db, struct figures **out,
                            struct ms_err *e);

/* Read what ingest recorded into f's audit tables, replacing what they
 * held: batches by batch_id; rejects counted by file and rule; rows of
 * the orphans view (meetings, goals and questionnaires naming a pair not
 * in the roster) counted by file and kind; dropped columns.  Reads every
 * row of the data tables once (about 0.3 s at 200,000 pairs).  Touches
 * nothing but db and those four tables, so it may run while another
 * thread closes a workbook (book_close_during).  Errors: MS_IOERR /
 * MS_BUSY / MS_SOFTWARE (database, with sqlite's message), MS_NOMEM; the
 * four tables are then empty. */
enum ms_status figures_audit_load(sqlite3 *db, struct figures *f,
                                  struct ms_err *e);

/* Release f and everything it owns.  figures_free(NULL) is a no-op. */
void figures_free(struct figures *f);

/* The cell at row, col of t (row and col in range: the caller's loop).
 * This function can't fail. */
const struct fig_cell *fig_at(const struct fig_table *t, int row, int col);

/* The text of a cell, "" when it is not text.  This function can't fail. */
const char *fig_text(const struct fig_table *t, int row, int col);

/* The number to plot or compare: NAN when the cell is NULL, text or
 * suppressed.  This function can't fail. */
double fig_value(const struct fig_table *t, int row, int col);

/* 1 when the cell holds programme or cohort '*' (all). */
int fig_is_all(const struct fig_table *t, int row, int col);

#endif
