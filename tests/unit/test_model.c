#include "arena.h"
#include "buf.h"
#include "cell.h"
#include "diag.h"
#include "format.h"
#include "harness.h"
#include "load.h"
#include "model.h"
#include "site.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static enum cell_kind cell(const char *s, double *v)
{
	return cell_parse(s, strlen(s), v);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static const char *fmt(const struct metric *mt, double v)
{
	static char out[64];
	model_format_value(mt, v, out, sizeof(out));
	return out;
}

static const char *plain(double v)
{
	static char out[64];
	model_format_plain(v, out, sizeof(out));
	return out;
}

/* model_format_plain against its definition, written the slow way: the
 * first of %.15g, %.16g and %.17g that reads back (for numbers printf
 * writes without an exponent), over 300,000 numbers of every kind:
 * figures with few decimals, rates, ratios, ties, any bit pattern. */
static void plain_shortest(void)
{
	unsigned long long x = 88172645463325252ULL;
	long i, differ = 0;
	char want[64];

	for (i = 0; i < 300000; i++) {
		double v;
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		switch (i % 8) {
		case 6:
		case 7: {
			/* a decimal of 16 (or 15) digits read in: its shortest
			 * text is that one, or shorter */
			char dec[40];
			snprintf(dec, sizeof(dec), "%llu.%llue%d", x % 9 + 1, (x >> 8) % (i % 8 == 6 ? 1000000000000000ULL : 100000000000000ULL),
				 (int)(x >> 60) - 8);
			v = strtod(dec, NULL);
			break;
		}
		case 0: v = (double)(x % 100000000) / 1000.0; break;
		case 1: v = (double)(x >> 11) / (double)(1ULL << 53) * pow(10, (int)(x % 30) - 15); break;
		case 2: memcpy(&v, &x, sizeof(v)); break;
		case 3: v = 1.0 / (double)(1 + x % 100000); break;
		case 4: v = (double)(x % 1000) / 10.0 + 0.05; break;
		default: v = -((double)(x % 99999999)) / 7.0; break;
		}
		if (!isfinite(v) || v == 0 || (fabs(v) < 1e15 && v == (double)(long long)v))
			continue;
		snprintf(want, sizeof(want), "%.15g", v);
		if (strtod(want, NULL) != v) {
			snprintf(want, sizeof(want), "%.16g", v);
			if (strtod(want, NULL) != v)
				snprintf(want, sizeof(want), "%.17g", v);
		}
		if (strchr(want, 'e') && fabs(v) < 1e15)
			continue;	/* written plain after: another rule */
		if (strcmp(plain(v), want) && differ++ < 5)
			fprintf(stderr, "%.17g: %s, want %s\n", v, plain(v), want);
	}
	CHECK(differ == 0);
}

/* The home area's latest figure without a plan, after periods with one:
 * one warning per metric, naming it and the period; an error with
 * --strict.  No warning for a metric never planned, nor for a latest
 * figure that was suppressed. */
static void missing_plan(void)
{
	char dir[] = "/tmp/bcfgen-test-XXXXXX", sub[600];
	struct arena a;
	struct model m;
	struct buf errs;
	int strict;

	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	write_file(dir, "site.ini", "[site]\nhome_area = E1\n");
	write_file(dir, "metrics.csv",
		   "id,title,unit,polarity,frequency\n"
		   "adm,Admissions,count,lower,quarter\n"
		   "beds,Beds,count,lower,quarter\n"
		   "calls,Calls,count,higher,quarter\n");
	snprintf(sub, sizeof(sub), "%s/data", dir);
	mkdir(sub, 0755);
	write_file(dir, "data/f.csv",
		   "metric,area_code,period,value\n"
		   "adm,E1,2018-19 Q1,10\nadm,E1,2018-19 Q2,11\nadm,E1,2018-19 Q3,12\n"
		   "beds,E1,2018-19 Q2,4\nbeds,E1,2018-19 Q3,5\n"
		   "calls,E1,2018-19 Q2,7\ncalls,E1,2018-19 Q3,*\n");
	write_file(dir, "plans.csv",
		   "metric,area_code,period,plan\nadm,E1,2018-19 Q1,9\nadm,E1,2018-19 Q2,9\ncalls,E1,2018-19 Q2,6\n");
	for (strict = 0; strict < 2; strict++) {
		const char *want = strict ? "error" : "warning";
		char line[512];
		arena_init(&a);
		buf_init(&errs);
		diag_init(strict);
		diag_capture(&errs);
		CHECK(load_model(&m, &a, dir) == (strict ? -1 : 0));
		snprintf(line, sizeof(line),
			 "%s/data/f.csv:4:19: %s: adm for area E1 in 2018-19 Q3, its latest figure, has no plan, "
			 "though earlier periods have one (the last for 2018-19 Q2)\n", dir, want);
		CHECK_STR(errs.s ? errs.s : "", line);
		diag_capture(NULL);
		buf_release(&errs);
		arena_release(&a);
	}
	diag_init(0);
	site_remove_tree(dir);
}

int main(void)
{
	double v = -1;
	struct metric pct, cnt;
	char dir[] = "/tmp/bcfgen-test-XXXXXX", sub[600];
	struct arena a;
	struct model m;
	struct metric *nea, *rb;
	const struct obs *o;
	size_t n;
	struct buf errs;

	plain_shortest();
	/* numbers as exports write them */
	CHECK(cell("2536", &v) == CELL_NUMBER && v == 2536);
	CHECK(cell(" 2,536 ", &v) == CELL_NUMBER && v == 2536);
	CHECK(cell("1,234,567.5", &v) == CELL_NUMBER && v == 1234567.5);
	CHECK(cell("78.5%", &v) == CELL_NUMBER && v == 78.5);
	CHECK(cell("78.5 %", &v) == CELL_NUMBER && v == 78.5);
	CHECK(cell("-3.25", &v) == CELL_NUMBER && v == -3.25);
	CHECK(cell("6.93158962798202", &v) == CELL_NUMBER && v == 6.93158962798202);
	CHECK(cell("1e3", &v) == CELL_NUMBER && v == 1000);
	CHECK(cell("\t12\t", &v) == CELL_NUMBER && v == 12);
	CHECK(cell("-0", &v) == CELL_NUMBER && v == 0 && !signbit(v));
	/* suppressed, never zero; missing */
	CHECK(cell("*", &v) == CELL_SUPPRESSED);
	CHECK(cell("c", &v) == CELL_SUPPRESSED);
	CHECK(cell("..", &v) == CELL_SUPPRESSED);
	CHECK(cell(":", &v) == CELL_SUPPRESSED);
	CHECK(cell("x", &v) == CELL_SUPPRESSED);
	CHECK(cell("[c]", &v) == CELL_SUPPRESSED);
	CHECK(cell("[x]", &v) == CELL_SUPPRESSED);
	CHECK(cell("-", &v) == CELL_SUPPRESSED);
	CHECK(cell("", &v) == CELL_MISSING);
	CHECK(cell("  ", &v) == CELL_MISSING);
	CHECK(cell("NA", &v) == CELL_MISSING);
	/* not numbers */
	CHECK(cell("2,5x6", &v) == CELL_BAD);
	CHECK(cell("25,36", &v) == CELL_BAD);
	CHECK(cell("2536,", &v) == CELL_BAD);
	CHECK(cell("1,2345", &v) == CELL_BAD);
	CHECK(cell("nan", &v) == CELL_BAD);
	CHECK(cell("inf", &v) == CELL_BAD);
	CHECK(cell("0x10", &v) == CELL_BAD);
	CHECK(cell("1e999", &v) == CELL_BAD);
	CHECK(cell("%", &v) == CELL_BAD);
	CHECK(cell("1.2.3", &v) == CELL_BAD);

	/* how precisely a figure was rounded; halves of a number split at
	 * its thousands comma, which the loaders refuse */
	CHECK(cell_decimals("2536", 4) == 0 && cell_decimals("78.50%", 6) == 2);
	CHECK(cell_decimals("1.234567890123456789012345", 26) == 20);
	CHECK(cell_split_number("2", 1, "536", 3) && cell_split_number("-12", 3, "000.5%", 6));
	CHECK(!cell_split_number("2536", 4, "536", 3) && !cell_split_number("2", 1, "53", 2));
	CHECK(!cell_split_number("2", 1, "5360", 4) && !cell_split_number("", 0, "536", 3));

	/* ids that name files */
	CHECK(model_valid_id("nea", 3) && model_valid_id("care_homes-65", 13));
	CHECK(!model_valid_id("../x", 4) && !model_valid_id("NEA", 3) && !model_valid_id("", 0));

	/* figures for people and for downloads */
	memset(&pct, 0, sizeof(pct));
	pct.unit = UNIT_PERCENT;
	pct.decimals = 1;
	memset(&cnt, 0, sizeof(cnt));
	cnt.unit = UNIT_COUNT;
	cnt.decimals = 0;
	CHECK_STR(fmt(&pct, 78.46), "78.5%");
	CHECK_STR(fmt(&cnt, 1234567), "1,234,567");
	CHECK_STR(fmt(&cnt, -1234), "-1,234");
	CHECK_STR(fmt(&cnt, -0.2), "0");
	CHECK_STR(fmt(&pct, 999.96), "1,000.0%");
	CHECK_STR(plain(2218.3908045977), "2218.3908045977");
	CHECK_STR(plain(0.1 + 0.2), "0.30000000000000004");
	CHECK_STR(plain(100), "100");
	CHECK_STR(plain(1e-7), "0.0000001");
	/* figures that differ in the seventh digit stay apart */
	CHECK_STR(plain(1234567.1), "1234567.1");
	CHECK_STR(plain(2536.0001), "2536.0001");
	/* beyond 20 decimals: exact in exponent form, never rounded to 0 */
	CHECK_STR(plain(1e-300), "1e-300");
	CHECK(strtod(plain(1.5e-22), NULL) == 1.5e-22);
	/* nothing non-finite is ever printed, and huge values are no
	 * undefined conversion to long long */
	CHECK_STR(plain(NAN), "");
	CHECK_STR(plain(INFINITY), "");
	CHECK_STR(plain(-INFINITY), "");
	CHECK(strtod(plain(1e300), NULL) == 1e300);
	CHECK_STR(fmt(&cnt, NAN), "");
	CHECK_STR(fmt(&pct, INFINITY), "");
	CHECK(strchr(fmt(&cnt, 1e300), 'n') == NULL);
	/* cells: 1e308 is a number, which the loader then refuses as too large */
	CHECK(cell("1e308", &v) == CELL_NUMBER && v == 1e308);

	/* loading, merging plans, deriving values, filtering as of a report */
	if (!mkdtemp(dir))
		return 3;
	write_file(dir, "site.ini", "[site]\nhome_area = E1\n");
	write_file(dir, "metrics.csv",
		   "id,title,unit,polarity,frequency\n"
		   "nea,Admissions,rate_per_100k,lower,quarter\n"
		   "rb,Reablement,percent,higher,year\n");
	snprintf(sub, sizeof(sub), "%s/data", dir);
	mkdir(sub, 0755);
	write_file(dir, "data/nea.csv",
		   "metric,area_code,period,numerator,denominator\n"
		   "nea,E1,2018-19 Q1,50,100000\n"
		   "nea,E1,2018-19 Q2,60,100000\n"
		   "nea,E1,2018-19 Q3,*,100000\n"
		   "nea,E2,2018-19 Q1,10,1000\n");
	write_file(dir, "data/rb.csv", "area_code,2017/18,2018/19\nE1,80%,81.5%\n");
	write_file(dir, "plans.csv", "metric,area_code,period,plan\nnea,E1,2018-19 Q2,55\nnea,E1,2019-20 Q1,40\n");
	arena_init(&a);
	buf_init(&errs);
	diag_init(0);
	diag_capture(&errs);
	CHECK(load_model(&m, &a, dir) == 0);
	CHECK_STR(errs.s, "");
	nea = model_metric(&m, "nea", 3);
	rb = model_metric(&m, "rb", 2);
	CHECK(nea && rb && m.home == 0 && m.n_areas == 2);
	if (nea && rb) {
		o = model_series(nea, m.home, INT_MAX, &n);
		CHECK(n == 4);	/* three quarters and a plan-only period */
		CHECK(o[0].value == 50 && (o[0].flags & OBS_VALUE));
		CHECK(o[1].value == 60 && (o[1].flags & OBS_PLAN) && o[1].plan == 55);
		CHECK((o[2].flags & OBS_SUPPRESSED) && !(o[2].flags & OBS_VALUE));
		CHECK(!(o[3].flags & OBS_DATA) && o[3].plan == 40);
		/* as of the end of 2018-19 Q2 (September 2018) */
		o = model_series(nea, m.home, 2018 * 12 + 8, &n);
		CHECK(n == 2);
		CHECK(model_latest(o, n) == &o[1]);
		/* as of the end of Q1: the Q2 figure is not yet published */
		o = model_series(nea, m.home, 2018 * 12 + 5, &n);
		CHECK(n == 1 && model_latest(o, n)->value == 50);
		/* annual data appear only once the year has ended */
		o = model_series(rb, m.home, 2018 * 12 + 8, &n);
		CHECK(n == 1 && o[0].value == 80);
		o = model_series(rb, m.home, 2019 * 12 + 2, &n);
		CHECK(n == 2 && o[1].value == 81.5);
		CHECK(model_first_data_month(&m) == 2018 * 12 + 2 && model_last_data_month(&m) == 2019 * 12 + 2);
	}
	diag_capture(NULL);
	buf_release(&errs);
	arena_release(&a);
	site_remove_tree(dir);
	missing_plan();
	return test_done("model");
}
