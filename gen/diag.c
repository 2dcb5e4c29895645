#include "diag.h"
#include "buf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static int n_errors, n_warnings, n_io, n_hidden, n_causes, strict_mode;
static struct buf *capture;

/* Warnings of one kind (one message format) past the first few are counted,
 * not shown: 100,000 stray narrative files make three lines and a count. */
struct warning_kind {
	const char *fmt;
	int n;
	pid_t pid;		/* the process that counted them */
	int cut;		/* first was shortened */
	char first[100];	/* the first one's message, to name the kind */
};
#define DIAG_KINDS 64
static struct warning_kind kinds[DIAG_KINDS];
static int n_kinds;

static void group_drop(void);

void diag_init(int strict)
{
	n_errors = n_warnings = n_io = n_hidden = n_causes = 0;
	n_kinds = 0;
	group_drop();
	strict_mode = strict;
}

/* The kind of a warning by its format; NULL when the table is full, and
 * then the warning is shown. */
static struct warning_kind *warning_kind(const char *fmt)
{
	pid_t self = getpid();
	int i;

	for (i = 0; i < n_kinds; i++)
		if (kinds[i].fmt == fmt || !strcmp(kinds[i].fmt, fmt))
			break;
	if (i == n_kinds) {
		if (n_kinds == DIAG_KINDS)
			return NULL;
		n_kinds++;
		kinds[i].pid = 0;
	}
	if (kinds[i].pid != self) {
		/* new, or counted by the parent of this worker process, whose
		 * own diag_finish reports what it counted */
		memset(&kinds[i], 0, sizeof(kinds[i]));
		kinds[i].fmt = fmt;
		kinds[i].pid = self;
	}
	return &kinds[i];
}

void diag_capture(struct buf *to)
{
	capture = to;
}

static void emit(const char *s, size_t len)
{
	if (capture)
		buf_add(capture, s, len);
	else
		fwrite(s, 1, len, stderr);
}

static const char *sheet_of(const char *path);

/* Between diag_group_begin and diag_group_end, a message at a line of a
 * file whose format that file has already given (its rows' one cause) is
 * counted into the first, which is printed when the group ends with the
 * count and where the others are:
 *   a.csv:2:26: error: value 'x' is not a number: ... (and 499 more like it: lines 3-501)
 * Messages are held until then, in the order they came. */
#define DIAG_GROUPS 256
#define DIAG_GROUP_RANGES 5
struct group {
	const char *fmt;
	char *path;		/* NULL: a message not grouped (no line) */
	char *key;		/* cause_key */
	char *line;		/* the first, as printed, without its line end */
	int level, more, cut;	/* cut: lines past the ranges kept */
	int lo[DIAG_GROUP_RANGES], hi[DIAG_GROUP_RANGES], n_ranges;
};
static struct group groups[DIAG_GROUPS];
static int n_groups, grouping;
static pid_t group_pid;

static char *dup_or_die(const char *s)
{
	char *d = strdup(s);
	if (!d)
		abort();
	return d;
}

/* Forget the held messages (after printing them, or in a worker process,
 * whose parent prints its own). */
static void group_drop(void)
{
	int i;
	for (i = 0; i < n_groups; i++) {
		free(groups[i].path);
		free(groups[i].key);
		free(groups[i].line);
	}
	n_groups = 0;
}

/* Whether fmt has no letters of its own ("%s"): then the message, not the
 * format, tells one cause from another. */
static int fmt_wordless(const char *fmt)
{
	const char *p;
	for (p = fmt; *p; p++) {
		if (*p == '%') {
			while (p[1] && !strchr("diouxXeEfgGcsp%", p[1]))
				p++;
			if (p[1])
				p++;
		} else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
			return 0;
		}
	}
	return 1;
}

/* Past the conversion at f (and any that follow it at once). */
static const char *skip_conversions(const char *f)
{
	while (*f == '%' && f[1] != '%') {
		f++;
		while (*f && !strchr("diouxXeEfgGcsp", *f))
			f++;
		if (*f)
			f++;
	}
	return f;
}

