#ifndef BCF_TEST_HARNESS_H
#define BCF_TEST_HARNESS_H
/* A minimal test harness: CHECK records a failure with file and line and
 * carries on; test_done prints 'N passed, N failed' and returns the exit
 * status. */
#include <stddef.h>

extern int test_passed, test_failed;

void test_check(int ok, const char *file, int line, const char *expr);
void test_check_str(const char *got, const char *want, const char *file, int line, const char *expr);
int test_done(const char *name);

#define CHECK(e) test_check(!!(e), __FILE__, __LINE__, #e)
#define CHECK_STR(got, want) test_check_str((got), (want), __FILE__, __LINE__, #got)

#endif
