/*
 * risk.h: which active pairs are at risk of ending early (results.md:
 * pair_risk, risk_model, risk_model_fit, risk_calibration).
 *
 * Two parts.  The flags are published rules evaluated on a pair's history
 * as of a day (risk_state_at, a pure function).  The model is a
 * discrete-time hazard model: one row per pair and month of the history
 * whose next 90 days have passed by as_of (features as of that day,
 * outcome = an early ending within those 90 days), a ridge-penalised
 * logistic regression (logit.c) whose penalty is chosen by 5-fold
 * cross-validation grouped by pair (cv.c, folds.c), validated in those
 * folds (auc.c: AUC, Brier, calibration) with cluster-robust standard
 * errors by pair (sandwich.c).  Pairs are then scored as of as_of,
 * banded, and given the terms that raise their risk most; the whole is
 * repeated as of as_of - 90 days and checked against what happened next
 * (the backtest).
 */
#ifndef MS_RISK_H
#define MS_RISK_H

#include <stddef.h>
#include <stdint.h>

#include "dataset.h"
#include "status.h"

/* The flags of results.md, as bits. */
enum risk_flag {
    RISK_NO_RECENT_MEETING = 1 << 0,      /* > 28 days (> 61 after day 61) */
    RISK_REPEATED_CANCELLATIONS = 1 << 1, /* last two meetings not held */
    RISK_LOW_CHEMISTRY = 1 << 2,          /* latest q_chemistry or q_trust <= 2 */
    RISK_NO_GOALS = 1 << 3,               /* active > 60 days, no goal set */
    RISK_STALLED_AFTER_INTRO = 1 << 4,    /* intro >= 45 days ago, no regular since */
    RISK_OVERDUE_CLOSURE = 1 << 5,        /* > 30 days past planned end */
    RISK_RATING_GAP = 1 << 6              /* latest q_chemistry differ >= 2 */
};
#define RISK_N_FLAGS 7

/* The flag names in pair_risk.flags, in bit order. */
extern const char *const risk_flag_names[RISK_N_FLAGS];

/*
 * THE table of the model's terms, in column order.  For each:
 *   the enum name; the term (risk_model.term);
 *   its declared direction (risk_model.direction): +1 a higher value
 *     should raise the risk, -1 lower it, 0 a baseline (the months since
 *     start, the kind of pair) that is never named as a driver;
 *   the driver key pair_risk.drivers writes when the term raises a pair's
 *     risk (the report words it from "term.<key>" in report/i18n.c, in
 *     English, Swedish and Danish); NULL for a baseline;
 *   what the driver says, in plain English.
 * A term is a driver only when its fitted coefficient has the declared
 * sign and lies at least 2 cluster-robust standard errors from 0.
 */
#define RISK_TERMS(X)                                                       \
    X(INTERCEPT, "intercept", 0, NULL, "baseline")                          \
    X(DAYS_SINCE_HELD, "days_since_held", +1, "days_since_held_high",       \
      "long since the last meeting held")                                   \
    X(HELD_90D, "held_90d", -1, "held_90d_low",                             \
      "few meetings held in the last 90 days")                              \
    X(CANCELLED_BY_MENTOR_90D, "cancelled_by_mentor_90d", +1,               \
      "cancelled_by_mentor_90d_high",                                       \
      "meetings cancelled by the mentor in the last 90 days")               \
    X(CANCELLED_BY_MENTEE_90D, "cancelled_by_mentee_90d", +1,               \
      "cancelled_by_mentee_90d_high",                                       \
      "meetings cancelled by the mentee in the last 90 days")               \
    X(NO_SHOW_90D, "no_show_90d", +1, "no_show_90d_high",                   \
      "no-shows in the last 90 days")                                       \
    X(LOW_CHEMISTRY, "low_chemistry", +1, "low_chemistry",                  \
      "low chemistry or trust in the latest questionnaire")                 \
    X(CHEMISTRY, "chemistry", -1, "chemistry_low",                          \
      "chemistry score below the usual")                                    \
    X(NO_EVALUATION, "no_evaluation", +1, "no_evaluation",                  \
      "no questionnaire answered")                                          \
    X(NO_GOALS, "no_goals", +1, "no_goals", "no goals set")                 \
    X(MONTH_1_3, "month_1_3", 0, NULL, "months 1-3 of the pairing")         \
    X(MONTH_4_6, "month_4_6", 0, NULL, "months 4-6 of the pairing")         \
    X(MONTH_7_12, "month_7_12", 0, NULL, "months 7-12 of the pairing")      \
    X(CROSS_ORG, "cross_org", 0, NULL, "mentor from another organisation") \
    X(PLAN_LEFT_90D, "plan_left_90d", 0, NULL,                              \
      "share of the next 90 days still within the planned length")

