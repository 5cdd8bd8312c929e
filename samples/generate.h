/*
 * generate.h: synthetic mentoring-programme exports for demos, tests and
 * benchmarks (`mentorstat generate`).  Writes the four CSV exports of
 * inputs.md as an organisation would export them on GENERATE_EXPORT_DATE,
 * simulated with GSL's Mersenne Twister so a seed always gives the same
 * bytes.  Usage:
 *
 *     struct generate_opts o = {.pairs = 300, .seed = 1, .out_dir = "demo"};
 *     struct ms_err e = {0};
 *     if (generate_run(&o, &e) != MS_OK) fprintf(stderr, "%s\n", e.msg);
 */
#ifndef MS_GENERATE_H
#define MS_GENERATE_H

#include "status.h"

/* The export date: no event (start, end, meeting, goal set or review,
 * evaluation) is dated after it, only plans (planned_end_date, a goal's
 * target_date); pairs still within their planned length are active. */
#define GENERATE_EXPORT_DATE "2026-10-31"

struct generate_opts {
    long pairs;             /* number of pairs, >= 1 */
    unsigned long seed;     /* given to gsl_rng_set: only the low 32 bits
                               count and 0 means GSL's default 4357; the
                               CLI's default is 1 */
    int messy;              /* nonzero: Nordic Excel form (';', Windows-1252,
                               CRLF, DD.MM.YYYY, decimal comma, odd headers,
                               a free-text column) plus bad rows of every
                               reject rule and expected_rejects.csv */
    const char *out_dir;    /* created (with its parents) if missing */
    /* Optional: called now and then with the fraction done (0..1], last
       with 1.0; arg is passed through.  NULL: no calls. */
    void (*progress)(double fraction, void *arg);
    void *progress_arg;
};

/* Write pairs.csv, meetings.csv, goals.csv and evaluations.csv into
 * o->out_dir, and expected_rejects.csv (file,line,column,rule: the reject
 * each bad record must get, sorted by file then line) when o->messy.
 * Deterministic: the same options give byte-identical files.  Memory does
 * not grow with o->pairs: rows are written as each pair is simulated.
 * Each file is written under a temporary name in o->out_dir and renamed
 * into place once all are written: a run that fails removes its temporary
 * files and replaces no file.  Without o->messy, an expected_rejects.csv
 * left in o->out_dir by an earlier messy run is removed.
 * Returns MS_OK; MS_USAGE (pairs < 1 or no out_dir), MS_CANTCREAT (the
 * directory or a file cannot be created or written) or MS_NOMEM, with the
 * reason in e (may be NULL). */
enum ms_status generate_run(const struct generate_opts *o, struct ms_err *e);

#endif
