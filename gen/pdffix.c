/* Mending Chromium's PDF in place.  Skia writes PDF 1.4 with a classic
 * cross-reference table and every dictionary outside a stream, so the
 * structure tree, the Info dictionary and the table can be read as text;
 * page content is in compressed streams, where none of the patterns below
 * can stand by accident for long (a stray match would need a parenthesis,
 * a keyword and exact digits). */
#include "pdffix.h"
#include "arena.h"
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NODE_DIGITS 8

/* Offset of pat in pdf[from, len), or len. */
static size_t find(const char *pdf, size_t len, size_t from, const char *pat)
{
	size_t n = strlen(pat), i;

	for (i = from; i + n <= len; i++)
		if (pdf[i] == pat[0] && !memcmp(pdf + i, pat, n))
			return i;
	return len;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Ends a PDF name or keyword: white space or a delimiter. */
static int is_delim(char c)
{
	return strchr(" \t\r\n\f()<>[]{}/%", c) != NULL || c == '\0';
}

/* '(node' and eight digits and ')' at i, not an escaped parenthesis in a
 * string: the id, or -1. */
static long node_id_at(const char *pdf, size_t len, size_t i)
{
	long id = 0;
	size_t k;

	if (i + 6 + NODE_DIGITS > len || memcmp(pdf + i, "(node", 5) || (i > 0 && pdf[i - 1] == '\\') ||
	    pdf[i + 5 + NODE_DIGITS] != ')')
		return -1;
	for (k = 0; k < NODE_DIGITS; k++) {
		if (!is_digit(pdf[i + 5 + k]))
			return -1;
		id = id * 10 + (pdf[i + 5 + k] - '0');
	}
	return id;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

size_t pdffix_node_ids(char *pdf, size_t len)
{
	long *ids = NULL, *sorted = NULL;
	size_t n = 0, cap = 0, uniq = 0, i, changed = 0;

	for (i = find(pdf, len, 0, "(node"); i < len; i = find(pdf, len, i + 1, "(node")) {
		long id = node_id_at(pdf, len, i);
		if (id < 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			if (!(ids = realloc(ids, cap * sizeof(*ids))))
				xoom();
		}
		ids[n++] = id;
	}
	if (!n)
		return 0;
	if (!(sorted = malloc(n * sizeof(*sorted))))
		xoom();
	memcpy(sorted, ids, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_long);
	for (i = 0; i < n; i++)
		if (!uniq || sorted[uniq - 1] != sorted[i])
			sorted[uniq++] = sorted[i];
	/* the ids' order is kept: a name tree sorted by id stays sorted */
	for (i = find(pdf, len, 0, "(node"); i < len; i = find(pdf, len, i + 1, "(node")) {
		long id = node_id_at(pdf, len, i), *at;
		char digits[24];
		if (id < 0)
			continue;
		at = bsearch(&id, sorted, uniq, sizeof(*sorted), cmp_long);
		/* at most as many ids as matches, far below 10^8 in any PDF
		 * that fits in memory with its structure tree */
		snprintf(digits, sizeof(digits), "%0*ld", NODE_DIGITS, (long)(at - sorted) + 1);
		if (strlen(digits) != NODE_DIGITS)
			continue;
		if (memcmp(pdf + i + 5, digits, NODE_DIGITS)) {
			memcpy(pdf + i + 5, digits, NODE_DIGITS);
			changed++;
		}
	}
	free(ids);
	free(sorted);
	return changed;
}

/* key '(D:' then YYYYMMDDHHmmSS and the zone ('Z', '+01'00'', or none):
 * the first such date after key gets tm's, in UTC. */
static size_t set_date(char *pdf, size_t len, const char *key, const struct tm *tm)
{
	size_t i = find(pdf, len, 0, key), p, k;
	char digits[32];

	if (i == len)
		return 0;
	p = i + strlen(key);
	if (p + 14 + 1 > len)
		return 0;
	for (k = 0; k < 14; k++)
		if (!is_digit(pdf[p + k]))
			return 0;
	snprintf(digits, sizeof(digits), "%04d%02d%02d%02d%02d%02d", tm->tm_year + 1900, tm->tm_mon + 1,
		 tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec);
	if (strlen(digits) != 14)
		return 0;
	k = p + 14;
	if (pdf[k] == '+' || pdf[k] == '-') {
		if (k + 7 > len || !is_digit(pdf[k + 1]) || !is_digit(pdf[k + 2]) || pdf[k + 3] != '\'' ||
		    !is_digit(pdf[k + 4]) || !is_digit(pdf[k + 5]) || pdf[k + 6] != '\'')
			return 0;
		memcpy(pdf + k, "+00'00'", 7);
	} else if (pdf[k] != 'Z' && pdf[k] != ')') {
		return 0;
	}
	memcpy(pdf + p, digits, 14);
	return 1;
}

size_t pdffix_dates(char *pdf, size_t len, long long epoch)
{
	time_t t = (time_t)epoch;
	struct tm tm;

	if (epoch < 0 || !gmtime_r(&t, &tm))
		return 0;
	return set_date(pdf, len, "/CreationDate (D:", &tm) + set_date(pdf, len, "/ModDate (D:", &tm);
}

/* ---- the structure tree's Figures ---- */

/* The objects' offsets from the cross-reference table that the last
 * 'startxref' names (one table, in subsections): off[n] for object n, 0
 * for none.  Returns the number of entries, 0 when the table is not one
 * Skia would write. */
static size_t xref_read(const char *pdf, size_t len, size_t **off)
{
	size_t i, at, first, count, k, n = 0;
	const char *s;
	char *end;

	*off = NULL;
	for (i = len, at = len; i >= 9; i--)
		if (!memcmp(pdf + i - 9, "startxref", 9)) {
			at = i;
			break;
		}
	if (at == len)
		return 0;
	/* the numbers are the file's to give: any, up to ULONG_MAX, which
	 * the sums below must not wrap round */
	at = strtoul(pdf + at, &end, 10);
	if (at >= len || len - at <= 5 || memcmp(pdf + at, "xref", 4))
		return 0;
	s = pdf + at + 4;
	for (;;) {
		while (s < pdf + len && (*s == ' ' || *s == '\r' || *s == '\n'))
			s++;
		if (s >= pdf + len || !is_digit(*s))
			break;
		first = strtoul(s, &end, 10);
		count = strtoul(end, &end, 10);
		while (end < pdf + len && (*end == ' ' || *end == '\r' || *end == '\n'))
			end++;
		s = end;
		if (count > len / 20 || first > len || (size_t)(pdf + len - s) < count * 20)
			break;
		if (first + count > n) {
			if (!(*off = realloc(*off, (first + count) * sizeof(**off))))
				xoom();
			memset(*off + n, 0, (first + count - n) * sizeof(**off));
			n = first + count;
		}
		for (k = 0; k < count; k++, s += 20)
			if (s[17] == 'n')
				(*off)[first + k] = strtoul(s, NULL, 10);
	}
	return n;
}

/* The keyword 'stream' right after the dictionary's '>>' (and white
 * space), not a word in a string. */
static int has_stream(const char *b, size_t n)
{
	size_t i, j;

	for (i = find(b, n, 0, "stream"); i < n; i = find(b, n, i + 1, "stream")) {
		for (j = i; j > 0 && (b[j - 1] == ' ' || b[j - 1] == '\r' || b[j - 1] == '\n'); j--)
			;
		if (j >= 2 && b[j - 1] == '>' && b[j - 2] == '>')
			return 1;
	}
	return 0;
}

/* Object num's dictionary, '<<' to 'endobj' (a body without a stream), or
 * NULL. */
static const char *object_body(const char *pdf, size_t len, const size_t *off, size_t n, size_t num,
			       size_t *body_len)
{
	size_t o, start, end;

	if (num >= n || !(o = off[num]) || o >= len)
		return NULL;
	start = find(pdf, len, o, "obj");
	end = find(pdf, len, o, "endobj");
	if (start >= end || end == len)
		return NULL;
	start += 3;
	while (start < end && (pdf[start] == ' ' || pdf[start] == '\r' || pdf[start] == '\n'))
		start++;
	if (end - start < 2 || memcmp(pdf + start, "<<", 2) || has_stream(pdf + start, end - start))
		return NULL;
	*body_len = end - start;
	return pdf + start;
}

/* The offset just past key in b[0, n) where key is whole, or n. */
static size_t key_at(const char *b, size_t n, const char *key)
{
	size_t k = strlen(key), i;

	for (i = find(b, n, 0, key); i < n; i = find(b, n, i + 1, key))
		if (i + k < n && is_delim(b[i + k]))
			return i + k;
	return n;
}

static int is_figure(const char *b, size_t n)
{
	return key_at(b, n, "/StructElem") < n && key_at(b, n, "/S /Figure") < n;
}

/* A Figure to make a Div: no /Alt, a /K of references alone (one, or an
 * array; no marked content of its own), one of them a Figure with /Alt. */
static int figure_wraps(const char *pdf, size_t len, const size_t *off, size_t n, const char *b, size_t bn)
{
	size_t k = key_at(b, bn, "/K"), kid_len;
	const char *s, *kid, *stop;
	char *end;
	unsigned long num = 0;
	int found = 0, got = 0, array;

	if (!is_figure(b, bn) || key_at(b, bn, "/Alt") < bn || k == bn)
		return 0;
	s = b + k;
	while (s < b + bn && *s == ' ')
		s++;
	array = s < b + bn && *s == '[';
	stop = array ? b + bn : b + bn - 2;	/* before the closing '>>' */
	for (s += array; s < stop && *s != ']' && *s != '/' && *s != '>';) {
		if (*s == ' ' || *s == '\n' || *s == '\r') {
			s++;
		} else if (is_digit(*s) && got < 2) {
			/* the object's number, then its generation */
			unsigned long v = strtoul(s, &end, 10);
			if (got++ == 0)
				num = v;
			s = end;
		} else if (*s == 'R' && got == 2) {
			kid = object_body(pdf, len, off, n, num, &kid_len);
			if (kid && is_figure(kid, kid_len) && key_at(kid, kid_len, "/Alt") < kid_len)
				found = 1;
			got = 0;
			s++;
		} else {
			return 0;
		}
	}
	return found && got == 0 && (!array || (s < stop && *s == ']'));
}

size_t pdffix_figures(char *pdf, size_t len)
{
	size_t *off, n = xref_read(pdf, len, &off), num, bn, changed = 0;
	const char *b;

	for (num = 1; num < n; num++) {
		b = object_body(pdf, len, off, n, num, &bn);
		if (b && figure_wraps(pdf, len, off, n, b, bn)) {
			/* "/Figure" and "/Div   " are the same length */
			memcpy(pdf + (b - pdf) + key_at(b, bn, "/S /Figure") - 7, "/Div   ", 7);
			changed++;
		}
	}
	free(off);
	return changed;
}

/* ---- links ---- */

/* to as a PDF literal string's bytes: '(', ')' and '\' escaped, and the
 * bytes a URI may not hold percent-encoded (URIs are ASCII). */
static void add_uri_text(struct buf *b, const char *to)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s;

	for (s = (const unsigned char *)to; *s; s++) {
		if (*s == '(' || *s == ')' || *s == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)*s);
		} else if (*s <= ' ' || *s >= 0x7f) {
			buf_addc(b, '%');
			buf_addc(b, hex[*s >> 4]);
			buf_addc(b, hex[*s & 15]);
		} else {
			buf_addc(b, (char)*s);
		}
	}
}

