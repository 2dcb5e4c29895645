#include "arena.h"
#include "buf.h"
#include "csvread.h"
#include "diag.h"
#include "harness.h"

#include <string.h>

static int parse(struct arena *a, const char *s, struct csv_table *t)
{
	return csvread_mem(a, "t.csv", s, strlen(s), t);
}

#define FIELD(t, r, c) ((t).rec[r].f[c])

int main(void)
{
	struct arena a;
	struct csv_table t;
	struct buf errs;

	arena_init(&a);
	buf_init(&errs);
	diag_init(0);
	diag_capture(&errs);

	/* BOM, CRLF, quoted comma, positions in characters */
	CHECK(parse(&a, "\xEF\xBB\xBF" "id,name\r\nnea,\"Admissions, all\"\r\n", &t) == 0);
	CHECK(t.n == 2 && t.rec[0].n == 2 && t.rec[1].n == 2);
	CHECK_STR(FIELD(t, 0, 0).s, "id");
	CHECK_STR(FIELD(t, 1, 1).s, "Admissions, all");
	CHECK(FIELD(t, 1, 0).line == 2 && FIELD(t, 1, 0).col == 1);
	CHECK(FIELD(t, 1, 1).line == 2 && FIELD(t, 1, 1).col == 5);

	/* lone CR line ends, a blank line skipped, doubled quotes, a quoted newline */
	CHECK(parse(&a, "a,b\rx,\"say \"\"hi\"\"\"\r\r\"two\nlines\",z\n", &t) == 0);
	CHECK(t.n == 3);
	CHECK_STR(FIELD(t, 1, 1).s, "say \"hi\"");
	CHECK(FIELD(t, 1, 1).line == 2 && FIELD(t, 1, 1).col == 3);
	CHECK_STR(FIELD(t, 2, 0).s, "two\nlines");
	CHECK(FIELD(t, 2, 0).line == 4 && t.rec[2].line == 4);
	CHECK(FIELD(t, 2, 1).line == 5 && FIELD(t, 2, 1).col == 8);

	/* columns count characters, not bytes */
	CHECK(parse(&a, "name,v\n\xC2\xA3x,1\n", &t) == 0);
	CHECK(FIELD(t, 1, 1).col == 4);

	/* no final newline; an empty field keeps its place */
	CHECK(parse(&a, "a,,c", &t) == 0);
	CHECK(t.n == 1 && t.rec[0].n == 3 && FIELD(t, 0, 1).len == 0 && FIELD(t, 0, 2).col == 4);

	/* errors name the line and column */
	buf_reset(&errs);
	CHECK(parse(&a, "a,b\nok,\"unclosed\n", &t) < 0);
	CHECK_STR(errs.s, "t.csv:2:4: error: quoted field is not closed: a '\"' is missing\n");
	buf_reset(&errs);
	CHECK(parse(&a, "a,b\n1,x\"y\n", &t) < 0);
	CHECK_STR(errs.s, "t.csv:2:4: error: malformed quoted field: a '\"' inside a field must be doubled and the whole field quoted\n");
	buf_reset(&errs);
	CHECK(parse(&a, "a,b\n1,2\nab\xE9z,3\n", &t) < 0);
	CHECK_STR(errs.s, "t.csv:3:3: error: byte 0xE9 is not valid UTF-8: re-save the file as 'CSV UTF-8 (comma delimited)'\n");
	buf_reset(&errs);
	CHECK(csvread_mem(&a, "t.csv", "a\n\0b\n", 5, &t) < 0);
	CHECK(strstr(errs.s, "t.csv:2: error: file contains NUL bytes") == errs.s);

	/* the UTF-8 check itself */
	CHECK(csvread_utf8_check("\xE2\x82\xAC", 3) == 3);	/* euro sign */
	CHECK(csvread_utf8_check("\xC0\xAF", 2) == 0);	/* overlong */
	CHECK(csvread_utf8_check("\xED\xA0\x80", 3) == 0);	/* surrogate */
	CHECK(csvread_utf8_check("ok\xE2\x82", 4) == 2);	/* truncated */

	diag_capture(NULL);
	buf_release(&errs);
	arena_release(&a);
	return test_done("csvread");
}
