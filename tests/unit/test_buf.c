#include "buf.h"
#include "harness.h"

#include <stdlib.h>
#include <string.h>

int main(void)
{
	struct buf b;
	char *s;
	size_t len;

	buf_init(&b);
	CHECK(b.len == 0 && b.s[0] == '\0');
	buf_add_html(&b, "<a href=\"x\">Tom & Jerry's</a>", 29);
	CHECK_STR(b.s, "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
	buf_reset(&b);
	buf_add_csv(&b, "plain", 5);
	buf_addc(&b, ',');
	buf_add_csv(&b, "Bournemouth, Christchurch", 25);
	buf_addc(&b, ',');
	buf_add_csv(&b, "say \"hi\"", 8);
	buf_addc(&b, ',');
	buf_add_csv(&b, "=1+1", 4);
	CHECK_STR(b.s, "plain,\"Bournemouth, Christchurch\",\"say \"\"hi\"\"\",\"'=1+1\"");
	/* text a spreadsheet would run as a formula gets a quote in front (OWASP) */
	buf_reset(&b);
	buf_add_csv(&b, "+1", 2);
	buf_addc(&b, ',');
	buf_add_csv(&b, "-2+3", 4);
	buf_addc(&b, ',');
	buf_add_csv(&b, "@SUM(A1)", 8);
	buf_addc(&b, ',');
	buf_add_csv(&b, "\tx", 2);
	buf_addc(&b, ',');
	buf_add_csv(&b, "\rx", 2);
	buf_addc(&b, ',');
	buf_add_csv(&b, "=HYPERLINK(\"a\")", 15);
	buf_addc(&b, ',');
	buf_add_csv(&b, "a-b=c", 5);
	CHECK_STR(b.s, "\"'+1\",\"'-2+3\",\"'@SUM(A1)\",\"'\tx\",\"'\rx\",\"'=HYPERLINK(\"\"a\"\")\",a-b=c");
	buf_reset(&b);
	buf_printf(&b, "%d-%s", 42, "x");
	s = buf_detach(&b, &len);
	CHECK_STR(s, "42-x");
	CHECK(len == 4 && b.len == 0);
	free(s);
	buf_release(&b);
	return test_done("buf");
}
