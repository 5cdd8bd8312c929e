/*
 * fuzz_common.h: shared by the libFuzzer harnesses of tests/fuzz/.
 */
#ifndef MS_FUZZ_COMMON_H
#define MS_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Write data to a new temporary file; its name into path.  0 or -1. */
static inline int fuzz_write_temp(const uint8_t *data, size_t size,
                                  char *path, size_t cap)
{
    int fd;

    snprintf(path, cap, "/tmp/msfuzz-XXXXXX");
    fd = mkstemp(path);
    if (fd < 0)
        return -1;
    if (size > 0 && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        unlink(path);
        return -1;
    }
    close(fd);
    return 0;
}

#endif
