/*
 * report.c: the report stage (see report.h): creates the output folder,
 * reads the figures once inside a read transaction and hands them to the
 * writer of each workbook.  The coordinators' list is written first and
 * compressed on a second thread while the orphan rows are counted; it is
 * put in place last.
 */
#include "report.h"
#include "book.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "coordinator_risk.h"
#include "db.h"
#include "figures.h"
#include "hr_outcomes.h"
#include "i18n.h"
#include "leadership.h"

int report_lang_valid(const char *lang)
{
    return lang != NULL && i18n_lang(lang) >= 0;
}

/* mkdir -p dir.  MS_CANTCREAT with the system's reason. */
static enum ms_status dir_make(const char *dir, struct ms_err *e)
{
    char *p = strdup(dir);
    struct stat sb;
    enum ms_status s = MS_OK;

    if (p == NULL)
        return err_set(e, MS_NOMEM, "report: out of memory");
    for (char *q = p + 1; s == MS_OK; q++) {
        int end = *q == '\0';

        if (*q != '/' && !end)
            continue;
        *q = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            s = err_set(e, MS_CANTCREAT, "cannot create '%s': %s", p,
                        strerror(errno));
        else if (stat(p, &sb) != 0 || !S_ISDIR(sb.st_mode))
            s = err_set(e, MS_CANTCREAT, "cannot create '%s': %s", p,
                        "it exists and is not a directory");
        if (end)
            break;
        *q = '/';
    }
    free(p);
    return s;
}

/* MS_OK when dir takes new files (a probe file is made and removed).
 * Otherwise MS_CANTCREAT naming each workbook not written: checked first,
 * so that libxlsxwriter does not print its own error lines for each. */
static enum ms_status dir_writable(const char *dir, int per_coordinator,
                                   struct ms_err *e)
{
    static const char *const names[] = { "hr_outcomes.xlsx",
                                         "coordinator_risk.xlsx",
                                         "leadership_cohorts.xlsx" };
    char probe[64], list[1024] = "";
    char *path;
    size_t o = 0;
    int fd, err;

    snprintf(probe, sizeof probe, ".mentorstat-probe-%ld", (long)getpid());
    if ((path = book_path_join(dir, probe)) == NULL)
        return err_set(e, MS_NOMEM, "report: out of memory");
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    err = errno;
    if (fd >= 0) {
        close(fd);
        (void)unlink(path);
    }
    free(path);
    if (fd >= 0)
        return MS_OK;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *w = book_path_join(dir, names[i]);
        if (w != NULL && o < sizeof list)
            o += (size_t)snprintf(list + o, sizeof list - o, "%s'%s'",
                                  i == 0 ? "" : i + 1 < sizeof names /
                                  sizeof names[0] ? ", " : " and ", w);
        free(w);
    }
    return err_set(e, MS_CANTCREAT, "cannot write %s%s: the folder '%s' takes "
                   "no new files (%s); nothing was written", list,
                   per_coordinator ? " nor the per-coordinator workbooks" : "",
                   dir, strerror(err));
}

/* Remove the temporary workbooks ("<workbook>.xlsx.tmp-<pid>") that a
 * report killed before its rename left in dir, when that process is gone.
 * Best effort: what cannot be read or removed stays. */
static void stale_remove(const char *dir)
{
    static const char *const prefixes[] = { "hr_outcomes.xlsx.tmp-",
                                            "leadership_cohorts.xlsx.tmp-",
                                            "coordinator_risk" };
    DIR *d = opendir(dir);
    struct dirent *de;

    if (d == NULL)
        return;
    while ((de = readdir(d)) != NULL) {
        const char *name = de->d_name, *tmp = strstr(name, ".xlsx.tmp-");
        char *end, path[4096];
        long pid;
        int ours = 0;

        if (tmp == NULL)
            continue;
        for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
            ours |= strncmp(name, prefixes[i], strlen(prefixes[i])) == 0;
        pid = strtol(tmp + strlen(".xlsx.tmp-"), &end, 10);
        if (!ours || *end != '\0' || pid <= 0 || pid == (long)getpid())
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;   /* that report may still be running */
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) <
            sizeof path)
            (void)unlink(path);
    }
    closedir(d);
}

/* Write one figures workbook with writer and tell the caller. */
static enum ms_status write_one(
    const struct report_opts *o, const char *dir, const char *name,
    const struct figures *f, int lang,
    enum ms_status (*writer)(const struct figures *, const char *, int,
                             struct ms_err *),
    struct ms_err *e)
{
    char *path = book_path_join(dir, name);
    enum ms_status s;

    if (path == NULL)
        return err_set(e, MS_NOMEM, "report: out of memory");
    s = writer(f, path, lang, e);
    if (s == MS_OK && o->on_written != NULL)
        o->on_written(path, o->ctx);
    free(path);
    return s;
}

/* figures_audit_load as a meanwhile of coordinator_risk_start. */
struct audit_load {
    sqlite3 *db;
    struct figures *f;
    struct ms_err *e;
    enum ms_status s;
};

static void audit_load_run(void *ctx)
{
    struct audit_load *a = ctx;

    a->s = figures_audit_load(a->db, a->f, a->e);
}

enum ms_status report_run(sqlite3 *db, const struct report_opts *o,
                          struct ms_err *e)
{
    const char *dir = o->out_dir != NULL && o->out_dir[0] ? o->out_dir
                                                          : "reports";
    const char *code = o->lang != NULL ? o->lang : "en";
    int lang = i18n_lang(code);
    struct figures *f = NULL;
    struct coordinator_risk *cr = NULL;
    struct ms_err list_e = { "" };
    enum ms_status s, list_s = MS_OK;

    if (lang < 0)
        return err_set(e, MS_USAGE, "unknown language '%s': use en, sv or da",
                       code);
    s = dir_make(dir, e);
    if (s == MS_OK)
        s = dir_writable(dir, o->per_coordinator, e);
    if (s != MS_OK)
        return s;
    stale_remove(dir);
    /* one snapshot of the database for every workbook */
    s = db_exec(db, "BEGIN", e);
    if (s != MS_OK)
        return s;
    s = figures_load(db, &f, e);
    if (s == MS_OK) {
        /* the coordinators' list is streamed first and compressed on a
         * second thread while this one counts the orphan rows (the two
         * slow parts); it is put in place after the other two workbooks,
         * as if written last */
        struct audit_load a = { db, f, e, MS_OK };

        list_s = coordinator_risk_start(db, dir, lang, f->as_of,
                                        audit_load_run, &a, &cr, &list_e);
        s = a.s;
        /* the page cache now holds the data pages of that count, which
         * nothing reads again: free them before the HR workbook, built in
         * memory, takes its peak */
        (void)sqlite3_db_release_memory(db);
    }
    if (s == MS_OK)
        s = write_one(o, dir, "hr_outcomes.xlsx", f, lang, hr_outcomes_write,
                      e);
    if (s == MS_OK)
        s = write_one(o, dir, "leadership_cohorts.xlsx", f, lang,
                      leadership_write, e);
    if (s == MS_OK && list_s != MS_OK) {
        s = list_s;
        *e = list_e;
    } else if (s == MS_OK) {
        s = coordinator_risk_finish(cr, o->per_coordinator, o->on_written,
                                    o->ctx, e);
        cr = NULL;
    }
    coordinator_risk_free(cr);
    figures_free(f);
    db_rollback(db);   /* nothing was written: ending the read is enough */
    return s;
}
