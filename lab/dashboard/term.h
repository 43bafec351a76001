/* term: the terminal, through ncurses: checks that there is a usable one,
 * opens it (cbreak, no echo, hidden cursor, keypad), shows a canvas by
 * sending only the rows that changed, follows resizes, and restores it
 * (endwin) on every way out. Styles become colours, or on a monochrome
 * terminal, NO_COLOR or --no-color, bold/dim/reverse only. */
#ifndef ISOLAB_DASHBOARD_TERM_H
#define ISOLAB_DASHBOARD_TERM_H

#include <stdbool.h>

#include "lab/dashboard/canvas.h"
#include "lab/host/err.h"

struct term {
	bool open, color, utf8;
	void *screen; /* ncurses' SCREEN */
	int w, h;
	struct canvas shown; /* what the screen holds now */
};

/* Whether the locale is UTF-8 (block elements), after setlocale. */
bool term_locale_utf8(void);
/* ERR_USAGE when standard output or input is not a terminal, or TERM is
 * unset or dumb. */
int term_check(struct err *err);
int term_open(struct term *t, bool no_color, struct err *err);
/* After SIGWINCH: the new size from the terminal. */
void term_resize(struct term *t);
void term_show(struct term *t, const struct canvas *cv);
void term_close(struct term *t);

#endif
