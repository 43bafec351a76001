#include "lab/workload/out.h"

#include "lab/proto/workload_proto.h"

void line_str(struct line *l, const char *s)
{
	while (*s && l->len < sizeof(l->buf))
		l->buf[l->len++] = *s++;
}

static void line_digits(struct line *l, uint64_t v, unsigned base)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n && l->len < sizeof(l->buf))
		l->buf[l->len++] = tmp[--n];
}

void line_u64(struct line *l, uint64_t v)
{
	line_digits(l, v, 10);
}

void line_hex(struct line *l, uint64_t v)
{
	line_digits(l, v, 16);
}

void line_i64(struct line *l, long v)
{
	if (v < 0) {
		line_str(l, "-");
		line_digits(l, (uint64_t)0 - (uint64_t)v, 10);
	} else {
		line_digits(l, (uint64_t)v, 10);
	}
}

void line_flush(struct line *l, int fd)
{
	size_t done = 0;

	while (done < l->len) {
		long n = sys3(SYS_write, fd, l->buf + done, l->len - done);

		if (n <= 0)
			break; /* fd 3 closed outside isolab: nothing to do */
		done += (size_t)n;
	}
	l->len = 0;
}

size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int str_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

const char *str_after(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return 0;
	return s;
}

int parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (~0ul - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

static void format_kv(struct line *l, const char *key, uint64_t v, int hex)
{
	line_str(l, key);
	line_str(l, "=");
	hex ? line_hex(l, v) : line_u64(l, v);
	line_str(l, "\n");
}

void line_result(struct line *l, const char *key, uint64_t v)
{
	line_str(l, "result ");
	format_kv(l, key, v, 0);
}

void send_result(const char *key, uint64_t v)
{
	struct line l = { .len = 0 };

	line_result(&l, key, v);
	line_flush(&l, WORKLOAD_CHANNEL_FD);
}

static void report(const char *key, uint64_t v, int hex)
{
	struct line l = { .len = 0 };

	line_str(&l, "result ");
	format_kv(&l, key, v, hex);
	line_flush(&l, WORKLOAD_CHANNEL_FD);
	format_kv(&l, key, v, hex);
	line_flush(&l, 1);
}

void report_u64(const char *key, uint64_t v)
{
	report(key, v, 0);
}

void report_hex(const char *key, uint64_t v)
{
	report(key, v, 1);
}
