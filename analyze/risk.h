/*
 * risk.h: which active pairs are at risk of ending early (results.md:
 * pair_risk, risk_model, risk_model_fit).
 *
 * Two parts.  The flags are published rules evaluated on a pair's history
 * as of a day (risk_state_at, a pure function).  The model is a
 * discrete-time hazard model: one row per pair and month of the history
 * (features as of that day, outcome = an early ending within the next 90
 * days), a ridge-penalised logistic regression (logit.c), validated by
 * 5-fold cross-validation grouped by pair (cv.c, folds.c, auc.c) against
 * the number of flags as a score.  Pairs are then scored as of as_of,
 * banded, and given the terms that raise their risk most.
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
    RISK_OVERDUE_CLOSURE = 1 << 5         /* > 30 days past planned end */
};
#define RISK_N_FLAGS 6

/* The flag names in pair_risk.flags, in bit order. */
extern const char *const risk_flag_names[RISK_N_FLAGS];

/* The model's terms (risk_model.term, pair_risk.drivers), column order. */
enum risk_term {
    TERM_INTERCEPT, TERM_DAYS_SINCE_HELD, TERM_HELD_90D,
    TERM_CANCELLED_BY_MENTOR_90D, TERM_CANCELLED_BY_MENTEE_90D,
    TERM_NO_SHOW_90D, TERM_LOW_CHEMISTRY, TERM_CHEMISTRY, TERM_NO_EVALUATION,
    TERM_NO_GOALS, TERM_MONTH_1_3, TERM_MONTH_4_6,
    TERM_MONTH_7_12, TERM_CROSS_ORG, RISK_N_TERMS
};
extern const char *const risk_term_names[RISK_N_TERMS];

/* Every word pair_risk.drivers may hold, NULL-terminated: a count term
 * with "_high" or "_low" (which way it moves this pair's risk up), an
 * indicator term as it is (only when it is on). */
extern const char *const risk_driver_words[];

/* Fewest early endings (within 90 days of a pair-month) to fit a model. */
#define RISK_MIN_EVENTS 20
/* The model is fitted on the periods of at most this many pairs, chosen
 * by a hash of pair_id (deterministic); more adds nothing but time. */
#define RISK_MAX_MODEL_PAIRS 5000
#define RISK_FOLDS 5
#define RISK_LAMBDA 1.0
#define RISK_HORIZON_DAYS 90

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
 *   month_1_3, month_4_6, month_7_12
 *                    the month m of the relationship (the largest m with
 *                    day floor(30.4375 m + 0.5) <= t - start) in 0..2,
 *                    3..5, 6..11; 12 and later is the reference;
 *   cross_org        1 for a cross-organisation pair. */
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
 * sampled) and, for an active pair, its state as of as_of. */
enum ms_status risk_each_pair(void *ctx, const struct dataset *d,
                              size_t pair_index, const struct ds_rows *rows,
                              struct ms_err *e);

/* Append what from gathered (a later part of the pass, whose pair
 * indices start at pair_offset in the dataset) to to, as if to had seen
 * those pairs itself.  from is unchanged.  Errors: MS_NOMEM (to is then
 * unchanged as far as the model goes). */
enum ms_status risk_merge(struct risk *to, struct risk *from,
                          size_t pair_offset, struct ms_err *e);

/* Fit and validate the model on r's pair-periods, kept in r.  No SQLite:
 * analyze runs it on a second thread while the other tables are written
 * (r must not change meanwhile).  A second call does nothing.  Errors:
 * MS_NOMEM, MS_NUMERIC. */
enum ms_status risk_fit(struct risk *r, struct ms_err *e);

/* Write risk_model, risk_model_fit and pair_risk (fitting first unless
 * risk_fit did). */
enum ms_status risk_write(struct risk *r, struct analysis *a,
                          struct ms_err *e);

/* Release r.  NULL is a no-op. */
void risk_free(struct risk *r);

#endif