#define RISK_TERM_ENUM(e, name, dir, driver, words) TERM_##e,
enum risk_term { RISK_TERMS(RISK_TERM_ENUM) RISK_N_TERMS };
#undef RISK_TERM_ENUM

struct risk_term_info {
    const char *name;       /* risk_model.term */
    int direction;          /* +1, -1, or 0 (baseline: never a driver) */
    const char *driver;     /* pair_risk.drivers key, NULL for a baseline */
    const char *words;      /* the driver in plain English */
};
/* RISK_TERMS as data, in column order. */
extern const struct risk_term_info risk_terms[RISK_N_TERMS];
/* The names alone (risk_terms[j].name), for callers that want a list. */
extern const char *const risk_term_names[RISK_N_TERMS];

/* Fewest early-ending pairs (pairs with an event period) per model term
 * (intercept not counted) to fit a model; fewer: flags only. */
#define RISK_MIN_EVENT_PAIRS_PER_TERM 10
/* The model is fitted on the periods of at most this many pairs, chosen
 * by a hash of pair_id (deterministic), so analyze at 200,000 pairs stays
 * within its time and memory budget; README ("Risk list") gives what the
 * sample costs against a fit on every pair. */
#ifndef RISK_MAX_MODEL_PAIRS
#define RISK_MAX_MODEL_PAIRS 5000
#endif
#define RISK_FOLDS 5
/* A pair's periods lie phase days after its month days, phase in
 * 0..RISK_PHASE_DAYS-1 from a hash of pair_id (see risk.c). */
#ifndef RISK_PHASE_DAYS
#define RISK_PHASE_DAYS 30
#endif
#define RISK_HORIZON_DAYS 90
/* Pairs active fewer days than this are too early to tell. */
#define RISK_TOO_EARLY_DAYS 30
/* The ridge penalties cross-validation chooses from. */
#define RISK_N_LAMBDAS 4
extern const double risk_lambdas[RISK_N_LAMBDAS];

/* pair_risk.band. */
enum risk_band { RISK_BAND_LOW, RISK_BAND_MEDIUM, RISK_BAND_HIGH,
                 RISK_BAND_TOO_EARLY };
extern const char *const risk_band_names[4];

/*
 * The bands of n active pairs with risk[i] (or, without a model, NULL:
 * then the flag counts n_flags[i] decide: 2 or more high, 1 medium) and
 * days active days[i].  Pairs active fewer than RISK_TOO_EARLY_DAYS days
 * are too_early; of the other m pairs, with r_i = 1 + the number of them
 * whose risk is strictly higher (R: rank(-risk, ties.method = "min")),
 * high when 10 r_i <= m, else medium when 10 r_i <= 3 m, else low: the
 * 10% and next 20% with the highest risk, a group of equal risks never
 * split (it falls in the band of its best rank).  Returns MS_OK or
 * MS_NOMEM (band then untouched).
 */
enum ms_status risk_bands(const double *risk, const int *n_flags,
                          const int *days, size_t n, enum risk_band *band,
                          struct ms_err *e);

/* A pair's history, as dataset_load hands it over. */
struct risk_history {
    int32_t start;
    int32_t planned_end;
    int cross_org;                   /* 1 yes, 0 no or unknown */
    const struct ds_meeting *m;      /* by date, then meeting_id */
    size_t nm;
    const struct ds_goal *g;
    size_t ng;
    const struct ds_eval *ev;        /* by date, then response_id */
    const int8_t *answers;           /* ne x stride */
    size_t ne, stride;
    int item_chemistry, item_trust;  /* item indices, -1 when unknown */
};

