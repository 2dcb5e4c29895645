/* A data file of any shape loaded against a fixed catalogue, then merged
 * and checked: never a crash.  An input that starts with '[' is site.ini
 * up to a line '==', then the file x.csv that its [data] sections read.
 * The same bytes are then read as annotations.csv, against the areas the
 * data file named. */
#include "arena.h"
#include "annotations.h"
#include "catalogue.h"
#include "datafile.h"
#include "fuzz_common.h"
#include "model.h"
#include "settings.h"
#include "validate.h"

#include <string.h>

static const char catalogue[] =
	"id,title,unit,polarity,frequency\n"
	"nea,Admissions,rate_per_100k,lower,quarter\n"
	"dtoc,Delays,count,lower,month\n"
	"rb,Reablement,percent,higher,year\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct model m;
	size_t n, k;

	fuzz_begin();
	arena_init(&a);
	model_init(&m, &a, "fuzz");
	if (catalogue_parse(&m, "metrics.csv", catalogue, sizeof(catalogue) - 1) == 0) {
		const char *d = (const char *)data;
		size_t at = 0;
		if (size && d[0] == '[') {
			while (at + 4 <= size && memcmp(d + at, "\n==\n", 4))
				at++;
			if (at + 4 <= size) {
				settings_parse(&m.settings, &a, "site.ini", d, at);
				at += 4;
			} else {
				at = 0;
			}
		}
		/* the file name decides whether it can stand for a metric */
		datafile_parse(&m, "data/nea.csv", at || !(size && data[0] & 1) ? "x.csv" : "nea.csv",
			       d + at, size - at);
		validate_observations(&m);
		annotations_parse(&m, "annotations.csv", d + at, size - at);
		for (k = 0; k < m.n_metrics; k++) {
			const struct obs *o = model_series(&m.metrics[k], 0, 1 << 30, &n);
			(void)model_latest(o, n);
		}
	}
	arena_release(&a);
	return 0;
}