/* The table's place and its first entry's: the one subsection
 * 'xref\n0 N\n' a Skia PDF has.  0, or -1 when it is not that. */
static int xref_place(const char *pdf, size_t len, size_t *xref, size_t *entries, size_t *count)
{
	size_t i, at = len;
	const char *s;
	char *end;

	for (i = len; i >= 9; i--)
		if (!memcmp(pdf + i - 9, "startxref", 9)) {
			at = i;
			break;
		}
	if (at == len)
		return -1;
	*xref = strtoul(pdf + at, &end, 10);
	if (*xref >= len || len - *xref <= 8 || memcmp(pdf + *xref, "xref", 4))
		return -1;
	s = pdf + *xref + 4;
	while (*s == '\r' || *s == '\n' || *s == ' ')
		s++;
	if (*s != '0' || s[1] != ' ')
		return -1;
	*count = strtoul(s + 2, &end, 10);
	while (*end == '\r' || *end == '\n' || *end == ' ')
		end++;
	*entries = (size_t)(end - pdf);
	/* and the table before the startxref that names it, which
	 * apply_edits looks for after it */
	if (*count == 0 || *count > len / 20 || *entries + *count * 20 + 7 > at - 9 ||
	    memcmp(pdf + *entries + *count * 20, "trailer", 7))
		return -1;
	return 0;
}