/* What the rules and the model see of a pair on day t.  The features x:
 *   intercept 1;
 *   days_since_held  min(days since the last held meeting (or start), 180) / 30;
 *   held_90d, cancelled_by_mentor_90d, cancelled_by_mentee_90d, no_show_90d
 *                    meetings dated in (t - 90, t], counted;
 *   low_chemistry    1 when the flag of that name fires;
 *   chemistry        the lower of the roles' latest q_chemistry, minus 3
 *                    (0 when there is none);
 *   no_evaluation    1 when no questionnaire is dated on or before t;
 *   no_goals         1 when no goal is set by t;
 *   (goal reviews are not a feature: an export keeps only a goal's latest
 *   review, so pairs that complete lose their midway reviews to the final
 *   one and "reviewed by t" would mark the pairs that do not complete);
 *   month_1_3, month_4_6, month_7_12 (baseline: never a driver)
 *                    the month m of the relationship (the largest m with
 *                    day floor(30.4375 m + 0.5) <= t - start) in 0..2,
 *                    3..5, 6..11; 12 and later is the reference;
 *   cross_org        1 for a cross-organisation pair;
 *   plan_left_90d    the share of (t, t + 90] still before the planned end,
 *                    min(max(planned_end - t, 0), 90) / 90 (baseline: a
 *                    pair at the end of its plan completes rather than
 *                    ends early, whatever it does). */
struct risk_state {
    unsigned flags;                  /* enum risk_flag bits */
    int n_flags;
    int days_active;                 /* t - start */
    int days_since_last_held;        /* since the last held meeting, or start */
    int held_90d, not_held_90d;      /* meetings dated in (t - 90, t] */
    int latest_chemistry;            /* lower of the roles' latest; -1 none */
    int n_goals;                     /* set by t */
    double x[RISK_N_TERMS];          /* the model's features, x[0] = 1 */
};

/* Evaluate the flags and features of h on day t (t >= h->start), using
 * nothing dated after t.  This function can't fail. */
void risk_state_at(const struct risk_history *h, int32_t t,
                   struct risk_state *out);

struct risk;
struct analysis;

/* A new collector for the analysis as of as_of of n_pairs pairs (the
 * sampling rate of the model follows from it).  Free with risk_free. */
enum ms_status risk_new(int32_t as_of, size_t n_pairs, struct risk **out,
                        struct ms_err *e);

/* The ds_pair_fn of dataset_load: adds the pair's history periods (when
 * sampled), for an active pair its state as of as_of, and for a pair
 * active at as_of - 90 days its features then and whether it ended early
 * by as_of (the backtest).  Errors: MS_NOMEM; MS_SOFTWARE when a feature
 * cannot be stored exactly for the backtest (a bug). */
enum ms_status risk_each_pair(void *ctx, const struct dataset *d,
                              size_t pair_index, const struct ds_rows *rows,
                              struct ms_err *e);

/* Append what from gathered (a later part of the pass, whose pair
 * indices start at pair_offset in the dataset) to to, as if to had seen
 * those pairs itself.  from is unchanged.  Errors: MS_NOMEM (to is then
 * unchanged as far as the model goes). */
enum ms_status risk_merge(struct risk *to, struct risk *from,
                          size_t pair_offset, struct ms_err *e);

/* Fit and validate the model on r's pair-periods, score the active pairs,
 * and run the backtest (the same as of as_of - 90 days), all kept in r.
 * No SQLite:
 * analyze runs it on a second thread while the other tables are written
 * (r must not change meanwhile).  A second call does nothing.  Errors:
 * MS_NOMEM, MS_NUMERIC. */
enum ms_status risk_fit(struct risk *r, struct ms_err *e);

/* Write risk_model, risk_model_fit, risk_calibration and pair_risk
 * (fitting first unless risk_fit did). */
enum ms_status risk_write(struct risk *r, struct analysis *a,
                          struct ms_err *e);

/* Release r.  NULL is a no-op. */
void risk_free(struct risk *r);

#endif
