/*
 * interrupt.c: SIGINT and SIGTERM (see interrupt.h).  The handler uses
 * only async-signal-safe calls (write, unlink, _exit) and reads state
 * that is published before it is marked in use.
 */
#include "interrupt.h"

#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#define TEMP_SLOTS 16
#define TEMP_PATH_MAX 4096

static volatile sig_atomic_t caught;      /* the signal, or 0 */
static volatile sig_atomic_t deferred;    /* 1: only set caught */
static const char *volatile stage_note;   /* see interrupt_note */

static struct {
    volatile sig_atomic_t used;
    char path[TEMP_PATH_MAX];
} temps[TEMP_SLOTS];

static void say(const char *s)
{
    ssize_t r = write(STDERR_FILENO, s, strlen(s));

    (void)r;   /* nothing to do about a failed write here */
}

static void on_signal(int sig)
{
    const char *note = stage_note;

    if (deferred && !caught) {
        caught = sig;
        return;
    }
    for (int i = 0; i < TEMP_SLOTS; i++)
        if (temps[i].used)
            (void)unlink(temps[i].path);
    say("mentorstat: stopped by ");
    say(interrupt_name(sig));
    say(": ");
    say(note != NULL ? note : "nothing of this step was written");
    say("\n");
    _exit(interrupt_exit_code(sig));
}

void interrupt_install(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    sa.sa_flags = SA_RESTART;   /* deferred: the interrupted call goes on */
    for (int i = 0; i < 2; i++) {
        int sig = i == 0 ? SIGINT : SIGTERM;
        struct sigaction was;

        /* a signal ignored when we started (nohup, a background job of a
         * script) stays ignored, as the shell's user asked */
        if (sigaction(sig, NULL, &was) == 0 && was.sa_handler == SIG_IGN)
            continue;
        (void)sigaction(sig, &sa, NULL);
    }
}

void interrupt_defer(int on)
{
    deferred = on ? 1 : 0;
}

int interrupt_signal(void)
{
    return caught;
}

void interrupt_clear(void)
{
    caught = 0;
}

int interrupt_exit_code(int sig)
{
    return 128 + sig;
}

const char *interrupt_name(int sig)
{
    return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM"
                                                     : "a signal";
}

void interrupt_note(const char *note)
{
    stage_note = note;
}

int interrupt_temp_add(const char *path)
{
    size_t n = strlen(path);

    if (n >= TEMP_PATH_MAX)
        return -1;
    for (int i = 0; i < TEMP_SLOTS; i++)
        if (!temps[i].used) {
            memcpy(temps[i].path, path, n + 1);
            atomic_signal_fence(memory_order_seq_cst);
            temps[i].used = 1;   /* published after the path is complete */
            return i;
        }
    return -1;
}

void interrupt_temp_remove(int slot)
{
    if (slot >= 0 && slot < TEMP_SLOTS)
        temps[slot].used = 0;
}
