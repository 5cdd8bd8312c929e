/*
 * main.c: the mentorstat command line (cli.md).
 *
 * Parses each command's options with getopt_long, opens the database, runs
 * the stages and maps the final status to a sysexits.h code.  Only this
 * file prints the final error.
 */
#include <getopt.h>
#include <gsl/gsl_errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "config.h"
#include "dates.h"
#include "db.h"
#include "generate.h"
#include "ingest.h"
#include "interrupt.h"
#include "msg.h"
#include "report.h"
#include "status.h"
#include "version.h"

static const char usage_main[] =
    "usage: mentorstat COMMAND [OPTIONS]\n"
    "\n"
    "Statistics and Excel reports from anonymised mentoring-programme exports.\n"
    "\n"
    "commands:\n"
    "  ingest    load exports (pairs, meetings, goals, evaluations) into the database\n"
    "  analyze   compute every results table as of one date\n"
    "  report    write the HR, coordinator and leadership workbooks\n"
    "  run       ingest, analyze and report in one go\n"
    "  generate  write realistic synthetic exports\n"
    "\n"
    "Run 'mentorstat COMMAND --help' for a command's options; 'man mentorstat'\n"
    "(after 'make install'; 'man ./mentorstat.1' in the source tree).\n";

static const char usage_ingest[] =
    "usage: mentorstat ingest [--db FILE] [--kind KIND] [--config FILE] [--quiet] EXPORT.csv...\n"
    "\n"
    "Load each export in one transaction: rows that break a rule go to the\n"
    "rejects table, files with personal data are refused whole, a file already\n"
    "loaded (same sha256) changes nothing.\n"
    "\n"
    "  --db FILE       database (default mentorstat.db)\n"
    "  --kind KIND     pairs, meetings, goals or evaluations (default: from the header)\n"
    "  --config FILE   INI configuration: planned length, extra items, k\n"
    "  --quiet         only errors on stderr\n"
    "\n"
    "exit: 0 all loaded; 65 a file refused or rows rejected (the rest loaded);\n"
    "66 a file cannot be opened; 74 database error; 130/143 stopped by\n"
    "SIGINT/SIGTERM (files whose summary line was printed are committed).\n";

static const char usage_analyze[] =
    "usage: mentorstat analyze [--db FILE] [--as-of YYYY-MM-DD] [--config FILE] [--quiet]\n"
    "\n"
    "Recompute every results table in one transaction.\n"
    "\n"
    "  --db FILE          database (default mentorstat.db)\n"
    "  --as-of DATE       the date the analysis is for (default: latest date in the data)\n"
    "  --config FILE      INI configuration (stored in the database first)\n"
    "  --quiet            only errors on stderr\n";

static const char usage_report[] =
    "usage: mentorstat report [--db FILE] [--out DIR] [--lang en|sv|da] [--per-coordinator] [--quiet]\n"
    "\n"
    "Write hr_outcomes.xlsx, coordinator_risk.xlsx and leadership_cohorts.xlsx.\n"
    "\n"
    "  --db FILE            database (default mentorstat.db)\n"
    "  --out DIR            output directory (default reports/)\n"
    "  --lang LANG          en (default), sv or da\n"
    "  --per-coordinator    also one coordinator_risk-<id>.xlsx per coordinator\n"
    "  --quiet              only errors on stderr\n";

static const char usage_run[] =
    "usage: mentorstat run [--db FILE] [--out DIR] [--as-of DATE] [--config FILE]\n"
    "                      [--kind KIND] [--lang LANG] [--per-coordinator] [--quiet] EXPORT.csv...\n"
    "\n"
    "ingest, analyze and report in one go.  Rejected rows or refused files do\n"
    "not stop the run; it exits 65 at the end when there were any.  With no\n"
    "pairs in the database after ingest it stops there (65): give the pairs\n"
    "export too.\n"
    "\n"
    "  --db FILE            database (default mentorstat.db)\n"
    "  --out DIR            output directory for the workbooks (default reports/)\n"
    "  --as-of DATE         the date the analysis is for, YYYY-MM-DD (default:\n"
    "                       latest date in the data)\n"
    "  --config FILE        INI configuration: planned length, extra items, k\n"
    "  --kind KIND          pairs, meetings, goals or evaluations, for every file\n"
    "                       (default: from each header)\n"
    "  --lang LANG          en (default), sv or da\n"
    "  --per-coordinator    also one coordinator_risk-<id>.xlsx per coordinator\n"
    "  --quiet              only errors on stderr\n"
    "\n"
    "exit: 0 all done; 65 a file refused, rows rejected or no pairs loaded;\n"
    "66 a file cannot be opened; 73 a workbook cannot be written; 74 database\n"
    "error; 130/143 stopped by SIGINT/SIGTERM.\n";

