#include "rownotes.h"
#include "arena.h"
#include "columns.h"
#include "csvread.h"
#include "hash.h"
#include "model.h"
#include "settings.h"

#include <stdio.h>
#include <string.h>

/* Columns noted per file, and values per column: one with more values is
 * not indicator-like (a figure, a note) and is dropped. */
#define NOTES_COLUMNS 16
#define NOTES_VALUES 250
#define NOTES_MANY 255		/* a cell of a dropped column */

struct row_notes {
	struct row_notes *next;
	const char *path, *name;
	int n_cols;
	int col[NOTES_COLUMNS];			/* in the row */
	const char *heading[NOTES_COLUMNS];
	struct hash *seen[NOTES_COLUMNS];	/* value -> index */
	const char **values[NOTES_COLUMNS];
	size_t n_values[NOTES_COLUMNS], cap_values[NOTES_COLUMNS];
	int *lines;				/* per row */
	unsigned char *cells;			/* per row, n_cols value indexes */
	size_t n_rows, cap_lines, cap_cells;
};

/* The notes of every file, in the model: its one pointer for them. */
static struct row_notes **notes_of(struct model *m)
{
	return &m->row_notes;
}

struct row_notes *rownotes_begin(struct model *m, const char *path, const char *name,
				 const struct columns *h)
{
	struct row_notes *n = NULL;
	size_t c;

	for (c = 0; c < h->rec->n; c++) {
		const struct csv_field *f = &h->rec->f[c];
		int k;
		if (h->used[c] || csvread_blank(f) || memchr(f->s, '=', f->len))
			continue;
		if (!n) {
			n = arena_alloc(m->a, sizeof(*n));
			memset(n, 0, sizeof(*n));
			n->path = path;
			n->name = arena_strdup(m->a, name);
		}
		if (n->n_cols == NOTES_COLUMNS)
			break;
		k = n->n_cols++;
		n->col[k] = (int)c;
		n->heading[k] = arena_strndup(m->a, f->s, f->len);
		n->seen[k] = hash_new(m->a);
	}
	if (n) {
		n->next = *notes_of(m);
		*notes_of(m) = n;
	}
	return n;
}

void rownotes_row(struct model *m, struct row_notes *n, const struct csv_record *rec)
{
	int k;
	unsigned char *cells;

	if (!n)
		return;
	n->lines = arena_grow(m->a, n->lines, sizeof(int), &n->cap_lines, n->n_rows + 1);
	n->cells = arena_grow(m->a, n->cells, 1, &n->cap_cells, (n->n_rows + 1) * (size_t)n->n_cols);
	n->lines[n->n_rows] = rec->line;
	cells = n->cells + n->n_rows * (size_t)n->n_cols;
	n->n_rows++;
	for (k = 0; k < n->n_cols; k++) {
		size_t len;
		const char *s;
		int v;
		if (n->n_values[k] > NOTES_VALUES) {
			cells[k] = NOTES_MANY;
			continue;
		}
		s = columns_trimmed(rec, n->col[k], &len);
		v = hash_get(n->seen[k], s, len);
		if (v < 0) {
			const char *copy = arena_strndup(m->a, s, len);
			v = (int)n->n_values[k];
			n->values[k] = arena_grow(m->a, n->values[k], sizeof(char *), &n->cap_values[k], n->n_values[k] + 1);
			n->values[k][n->n_values[k]++] = copy;
			if (n->n_values[k] > NOTES_VALUES) {
				cells[k] = NOTES_MANY;
				continue;
			}
			hash_put(m->a, n->seen[k], copy, v);
		}
		cells[k] = (unsigned char)v;
	}
}

/* The cells of the row at line, or NULL. */
static const unsigned char *row_at(const struct row_notes *n, int line)
{
	size_t lo = 0, hi = n->n_rows;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (n->lines[mid] < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n->n_rows && n->lines[lo] == line ? n->cells + lo * (size_t)n->n_cols : NULL;
}

/* How much a heading looks like it names what a row is of: an indicator
 * first, then a breakdown (sex, age, category), then anything. */
static int indicator_rank(const char *heading)
{
	static const char *const words[] = { "indicator", "measure", "metric", "sex", "age", "category",
					     "breakdown" };
	char norm[64];
	size_t i;

	columns_normalise(heading, strlen(heading), norm, sizeof(norm));
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strncmp(norm, words[i], strlen(words[i])))
			return (int)i;
	return (int)(sizeof(words) / sizeof(words[0]));
}

void rownotes_keep_hint(const struct model *m, const char *path, int first, int second, char *out,
			size_t size)
{
	const struct row_notes *n;
	const unsigned char *a, *b;
	const struct file_rule *rule;
	int k, best = -1;

	out[0] = '\0';
	for (n = m->row_notes; n && strcmp(n->path, path); n = n->next)
		;
	if (!n || !(a = row_at(n, first)) || !(b = row_at(n, second)))
		return;
	for (k = 0; k < n->n_cols; k++) {
		const char *va = n->values[k][a[k] == NOTES_MANY ? 0 : a[k]];	/* read only when noted */
		if (n->n_values[k] > NOTES_VALUES || a[k] == b[k] || !*va || strchr(va, ';'))
			continue;
		if (best < 0 || indicator_rank(n->heading[k]) < indicator_rank(n->heading[best]))
			best = k;
	}
	if (best < 0)
		return;
	rule = settings_file_rule(&m->settings, n->name);
	snprintf(out, size, "; the rows differ in '%.40s' ('%.40s' at line %d, '%.40s' here): to read one, "
		 "%s'%s%.40s=%.40s' %s [data %s] in site.ini", n->heading[best], n->values[best][a[best]], first,
		 n->values[best][b[best]], rule && rule->n_keep ? "add " : "set ",
		 rule && rule->n_keep ? "; " : "keep = ", n->heading[best], n->values[best][a[best]],
		 rule && rule->n_keep ? "to keep = under" : "under", n->name);
}
