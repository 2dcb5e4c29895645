/* bcfgen serve's pure parts: which request paths are refused, and the
 * served copy of a page (widened policy, banner, reload script). */
#include "buf.h"
#include "harness.h"
#include "serve.h"

#include <string.h>

static enum serve_path parse(const char *url, struct buf *rel)
{
	return serve_path_parse(url, rel);
}

static void paths(void)
{
	struct buf rel;

	buf_init(&rel);
	CHECK(parse("/", &rel) == SERVE_PATH_OK && rel.len == 0);
	CHECK(parse("/2018-19-q2/nea.html", &rel) == SERVE_PATH_OK);
	CHECK_STR(rel.s, "2018-19-q2/nea.html");
	CHECK(parse("/2018-19-q2/", &rel) == SERVE_PATH_OK);
	CHECK_STR(rel.s, "2018-19-q2/");
	CHECK(parse("/a%20b.csv", &rel) == SERVE_PATH_OK);
	CHECK_STR(rel.s, "a b.csv");
	/* climbing out, however spelt */
	CHECK(parse("/../../etc/passwd", &rel) == SERVE_PATH_FORBIDDEN);
	CHECK(parse("/a/../../etc/passwd", &rel) == SERVE_PATH_FORBIDDEN);
	CHECK(parse("/..", &rel) == SERVE_PATH_FORBIDDEN);
	CHECK(parse("/%2e%2e/%2e%2e/etc/passwd", &rel) == SERVE_PATH_FORBIDDEN);
	CHECK(parse("/%2E%2E/x", &rel) == SERVE_PATH_FORBIDDEN);
	CHECK(parse("/..%2f..%2fetc%2fpasswd", &rel) == SERVE_PATH_FORBIDDEN);
	CHECK(parse("/a/.%2e/b", &rel) == SERVE_PATH_FORBIDDEN);
	CHECK(parse("/..\\..\\etc\\passwd", &rel) == SERVE_PATH_FORBIDDEN);
	CHECK(parse("/a%5cb", &rel) == SERVE_PATH_FORBIDDEN);
	CHECK(parse("/./index.html", &rel) == SERVE_PATH_FORBIDDEN);
	/* NUL, control characters, broken escapes, empty segments */
	CHECK(parse("/index.html%00.png", &rel) == SERVE_PATH_FORBIDDEN);
	CHECK(parse("/a%0ab", &rel) == SERVE_PATH_FORBIDDEN);
	CHECK(parse("/a%", &rel) == SERVE_PATH_FORBIDDEN);
	CHECK(parse("/a%4", &rel) == SERVE_PATH_FORBIDDEN);
	CHECK(parse("/a%zz", &rel) == SERVE_PATH_FORBIDDEN);
	CHECK(parse("//etc/passwd", &rel) == SERVE_PATH_FORBIDDEN);
	CHECK(parse("/a//b", &rel) == SERVE_PATH_FORBIDDEN);
	/* not a path from the root */
	CHECK(parse("etc/passwd", &rel) == SERVE_PATH_FORBIDDEN);
	CHECK(parse("http://example.org/", &rel) == SERVE_PATH_FORBIDDEN);
	CHECK(parse("", &rel) == SERVE_PATH_FORBIDDEN);
	/* the build's own files are not the site's */
	CHECK(parse("/.bcfgen-manifest", &rel) == SERVE_PATH_HIDDEN);
	CHECK(parse("/a/.git/config", &rel) == SERVE_PATH_HIDDEN);
	CHECK(parse("/%2ebcfgen-site", &rel) == SERVE_PATH_HIDDEN);
	buf_release(&rel);
}

static const char page[] =
	"<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self'; "
	"style-src 'self'; base-uri 'none'\">\n"
	"<title>T</title>\n</head>\n<body class=\"x\">\n<p>Body</p>\n</body>\n</html>\n";

