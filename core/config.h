/*
 * config.h: the --config file (INI, read with inih) and its copy in the
 * database (programme_config, item_config), so later stages see the
 * settings the data was loaded with.
 *
 *     [defaults]
 *     planned_months = 12      ; default planned length of a pairing
 *     k = 5                    ; suppression threshold, never below 3
 *
 *     [programme Leader mentoring]
 *     planned_months = 9
 *     k = 6
 *     q_psych_safety = 1..7 relationship   ; an extra item: scale, construct
 */
#ifndef MS_CONFIG_H
#define MS_CONFIG_H

#include <stddef.h>

#include <sqlite3.h>

#include "status.h"

struct config_programme {
    char *name;              /* programme name, or "*" for [defaults] */
    double planned_months;   /* valid when has_planned */
    int k;                   /* valid when has_k */
    int has_planned, has_k;
};

struct config_item {
    char *item;              /* q_* */
    char *construct;
    int scale_min, scale_max;
    char *programme;         /* the section that defined it, "*" for defaults */
};

struct config {
    struct config_programme *programmes;
    int n_programmes;
    struct config_item *items;
    int n_items;
};

/* Parse the INI file at path into a new config (*out; free it with
 * config_free).  Errors: MS_NOINPUT (cannot open or read, e.g. a
 * directory), MS_USAGE (a line that is not valid: the message names file
 * and line, "FILE:LINE: ...", e.g. k below 3, an unknown key, an item scale
 * that is not MIN..MAX, one item defined with two different scales).  On
 * error *out is NULL. */
enum ms_status config_load(const char *path, struct config **out,
                           struct ms_err *e);

/* Release c and everything it owns.  config_free(NULL) is a no-op. */
void config_free(struct config *c);

/* Write c into programme_config and item_config (insert or replace by key),
 * inside the caller's transaction or its own.  Errors: MS_IOERR. */
enum ms_status config_store(sqlite3 *db, const struct config *c,
                            struct ms_err *e);

/* Settings as the database holds them, for analyze and report. */
struct config_item_scale {
    char item[64];
    char construct[64];
    int scale_min, scale_max;
};

/* Scale of item (q_*) from item_config; unknown items get 1..5 and no
 * construct ("").  Returns MS_OK or MS_IOERR. */
enum ms_status config_item_scale(sqlite3 *db, const char *item,
                                 struct config_item_scale *out,
                                 struct ms_err *e);

/* Planned length in months and k of a programme ('*' row when the
 * programme has none).  k of "*" (all programmes) is the largest k. */
enum ms_status config_programme_get(sqlite3 *db, const char *programme,
                                    double *planned_months, int *k,
                                    struct ms_err *e);

/* The Levenshtein distance between a and b (insertions, deletions and
 * substitutions of one byte each), ASCII letters compared without case:
 * "Leader mentorng" is 1 from "leader mentoring".  Levenshtein, Soviet
 * Physics Doklady 10 (1966) 707; the two-row dynamic programme of Wagner
 * & Fischer, JACM 21 (1974) 168.  SIZE_MAX when out of memory. */
size_t config_edit_distance(const char *a, const char *b);

/* Whether programme name is a programme of the pairs in db (*found, exact
 * match), and otherwise the nearest programme name there by
 * config_edit_distance (ties: the first in sorted order) into nearest (cap
 * bytes, cut if longer; "" when db holds no pairs).  Errors: MS_IOERR,
 * MS_NOMEM. */
enum ms_status config_programme_nearest(sqlite3 *db, const char *name,
                                        int *found, char *nearest, size_t cap,
                                        struct ms_err *e);

#endif