/* A change of the objects before the table: old bytes [at, at + cut) become
 * text. */
struct edit {
	size_t at, cut;
	const char *text;
	int uri;			/* text escaped as a URI in a string */
};

/* The PDF with the edits made (in order of at, none overlapping, all
 * before the table), every entry of the table moved by what was gained or
 * lost before its object, and startxref naming the table where it now
 * is.  Malloc'd, NUL-terminated; *out_len bytes. */
static char *apply_edits(const char *pdf, size_t len, size_t xref, size_t entries, size_t count,
			 const struct edit *ed, size_t n, size_t *out_len)
{
	long long *gain = malloc((n ? n : 1) * sizeof(*gain)), moved;
	size_t i, k, last = 0;
	struct buf b;
	char *rest;

	if (!gain)
		xoom();
	buf_init(&b);
	for (i = 0; i < n; i++) {
		buf_add(&b, pdf + last, ed[i].at - last);
		if (ed[i].uri)
			add_uri_text(&b, ed[i].text);
		else
			buf_adds(&b, ed[i].text);
		last = ed[i].at + ed[i].cut;
		gain[i] = (long long)b.len - (long long)last;
	}
	buf_add(&b, pdf + last, len - last);
	moved = n ? gain[n - 1] : 0;
	for (k = 0; k < count; k++) {
		char *e = b.s + (size_t)((long long)(entries + k * 20) + moved), digits[24];
		size_t off, j;
		long long g = 0;
		if (e[17] != 'n')
			continue;
		off = strtoul(e, NULL, 10);
		for (j = 0; j < n && ed[j].at < off; j++)
			g = gain[j];
		snprintf(digits, sizeof(digits), "%010lld", (long long)off + g);
		memcpy(e, digits, 10);
	}
	free(gain);
	/* after the table (xref_place saw to it); what follows its number
	 * is kept to the last byte, NULs too */
	k = find(b.s, b.len, (size_t)((long long)xref + moved), "startxref") + 9;
	while (k < b.len && (b.s[k] == '\r' || b.s[k] == '\n'))
		k++;
	for (last = k; last < b.len && is_digit(b.s[last]); last++)
		;
	i = b.len - last;
	if (!(rest = malloc(i + 1)))
		xoom();
	memcpy(rest, b.s + last, i);
	buf_truncate(&b, k);
	buf_printf(&b, "%lld", (long long)xref + moved);
	buf_add(&b, rest, i);
	free(rest);
	return buf_detach(&b, out_len);
}

