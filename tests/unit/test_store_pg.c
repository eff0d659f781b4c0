/* test_store_pg.c — the store test suite (test_store.c) on the PostgreSQL
 * engine, in the database $SITREP_TEST_PG names; skipped without it. */
#define TEST_PG 1
#include "test_store.c"
