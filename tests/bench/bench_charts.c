/* make bench: draw the same line charts gnuplot draws in the benchmark (the
 * same count, size and points, two series each), as SVG and PNG files, so
 * the two chart engines can be compared on their own.
 * Usage: bench_charts POINTS_FILE OUT_DIR  (POINTS_FILE: a count per line) */
#include "buf.h"
#include "chart.h"
#include "format.h"
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int save(const char *dir, int i, const char *ext, const struct buf *b)
{
	char path[4096];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%d.%s", dir, i, ext);
	f = fopen(path, "wb");
	if (!f || fwrite(b->s, 1, b->len, f) != b->len || fclose(f) != 0) {
		perror(path);
		return -1;
	}
	return 0;
}

/* Numbers as bcfgen writes a metric's. */
static void number(const void *ctx, double v, int decimals, char *out, size_t size)
{
	struct metric m = *(const struct metric *)ctx;
	if (decimals >= 0)
		m.decimals = decimals;
	model_format_value(&m, v, out, size);
}

int main(int argc, char **argv)
{
	FILE *in;
	int n, i = 0, k, rc = 0;
	struct metric m;

	if (argc != 3 || !(in = fopen(argv[1], "r"))) {
		fprintf(stderr, "usage: bench_charts POINTS_FILE OUT_DIR\n");
		return 2;
	}
	memset(&m, 0, sizeof(m));
	m.unit = UNIT_NUMBER;
	m.decimals = 1;
	while (rc == 0 && fscanf(in, "%d", &n) == 1 && n > 0 && n < 100000) {
		double *a = malloc((size_t)n * sizeof(double)), *b = malloc((size_t)n * sizeof(double));
		unsigned char *ok = malloc((size_t)n);
		char **labels = malloc((size_t)n * sizeof(*labels)), title[64];
		struct chart c;
		struct buf out;
		for (k = 0; k < n; k++) {
			a[k] = 400 + (k * 37 % 90);
			b[k] = 420 + (k * 53 % 70);
			ok[k] = 1;
			labels[k] = malloc(16);
			snprintf(labels[k], 16, "%d", k);
		}
		snprintf(title, sizeof(title), "Chart %d", i);
		memset(&c, 0, sizeof(c));
		c.title = title;
		c.labels = (const char *const *)labels;
		c.n = (size_t)n;
		c.number = number;
		c.number_ctx = &m;
		c.lines[0] = (struct chart_line){ "Home", a, ok, NULL, CHART_HOME };
		c.lines[1] = (struct chart_line){ "England", b, ok, NULL, CHART_BENCHMARK };
		c.n_lines = 2;
		buf_init(&out);
		rc |= chart_trend(&c, CHART_SVG, &out) || save(argv[2], i, "svg", &out);
		buf_reset(&out);
		rc |= chart_trend(&c, CHART_PNG, &out) || save(argv[2], i, "png", &out);
		buf_release(&out);
		for (k = 0; k < n; k++)
			free(labels[k]);
		free(labels);
		free(a);
		free(b);
		free(ok);
		i++;
	}
	fclose(in);
	chart_cleanup();
	return rc ? 1 : 0;
}
