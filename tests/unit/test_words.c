/* Words for people: a figure with its unit says the unit in full when the
 * catalogue gives a unit_label, never 'per 100,000' twice; a chart's unit
 * sentence; the catalogue's unit_label as read. */
#include "arena.h"
#include "buf.h"
#include "catalogue.h"
#include "diag.h"
#include "format.h"
#include "harness.h"
#include "model.h"
#include "words.h"

#include <string.h>

/* A metric of unit u with label (NULL: none). */
static struct metric metric(enum unit u, int decimals, enum polarity p, const char *label)
{
	struct metric mt;

	memset(&mt, 0, sizeof(mt));
	mt.unit = u;
	mt.decimals = decimals;
	mt.polarity = p;
	mt.unit_label = label;
	return mt;
}

static void value_unit(struct arena *a)
{
	struct metric rate = metric(UNIT_RATE, 1, POLARITY_LOWER, NULL);
	struct metric days = metric(UNIT_DAYS, 1, POLARITY_LOWER, "");
	struct metric pct = metric(UNIT_PERCENT, 1, POLARITY_HIGHER, NULL);
	struct metric num = metric(UNIT_NUMBER, 1, POLARITY_LOWER, NULL);

	/* without a label: the unit's own words, as before */
	CHECK_STR(words_value_unit(a, &rate, 486.21), "486.2 per 100,000");
	CHECK_STR(words_value_unit(a, &days, 5.8), "5.8 days");
	CHECK_STR(words_value_unit(a, &pct, 78.46), "78.5%");
	CHECK_STR(words_value_unit(a, &num, 1234.5), "1,234.5");
	CHECK_STR(model_unit_label(&rate), "rate per 100,000");
	CHECK_STR(model_unit_label(&num), "number");

	/* a label replaces the unit's words, never follows them */
	rate.unit_label = "per 100,000 people aged 65+";
	CHECK_STR(words_value_unit(a, &rate, 486.21), "486.2 per 100,000 people aged 65+");
	CHECK_STR(model_unit_label(&rate), "per 100,000 people aged 65+");
	rate.unit_label = "Per 100,000 residents";
	CHECK_STR(words_value_unit(a, &rate, 2155.34), "2,155.3 Per 100,000 residents");
	/* one that does not read on from a figure goes in brackets */
	rate.unit_label = "age-standardised rate per 100,000";
	CHECK_STR(words_value_unit(a, &rate, 2056), "2,056.0 (age-standardised rate per 100,000)");
	num.unit_label = "delayed days per day";
	CHECK_STR(words_value_unit(a, &num, 5.26), "5.3 (delayed days per day)");
	days.unit_label = "days per stay";
	CHECK_STR(words_value_unit(a, &days, 5.8), "5.8 (days per stay)");
	/* a percentage's sign says 'percent' */
	pct.unit_label = "percent of non-elective spells";
	CHECK_STR(words_value_unit(a, &pct, 12.78), "12.8% of non-elective spells");
	pct.unit_label = "% of discharges";
	CHECK_STR(words_value_unit(a, &pct, 12.78), "12.8% of discharges");
	pct.unit_label = "percent";
	CHECK_STR(words_value_unit(a, &pct, 12.78), "12.8%");
	pct.unit_label = "percentage of discharges";
	CHECK_STR(words_value_unit(a, &pct, 12.78), "12.8% (percentage of discharges)");
	/* the figure itself is as it was */
	CHECK_STR(words_value(a, &pct, 12.78), "12.8%");
}

static void unit_sentence(struct arena *a)
{
	struct metric rate = metric(UNIT_RATE, 1, POLARITY_LOWER, NULL);
	struct metric num = metric(UNIT_NUMBER, 0, POLARITY_HIGHER, "");
	struct metric cnt = metric(UNIT_COUNT, 0, POLARITY_NEUTRAL, NULL);

	CHECK_STR(words_unit_sentence(a, &rate), "Rate per 100,000. Lower is better.");
	CHECK_STR(words_unit_sentence(a, &cnt), "Count. Neither higher nor lower is better.");
	/* 'Number.' says nothing */
	CHECK_STR(words_unit_sentence(a, &num), "Higher is better.");
	num.unit_label = "delayed days per day";
	CHECK_STR(words_unit_sentence(a, &num), "Delayed days per day. Higher is better.");
	rate.unit_label = "per 100,000 people aged 65+ (age-standardised).";
	CHECK_STR(words_unit_sentence(a, &rate), "Per 100,000 people aged 65+ (age-standardised). Lower is better.");
}

/* unit_label as metrics.csv gives it: trimmed, optional; too long or with
 * a control character in it, an error at the cell. */
static void catalogue_label(void)
{
	static const char good[] = "id,title,unit,polarity,frequency,unit_label\n"
				   "a,A,rate_per_100k,lower,year,\"  per 100,000 people aged 65+ \"\n"
				   "b,B,count,lower,year,\n";
	static const char bad[] = "id,title,unit,polarity,frequency,unit_label\n"
				  "a,A,count,lower,year,\"two\nlines\"\n"
				  "b,B,count,lower,year,"
				  "\"\xc3\xa9\xc3\xa9\xc3\xa9 per 100,000 people aged 65 and over who live in the borough "
				  "and no further on\"\n"
				  "c,C,count,lower,year,\"\xc2\x85\"\n";
	struct arena a;
	struct model m;
	struct buf errs;

	arena_init(&a);
	buf_init(&errs);
	diag_init(0);
	diag_capture(&errs);
	model_init(&m, &a, "metrics");
	CHECK(catalogue_parse(&m, "metrics.csv", good, sizeof(good) - 1) == 0);
	CHECK(m.n_metrics == 2);
	if (m.n_metrics == 2) {
		CHECK_STR(m.metrics[0].unit_label, "per 100,000 people aged 65+");
		CHECK_STR(model_unit_label(&m.metrics[1]), "count");
	}
	CHECK_STR(errs.s ? errs.s : "", "");
	arena_release(&a);

	buf_reset(&errs);
	arena_init(&a);
	model_init(&m, &a, "metrics");
	CHECK(catalogue_parse(&m, "metrics.csv", bad, sizeof(bad) - 1) == -1);
	CHECK_STR(errs.s ? errs.s : "",
		  "metrics.csv:2:22: error: unit_label holds a line break, tab or other control character: write "
		  "the unit on one line, e.g. 'per 100,000 people aged 65+'\n"
		  "metrics.csv:4:22: error: unit_label '\xc3\xa9\xc3\xa9\xc3\xa9 per 100,000 people aged 65 and "
		  "over ...' is 81 characters long: keep it to 80 (it heads tables and charts), e.g. 'per 100,000 "
		  "people aged 65+'\n"
		  "metrics.csv:5:22: error: unit_label holds a line break, tab or other control character: write "
		  "the unit on one line, e.g. 'per 100,000 people aged 65+'\n");
	diag_capture(NULL);
	buf_release(&errs);
	arena_release(&a);
}

int main(void)
{
	struct arena a;

	arena_init(&a);
	value_unit(&a);
	unit_sentence(&a);
	arena_release(&a);
	catalogue_label();
	return test_done("words");
}
