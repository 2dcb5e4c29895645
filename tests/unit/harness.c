#include "harness.h"

#include <stdio.h>
#include <string.h>

int test_passed, test_failed;

void test_check(int ok, const char *file, int line, const char *expr)
{
	if (ok) {
		test_passed++;
		return;
	}
	test_failed++;
	printf("%s:%d: check failed: %s\n", file, line, expr);
}

void test_check_str(const char *got, const char *want, const char *file, int line, const char *expr)
{
	if (got && want && !strcmp(got, want)) {
		test_passed++;
		return;
	}
	test_failed++;
	printf("%s:%d: %s\n  got:  [%s]\n  want: [%s]\n", file, line, expr, got ? got : "(null)",
	       want ? want : "(null)");
}

int test_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, test_passed, test_failed);
	return test_failed ? 1 : 0;
}