/* What, beside its format, tells one cause from another in msg: the text
 * of each conversion that is neither quoted ('%s': the cell at fault) nor
 * holds a digit (a figure, a line, an area code, a period), as these vary
 * from row to row of one cause; "unit" and "polarity" in "%s '%s' is not
 * known" do not.  Into key. */
static void cause_key(const char *fmt, const char *msg, struct buf *key)
{
	const char *f = fmt, *m = msg;

	if (fmt_wordless(fmt)) {
		buf_adds(key, msg);
		return;
	}
	while (*f) {
		char lit[128];
		size_t n = 0;
		const char *end, *p;
		int quoted = f > fmt && (f[-1] == '\'' || f[-1] == '"'), digit = 0;

		if (*f != '%' || f[1] == '%') {
			if (*m++ != *f)
				return;	/* cut short: what came is enough */
			f += *f == '%' ? 2 : 1;
			continue;
		}
		f = skip_conversions(f);
		while (f[n] && f[n] != '%' && n < sizeof(lit) - 1) {
			lit[n] = f[n];
			n++;
		}
		lit[n] = '\0';
		end = n ? strstr(m, lit) : NULL;
		if (!end)
			end = m + strlen(m);
		for (p = m; p < end; p++)
			digit |= *p >= '0' && *p <= '9';
		if (!quoted && !digit) {
			buf_add(key, m, (size_t)(end - m));
			buf_addc(key, '\x1f');
		}
		m = end;
	}
}

/* The held group of this cause, or NULL. */
static struct group *group_find(int level, const char *path, const char *fmt, const char *key)
{
	int i;
	for (i = n_groups; i-- > 0;) {
		struct group *g = &groups[i];
		if (g->path && g->level == level && (g->fmt == fmt || !strcmp(g->fmt, fmt)) &&
		    !strcmp(g->path, path) && !strcmp(g->key, key))
			return g;
	}
	return NULL;
}

/* One more of g's cause, at line. */
static void group_add(struct group *g, int line)
{
	int k;
	g->more++;
	for (k = 0; k < g->n_ranges; k++)
		if (line >= g->lo[k] && line <= g->hi[k])
			return;
	if (g->n_ranges && line == g->hi[g->n_ranges - 1] + 1)
		g->hi[g->n_ranges - 1] = line;
	else if (g->n_ranges < DIAG_GROUP_RANGES) {
		g->lo[g->n_ranges] = g->hi[g->n_ranges] = line;
		g->n_ranges++;
	} else
		g->cut = 1;
}

/* g's ranges in order of line, those that touch joined (rows that gave a
 * point twice come in the order of the points). */
static void group_sort(struct group *g)
{
	int i, k, n = 0;

	for (i = 1; i < g->n_ranges; i++)
		for (k = i; k > 0 && g->lo[k] < g->lo[k - 1]; k--) {
			int lo = g->lo[k], hi = g->hi[k];
			g->lo[k] = g->lo[k - 1];
			g->hi[k] = g->hi[k - 1];
			g->lo[k - 1] = lo;
			g->hi[k - 1] = hi;
		}
	for (i = 0; i < g->n_ranges; i++) {
		if (n && g->lo[i] <= g->hi[n - 1] + 1) {
			if (g->hi[i] > g->hi[n - 1])
				g->hi[n - 1] = g->hi[i];
			continue;
		}
		g->lo[n] = g->lo[i];
		g->hi[n] = g->hi[i];
		n++;
	}
	g->n_ranges = n;
}

/* Print the held messages, each group once, in the order they came. */
static void group_flush(void)
{
	int i, k;

	if (group_pid != getpid()) {
		group_drop();
		return;
	}
	for (i = 0; i < n_groups; i++) {
		struct group *g = &groups[i];
		struct buf b;
		group_sort(g);
		buf_init(&b);
		buf_adds(&b, g->line);
		if (g->more) {
			int one = g->n_ranges == 1 && g->lo[0] == g->hi[0] && !g->cut;
			buf_printf(&b, " (and %d more like it: %s%s ", g->more, sheet_of(g->path) ? "row" : "line",
				   one ? "" : "s");
			for (k = 0; k < g->n_ranges; k++) {
				buf_printf(&b, "%s%d", k ? ", " : "", g->lo[k]);
				if (g->hi[k] > g->lo[k])
					buf_printf(&b, "-%d", g->hi[k]);
			}
			buf_adds(&b, g->cut ? ", ...)" : ")");
		}
		buf_addc(&b, '\n');
		emit(b.s, b.len);
		buf_release(&b);
	}
	group_drop();
}

