#include "layout.h"
#include "arena.h"
#include "buf.h"
#include "cell.h"
#include "columns.h"
#include "csvread.h"
#include "diag.h"

#include <stdlib.h>
#include <string.h>

/* Long enough for the longest published column names, whole. */
#define LAYOUT_NAME 256

/* The field setting being read, for messages about it. */
struct field_at {
	const char *ini, *path;
	const struct file_rule *r;
	const char *key;
	const struct field_setting *fs;
};

static void field_error(const struct field_at *at, const char *what)
{
	diag_error(at->ini, at->fs->at.line, at->fs->at.col, "[data %s] %s = '%s': %s", at->r->section,
		   at->key, at->fs->text, what);
}

/* The file's header names, for a message that a pattern names none of
 * them: the first 20, then how many more. */
static void header_names(struct buf *b, const struct csv_record *hdr)
{
	size_t i, n = 0;
	for (i = 0; i < hdr->n; i++) {
		if (csvread_blank(&hdr->f[i]))
			continue;
		if (n < 20)
			buf_printf(b, "%s%.60s", n ? ", " : "", hdr->f[i].s);
		n++;
	}
	if (n > 20)
		buf_printf(b, " and %zu more", n - 20);
	if (!n)
		buf_printf(b, "(none)");
}

/* The column {ref} names, ref[0..len) being what is inside the braces:
 * '#12' (the 12th) or a header name, matched as columns are.  -1 when
 * there is no such column or several (reported). */
static int column_ref(const struct field_at *at, const struct csv_record *hdr, const char *ref, size_t len)
{
	char want[LAYOUT_NAME], got[LAYOUT_NAME];
	struct buf b;
	size_t i;
	int found = -1;

	buf_init(&b);
	cell_trim(&ref, &len);
	if (len && ref[0] == '#') {
		char *end;
		unsigned long n = strtoul(ref + 1, &end, 10);
		if (len < 2 || end != ref + len || ref[1] < '0' || ref[1] > '9' || n < 1) {
			buf_printf(&b, "'{%.*s}' is not a column number: expected e.g. {#12}, the 12th column",
				   (int)(len > 40 ? 40 : len), ref);
		} else if (n > hdr->n) {
			buf_printf(&b, "there is no column %lu: the header of %s has %zu", n, at->path, hdr->n);
		} else {
			return (int)n - 1;
		}
		field_error(at, b.s);
		buf_release(&b);
		return -1;
	}
	columns_normalise(ref, len, want, sizeof(want));
	for (i = 0; *want && i < hdr->n; i++) {
		columns_normalise(hdr->f[i].s, hdr->f[i].len, got, sizeof(got));
		if (strcmp(want, got))
			continue;
		if (found >= 0) {
			buf_printf(&b, "'%.*s' names columns %d and %zu of %s: say which with {#%d} or {#%zu}",
				   (int)len, ref, found + 1, i + 1, at->path, found + 1, i + 1);
			field_error(at, b.s);
			buf_release(&b);
			return -1;
		}
		found = (int)i;
	}
	if (found < 0) {
		if (!len)
			buf_printf(&b, "'{}' names no column: expected a column name in braces, such as {Year}");
		else {
			buf_printf(&b, "%s has no column '%.*s': its columns are ", at->path,
				   (int)(len > 60 ? 60 : len), ref);
			header_names(&b, hdr);
		}
		field_error(at, b.s);
	}
	buf_release(&b);
	return found;
}

/* Pattern text into pieces in *made (memory in a).  -1 when it is bad
 * (reported). */
static int parse_pattern(struct arena *a, const struct field_at *at, const struct csv_record *hdr,
			 struct layout_made *made)
{
	const char *p = at->fs->text;
	size_t cap = 0;

	made->parts = NULL;
	made->n_parts = 0;
	while (*p) {
		struct layout_part part;
		const char *open = strchr(p, '{'), *close = strchr(p, '}');
		if (close && (!open || close < open)) {
			field_error(at, "'}' without '{': a column is named in braces, such as {Year}");
			return -1;
		}
		if (open == p) {
			if (!close) {
				field_error(at, "'{' without '}': a column is named in braces, such as {Year}");
				return -1;
			}
			part.s = "";
			part.len = 0;
			part.col = column_ref(at, hdr, p + 1, (size_t)(close - p - 1));
			if (part.col < 0)
				return -1;
			p = close + 1;
		} else {
			part.s = p;
			part.len = open ? (size_t)(open - p) : strlen(p);
			part.col = -1;
			p += part.len;
		}
		made->parts = arena_grow(a, made->parts, sizeof(*made->parts), &cap, made->n_parts + 1);
		made->parts[made->n_parts++] = part;
	}
	return 0;
}

/* The column of field c, from the pattern in at (0), or -1 (reported). */
static int map_field(struct arena *a, const struct field_at *at, struct columns *h, enum column c,
		     struct layout *l)
{
	struct layout_made made;

