/* testutil.h — shared helpers for the unit tests (cmocka). */
#ifndef SITREP_TESTUTIL_H
#define SITREP_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

/* Whole file into a NUL-terminated heap buffer; NULL if unreadable. */
char *tu_read_file(const char *path, size_t *len /* OUT, may be NULL */);

/* Path of ../shared (SITREP_SHARED, else ../shared from the repo root) joined
 * with rel, into a static buffer; NULL when ../shared is not there. */
const char *tu_shared_path(const char *rel);

/* Path inside the repository (SITREP_ROOT or "."), static buffer. */
const char *tu_root_path(const char *rel);

/* A fresh temporary directory (removed by the OS's tmp cleaning, not by us). */
const char *tu_tmpdir(void);

#endif
