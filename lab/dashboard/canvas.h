/* canvas: the dashboard's screen as a grid of cells, drawn by the panels
 * and shown either through ncurses (term.c) or as plain text (--once).
 *
 * Panels write UTF-8 text; every code point takes one column (the
 * dashboard only uses single-width characters). A style names what a
 * cell means, never a colour: term.c maps styles to colours or, on a
 * monochrome terminal, to bold/reverse/underline. */
#ifndef ISOLAB_DASHBOARD_CANVAS_H
#define ISOLAB_DASHBOARD_CANVAS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum style {
	ST_NORMAL, ST_TITLE, ST_DIM, ST_GOOD, ST_BAD, ST_WARN, ST_FOCUS,
	ST_SEG0, ST_SEG1, ST_SEG2, ST_SEG3, ST_SEG4, ST_SEG5,
	ST_COUNT
};
#define SEG_STYLES 6

struct cell {
	uint32_t ch;
	uint8_t style;
};

struct canvas {
	int w, h;
	bool utf8; /* block elements and check marks, or ASCII */
	struct cell *cells;
};

int canvas_init(struct canvas *c, int w, int h, bool utf8);
void canvas_free(struct canvas *c);
void canvas_clear(struct canvas *c);
/* Writes at most maxw columns of utf8 text at (x, y), clipped to the
 * canvas; returns the columns written. */
int canvas_text(struct canvas *c, int x, int y, int maxw, enum style st,
		const char *utf8);
int canvas_printf(struct canvas *c, int x, int y, int maxw, enum style st,
		  const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void canvas_fill(struct canvas *c, int x, int y, int n, uint32_t ch,
		 enum style st);
/* Glyphs that fall back to ASCII. */
uint32_t canvas_check(const struct canvas *c, bool yes); /* ✓ ✗ / + - */
uint32_t canvas_segment(const struct canvas *c, int k); /* bar fills */
/* Plain text, trailing blanks trimmed, one line per row. */
void canvas_print(const struct canvas *c, FILE *f);
/* Encodes ch as UTF-8 into buf (5 bytes); returns the length. */
int utf8_encode(uint32_t ch, char *buf);

#endif
