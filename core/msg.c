/*
 * msg.c: messages and the progress line (see msg.h).
 */
#include "msg.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static int quiet;

void msg_set_quiet(int q)
{
    quiet = q;
}

int msg_quiet(void)
{
    return quiet;
}

static void vmsg(const char *kind, const char *fmt, va_list ap)
{
    fprintf(stderr, "mentorstat: %s", kind);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void msg_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vmsg("error: ", fmt, ap);
    va_end(ap);
}

void msg_warn(const char *fmt, ...)
{
    va_list ap;

    if (quiet)
        return;
    va_start(ap, fmt);
    vmsg("warning: ", fmt, ap);
    va_end(ap);
}

void msg_note(const char *fmt, ...)
{
    va_list ap;

    if (quiet)
        return;
    va_start(ap, fmt);
    vmsg("", fmt, ap);
    va_end(ap);
}

static double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void progress_start(struct progress *p, const char *label, uint64_t total)
{
    p->label = label;
    p->total = total;
    p->last = 0;
    p->drawn = 0;
    p->bytes = 1;
    p->active = !quiet && isatty(STDERR_FILENO);
}

void progress_update(struct progress *p, uint64_t done)
{
    double t;

    if (!p->active)
        return;
    t = now_seconds();
    if (p->drawn && t - p->last < 0.1)
        return;
    p->last = t;
    p->drawn = 1;
    if (p->total > 0 && !p->bytes)
        fprintf(stderr, "\r%s %3d%%", p->label,
                (int)(100.0 * (double)done / (double)p->total));
    else if (p->total > 0)
        fprintf(stderr, "\r%s %3d%% (%.1f of %.1f MB)", p->label,
                (int)(100.0 * (double)done / (double)p->total),
                (double)done / 1e6, (double)p->total / 1e6);
    else
        fprintf(stderr, "\r%s %.1f MB", p->label, (double)done / 1e6);
    fflush(stderr);
}

void progress_done(struct progress *p)
{
    if (p->active && p->drawn)
        fprintf(stderr, "\r\033[K");
    p->drawn = 0;
}