static const char usage_generate[] =
    "usage: mentorstat generate --pairs N [--seed S] [--messy] --out DIR\n"
    "\n"
    "Write pairs.csv, meetings.csv, goals.csv and evaluations.csv of N\n"
    "synthetic pairs (deterministic by seed).\n"
    "\n"
    "  --pairs N     number of pairs (1..10000000)\n"
    "  --seed S      random seed (default 1)\n"
    "  --messy       Nordic Excel form (;, Windows-1252, CRLF) with bad rows\n"
    "                and expected_rejects.csv\n"
    "  --out DIR     output directory\n";

/* Options shared by the commands; each command accepts a subset. */
struct cli {
    const char *db;
    const char *kind;
    const char *config_path;
    const char *as_of;
    const char *out;
    const char *lang;
    int per_coordinator;
    int quiet;
    long pairs;
    unsigned long seed;
    int messy;
    char **files;
    int n_files;
};

enum opt_id {
    OPT_DB = 1000, OPT_KIND, OPT_CONFIG, OPT_AS_OF, OPT_OUT, OPT_LANG,
    OPT_PER_COORD, OPT_QUIET, OPT_PAIRS, OPT_SEED, OPT_MESSY, OPT_HELP
};

static const struct option all_options[] = {
    {"db", required_argument, NULL, OPT_DB},
    {"kind", required_argument, NULL, OPT_KIND},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"as-of", required_argument, NULL, OPT_AS_OF},
    {"out", required_argument, NULL, OPT_OUT},
    {"lang", required_argument, NULL, OPT_LANG},
    {"per-coordinator", no_argument, NULL, OPT_PER_COORD},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"pairs", required_argument, NULL, OPT_PAIRS},
    {"seed", required_argument, NULL, OPT_SEED},
    {"messy", no_argument, NULL, OPT_MESSY},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

/* Which options each command accepts (a string of enum opt_id - 1000). */
struct command {
    const char *name;
    const char *usage;
    const enum opt_id *allowed;
    int (*run)(struct cli *c);
    int needs_files;
};

static int usage_error(const char *cmd_usage, const char *fmt, const char *arg)
{
    fprintf(stderr, "mentorstat: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", cmd_usage);
    return status_exit_code(MS_USAGE);
}

/* The exit code of s: 128 + the signal for MS_INTERRUPTED. */
static int exit_code(enum ms_status s)
{
    if (s == MS_INTERRUPTED && interrupt_signal() != 0)
        return interrupt_exit_code(interrupt_signal());
    return status_exit_code(s);
}

static int fail(enum ms_status s, const struct ms_err *e)
{
    msg_error("%s", e->msg[0] ? e->msg : status_str(s));
    return exit_code(s);
}

/* Print a workbook path on stdout (report's on_written callback). */
static void print_path(const char *path, void *ctx)
{
    (void)ctx;
    printf("%s\n", path);
    fflush(stdout);
}

/* Print the one summary line per ingested file on stdout. */
static void print_summary(const struct ingest_result *r)
{
    printf("%s\t%s\t%s\tread %ld\tloaded %ld\trejected %ld\torphans %ld\n",
           r->file, r->kind ? r->kind : "-", ingest_outcome_word(r->outcome), r->rows_read,
           r->rows_loaded, r->rows_rejected, r->orphans);
    fflush(stdout);
}

/* Warn about each programme section of --config that names no programme
 * of the data, naming the nearest (a typo silently ignored otherwise).
 * Nothing when the database holds no pairs yet; a database error only
 * ends the check. */
static void warn_unmatched_programmes(sqlite3 *db, const struct cli *c,
                                  const struct config *cfg)
{
    struct ms_err e = {{0}};
    char nearest[256];
    int found;

    for (int i = 0; i < cfg->n_programmes + cfg->n_items; i++) {
        const char *name = i < cfg->n_programmes
                               ? cfg->programmes[i].name
                               : cfg->items[i - cfg->n_programmes].programme;
        int seen = 0;

        for (int j = 0; j < i && !seen; j++)
            seen = strcmp(name, j < cfg->n_programmes ? cfg->programmes[j].name
                          : cfg->items[j - cfg->n_programmes].programme) == 0;
        if (seen || strcmp(name, "*") == 0)
            continue;
        if (config_programme_nearest(db, name, &found, nearest,
                                     sizeof nearest, &e) != MS_OK)
            return;
        if (!found && nearest[0] != '\0')
            msg_warn("%s: [programme %s] matches no programme in the data; "
                     "the nearest is '%s'", c->config_path, name, nearest);
    }
}

