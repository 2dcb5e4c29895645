#include "cell.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

void cell_trim(const char **s, size_t *len)
{
	while (*len && is_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && is_space((*s)[*len - 1]))
		(*len)--;
}

static int eq_ci(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && strncasecmp(s, word, len) == 0;
}

enum cell_kind cell_parse(const char *s, size_t len, double *out)
{
	static const char *const suppressed[] = { "*", "c", "..", ":", "x", "[c]", "[x]", "-", NULL };
	char tmp[64];
	size_t i, n = 0, digits = 0, group = 0;
	int seen_comma = 0, seen_point = 0, seen_exp = 0;
	char *end;
	int k;

	cell_trim(&s, &len);
	if (len == 0 || eq_ci(s, len, "NA") || eq_ci(s, len, "N/A"))
		return CELL_MISSING;
	for (k = 0; suppressed[k]; k++)
		if (eq_ci(s, len, suppressed[k]))
			return CELL_SUPPRESSED;
	if (s[len - 1] == '%') {
		len--;
		while (len && is_space(s[len - 1]))
			len--;
	}
	if (len == 0 || len >= sizeof(tmp))
		return CELL_BAD;
	/* [+-]digits with optional thousands commas [.digits][e[+-]digits] */
	i = 0;
	if (s[i] == '+' || s[i] == '-')
		tmp[n++] = s[i++];
	for (; i < len; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			tmp[n++] = c;
			digits++;
			group++;
		} else if (c == ',' && !seen_point && !seen_exp) {
			/* groups of three after the first */
			if (digits == 0 || (seen_comma && group != 3) || (!seen_comma && group > 3))
				return CELL_BAD;
			seen_comma = 1;
			group = 0;
		} else if (c == '.' && !seen_point && !seen_exp) {
			if (seen_comma && group != 3)
				return CELL_BAD;
			seen_point = 1;
			seen_comma = 0;
			tmp[n++] = c;
		} else if ((c == 'e' || c == 'E') && digits && !seen_exp) {
			if (seen_comma && group != 3)
				return CELL_BAD;
			seen_exp = 1;
			seen_comma = 0;
			tmp[n++] = c;
			if (i + 1 < len && (s[i + 1] == '+' || s[i + 1] == '-'))
				tmp[n++] = s[++i];
			if (i + 1 >= len)
				return CELL_BAD;
		} else {
			return CELL_BAD;
		}
	}
	if (!digits || (seen_comma && group != 3))
		return CELL_BAD;
	tmp[n] = '\0';
	errno = 0;
	*out = strtod(tmp, &end);
	if (*end || errno == ERANGE || !isfinite(*out))
		return CELL_BAD;
	if (*out == 0)
		*out = 0;	/* no negative zero */
	return CELL_NUMBER;
}

int cell_decimals(const char *s, size_t len)
{
	const char *dot = memchr(s, '.', len);
	int n = 0;
	if (!dot)
		return 0;
	while (++dot < s + len && *dot >= '0' && *dot <= '9')
		n++;
	return n > 20 ? 20 : n;
}

/* The halves of a number split at its thousands comma: a whole number of
 * 1-3 digits, then 3 digits and perhaps a decimal part. */
static int digits_head(const char *s, size_t len)
{
	size_t i = len && (s[0] == '-' || s[0] == '+');
	size_t d = 0;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		d++;
	return i == len && d >= 1 && d <= 3;
}

static int digits_tail(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i != 3)
		return 0;
	if (i < len && s[i] == '.')
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			;
	if (i < len && s[i] == '%')
		i++;
	return i == len;
}

int cell_split_number(const char *a, size_t alen, const char *b, size_t blen)
{
	return digits_head(a, alen) && digits_tail(b, blen);
}
