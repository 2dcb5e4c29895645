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
		size_t len = 0;
		ssize_t got;
		CHECK(pipe(fds) == 0);
		pid = fork();
		if (pid == 0) {
			dup2(fds[1], 2);
			BUG("slot %d of %d", 7, 3);
		}
		close(fds[1]);
		/* stderr is unbuffered: the line comes in several writes */
		while (len < sizeof(msg) - 1 && (got = read(fds[0], msg + len, sizeof(msg) - 1 - len)) > 0)
			len += (size_t)got;
		msg[len] = '\0';
		close(fds[0]);
		waitpid(pid, &status, 0);
		CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
		CHECK(strstr(msg, "bcfgen: BUG at tests/unit/test_diag.c:") == msg);
		CHECK(strstr(msg, ": slot 7 of 3\n") != NULL);
	}
	return test_done("diag");
}