/* Load --config (if given) into *cfg.  MS_OK when none was given. */
static enum ms_status load_config(const struct cli *c, struct config **cfg,
                                  struct ms_err *e)
{
    *cfg = NULL;
    if (c->config_path == NULL)
        return MS_OK;
    return config_load(c->config_path, cfg, e);
}

/* Append "a, b" style item to buf (cap bytes) at *o, cut with "..." when
 * full.  This function can't fail. */
static void list_add(char *buf, size_t cap, size_t *o, const char *item,
                     const char *suffix)
{
    if (*o + 1 >= cap)
        return;
    *o += (size_t)snprintf(buf + *o, cap - *o, "%s%s%s", *o ? ", " : "",
                           item, suffix);
    if (*o >= cap && cap > 4)
        memcpy(buf + cap - 4, "...", 4);
}

/* The message after a signal stopped ingest: the files committed (those
 * whose summary line was printed, but the one rolled back) and those not.
 * res[0..n) are the files offered, files[0..nfiles) all of them. */
static enum ms_status ingest_stopped(const struct ingest_result *res, int n,
                                     char **files, int nfiles,
                                     struct ms_err *e)
{
    char done[400] = "", undone[400] = "";
    size_t od = 0, ou = 0;

    for (int i = 0; i < n; i++) {
        if (res[i].outcome == INGEST_FAILED)
            list_add(undone, sizeof undone, &ou, res[i].file, " (rolled back)");
        else
            list_add(done, sizeof done, &od, res[i].file,
                     res[i].outcome == INGEST_LOADED ? "" :
                     res[i].outcome == INGEST_REFUSED ? " (refused)"
                                                      : " (unchanged)");
    }
    for (int i = n; i < nfiles; i++)
        list_add(undone, sizeof undone, &ou, files[i], "");
    return err_set(e, MS_INTERRUPTED, "stopped by %s: committed: %s; not "
                   "committed: %s", interrupt_name(interrupt_signal()),
                   od ? done : "none", ou ? undone : "none");
}

/* After all files are in, say how many orphans of each earlier child file
 * remain, when a later file may have changed the count its summary line
 * gave (files may come in any order, children before the roster). */
static enum ms_status orphans_recount(sqlite3 *db, struct ingest_result *res,
                                      int n, struct ms_err *e)
{
    enum ms_status s;

    for (int i = 0; i < n; i++) {
        long then = res[i].orphans;

        if (!ingest_orphans_stale(&res[i], res + i + 1, (size_t)(n - i - 1)))
            continue;
        if ((s = ingest_count_orphans(db, &res[i], e)) != MS_OK)
            return s;
        if (res[i].orphans != then)
            msg_note("%s: %ld orphan%s now that the later files are in (%ld "
                     "when it loaded)", res[i].file, res[i].orphans,
                     res[i].orphans == 1 ? "" : "s", then);
    }
    return MS_OK;
}

/* The ingest part shared by `ingest` and `run`: every file is offered even
 * when an earlier one fails; the worst status is returned.  Each file's
 * summary line is printed as it finishes, with its orphans then, so a
 * script sees what was committed even if the run is stopped.  A signal is
 * deferred meanwhile (interrupt.h): the file being loaded is rolled back
 * and MS_INTERRUPTED returned, e naming what was committed and not. */