/* Hold line (a whole message, without its line end) as a new group. */
static void group_hold(int level, const char *path, int line, const char *fmt, const char *key,
		       const char *text)
{
	struct group *g;

	if (n_groups == DIAG_GROUPS)
		group_flush();
	g = &groups[n_groups++];
	memset(g, 0, sizeof(*g));
	g->fmt = fmt;
	g->level = level;
	g->line = dup_or_die(text);
	if (path && line > 0) {
		g->path = dup_or_die(path);
		g->key = dup_or_die(key);
	}
}

void diag_group_begin(void)
{
	group_flush();
	grouping = 1;
	group_pid = getpid();
}

void diag_group_end(void)
{
	group_flush();
	grouping = 0;
}

/* The message of fmt into tmp, on one line: quoted input may hold line
 * breaks or other control characters. */
static void format_message(char *tmp, size_t size, const char *fmt, va_list ap)
{
	char *p;
	vsnprintf(tmp, size, fmt, ap);
	for (p = tmp; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
}

/* Paths whose places are sheet cells (diag_sheet), the latest first. */
#define DIAG_SHEETS 256	/* workbooks in one data folder, more than enough */
static struct { char *path, *sheet; } sheets[DIAG_SHEETS];

/* A sheet's name as a formula writes it: 'Q1 figures'!C14, with quotes
 * (a quote doubled) unless it is all letters, digits and '_'; one line. */
static char *quote_sheet(const char *sheet)
{
	size_t i, n = 0, len = strlen(sheet);
	int plain = len > 0;
	char *out = malloc(2 * len + 3);

	if (!out)
		abort();
	for (i = 0; i < len; i++)
		if (!(isalnum((unsigned char)sheet[i]) || sheet[i] == '_' || (unsigned char)sheet[i] >= 0x80))
			plain = 0;
	if (!plain)
		out[n++] = '\'';
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)sheet[i];
		out[n++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
		if (c == '\'')
			out[n++] = '\'';
	}
	if (!plain)
		out[n++] = '\'';
	out[n] = '\0';
	return out;
}

void diag_sheet(const char *path, const char *sheet)
{
	int i;
	for (i = 0; i < DIAG_SHEETS - 1 && sheets[i].path && strcmp(sheets[i].path, path); i++)
		;
	free(sheets[i].path);
	free(sheets[i].sheet);
	memmove(&sheets[1], &sheets[0], (size_t)i * sizeof(sheets[0]));
	sheets[0].path = strdup(path);
	sheets[0].sheet = quote_sheet(sheet);
	if (!sheets[0].path)
		abort();
}

/* The sheet of a workbook's path (as diag_sheet named it), or NULL. */
static const char *sheet_of(const char *path)
{
	int i;

	for (i = 0; path && i < DIAG_SHEETS && sheets[i].path; i++)
		if (!strcmp(sheets[i].path, path))
			return sheets[i].sheet;
	return NULL;
}

/* path:line:col, or path:Sheet!C14 for a workbook's cell. */
static void place(struct buf *b, const char *path, int line, int col)
{
	const char *sheet = sheet_of(path);

	buf_adds(b, path);
	if (sheet && line > 0) {
		char letters[8];
		int n = sizeof(letters) - 1;
		letters[n] = '\0';
		while (col > 0 && n > 0) {
			letters[--n] = (char)('A' + (col - 1) % 26);
			col = (col - 1) / 26;
		}
		buf_printf(b, ":%s!%s%d", sheet, letters + n, line);
		return;
	}
	if (line > 0)
		buf_printf(b, ":%d", line);
	if (line > 0 && col > 0)
		buf_printf(b, ":%d", col);
}

