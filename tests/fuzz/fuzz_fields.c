/*
 * fuzz_fields.c: libFuzzer harness for the date and number parsers
 * (core/dates.c, ingest/fields.c).  Checks round trips: a date that parses
 * formats back to an ISO date that parses to the same day.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "fields.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    int32_t d, d2;
    long l;
    double x;
    int b;
    char iso[11];
    static const char *const words[] = {"held", "cancelled", "no_show", NULL};

    if (date_parse(s, size, &d) == 0) {
        date_format(d, iso);
        if (date_parse(iso, 10, &d2) != 0 || d2 != d)
            abort();
    }
    if (field_parse_int(s, size, -2, 600, &l) == FIELD_OK &&
        (l < -2 || l > 600))
        abort();
    if (field_parse_number(s, size, size & 1, 1, &x) == FIELD_OK &&
        !(x > 0 && x < 1e308 * 10))
        abort();
    (void)field_parse_bool(s, size, &b);
    (void)field_parse_enum(s, size, words, &b);
    return 0;
}