static enum ms_status do_ingest(const struct cli *c, sqlite3 *db,
                                const struct config *cfg, struct ms_err *e)
{
    enum ms_status worst = MS_OK, s = MS_OK;
    struct ingest_opts o = {0};
    struct ingest_result *res = calloc((size_t)c->n_files, sizeof *res);
    int n = 0;

    if (res == NULL)
        return err_set(e, MS_NOMEM, "out of memory");
    o.kind = c->kind;
    o.config = cfg;
    interrupt_note("the file being loaded is rolled back; the files whose "
                   "summary line was printed are committed");
    interrupt_defer(1);
    for (int i = 0; i < c->n_files && !interrupt_signal(); i++) {
        struct ms_err fe = {{0}};

        s = ingest_file(db, c->files[i], &o, &res[n], &fe);
        if (s == MS_INTERRUPTED)
            s = MS_OK;   /* said below, with the other files */
        else if (s != MS_OK) {
            /* rejected rows are a warning (an error when nothing loaded);
             * a refused file an error */
            if (s == MS_DATAERR && res[n].outcome != INGEST_REFUSED &&
                res[n].rows_loaded > 0)
                msg_warn("%s", fe.msg);
            else if (s == MS_DATAERR || s == MS_NOINPUT)
                msg_error("%s", fe.msg);
            else
                err_set(e, s, "%s", fe.msg);   /* fatal: the caller says it */
            worst = status_worse(worst, s);
        }
        if (res[n].reported)
            print_summary(&res[n++]);
        if (s == MS_IOERR || s == MS_BUSY || s == MS_NOMEM || s == MS_SOFTWARE)
            break;   /* the database itself is in trouble: stop */
    }
    if (!interrupt_signal() && worst != MS_IOERR && worst != MS_BUSY &&
        (s = orphans_recount(db, res, n, e)) != MS_OK)
        worst = status_worse(worst, s);
    interrupt_defer(0);   /* from here a signal ends the process at once */
    if (interrupt_signal())
        worst = ingest_stopped(res, n, c->files, c->n_files, e);
    free(res);
    return worst;
}

static int cmd_ingest(struct cli *c)
{
    struct ms_err e = {{0}};
    struct config *cfg = NULL;
    sqlite3 *db = NULL;
    enum ms_status s;

    if ((s = load_config(c, &cfg, &e)) != MS_OK)
        return fail(s, &e);
    s = db_open(c->db, DB_READWRITE, &db, &e);
    if (s == MS_OK && cfg != NULL)
        s = config_store(db, cfg, &e);
    if (s == MS_OK)
        s = do_ingest(c, db, cfg, &e);
    if (s != MS_INTERRUPTED && db != NULL && cfg != NULL)
        warn_unmatched_programmes(db, c, cfg);
    db_close(db);
    config_free(cfg);
    if (s != MS_OK && e.msg[0] != '\0')
        return fail(s, &e);
    return exit_code(s);
}

/* Parse --as-of into analyze options. */
static enum ms_status parse_as_of(const struct cli *c, struct analyze_opts *o,
                                  struct ms_err *e)
{
    if (c->as_of == NULL)
        return MS_OK;
    if (date_parse(c->as_of, strlen(c->as_of), &o->as_of) != 0)
        return err_set(e, MS_USAGE, "--as-of '%s' is not a date: use "
                       "YYYY-MM-DD", c->as_of);
    o->has_as_of = 1;
    return MS_OK;
}

static int cmd_analyze(struct cli *c)
{
    struct ms_err e = {{0}};
    struct analyze_opts o = {0};
    struct config *cfg = NULL;
    sqlite3 *db = NULL;
    enum ms_status s;

    if ((s = parse_as_of(c, &o, &e)) != MS_OK ||
        (s = load_config(c, &cfg, &e)) != MS_OK)
        return fail(s, &e);
    s = db_open(c->db, DB_READWRITE, &db, &e);
    if (s == MS_OK && cfg != NULL) {
        s = config_store(db, cfg, &e);
        warn_unmatched_programmes(db, c, cfg);
    }
    interrupt_note("the results tables are as they were");
    if (s == MS_OK)
        s = analyze_run(db, &o, &e);
    db_close(db);
    config_free(cfg);
    return s == MS_OK ? 0 : fail(s, &e);
}

static enum ms_status do_report(const struct cli *c, sqlite3 *db,
                                struct ms_err *e)
{
    struct report_opts o = {0};

    o.out_dir = c->out;
    o.lang = c->lang;
    o.per_coordinator = c->per_coordinator;
    o.on_written = print_path;
    return report_run(db, &o, e);
}

static int cmd_report(struct cli *c)
{
    struct ms_err e = {{0}};
    sqlite3 *db = NULL;
    enum ms_status s;

    s = db_open(c->db, DB_READONLY, &db, &e);
    interrupt_note("temporary workbooks removed; the workbooks listed are "
                   "written");
    if (s == MS_OK)
        s = do_report(c, db, &e);
    db_close(db);
    return s == MS_OK ? 0 : fail(s, &e);
}