static void vreport(enum diag_level level, const char *path, int line, int col,
		    const char *fmt, va_list ap)
{
	struct buf b, key;
	struct warning_kind *kind = NULL;
	char tmp[1024];

	if (level == DIAG_WARNING && strict_mode)
		level = DIAG_ERROR;
	format_message(tmp, sizeof(tmp), fmt, ap);
	if (level == DIAG_ERROR)
		n_errors++;
	else
		n_warnings++;
	buf_init(&key);
	if (grouping && path && line > 0) {
		struct group *g;
		cause_key(fmt, tmp, &key);
		buf_addc(&key, '\0');
		g = group_find(level, path, fmt, key.s);
		if (g) {
			group_add(g, line);
			buf_release(&key);
			return;
		}
	}
	/* a new cause: the limits count these */
	if (level == DIAG_ERROR) {
		if (++n_causes > DIAG_MAX_SHOWN) {
			n_hidden++;
			buf_release(&key);
			return;
		}
	} else {
		kind = warning_kind(fmt);
		if (kind && ++kind->n > DIAG_KIND_SHOWN) {
			buf_release(&key);
			return;
		}
	}
	buf_init(&b);
	if (path) {
		place(&b, path, line, col);
		buf_adds(&b, ": ");
	} else {
		buf_adds(&b, "bcfgen: ");
	}
	buf_adds(&b, level == DIAG_ERROR ? "error: " : "warning: ");
	buf_adds(&b, tmp);
	if (kind && kind->n == 1) {
		size_t len = strlen(tmp);
		if (len >= sizeof(kind->first)) {
			/* shortened at a character boundary */
			len = sizeof(kind->first) - 1;
			while (len && ((unsigned char)tmp[len] & 0xC0) == 0x80)
				len--;
			kind->cut = 1;
		}
		memcpy(kind->first, tmp, len);
		kind->first[len] = '\0';
	}
	if (grouping) {
		group_hold(level, path, line, fmt, key.s, b.s);
	} else {
		buf_addc(&b, '\n');
		emit(b.s, b.len);
	}
	buf_release(&b);
	buf_release(&key);
}

void diag_report(enum diag_level level, const char *path, int line, int col,
		 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(level, path, line, col, fmt, ap);
	va_end(ap);
}

void diag_error(const char *path, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(DIAG_ERROR, path, line, col, fmt, ap);
	va_end(ap);
}

void diag_warning(const char *path, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(DIAG_WARNING, path, line, col, fmt, ap);
	va_end(ap);
}

void diag_io(const char *path, const char *what, int err)
{
	struct buf b;

	n_io++;
	group_flush();	/* in the order they came */
	buf_init(&b);
	buf_printf(&b, "%s: error: %s: %s\n", path ? path : "bcfgen", what,
		   strerror(err));
	emit(b.s, b.len);
	buf_release(&b);
}

int diag_errors(void) { return n_errors; }
int diag_warnings(void) { return n_warnings; }
int diag_io_errors(void) { return n_io; }

void diag_finish(void)
{
	int i;

	group_flush();
	for (i = 0; i < n_kinds; i++) {
		struct warning_kind *k = &kinds[i];
		struct buf b;
		int more = k->n - DIAG_KIND_SHOWN;

		if (more <= 0 || k->pid != getpid())
			continue;
		buf_init(&b);
		buf_printf(&b, "bcfgen: warning: ... and %d more like \"%s%s\"\n", more, k->first,
			   k->cut ? "..." : "");
		emit(b.s, b.len);
		buf_release(&b);
		k->n = DIAG_KIND_SHOWN;	/* said once */
	}
	if (n_hidden) {
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "bcfgen: error: %d more error%s not shown\n", n_hidden,
			   n_hidden == 1 ? "" : "s");
		emit(b.s, b.len);
		buf_release(&b);
	}
}

void diag_bug(const char *file, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int n;

	/* one line, written at once */
	n = snprintf(msg, sizeof(msg), "bcfgen: BUG at %s:%d: ", file, line);
	if (n < 0 || (size_t)n >= sizeof(msg) - 2)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	strcat(msg, "\n");
	fflush(stdout);
	fputs(msg, stderr);
	abort();
}
