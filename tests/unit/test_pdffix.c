/* pdffix on small PDFs written here as Skia writes them: the expected
 * bytes are spelled out, and the cross-reference tables checked by
 * reading each offset back, not by the code under test. */
#include "buf.h"
#include "harness.h"
#include "pdffix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A PDF of the objects given (object i + 1 is objs[i]), with a classic
 * table and trailer, into b. */
static void make_pdf(struct buf *b, const char *const *objs, size_t n)
{
	size_t off[32], i, xref;

	buf_init(b);
	buf_adds(b, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
	for (i = 0; i < n; i++) {
		off[i] = b->len;
		buf_printf(b, "%zu 0 obj\n%s\nendobj\n", i + 1, objs[i]);
	}
	xref = b->len;
	buf_printf(b, "xref\n0 %zu\n0000000000 65535 f \n", n + 1);
	for (i = 0; i < n; i++)
		buf_printf(b, "%010zu 00000 n \n", off[i]);
	buf_printf(b, "trailer\n<</Size %zu\n/Root 1 0 R>>\nstartxref\n%zu\n%%%%EOF\n", n + 1, xref);
}

/* Every entry of the table names an offset where its object starts, and
 * startxref names the table: 1, else 0. */
static int table_true(const char *pdf, size_t len)
{
	const char *sx = NULL, *p, *e;
	size_t xref, count, i;
	char want[32];

	for (p = pdf; (p = strstr(p, "startxref")); p++)
		sx = p;
	if (!sx)
		return 0;
	xref = strtoul(sx + 10, NULL, 10);
	if (xref >= len || strncmp(pdf + xref, "xref\n0 ", 7))
		return 0;
	count = strtoul(pdf + xref + 7, (char **)&e, 10);
	e++;
	for (i = 1; i < count; i++) {
		size_t off = strtoul(e + 20 * i, NULL, 10);
		snprintf(want, sizeof(want), "%zu 0 obj\n", i);
		if (off >= len || strncmp(pdf + off, want, strlen(want)))
			return 0;
	}
	return 1;
}

static void test_node_ids(void)
{
	char s[] = "/ID (node00000071)>> /Headers [(node00000122) (node00000071)] /Alt (a \\(node00000099\\))";

	CHECK(pdffix_node_ids(s, strlen(s)) == 3);
	CHECK_STR(s, "/ID (node00000001)>> /Headers [(node00000002) (node00000001)] /Alt (a \\(node00000099\\))");
	/* already in order: nothing to change */
	CHECK(pdffix_node_ids(s, strlen(s)) == 0);
}

static void test_dates(void)
{
	char s[] = "<</Producer (Skia/PDF m156)\n/CreationDate (D:20261201060022+01'00')\n"
		   "/ModDate (D:20261201060022Z)>>";
	char odd[] = "/CreationDate (D:2026120106)";

	/* 1700000000 s after 1970 is 14 November 2023, 22:13:20 UTC */
	CHECK(pdffix_dates(s, strlen(s), 1700000000LL) == 2);
	CHECK_STR(s, "<</Producer (Skia/PDF m156)\n/CreationDate (D:20231114221320+00'00')\n"
		  "/ModDate (D:20231114221320Z)>>");
	CHECK(pdffix_dates(odd, strlen(odd), 1700000000LL) == 0);
	CHECK_STR(odd, "/CreationDate (D:2026120106)");
}

static const char *const tree[] = {
	"<</Type /Catalog\n/StructTreeRoot 2 0 R\n/Lang (en-GB)>>",
	"<</Type /StructTreeRoot\n/K [3 0 R 5 0 R 6 0 R 7 0 R]>>",
	/* 3: a <figure> with its chart and caption */
	"<</Type /StructElem\n/S /Figure\n/P 2 0 R\n/K [4 0 R 8 0 R]>>",
	"<</Type /StructElem\n/S /Figure\n/Alt (Line chart of \\(a\\) stream\n)\n/P 3 0 R\n/Pg 9 0 R\n/K 1>>",
	/* 5: an image with no text and content of its own: left for the test to find */
	"<</Type /StructElem\n/S /Figure\n/P 2 0 R\n/Pg 9 0 R\n/K 2>>",
	/* 6: a <figure> whose caption is not shown: one kid */
	"<</Type /StructElem\n/S /Figure\n/P 2 0 R\n/K 4 0 R>>",
	/* 7: a grouping Figure of nothing with text */
	"<</Type /StructElem\n/S /Figure\n/P 2 0 R\n/K [5 0 R]>>",
	"<</Type /StructElem\n/S /Caption\n/P 3 0 R\n/K 3>>",
	"<</Type /Page\n/Annots [10 0 R 11 0 R]>>",
	"<</Type /Annot\n/Subtype /Link\n/A <</Type /Action\n/S /URI\n/URI (file:///tmp/bcfgen-pdf-AbC123/site/2018-19-q2/nea.html)>>>>",
	"<</Type /Annot\n/Subtype /Link\n/A <</Type /Action\n/S /URI\n/URI (https://www.england.nhs.uk/)>>>>",
	"<</Length 11>>\nstream\n/S /Figure\nendstream",
	"<</Type /StructElem\n/S /Strong\n/P 2 0 R\n/Pg 9 0 R\n/K 4>>",
};

static void test_figures(void)
{
	struct buf b;

	make_pdf(&b, tree, sizeof(tree) / sizeof(*tree));
	CHECK(pdffix_figures(b.s, b.len) == 2);
	CHECK(strstr(b.s, "3 0 obj\n<</Type /StructElem\n/S /Div   \n/P 2 0 R\n/K [4 0 R 8 0 R]>>") != NULL);
	CHECK(strstr(b.s, "6 0 obj\n<</Type /StructElem\n/S /Div   \n/P 2 0 R\n/K 4 0 R>>") != NULL);
	CHECK(strstr(b.s, "4 0 obj\n<</Type /StructElem\n/S /Figure\n/Alt") != NULL);
	CHECK(strstr(b.s, "5 0 obj\n<</Type /StructElem\n/S /Figure\n") != NULL);
	CHECK(strstr(b.s, "7 0 obj\n<</Type /StructElem\n/S /Figure\n") != NULL);
	CHECK(strstr(b.s, "stream\n/S /Figure\nendstream") != NULL);
	CHECK(table_true(b.s, b.len));
	buf_release(&b);
}

static void test_links(void)
{
	static const char from[] = "file:///tmp/bcfgen-pdf-AbC123/site/";
	struct buf b;
	char *out;
	size_t len;

	make_pdf(&b, tree, sizeof(tree) / sizeof(*tree));
	/* longer: every object after the link moves on */
	out = pdffix_links(b.s, b.len, from, "https://example.org/a (b)\\c/\xc3\xa9/", &len);
	CHECK(out && strlen(out) == len);
	CHECK(out && strstr(out, "/URI (https://example.org/a%20\\(b\\)\\\\c/%C3%A9/2018-19-q2/nea.html)>>"));
	CHECK(out && strstr(out, "/URI (https://www.england.nhs.uk/)"));
	CHECK(out && !strstr(out, "bcfgen-pdf"));
	CHECK(out && table_true(out, len));
	/* and the figures are still found through the moved table */
	CHECK(out && pdffix_figures(out, len) == 2);
	free(out);
	/* shorter: a path from the site's top */
	out = pdffix_links(b.s, b.len, from, "", &len);
	CHECK(out && strstr(out, "/URI (2018-19-q2/nea.html)>>"));
	CHECK(out && table_true(out, len));
	free(out);
	/* no link into the folder: nothing made */
	CHECK(pdffix_links(b.s, b.len, "file:///elsewhere/", "", &len) == NULL);
	/* a table that is not Skia's (entries not followed by the trailer):
	 * left alone */
	memcpy(strstr(b.s, "trailer"), "trailex", 7);
	CHECK(pdffix_links(b.s, b.len, from, "", &len) == NULL);
	buf_release(&b);
}

static void test_role_map(void)
{
	struct buf b;
	char *out, *again;
	size_t len, len2;

	make_pdf(&b, tree, sizeof(tree) / sizeof(*tree));
	out = pdffix_role_map(b.s, b.len, &len);
	CHECK(out && strstr(out, "2 0 obj\n<</Type /StructTreeRoot\n/RoleMap <</Strong /Span\n/Em /Span>>\n/K [3 0 R"));
	CHECK(out && table_true(out, len));
	/* once: a root with a RoleMap is left alone */
	again = out ? pdffix_role_map(out, len, &len2) : NULL;
	CHECK(out && !again);
	free(out);
	free(again);
	/* nothing to map: nothing made */
	memcpy(strstr(b.s, "/S /Strong"), "/S /Span  ", 10);
	CHECK(pdffix_role_map(b.s, b.len, &len) == NULL);
	buf_release(&b);
}

/* Numbers no PDF would hold, as a program that is not Chromium might
 * write them: startxref past the end (up to ULONG_MAX, which a sum must
 * not wrap round to a small offset), and a subsection whose first object
 * number makes the table's size wrap (the entries would be written far
 * outside it).  Left alone, nothing read or written outside the PDF. */
static void test_hostile_numbers(void)
{
	static const char *const sx[] = { "18446744073709551615", "18446744073709551610", "4000000000" };
	static const char *const first[] = { "1152921504606846976", "18446744073709551615", "4000000000" };
	struct buf b;
	size_t i, len, body;
	char *out;

	for (i = 0; i < sizeof(sx) / sizeof(*sx); i++) {
		buf_init(&b);
		buf_printf(&b, "%%PDF-1.4\n1 0 obj\n<</URI (file:///t/site/a.html)>>\nendobj\n"
			   "xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<<>>\n"
			   "startxref\n%s\n%%%%EOF\n", sx[i]);
		CHECK(pdffix_links(b.s, b.len, "file:///t/site/", "", &len) == NULL);
		CHECK(pdffix_role_map(b.s, b.len, &len) == NULL);
		CHECK(pdffix_figures(b.s, b.len) == 0);
		buf_release(&b);
	}
	for (i = 0; i < sizeof(first) / sizeof(*first); i++) {
		buf_init(&b);
		buf_adds(&b, "%PDF-1.4\n1 0 obj\n<</Type /StructElem /S /Figure /K 1 0 R>>\nendobj\n");
		body = b.len;
		buf_printf(&b, "xref\n%s 2\n0000000009 00000 n \n0000000009 00000 n \ntrailer\n<<>>\n"
			   "startxref\n%zu\n%%%%EOF\n", first[i], body);
		CHECK(pdffix_figures(b.s, b.len) == 0);
		out = pdffix_links(b.s, b.len, "file:///t/site/", "", &len);
		CHECK(out == NULL);
		free(out);
		buf_release(&b);
	}
}

int main(void)
{
	test_node_ids();
	test_dates();
	test_figures();
	test_links();
	test_role_map();
	test_hostile_numbers();
	return test_done("pdffix");
}
