/* Number and period parsing: never a crash; a parsed period prints a slug
 * that parses back to the same period; a number is finite. */
#include "cell.h"
#include "format.h"
#include "fuzz_common.h"
#include "period.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	double v;
	struct period p, q;
	char slug[PERIOD_TEXT_MAX], label[PERIOD_TEXT_MAX], span[PERIOD_TEXT_MAX];
	enum period_kind prefer;

	if (cell_parse(s, size, &v) == CELL_NUMBER && !isfinite(v))
		abort();
	for (prefer = PERIOD_NONE; prefer <= PERIOD_YEAR; prefer++) {
		if (period_parse(s, size, prefer, &p) < 0)
			continue;
		period_slug(&p, slug);
		period_label(&p, label);
		period_span(&p, span);
		if (period_parse(slug, strlen(slug), p.kind, &q) < 0 || period_cmp(&p, &q) != 0 ||
		    q.kind != p.kind)
			abort();
		if (period_start_month(&p) > period_end_month(&p))
			abort();
	}
	{
		char text[64];
		model_format_plain(size ? (double)data[0] / 7.0 : 0, text, sizeof(text));
	}
	return 0;
}
