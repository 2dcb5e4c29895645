/* A data file of any shape loaded against a fixed catalogue, then merged
 * and checked: never a crash. */
#include "arena.h"
#include "catalogue.h"
#include "datafile.h"
#include "fuzz_common.h"
#include "model.h"
#include "validate.h"

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
		/* the file name decides whether it can stand for a metric */
		datafile_parse(&m, "data/nea.csv", size && data[0] & 1 ? "nea.csv" : "x.csv",
			       (const char *)data, size);
		validate_observations(&m);
		for (k = 0; k < m.n_metrics; k++) {
			const struct obs *o = model_series(&m.metrics[k], 0, 1 << 30, &n);
			(void)model_latest(o, n);
		}
	}
	arena_release(&a);
	return 0;
}
