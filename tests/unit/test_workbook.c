/* Workbook cell references, date serials, numbers as text, and the
 * Sheet!C14 places of diagnostics. */
#include "harness.h"
#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "workbook.h"
#include "workbook_impl.h"

#include <string.h>

static const char *date(double serial, int date1904)
{
	static char out[11];
	if (workbook_date(serial, date1904, out) < 0)
		return "(bad)";
	return out;
}

static void refs(void)
{
	int row = -1;

	CHECK(workbook_ref("A1", &row) == 1 && row == 1);
	CHECK(workbook_ref("C14", &row) == 3 && row == 14);
	CHECK(workbook_ref("Z9", &row) == 26 && row == 9);
	CHECK(workbook_ref("AA1", &row) == 27);
	CHECK(workbook_ref("AZ1", &row) == 52);
	CHECK(workbook_ref("XFD1048576", &row) == 16384 && row == 1048576);
	CHECK(workbook_ref("c14", &row) == 3 && row == 14);
	CHECK(workbook_ref("D", &row) == 4 && row == 0);
	CHECK(workbook_ref("XFE1", &row) == -1);	/* past Excel's last column */
	CHECK(workbook_ref("A1048577", &row) == -1);
	CHECK(workbook_ref("A0", &row) == -1);
	CHECK(workbook_ref("14", &row) == -1);
	CHECK(workbook_ref("", &row) == -1);
	CHECK(workbook_ref("A1B", &row) == -1);
	CHECK(workbook_ref("AAAAAAAAAAAAAAAAAAAA1", &row) == -1);
}

static void dates(void)
{
	/* the 1900 system: day 1 is 1900-01-01, and Excel's phantom
	 * 1900-02-29 (day 60) shifts every later day by one */
	CHECK_STR(date(1, 0), "1900-01-01");
	CHECK_STR(date(59, 0), "1900-02-28");
	CHECK_STR(date(60, 0), "1900-02-29");
	CHECK_STR(date(61, 0), "1900-03-01");
	CHECK_STR(date(43282, 0), "2018-07-01");
	CHECK_STR(date(43282.75, 0), "2018-07-01");	/* a time of day left out */
	CHECK_STR(date(2958465, 0), "9999-12-31");
	/* the 1904 system: day 0 is 1904-01-01, 1462 days after */
	CHECK_STR(date(0, 1), "1904-01-01");
	CHECK_STR(date(43282 - 1462, 1), "2018-07-01");
	CHECK_STR(date(-1, 0), "(bad)");
	CHECK_STR(date(3e9, 0), "(bad)");
}

static void numbers(void)
{
	struct arena a;

	arena_init(&a);
	/* a percent cell's fraction times 100 in decimal, never 81.49999999999999 */
	CHECK_STR(wb_percent(&a, "0.815"), "81.5");
	CHECK_STR(wb_percent(&a, "0.795"), "79.5");
	CHECK_STR(wb_percent(&a, "1"), "100");
	CHECK_STR(wb_percent(&a, "-0.07"), "-7");
	CHECK_STR(wb_percent(&a, "8.15E-3"), "0.815");
	CHECK_STR(wb_percent(&a, "0.12345678901234566"), "12.345678901234566");
	CHECK_STR(wb_percent(&a, "x"), "x");
	/* numbers as General shows them: the shortest text of the same double */
	CHECK_STR(wb_number(&a, "82.09999999999999"), "82.1");
	CHECK_STR(wb_number(&a, "82.40000000000001"), "82.4");
	CHECK_STR(wb_number(&a, "0.1"), "0.1");
	CHECK_STR(wb_number(&a, "1234567"), "1234567");
	CHECK_STR(wb_number(&a, "0.30000000000000004"), "0.30000000000000004");
	CHECK_STR(wb_number(&a, "1E3"), "1000");
	CHECK_STR(wb_number(&a, "text"), "text");
	arena_release(&a);
}

static void places(void)
{
	struct buf out;

	buf_init(&out);
	diag_init(0);
	diag_capture(&out);
	diag_sheet("data/bcf.xlsx", "Metrics");
	diag_error("data/bcf.xlsx", 14, 3, "bad");
	diag_error("data/bcf.xlsx", 2, 28, "bad");
	diag_error("data/bcf.xlsx", 7, 0, "row");
	diag_error("data/bcf.xlsx", 0, 0, "file");
	diag_error("data/other.csv", 14, 3, "csv");
	diag_sheet("data/bcf.xlsx", "Bob's\nsheet");
	diag_error("data/bcf.xlsx", 1, 1, "again");
	diag_capture(NULL);
	buf_add(&out, "", 1);
	CHECK_STR(out.s, "data/bcf.xlsx:Metrics!C14: error: bad\n"
		  "data/bcf.xlsx:Metrics!AB2: error: bad\n"
		  "data/bcf.xlsx:Metrics!7: error: row\n"
		  "data/bcf.xlsx: error: file\n"
		  "data/other.csv:14:3: error: csv\n"
		  "data/bcf.xlsx:'Bob''s sheet'!A1: error: again\n");
	buf_release(&out);
	diag_init(0);
}

/* Not a workbook: refused with a message, nothing read. */
static void not_zip(void)
{
	struct arena a;
	struct csv_table t;
	struct buf out;

	arena_init(&a);
	buf_init(&out);
	diag_capture(&out);
	CHECK(workbook_is_zip("PK\x03\x04", 4));
	CHECK(!workbook_is_zip("PK", 2));
	CHECK(workbook_read(&a, "x.xlsx", "PK\x03\x04junk", 8, NULL, &t) == -1);
	CHECK(t.n == 0);
	diag_capture(NULL);
	buf_add(&out, "", 1);
	CHECK(strstr(out.s, "cannot be opened") != NULL);
	buf_release(&out);
	arena_release(&a);
	diag_init(0);
}

int main(void)
{
	refs();
	dates();
	numbers();
	places();
	not_zip();
	return test_done("workbook");
}