static void pages(void)
{
	struct buf out;
	const char *p, *q;

	buf_init(&out);
	serve_page(&out, page, strlen(page), 7, NULL, 0);
	/* written out in full rather than built the way serve_page builds it */
	CHECK_STR(out.s,
		  "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"
		  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self'; "
		  "style-src 'self'; base-uri 'none'; script-src 'self'; connect-src 'self'\">\n"
		  "<title>T</title>\n<link rel=\"stylesheet\" href=\"/.bcfgen-serve/serve.css\">\n</head>\n"
		  "<body class=\"x\">\n<p>Body</p>\n"
		  "<script src=\"/.bcfgen-serve/reload.js\" data-generation=\"7\"></script>\n</body>\n</html>\n");
	CHECK(!strstr(out.s, "role=\"alert\""));

	/* a failed build: its problems escaped in a banner first in the body */
	buf_reset(&out);
	{
		static const char diag[] = "data/x.csv:3:4: error: '<b>' & \"q\"\n";
		serve_page(&out, page, strlen(page), 8, diag, strlen(diag));
	}
	p = strstr(out.s, "<body class=\"x\">\n<div class=\"bcfgen-serve-alert\" role=\"alert\">");
	CHECK(p != NULL);
	q = strstr(out.s, "<pre>data/x.csv:3:4: error: &#39;&lt;b&gt;&#39; &amp; &quot;q&quot;\n</pre>");
	CHECK(q != NULL && p && q > p);
	CHECK(!strstr(out.s, "<b>"));
	CHECK(strstr(out.s, "<p>Body</p>") > q);

	/* directives that exist are widened, not repeated: a second one of a
	 * name would be ignored by the browser */
	buf_reset(&out);
	{
		static const char strict[] = "<head><meta http-equiv=\"content-security-policy\" "
					     "content=\"script-src 'none'; connect-src https://a.example\"></head>"
					     "<body></body>";
		serve_page(&out, strict, strlen(strict), 1, NULL, 0);
		CHECK(strstr(out.s, "content=\"script-src 'none' 'self'; connect-src https://a.example 'self'; "
				    "style-src 'self'\"") != NULL);
	}

	/* parts out of order (a </body> before the policy): every edit is
	 * still made, the script before that </body> */
	buf_reset(&out);
	{
		static const char odd[] = "<p>a</body><meta http-equiv=\"Content-Security-Policy\" "
					  "content=\"default-src 'none'\"><body>";
		serve_page(&out, odd, strlen(odd), 3, NULL, 0);
		CHECK_STR(out.s, "<p>a<script src=\"/.bcfgen-serve/reload.js\" data-generation=\"3\"></script>\n"
				 "</body><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
				 "script-src 'self'; connect-src 'self'; style-src 'self'\"><body>");
	}

	/* no </body>: the script goes at the end */
	buf_reset(&out);
	serve_page(&out, "<p>x", 4, 2, NULL, 0);
	CHECK_STR(out.s, "<p>x<script src=\"/.bcfgen-serve/reload.js\" data-generation=\"2\"></script>\n");
	buf_release(&out);
}

static void hosts(void)
{
	CHECK(serve_host_ok(NULL));
	CHECK(serve_host_ok("127.0.0.1:8080"));
	CHECK(serve_host_ok("127.0.0.1"));
	CHECK(serve_host_ok("192.168.1.20:41000"));
	CHECK(serve_host_ok("localhost:41000"));
	CHECK(serve_host_ok("LocalHost"));
	CHECK(serve_host_ok("[::1]:41000"));
	CHECK(serve_host_ok("[::1]"));
	/* a name a page elsewhere could point at this machine */
	CHECK(!serve_host_ok("attacker.example:41000"));
	CHECK(!serve_host_ok("localhost.attacker.example"));
	CHECK(!serve_host_ok("127.0.0.1.nip.io:41000"));
	CHECK(!serve_host_ok("127.0.0.1:80x"));
	CHECK(!serve_host_ok("127.0.0.1:"));
	CHECK(!serve_host_ok("[::1"));
	CHECK(!serve_host_ok("[::1]x"));
	CHECK(!serve_host_ok("[evil]:80"));
	CHECK(!serve_host_ok(""));
}

int main(void)
{
	hosts();
	paths();
	pages();
	return test_done("serve");
}
