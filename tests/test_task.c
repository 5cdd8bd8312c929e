/*
 * test_task.c: one function on a second thread, joined (core/task.c).
 */
#include "testutil.h"

#include <pthread.h>
#include <string.h>

#include "task.h"

struct job {
    pthread_t caller;      /* the thread that started the task */
    int ran_elsewhere;     /* the function ran on another thread */
    long sum;
    enum ms_status fail;   /* what the function returns */
};

static enum ms_status job_run(void *arg, struct ms_err *e)
{
    struct job *j = arg;

    j->ran_elsewhere = !pthread_equal(pthread_self(), j->caller);
    for (long i = 1; i <= 1000; i++)
        j->sum += i;
    if (j->fail != MS_OK)
        return err_set(e, j->fail, "job failed after summing %ld", j->sum);
    return MS_OK;
}

static void test_task__runs_on_a_second_thread_and_joins(void **state)
{
    struct job j = {pthread_self(), 0, 0, MS_OK};
    struct ms_err e = {""};
    struct task t;

    (void)state;
    task_start(&t, job_run, &j);
    assert_int_equal(task_join(&t, MS_OK, &e), MS_OK);
    assert_int_equal(j.sum, 500500);
    assert_true(j.ran_elsewhere);
    assert_string_equal(e.msg, "");
    /* joined already: the caller's status */
    assert_int_equal(task_join(&t, MS_OK, &e), MS_OK);
}

static void test_task__its_error_reaches_the_caller(void **state)
{
    struct job j = {pthread_self(), 0, 0, MS_IOERR};
    struct ms_err e = {""};
    struct task t;

    (void)state;
    task_start(&t, job_run, &j);
    assert_int_equal(task_join(&t, MS_OK, &e), MS_IOERR);
    assert_string_equal(e.msg, "job failed after summing 500500");
}

static void test_task__the_callers_error_wins(void **state)
{
    struct job j = {pthread_self(), 0, 0, MS_IOERR};
    struct ms_err e = {""};
    struct task t;

    (void)state;
    err_set(&e, MS_DATAERR, "caller's own trouble");
    task_start(&t, job_run, &j);
    assert_int_equal(task_join(&t, MS_DATAERR, &e), MS_DATAERR);
    assert_string_equal(e.msg, "caller's own trouble");
    assert_int_equal(j.sum, 500500);   /* it ran to its end all the same */
}

static void test_task__a_zeroed_task_joins_as_a_no_op(void **state)
{
    struct task t;
    struct ms_err e = {""};

    (void)state;
    memset(&t, 0, sizeof t);
    assert_int_equal(task_join(&t, MS_OK, &e), MS_OK);
    assert_int_equal(task_join(&t, MS_NOMEM, &e), MS_NOMEM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_task__runs_on_a_second_thread_and_joins),
        cmocka_unit_test(test_task__its_error_reaches_the_caller),
        cmocka_unit_test(test_task__the_callers_error_wins),
        cmocka_unit_test(test_task__a_zeroed_task_joins_as_a_no_op),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
