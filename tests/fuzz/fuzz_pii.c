/*
 * fuzz_pii.c: libFuzzer harness for the personal-data detector
 * (ingest/pii.c): any bytes, no overread (the input is not NUL-terminated),
 * and the answer does not depend on bytes after the field.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pii.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *what = NULL;
    enum pii_kind k = pii_scan((const char *)data, size);

    if ((int)k < 0 || k > PII_PHONE)
        abort();
    (void)pii_kind_str(k);
    if (pii_header_is_personal((const char *)data, size, &what) && !what)
        abort();
    return 0;
}
