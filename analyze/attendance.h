/*
 * attendance.h: the attendance rules of results.md (res_attendance), as
 * pure functions the risk model and the tests share.
 */
#ifndef MS_ATTENDANCE_H
#define MS_ATTENDANCE_H

/* Meetings a pair active for `days` days is expected to have held:
 * min(d, 61)/14 + max(d - 61, 0)/30.4375 (every second week for the first
 * two months, then monthly).  This function can't fail. */
double attendance_expected(long days);

/* 1 when held >= 0.75 x attendance_expected(days). */
int attendance_on_cadence(long held, long days);

/* One pair's hours per month: (minutes / 60) / (days / 30.4375); NAN when
 * days <= 0.  res_attendance.hours_per_pair_month is not the mean of these
 * but the ratio of the group's sums (ratio.c), pairs with 0 days left out. */
double attendance_hours_per_month(long minutes, long days);

#endif