char *pdffix_links(const char *pdf, size_t len, const char *from, const char *to, size_t *out_len)
{
	static const char key[] = "/URI (";
	size_t xref, entries, count, flen = strlen(from), i, n = 0, cap = 0;
	struct edit *ed = NULL;
	char *out;

	if (!flen || xref_place(pdf, len, &xref, &entries, &count) < 0)
		return NULL;
	for (i = find(pdf, xref, 0, key); i < xref; i = find(pdf, xref, i + 1, key)) {
		size_t u = i + sizeof(key) - 1;
		if (u + flen > xref || memcmp(pdf + u, from, flen))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			if (!(ed = realloc(ed, cap * sizeof(*ed))))
				xoom();
		}
		ed[n].at = u;
		ed[n].cut = flen;
		ed[n].text = to;
		ed[n++].uri = 1;
	}
	out = n ? apply_edits(pdf, len, xref, entries, count, ed, n, out_len) : NULL;
	free(ed);
	return out;
}

char *pdffix_role_map(const char *pdf, size_t len, size_t *out_len)
{
	static const char key[] = "<</Type /StructTreeRoot";
	size_t xref, entries, count, at, end;
	struct edit ed;

	if (xref_place(pdf, len, &xref, &entries, &count) < 0)
		return NULL;
	at = find(pdf, xref, 0, key);
	if (at == xref || !is_delim(pdf[at + sizeof(key) - 1]))
		return NULL;
	end = find(pdf, xref, at, ">>");
	if (key_at(pdf + at, end - at, "/RoleMap") < end - at ||
	    (key_at(pdf, xref, "/S /Strong") == xref && key_at(pdf, xref, "/S /Em") == xref))
		return NULL;
	ed.at = at + sizeof(key) - 1;
	ed.cut = 0;
	ed.text = "\n/RoleMap <</Strong /Span\n/Em /Span>>";
	ed.uri = 0;
	return apply_edits(pdf, len, xref, entries, count, &ed, 1, out_len);
}