/* MS_OK when db holds at least one pair; else MS_DATAERR (cli.md: `run`
 * then writes no workbooks) or a database error. */
static enum ms_status pairs_present(sqlite3 *db, struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM pairs)",
                                  &st, e);
    int rc;

    if (s != MS_OK)
        return s;
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        s = db_error(db, rc, e, "counting pairs");
    else if (sqlite3_column_int(st, 0) == 0)
        s = err_set(e, MS_DATAERR, "no pairs loaded: give the pairs export "
                    "too (nothing analyzed, no workbook written)");
    sqlite3_finalize(st);
    return s;
}

static int cmd_run(struct cli *c)
{
    struct ms_err e = {{0}};
    struct analyze_opts ao = {0};
    struct config *cfg = NULL;
    sqlite3 *db = NULL;
    enum ms_status s, ingested = MS_OK;

    if ((s = parse_as_of(c, &ao, &e)) != MS_OK ||
        (s = load_config(c, &cfg, &e)) != MS_OK)
        return fail(s, &e);
    s = db_open(c->db, DB_READWRITE, &db, &e);
    if (s == MS_OK && cfg != NULL)
        s = config_store(db, cfg, &e);
    if (s == MS_OK) {
        ingested = do_ingest(c, db, cfg, &e);
        /* what the load cached or freed is not analyze's: give it back
         * before analyze takes its own peak */
        (void)sqlite3_db_release_memory(db);
        (void)malloc_trim(0);
        /* cli.md: refused files and rejected rows do not stop the run */
        s = ingested == MS_DATAERR || ingested == MS_NOINPUT ? MS_OK : ingested;
        if (s == MS_OK)
            s = pairs_present(db, &e);
        if (s == MS_OK && cfg != NULL)
            warn_unmatched_programmes(db, c, cfg);
        interrupt_note("every file whose summary line was printed is "
                       "committed; the results tables are as they were");
        if (s == MS_OK)
            s = analyze_run(db, &ao, &e);
        interrupt_note("temporary workbooks removed; the workbooks listed "
                       "are written");
        if (s == MS_OK)
            s = do_report(c, db, &e);
    }
    db_close(db);
    config_free(cfg);
    if (s == MS_DATAERR) {
        /* no pairs: a file that could not be opened (66) says more */
        msg_error("%s", e.msg);
        return exit_code(status_worse(ingested, s));
    }
    if (s != MS_OK)
        return fail(s, &e);
    return exit_code(ingested);
}

/* generate's progress callback: fraction done -> the progress line. */
static void generate_progress(double fraction, void *arg)
{
    progress_update(arg, (uint64_t)(fraction * 1000.0));
}

static int cmd_generate(struct cli *c)
{
    struct ms_err e = {{0}};
    struct generate_opts o = {0};
    struct progress pr;
    enum ms_status s;

    if (c->pairs < 1)
        return usage_error(usage_generate, "%s", "generate needs --pairs N with N >= 1");
    if (c->out == NULL || strcmp(c->out, "") == 0)
        return usage_error(usage_generate, "%s", "generate needs --out DIR");
    o.pairs = c->pairs;
    o.seed = c->seed;
    o.messy = c->messy;
    o.out_dir = c->out;
    interrupt_note("the files in --out are incomplete");
    progress_start(&pr, "generating", 1000);
    pr.bytes = 0;
    o.progress = generate_progress;
    o.progress_arg = &pr;
    s = generate_run(&o, &e);
    progress_done(&pr);
    if (s != MS_OK)
        return fail(s, &e);
    if (!c->quiet)
        msg_note("wrote %ld pairs to %s", c->pairs, c->out);
    return 0;
}

static const enum opt_id ingest_opts_allowed[] = {OPT_DB, OPT_KIND, OPT_CONFIG, OPT_QUIET, 0};
static const enum opt_id analyze_opts_allowed[] = {OPT_DB, OPT_AS_OF, OPT_CONFIG, OPT_QUIET, 0};
static const enum opt_id report_opts_allowed[] = {OPT_DB, OPT_OUT, OPT_LANG, OPT_PER_COORD, OPT_QUIET, 0};
static const enum opt_id run_opts_allowed[] = {OPT_DB, OPT_OUT, OPT_AS_OF, OPT_CONFIG, OPT_KIND,
                                               OPT_LANG, OPT_PER_COORD, OPT_QUIET, 0};
