/* canvas: a cell grid, written to with UTF-8 text. */
#include "lab/dashboard/canvas.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int canvas_init(struct canvas *c, int w, int h, bool utf8)
{
	c->w = w;
	c->h = h;
	c->utf8 = utf8;
	c->cells = calloc((size_t)(w > 0 ? w : 1) * (size_t)(h > 0 ? h : 1),
			  sizeof(*c->cells));
	if (!c->cells)
		return -1;
	canvas_clear(c);
	return 0;
}

void canvas_free(struct canvas *c)
{
	free(c->cells);
	c->cells = NULL;
}

void canvas_clear(struct canvas *c)
{
	for (int i = 0; i < c->w * c->h; i++)
		c->cells[i] = (struct cell){ ' ', ST_NORMAL };
}

static void put(struct canvas *c, int x, int y, uint32_t ch, enum style st)
{
	if (x >= 0 && y >= 0 && x < c->w && y < c->h)
		c->cells[y * c->w + x] = (struct cell){ ch, (uint8_t)st };
}

/* One code point from s; invalid bytes become '?'. */
static uint32_t utf8_next(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t ch;
	int extra;

	if (p[0] < 0x80) {
		*s += 1;
		return p[0];
	}
	if ((p[0] & 0xe0) == 0xc0)
		ch = p[0] & 0x1f, extra = 1;
	else if ((p[0] & 0xf0) == 0xe0)
		ch = p[0] & 0x0f, extra = 2;
	else if ((p[0] & 0xf8) == 0xf0)
		ch = p[0] & 0x07, extra = 3;
	else {
		*s += 1;
		return '?';
	}
	for (int i = 1; i <= extra; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*s += i;
			return '?';
		}
		ch = (ch << 6) | (p[i] & 0x3f);
	}
	*s += 1 + extra;
	return ch;
}

int canvas_text(struct canvas *c, int x, int y, int maxw, enum style st,
		const char *s)
{
	int n = 0;

	while (*s && n < maxw) {
		uint32_t ch = utf8_next(&s);

		/* Control characters from a workload's output never reach
		 * the terminal. */
		if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0))
			ch = '?';
		if (ch == 0xb5 && !c->utf8)
			ch = 'u'; /* µs */
		else if (ch >= 0x80 && !c->utf8)
			ch = '?';
		put(c, x + n++, y, ch, st);
	}
	return n;
}

int canvas_printf(struct canvas *c, int x, int y, int maxw, enum style st,
		  const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return canvas_text(c, x, y, maxw, st, buf);
}

void canvas_fill(struct canvas *c, int x, int y, int n, uint32_t ch,
		 enum style st)
{
	for (int i = 0; i < n; i++)
		put(c, x + i, y, ch, st);
}

uint32_t canvas_check(const struct canvas *c, bool yes)
{
	if (c->utf8)
		return yes ? 0x2713 : 0x2717; /* ✓ ✗ */
	return yes ? '+' : '-';
}

uint32_t canvas_segment(const struct canvas *c, int k)
{
	/* Neighbouring segments differ in shape as well as colour, so a bar
	 * reads on a monochrome terminal. */
	static const uint32_t blocks[] = { 0x2588, 0x2592, 0x2593, 0x2591 };
	static const char ascii[] = "#=%+:*";

	if (c->utf8)
		return blocks[k % 4];
	return (uint32_t)ascii[k % 6];
}

int utf8_encode(uint32_t ch, char *buf)
{
	if (ch < 0x80) {
		buf[0] = (char)ch;
		return 1;
	}
	if (ch < 0x800) {
		buf[0] = (char)(0xc0 | (ch >> 6));
		buf[1] = (char)(0x80 | (ch & 0x3f));
		return 2;
	}
	if (ch < 0x10000) {
		buf[0] = (char)(0xe0 | (ch >> 12));
		buf[1] = (char)(0x80 | ((ch >> 6) & 0x3f));
		buf[2] = (char)(0x80 | (ch & 0x3f));
		return 3;
	}
	buf[0] = (char)(0xf0 | (ch >> 18));
	buf[1] = (char)(0x80 | ((ch >> 12) & 0x3f));
	buf[2] = (char)(0x80 | ((ch >> 6) & 0x3f));
	buf[3] = (char)(0x80 | (ch & 0x3f));
	return 4;
}

void canvas_print(const struct canvas *c, FILE *f)
{
	for (int y = 0; y < c->h; y++) {
		int end = c->w;

		while (end > 0 && c->cells[y * c->w + end - 1].ch == ' ')
			end--;
		for (int x = 0; x < end; x++) {
			char buf[5];
			int n = utf8_encode(c->cells[y * c->w + x].ch, buf);

			fwrite(buf, 1, (size_t)n, f);
		}
		fputc('\n', f);
	}
}
