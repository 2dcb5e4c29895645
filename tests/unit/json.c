#include "json.h"
#include "arena.h"
#include "buf.h"
#include "tmpl.h"

#include <stdlib.h>
#include <string.h>

struct jp {
	struct arena *a;
	const char *s;
	size_t len, pos;
	int depth;
};

static void ws(struct jp *p)
{
	while (p->pos < p->len && strchr(" \t\r\n", p->s[p->pos]))
		p->pos++;
}

static struct tv *value(struct jp *p);

static int hex4(struct jp *p, unsigned *out)
{
	unsigned v = 0;
	int i;
	if (p->pos + 4 > p->len)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = p->s[p->pos++];
		v <<= 4;
		if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
		else return -1;
	}
	*out = v;
	return 0;
}

static void utf8(struct buf *b, unsigned cp)
{
	if (cp < 0x80) {
		buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		buf_addc(b, (char)(0xC0 | (cp >> 6)));
		buf_addc(b, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		buf_addc(b, (char)(0xE0 | (cp >> 12)));
		buf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		buf_addc(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		buf_addc(b, (char)(0xF0 | (cp >> 18)));
		buf_addc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
		buf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		buf_addc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

static char *string(struct jp *p, size_t *len)
{
	struct buf b;
	char *r;

	if (p->pos >= p->len || p->s[p->pos] != '"')
		return NULL;
	p->pos++;
	buf_init(&b);
	while (p->pos < p->len && p->s[p->pos] != '"') {
		char c = p->s[p->pos++];
		if (c != '\\') {
			buf_addc(&b, c);
			continue;
		}
		if (p->pos >= p->len)
			goto bad;
		c = p->s[p->pos++];
		switch (c) {
		case 'n': buf_addc(&b, '\n'); break;
		case 't': buf_addc(&b, '\t'); break;
		case 'r': buf_addc(&b, '\r'); break;
		case 'b': buf_addc(&b, '\b'); break;
		case 'f': buf_addc(&b, '\f'); break;
		case 'u': {
			unsigned cp, lo;
			if (hex4(p, &cp) < 0)
				goto bad;
			if (cp >= 0xD800 && cp < 0xDC00 && p->pos + 6 <= p->len && p->s[p->pos] == '\\' &&
			    p->s[p->pos + 1] == 'u') {
				p->pos += 2;
				if (hex4(p, &lo) < 0)
					goto bad;
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			}
			utf8(&b, cp);
			break;
		}
		default: buf_addc(&b, c);
		}
	}
	if (p->pos >= p->len)
		goto bad;
	p->pos++;
	r = arena_strndup(p->a, b.s, b.len);
	*len = b.len;
	buf_release(&b);
	return r;
bad:
	buf_release(&b);
	return NULL;
}

static struct tv *value(struct jp *p)
{
	struct tv *v;
	size_t len;

	if (++p->depth > 200)
		return NULL;
	ws(p);
	if (p->pos >= p->len)
		return NULL;
	switch (p->s[p->pos]) {
	case '{':
		v = tv_map(p->a);
		p->pos++;
		ws(p);
		if (p->pos < p->len && p->s[p->pos] == '}') {
			p->pos++;
			break;
		}
		for (;;) {
			char *k;
			struct tv *item;
			ws(p);
			if (!(k = string(p, &len)))
				return NULL;
			ws(p);
			if (p->pos >= p->len || p->s[p->pos++] != ':')
				return NULL;
			if (!(item = value(p)))
				return NULL;
			tv_set(p->a, v, k, item);
			ws(p);
			if (p->pos < p->len && p->s[p->pos] == ',') {
				p->pos++;
				continue;
			}
			if (p->pos < p->len && p->s[p->pos] == '}') {
				p->pos++;
				break;
			}
			return NULL;
		}
		break;
	case '[':
		v = tv_list(p->a);
		p->pos++;
		ws(p);
		if (p->pos < p->len && p->s[p->pos] == ']') {
			p->pos++;
			break;
		}
		for (;;) {
			struct tv *item = value(p);
			if (!item)
				return NULL;
			tv_push(p->a, v, item);
			ws(p);
			if (p->pos < p->len && p->s[p->pos] == ',') {
				p->pos++;
				continue;
			}
			if (p->pos < p->len && p->s[p->pos] == ']') {
				p->pos++;
				break;
			}
			return NULL;
		}
		break;
	case '"': {
		char *s = string(p, &len);
		if (!s)
			return NULL;
		v = tv_strn(p->a, s, len);
		break;
	}
	default:
		if (p->len - p->pos >= 4 && !memcmp(p->s + p->pos, "true", 4)) {
			p->pos += 4;
			v = tv_bool(p->a, 1);
		} else if (p->len - p->pos >= 5 && !memcmp(p->s + p->pos, "false", 5)) {
			p->pos += 5;
			v = tv_bool(p->a, 0);
		} else if (p->len - p->pos >= 4 && !memcmp(p->s + p->pos, "null", 4)) {
			p->pos += 4;
			v = tv_null(p->a);
		} else {
			char tmp[64];
			size_t n = 0;
			while (p->pos < p->len && n < sizeof(tmp) - 1 && strchr("+-0123456789.eE", p->s[p->pos]))
				tmp[n++] = p->s[p->pos++];
			tmp[n] = '\0';
			if (!n)
				return NULL;
			v = tv_num(p->a, strtod(tmp, NULL));
		}
	}
	p->depth--;
	return v;
}

struct tv *json_parse(struct arena *a, const char *s, size_t len)
{
	struct jp p;
	struct tv *v;

	p.a = a;
	p.s = s;
	p.len = len;
	p.pos = 0;
	p.depth = 0;
	v = value(&p);
	ws(&p);
	return v && p.pos == p.len ? v : NULL;
}