static const enum opt_id generate_opts_allowed[] = {OPT_PAIRS, OPT_SEED, OPT_MESSY, OPT_OUT, OPT_QUIET, 0};

static const struct command commands[] = {
    {"ingest", usage_ingest, ingest_opts_allowed, cmd_ingest, 1},
    {"analyze", usage_analyze, analyze_opts_allowed, cmd_analyze, 0},
    {"report", usage_report, report_opts_allowed, cmd_report, 0},
    {"run", usage_run, run_opts_allowed, cmd_run, 1},
    {"generate", usage_generate, generate_opts_allowed, cmd_generate, 0},
};

static int allowed(const struct command *cmd, int id)
{
    for (const enum opt_id *a = cmd->allowed; *a; a++)
        if ((int)*a == id)
            return 1;
    return id == OPT_HELP;
}

/* Parse a whole number in [lo, hi]; -1 when it is not one. */
static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v;

    if (*s == '\0')
        return -1;
    v = strtol(s, &end, 10);
    if (*end != '\0' || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int run_command(const struct command *cmd, int argc, char **argv)
{
    struct cli c = {0};
    long v;
    int opt;

    c.db = "mentorstat.db";
    c.out = strcmp(cmd->name, "generate") == 0 ? NULL : "reports";
    c.lang = "en";
    c.seed = 1;
    c.pairs = 0;
    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":", all_options, NULL)) != -1) {
        if (opt == '?')
            return usage_error(cmd->usage, "unknown option '%s'", argv[optind - 1]);
        if (opt == ':')
            return usage_error(cmd->usage, "option '%s' needs a value", argv[optind - 1]);
        if (!allowed(cmd, opt))
            return usage_error(cmd->usage, "option '%s' does not apply here", argv[optind - 1]);
        switch (opt) {
        case OPT_HELP: fputs(cmd->usage, stdout); return 0;
        case OPT_DB: c.db = optarg; break;
        case OPT_KIND:
            if (strcmp(optarg, "pairs") && strcmp(optarg, "meetings") &&
                strcmp(optarg, "goals") && strcmp(optarg, "evaluations"))
                return usage_error(cmd->usage, "--kind '%s': use pairs, meetings, goals or evaluations", optarg);
            c.kind = optarg;
            break;
        case OPT_CONFIG: c.config_path = optarg; break;
        case OPT_AS_OF: c.as_of = optarg; break;
        case OPT_OUT: c.out = optarg; break;
        case OPT_LANG:
            if (!report_lang_valid(optarg))
                return usage_error(cmd->usage, "--lang '%s': use en, sv or da", optarg);
            c.lang = optarg;
            break;
        case OPT_PER_COORD: c.per_coordinator = 1; break;
        case OPT_QUIET: c.quiet = 1; break;
        case OPT_PAIRS:
            if (parse_long(optarg, 1, 10000000, &v) != 0)
                return usage_error(cmd->usage, "--pairs '%s': give a whole number from 1 to 10000000", optarg);
            c.pairs = v;
            break;
        case OPT_SEED:
            if (parse_long(optarg, 0, 2147483647L, &v) != 0)
                return usage_error(cmd->usage, "--seed '%s': give a whole number from 0 to 2147483647", optarg);
            c.seed = (unsigned long)v;
            break;
        case OPT_MESSY: c.messy = 1; break;
        default: return usage_error(cmd->usage, "%s", "bad option");
        }
    }
    c.files = argv + optind;
    c.n_files = argc - optind;
    if (cmd->needs_files && c.n_files == 0)
        return usage_error(cmd->usage, "%s: give at least one EXPORT.csv", cmd->name);
    if (!cmd->needs_files && c.n_files > 0)
        return usage_error(cmd->usage, "unexpected argument '%s'", c.files[0]);
    if (c.as_of != NULL) {
        int32_t d;
        if (date_parse(c.as_of, strlen(c.as_of), &d) != 0)
            return usage_error(cmd->usage, "--as-of '%s' is not a date: use YYYY-MM-DD", c.as_of);
    }
    msg_set_quiet(c.quiet);
    return cmd->run(&c);
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    db_init();
    interrupt_install();
    if (argc < 2)
        return usage_error(usage_main, "%s", "no command given");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage_main, stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("mentorstat %s\n", MENTORSTAT_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return run_command(&commands[i], argc - 1, argv + 1);
    return usage_error(usage_main, "unknown command '%s'", argv[1]);
}
