/*
 * test_interrupt.c: SIGINT and SIGTERM (core/interrupt.c, cli.md).
 *
 * Deferred mode only records the signal; immediate mode ends the process
 * with 128 + the signal after removing the registered temporary files,
 * which is checked in a forked child.  A signal ignored at start stays
 * ignored.
 */
#include "testutil.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "interrupt.h"

static char tmpdir[64];

static int dir_setup(void **state)
{
    (void)state;
    return test_dir_make(tmpdir, sizeof tmpdir, "test_interrupt");
}

static int dir_teardown(void **state)
{
    (void)state;
    return test_dir_remove(tmpdir);
}

static void touch(const char *path)
{
    FILE *f = fopen(path, "w");

    assert_non_null(f);
    assert_int_equal(fclose(f), 0);
}

static int exists(const char *path)
{
    struct stat sb;

    return stat(path, &sb) == 0;
}

/* Run child() in a forked process with stderr to /dev/null; its wait
 * status. */
static int in_child(void (*child)(const char *), const char *arg)
{
    int status = 0;
    pid_t pid = fork();

    assert_true(pid >= 0);
    if (pid == 0) {
        FILE *null = freopen("/dev/null", "w", stderr);
        (void)null;
        child(arg);
        _exit(0);   /* the signal should have ended it first */
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return status;
}

static void test_interrupt__exit_codes_and_names(void **state)
{
    (void)state;
    assert_int_equal(interrupt_exit_code(SIGINT), 130);
    assert_int_equal(interrupt_exit_code(SIGTERM), 143);
    assert_string_equal(interrupt_name(SIGINT), "SIGINT");
    assert_string_equal(interrupt_name(SIGTERM), "SIGTERM");
}

/* Deferred: the signal is recorded and the process goes on. */
static void test_interrupt__deferred_records_the_signal(void **state)
{
    (void)state;
    interrupt_install();
    interrupt_defer(1);
    assert_int_equal(interrupt_signal(), 0);
    raise(SIGINT);
    assert_int_equal(interrupt_signal(), SIGINT);
    interrupt_defer(0);
    interrupt_clear();
    assert_int_equal(interrupt_signal(), 0);
}

/* Immediate: the registered temporary file is removed, the one no longer
 * registered (renamed into place) stays, and the exit status is 143. */
static void child_immediate(const char *dir)
{
    char tmp[256], kept[256];

    snprintf(tmp, sizeof tmp, "%s/book.xlsx.tmp-1", dir);
    snprintf(kept, sizeof kept, "%s/done.xlsx", dir);
    touch(tmp);
    touch(kept);
    interrupt_install();
    (void)interrupt_temp_add(tmp);
    interrupt_temp_remove(interrupt_temp_add(kept));
    raise(SIGTERM);
}

static void test_interrupt__immediate_removes_temporary_files(void **state)
{
    char tmp[256], kept[256];
    int status;

    (void)state;
    status = in_child(child_immediate, tmpdir);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 143);
    snprintf(tmp, sizeof tmp, "%s/book.xlsx.tmp-1", tmpdir);
    snprintf(kept, sizeof kept, "%s/done.xlsx", tmpdir);
    assert_false(exists(tmp));
    assert_true(exists(kept));
}

/* A second signal while deferred ends the process at once (130). */
static void child_twice(const char *dir)
{
    (void)dir;
    interrupt_install();
    interrupt_defer(1);
    raise(SIGINT);
    raise(SIGINT);
}

static void test_interrupt__second_signal_ends_at_once(void **state)
{
    int status;

    (void)state;
    status = in_child(child_twice, NULL);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 130);
}

/* Ignored at start (nohup, a script's background job): stays ignored. */
static void child_ignored(const char *dir)
{
    (void)dir;
    signal(SIGINT, SIG_IGN);
    interrupt_install();
    raise(SIGINT);
    _exit(7);
}

static void test_interrupt__ignored_signal_stays_ignored(void **state)
{
    int status;

    (void)state;
    status = in_child(child_ignored, NULL);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 7);
}

/* Slots run out: -1, and a freed slot is used again. */
static void test_interrupt__temp_slots_are_reused(void **state)
{
    int slots[64], n = 0, again;

    (void)state;
    while (n < 64 && (slots[n] = interrupt_temp_add("/nonexistent/x")) >= 0)
        n++;
    assert_true(n > 0 && n < 64);
    interrupt_temp_remove(slots[0]);
    again = interrupt_temp_add("/nonexistent/y");
    assert_int_equal(again, slots[0]);
    interrupt_temp_remove(again);
    for (int i = 1; i < n; i++)
        interrupt_temp_remove(slots[i]);
    interrupt_temp_remove(-1);   /* a no-op */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, dir_setup, dir_teardown)
        T(test_interrupt__exit_codes_and_names),
        T(test_interrupt__deferred_records_the_signal),
        T(test_interrupt__immediate_removes_temporary_files),
        T(test_interrupt__second_signal_ends_at_once),
        T(test_interrupt__ignored_signal_stays_ignored),
        T(test_interrupt__temp_slots_are_reused),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
