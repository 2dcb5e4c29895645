#include "buf.h"
#include "diag.h"
#include "harness.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int count_lines(const struct buf *b, const char *needle)
{
	const char *p = b->s;
	int n = 0;
	while (p && (p = strstr(p, needle))) {
		n++;
		p++;
	}
	return n;
}

int main(void)
{
	struct buf out;
	int i;
	pid_t pid;

	buf_init(&out);
	diag_capture(&out);

	/* 100,000 warnings of one kind: three shown, then one count */
	diag_init(0);
	for (i = 0; i < 100000; i++)
		diag_warning("narrative/2018-19-q2/x.md", 0, 0, "'x%d' is not a metric", i);
	diag_warning("a.csv", 1, 1, "another kind");
	diag_finish();
	CHECK(diag_warnings() == 100001);
	CHECK(count_lines(&out, "\n") == 5);
	CHECK(count_lines(&out, "is not a metric\n") == 3);
	CHECK(strstr(out.s, "a.csv:1:1: warning: another kind\n") != NULL);
	CHECK(strstr(out.s, "bcfgen: warning: ... and 99997 more like \"'x0' is not a metric\"\n") != NULL);
	/* said once */
	out.len = 0;
	out.s[0] = '\0';
	diag_finish();
	CHECK(out.len == 0);

	/* errors are not grouped, only capped */
	out.len = 0;
	diag_init(0);
	for (i = 0; i < 5; i++)
		diag_error("a.csv", i + 1, 1, "bad %d", i);
	diag_finish();
	CHECK(count_lines(&out, "error: bad") == 5);

	/* grouped: one cause in many rows of a file is one line, where it
	 * first came, with the count and the other lines; the cap counts
	 * causes, so a second file's problem still shows */
	out.len = 0;
	out.s[0] = '\0';
	diag_init(0);
	diag_group_begin();
	diag_error("d/a.csv", 1, 0, "header odd");
	for (i = 0; i < 500; i++)
		diag_error("d/a.csv", i + 2, 26, "value '%s%d' is not a number", "bad", i);
	diag_error("d/a.csv", 9, 3, "%s '%s' is not known", "unit", "x");
	diag_error("d/a.csv", 10, 3, "%s '%s' is not known", "polarity", "y");
	diag_error("d/a.csv", 11, 3, "%s '%s' is not known", "unit", "z");
	diag_warning("d/b.csv", 4, 1, "odd %s", "thing");
	diag_error("d/b.csv", 7, 2, "value '%s%d' is not a number", "bad", 7);
	CHECK(out.len == 0);	/* held until the group ends */
	diag_group_end();
	CHECK_STR(out.s, "d/a.csv:1: error: header odd\n"
		  "d/a.csv:2:26: error: value 'bad0' is not a number (and 499 more like it: lines 3-501)\n"
		  "d/a.csv:9:3: error: unit 'x' is not known (and 1 more like it: line 11)\n"
		  "d/a.csv:10:3: error: polarity 'y' is not known\n"
		  "d/b.csv:4:1: warning: odd thing\n"
		  "d/b.csv:7:2: error: value 'bad7' is not a number\n");
	CHECK(diag_errors() == 505 && diag_warnings() == 1);

	/* lines listed as ranges, the first few; then '...' */
	out.len = 0;
	out.s[0] = '\0';
	diag_init(0);
	diag_group_begin();
	for (i = 0; i < 20; i++) {
		diag_error("a.csv", 2 + 3 * i + (i == 1), 1, "bad %d", i);
		if (i == 0)
			diag_error("a.csv", 2, 5, "bad %d", 0);
	}
	diag_group_end();
	CHECK_STR(out.s, "a.csv:2:1: error: bad 0 (and 20 more like it: lines 2, 6, 8, 11, 14, ...)\n");

	/* past DIAG_MAX_SHOWN causes, the rest are counted */
	out.len = 0;
	out.s[0] = '\0';
	diag_init(0);
	diag_group_begin();
	for (i = 0; i < DIAG_MAX_SHOWN + 20; i++) {
		char path[32];
		int k;
		snprintf(path, sizeof(path), "f%d.csv", i);
		for (k = 0; k < 3; k++)
			diag_error(path, k + 2, 1, "bad row");
	}
	diag_group_end();
	diag_finish();
	CHECK(count_lines(&out, "\n") == DIAG_MAX_SHOWN + 1);
	CHECK(count_lines(&out, "(and 2 more like it: lines 3-4)\n") == DIAG_MAX_SHOWN);
	CHECK(strstr(out.s, "bcfgen: error: 60 more errors not shown\n") != NULL);

	/* --strict: warnings are errors, each shown (up to the cap) */
	out.len = 0;
	diag_init(1);
	for (i = 0; i < 5; i++)
		diag_warning("a.csv", i + 1, 1, "odd %d", i);
	diag_finish();
	CHECK(count_lines(&out, "error: odd") == 5 && diag_errors() == 5);

	/* a long first message is cut at a character boundary */
	out.len = 0;
	diag_init(0);
	for (i = 0; i < 4; i++)
		diag_warning(NULL, 0, 0, "%s", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
			     "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
			     "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
			     "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
			     "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
			     "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
	diag_finish();
	CHECK(strstr(out.s, "\xc3\xa9...\"\n") != NULL);

	/* a worker process (forked after the parent counted) reports only
	 * what it counted itself: the parent's count is the parent's to say */
	out.len = 0;
	out.s[0] = '\0';
	diag_init(0);
	for (i = 0; i < 5; i++)
		diag_warning("p.md", 0, 0, "parent kind %d", i);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		struct buf child;
		buf_init(&child);
		diag_capture(&child);
		diag_warning("c.md", 0, 0, "child kind");
		diag_finish();
		_exit(child.len && !strstr(child.s, "more like") ? 0 : 1);
	}
	if (pid > 0) {
		int status = 0;
		waitpid(pid, &status, 0);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	diag_finish();
	CHECK(strstr(out.s, "... and 2 more like \"parent kind 0\"") != NULL);

	diag_capture(NULL);
	buf_release(&out);

	/* a programmer error: one line naming the file and line, then abort */
	{
		int fds[2], status = 0;
		char msg[256] = "";
		ssize_t got;
		CHECK(pipe(fds) == 0);
		pid = fork();
		if (pid == 0) {
			dup2(fds[1], 2);
			BUG("slot %d of %d", 7, 3);
		}
		close(fds[1]);
		got = 0;
		for (;;) {
			ssize_t r = read(fds[0], msg + got, sizeof(msg) - 1 - (size_t)got);
			if (r <= 0)
				break;
			got += r;
		}
		msg[got] = '\0';
		close(fds[0]);
		waitpid(pid, &status, 0);
		CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
		CHECK(strstr(msg, "bcfgen: BUG at tests/unit/test_diag.c:") == msg);
		CHECK(strstr(msg, ": slot 7 of 3\n") != NULL);
	}
	return test_done("diag");
}
