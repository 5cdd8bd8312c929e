/*
 * fuzz_csv.c: libFuzzer harness for the CSV reader (ingest/csv.c).
 * The input is written to a file (the reader reads paths), scanned, then
 * read record by record as UTF-8 and as Windows-1252.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "csv.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    struct csv_scan scan;
    struct ms_err e = {{0}};

    if (fuzz_write_temp(data, size, path, sizeof path) != 0)
        return 0;
    if (csv_scan_file(path, &scan, &e) == MS_OK) {
        for (int enc = 0; enc < 2; enc++) {
            struct csv_reader *r = NULL;
            const struct csv_record *rec;
            if (csv_reader_new(path, enc ? CSV_WINDOWS_1252 : CSV_UTF8, &r,
                               &e) != MS_OK)
                continue;
            while (csv_reader_next(r, &rec, &e) == MS_OK && rec != NULL)
                for (size_t i = 0; i < rec->nfields; i++)
                    if (rec->fields[i].s[rec->fields[i].len] != '\0')
                        abort();   /* every field is NUL-terminated */
            csv_reader_free(r);
        }
    }
    unlink(path);
    return 0;
}
