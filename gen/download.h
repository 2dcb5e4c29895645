#ifndef BCF_DOWNLOAD_H
#define BCF_DOWNLOAD_H
/* The CSV downloads: the columns every download has (the README is their
 * contract), one series' rows, and the rows of an earlier download taken
 * into data.csv.  Text cells that a spreadsheet would run as a formula are
 * written as text. */
#include <stddef.h>

#include "report.h"

struct arena;
struct buf;
struct site_sink;

/* The header of a report's <metric>-compare.csv: the funnel plot's areas
 * with the limits at each one's denominator. */
#define DOWNLOAD_COMPARE_HEADER "area_code,area_name,period,numerator,denominator,value,target,lower_95," \
	"upper_95,lower_998,upper_998,verdict\n"
#define DOWNLOAD_HEADER "metric,area_code,area_name,period,numerator,denominator,value,lower_ci," \
	"upper_ci,plan,mean,lower_process_limit,upper_process_limit,variation,assurance," \
	"comparison,flag,unit\n"

/* The text of download rows kept between the reports of a build: a row's
 * figures are the same in every report that shows it.  Kept up to a
 * budget, so that memory stays bounded by the input. */
struct download_cache {
	struct arena *a;		/* where the text is kept */
	char ***row_text;		/* [metric][obs] */
	size_t row_text_bytes;		/* at most DOWNLOAD_TEXT_BUDGET */
	int keep;			/* a later report of this worker may show
					 * the rows made now: keep their text */
};

/* The download rows' text kept between reports: 64 MiB, several times
 * what the national workload of the benchmark (100,000 figures) needs. */
#define DOWNLOAD_TEXT_BUDGET ((size_t)64 << 20)

/* Append the rows of points from to to - 1 of one series to b. */
void download_rows(struct download_cache *c, const struct model *m, const struct metric *mt,
		   const struct series *s, size_t from, size_t to, struct buf *b);
/* The rows rm's page shows, onto b: its area's series up to the quarter,
 * the benchmark's, and, with compared, every other compared area's
 * figure in the period of the comparison (in order of code), each with
 * its statistics as of the report. */
void download_metric(struct download_cache *c, const struct model *m, const struct report_metric *rm,
		     int compared, struct buf *b);
/* The rows of the download at path (all but its header) onto data_csv, a
 * piece at a time; -1 if it cannot be read or is not a download of ours. */
int download_append(const char *path, struct site_sink *data_csv);

#endif