	if (parse_pattern(a, at, h->rec, &made) < 0)
		return -1;
	if (h->col[c] >= 0)
		h->used[h->col[c]] = 0;	/* the field's own column is replaced */
	if (made.n_parts == 1 && made.parts[0].col >= 0) {
		h->col[c] = made.parts[0].col;
		return 0;
	}
	h->col[c] = (int)(l->width + l->n_made);
	l->made[l->n_made++] = made;
	return 0;
}

int layout_map(struct arena *a, const char *ini, const char *path, const struct file_rule *r,
	       struct columns *h, struct layout *l)
{
	size_t i, k;
	int rc = 0;

	memset(l, 0, sizeof(*l));
	l->width = h->rec->n;
	if (!r)
		return 0;
	for (i = 0; i < SETTINGS_N_FIELDS; i++) {
		struct field_at at;
		enum column c;
		if (!r->map[i].text)
			continue;
		for (c = 0; c < COL__N; c++)
			if (!strcmp(columns_name(c), settings_fields[i]))
				break;
		if (c == COL_METRIC && r->metric && *r->metric) {
			/* a constant metric: the file's metric column is not read */
			if (h->col[c] >= 0)
				h->used[h->col[c]] = 0;
			h->col[c] = -1;
			continue;
		}
		at.ini = ini;
		at.path = path;
		at.r = r;
		at.key = settings_fields[i];
		at.fs = &r->map[i];
		if (map_field(a, &at, h, c, l) < 0)
			rc = -1;
	}
	/* a column a pattern reads is read, whatever field it had */
	for (i = 0; i < COL__N; i++)
		if (h->col[i] >= 0 && (size_t)h->col[i] < l->width)
			h->used[h->col[i]] = 1;
	for (i = 0; i < l->n_made; i++)
		for (k = 0; k < l->made[i].n_parts; k++)
			if (l->made[i].parts[k].col >= 0)
				h->used[l->made[i].parts[k].col] = 1;
	return rc;
}

/* The text of made field k for rec into l->text from *used on; where it
 * is into *f. */
static void make_field(struct arena *a, struct layout *l, const struct csv_record *rec, size_t k,
		       size_t *used, struct csv_field *f)
{
	const struct layout_made *made = &l->made[k];
	size_t i, start = *used;
	int any = 0, constant = 1;

	f->line = rec->line;
	f->col = 0;
	for (i = 0; i < made->n_parts; i++) {
		const char *s = made->parts[i].s;
		size_t len = made->parts[i].len;
		if (made->parts[i].col >= 0) {
			s = columns_trimmed(rec, made->parts[i].col, &len);
			if (constant) {
				f->line = columns_line(rec, made->parts[i].col);
				f->col = columns_col(rec, made->parts[i].col);
			}
			constant = 0;
			any |= len > 0;
		}
		l->text = arena_grow(a, l->text, 1, &l->cap_text, *used + len + 1);
		memcpy(l->text + *used, s, len);
		*used += len;
	}
	if (!constant && !any)
		*used = start;	/* every cell it names is blank: so is the field */
	l->text = arena_grow(a, l->text, 1, &l->cap_text, *used + 1);
	l->text[(*used)++] = '\0';
	f->len = *used - start - 1;
	f->s = NULL;		/* set once the text no longer moves */
}

const struct csv_record *layout_row(struct arena *a, struct layout *l, const struct csv_record *rec)
{
	size_t i, used = 0, at = 0, n = l->width + l->n_made;
	int end_col = rec->n ? rec->f[rec->n - 1].col + (int)rec->f[rec->n - 1].len + 1 : 1;

	if (!l->n_made)
		return rec;
	l->f = arena_grow(a, l->f, sizeof(*l->f), &l->cap_f, n);
	if (!l->row)
		l->row = arena_alloc(a, sizeof(*l->row));
	for (i = 0; i < l->width; i++) {
		if (i < rec->n) {
			l->f[i] = rec->f[i];
		} else {
			/* past the row's end: blank, placed just past it */
			l->f[i].s = "";
			l->f[i].len = 0;
			l->f[i].line = rec->line;
			l->f[i].col = end_col;
		}
	}
	for (i = 0; i < l->n_made; i++)
		make_field(a, l, rec, i, &used, &l->f[l->width + i]);
	for (i = 0; i < l->n_made; i++) {
		l->f[l->width + i].s = l->text + at;
		at += l->f[l->width + i].len + 1;
	}
	l->row->f = l->f;
	l->row->n = n;
	l->row->line = rec->line;
	return l->row;
}

const struct csv_record *layout_copy(struct arena *a, const struct csv_record *rec)
{
	struct csv_record *c = arena_alloc(a, sizeof(*c));
	size_t i;

	c->n = rec->n;
	c->line = rec->line;
	c->f = arena_alloc(a, (rec->n ? rec->n : 1) * sizeof(*c->f));
	for (i = 0; i < rec->n; i++) {
		c->f[i] = rec->f[i];
		c->f[i].s = arena_strndup(a, rec->f[i].s, rec->f[i].len);
	}
	return c;
}
