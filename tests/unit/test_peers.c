/* Peer groups: [compare] group or areas in site.ini choose the areas
 * every comparison shows; with areas.csv, data for unlisted areas loads
 * (strict_areas = true keeps the old error).  The bars expected here are
 * written out by hand from the figures below, not from the code. */
#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "harness.h"
#include "load.h"
#include "model.h"
#include "report.h"
#include "site.h"
#include "words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

/* Six areas: A (home), B and C in group 'Near', D in 'Far', X in no
 * areas.csv row at all, E the benchmark.  Values in 2018-19 Q1:
 * A 50, B 70, C 30, D 90, X 80, E 60. */
static const char areas[] =
	"code,name,group\n"
	"A,Area A,Near\n"
	"B,Area B,Near; Far\n"
	"C,Area C,Near\n"
	"D,Area D,Far\n"
	"E,England,\n";
static const char data[] =
	"metric,area_code,period,value\n"
	"m,A,2018-19 Q1,50\nm,B,2018-19 Q1,70\nm,C,2018-19 Q1,30\n"
	"m,D,2018-19 Q1,90\nm,X,2018-19 Q1,80\nm,E,2018-19 Q1,60\n";

/* Load dir with compare as the [compare] section; the load's status. */
static int load(struct model *m, struct arena *a, const char *dir, const char *compare, struct buf *errs)
{
	char ini[512];
	snprintf(ini, sizeof(ini), "[site]\nhome_area = A\nbenchmark_area = E\n%s", compare);
	write_file(dir, "site.ini", ini);
	arena_init(a);
	buf_init(errs);
	diag_init(0);
	diag_capture(errs);
	return load_model(m, a, dir);
}

/* The bars of metric m from area's side, as codes highest first
 * ("D X B"); the words naming them must be words. */
static const char *bars(struct model *m, struct arena *a, const char *area, const char *words)
{
	static char out[128];
	struct figures fig;
	struct report r;
	struct report_metric rm;
	struct arena scratch, ra;
	int order[16];
	unsigned char keep[16] = { 0 };
	size_t i;

	arena_init(&scratch);
	arena_init(&ra);
	for (i = 0; i < m->n_areas; i++)
		order[i] = (int)i;
	report_figures(a, m, &fig);
	report_init(&r, m, &fig, order, keep, &(struct period){ PERIOD_QUARTER, 2018, 1 });
	report_metric(&r, &m->metrics[0], model_area(m, area, strlen(area)), &ra, &scratch, &rm);
	out[0] = 0;
	for (i = 0; i < rm.n_bars; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", i ? " " : "",
			 m->areas[rm.bars[i].area].code);
	CHECK_STR(words_compare_areas(&ra, m, &rm), words);
	report_release(&r);
	arena_release(&ra);
	arena_release(&scratch);
	return out;
}

int main(void)
{
	char dir[] = "/tmp/bcfgen-test-XXXXXX", sub[600], want[512];
	struct arena a;
	struct model m;
	struct buf errs;

	if (!mkdtemp(dir)) {
		CHECK(0);
		return test_done("peers");
	}
	write_file(dir, "metrics.csv", "id,title,unit,polarity,frequency\nm,M,count,higher,quarter\n");
	write_file(dir, "areas.csv", areas);
	snprintf(sub, sizeof(sub), "%s/data", dir);
	mkdir(sub, 0755);
	write_file(dir, "data/f.csv", data);

	/* no [compare]: X, not in areas.csv, loads; its lack of a name is
	 * said once; every area but the benchmark is compared */
	CHECK(load(&m, &a, dir, "", &errs) == 0);
	snprintf(want, sizeof(want), "%s/areas.csv: warning: 1 area has no name in areas.csv or any data "
		 "file (X): the pages show its code; add it to areas.csv\n", dir);
	CHECK_STR(errs.s ? errs.s : "", want);
	CHECK(m.peer == NULL);
	CHECK_STR(bars(&m, &a, "A", "every area"), "D X B A C");
	diag_capture(NULL);
	buf_release(&errs);
	arena_release(&a);

	/* strict_areas: X's row is an error, as before */
	CHECK(load(&m, &a, dir, "[compare]\nstrict_areas = true\n", &errs) == -1);
	CHECK(errs.s && strstr(errs.s, "area 'X' is not in areas.csv"));
	diag_capture(NULL);
	buf_release(&errs);
	arena_release(&a);

	/* group Near: A, B, C, whoever's side; D's own report adds D */
	CHECK(load(&m, &a, dir, "[compare]\ngroup = Near\n", &errs) == 0);
	CHECK(m.peer && m.n_peers == 3 && !strcmp(m.peer_label, "Near"));
	CHECK_STR(bars(&m, &a, "A", "Near (3 areas)"), "B A C");
	CHECK_STR(bars(&m, &a, "D", "Near (3 areas) and Area D"), "D B A C");
	diag_capture(NULL);
	buf_release(&errs);
	arena_release(&a);

	/* a list of codes: the home area A is always among them, the
	 * benchmark never a bar */
	CHECK(load(&m, &a, dir, "[compare]\nareas = D; X, E\n", &errs) == 0);
	CHECK(m.peer && m.n_peers == 3 && m.peer_label == NULL);
	CHECK_STR(bars(&m, &a, "A", "3 chosen areas"), "D X A");
	diag_capture(NULL);
	buf_release(&errs);
	arena_release(&a);

	diag_init(0);
	site_remove_tree(dir);
	return test_done("peers");
}
