/* term: ncurses setup, drawing and teardown. */
#include "lab/dashboard/term.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

bool term_locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && strcmp(cs, "UTF-8") == 0;
}

int term_check(struct err *err)
{
	const char *term = getenv("TERM");

	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO))
		return err_set(err, ERR_USAGE,
			       "isolab dashboard needs a terminal (standard %s is not one); use isolab compare, or dashboard --once, for plain text",
			       isatty(STDOUT_FILENO) ? "input" : "output");
	if (!term || !*term || strcmp(term, "dumb") == 0)
		return err_set(err, ERR_USAGE,
			       "isolab dashboard needs a terminal that can move the cursor (TERM is %s); use isolab compare, or dashboard --once, for plain text",
			       term && *term ? term : "unset");
	return 0;
}

enum { PAIR_GOOD = 1, PAIR_BAD, PAIR_WARN, PAIR_TITLE, PAIR_SEG0 };

static const short seg_colors[SEG_STYLES] = {
	COLOR_CYAN, COLOR_MAGENTA, COLOR_YELLOW, COLOR_GREEN, COLOR_BLUE,
	COLOR_RED,
};

static void init_colors(void)
{
	start_color();
	use_default_colors();
	init_pair(PAIR_GOOD, COLOR_GREEN, -1);
	init_pair(PAIR_BAD, COLOR_RED, -1);
	init_pair(PAIR_WARN, COLOR_YELLOW, -1);
	init_pair(PAIR_TITLE, COLOR_CYAN, -1);
	for (int i = 0; i < SEG_STYLES; i++)
		init_pair((short)(PAIR_SEG0 + i), seg_colors[i], -1);
}

/* A style's attributes and colour pair. Without colour, meaning is kept
 * by weight and video: a failure is bold, the focus reversed. */
static void style_of(const struct term *t, enum style st, attr_t *attr,
		     short *pair)
{
	*attr = A_NORMAL;
	*pair = 0;
	switch (st) {
	case ST_TITLE: *attr = A_BOLD; *pair = t->color ? PAIR_TITLE : 0; break;
	case ST_DIM: *attr = A_DIM; break;
	case ST_GOOD: *pair = t->color ? PAIR_GOOD : 0; break;
	case ST_BAD: *attr = A_BOLD; *pair = t->color ? PAIR_BAD : 0; break;
	case ST_WARN: *attr = t->color ? A_NORMAL : A_UNDERLINE;
		*pair = t->color ? PAIR_WARN : 0; break;
	case ST_FOCUS: *attr = A_REVERSE | A_BOLD; break;
	default:
		if (st >= ST_SEG0 && st < ST_SEG0 + SEG_STYLES && t->color)
			*pair = (short)(PAIR_SEG0 + (st - ST_SEG0));
		break;
	}
}

int term_open(struct term *t, bool no_color, struct err *err)
{
	const char *nc = getenv("NO_COLOR");

	memset(t, 0, sizeof(*t));
	t->utf8 = term_locale_utf8();
	t->screen = newterm(NULL, stdout, stdin);
	if (!t->screen)
		return err_set(err, ERR_USAGE,
			       "isolab dashboard cannot use this terminal (TERM=%s); use isolab compare",
			       getenv("TERM"));
	t->open = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	timeout(0); /* getch never waits: the main loop poll()s */
	curs_set(0);
	/* NO_COLOR: any value, even empty, as no-color.org says. */
	t->color = has_colors() && !no_color && !nc;
	if (t->color)
		init_colors();
	getmaxyx(stdscr, t->h, t->w);
	return 0;
}

void term_resize(struct term *t)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col && ws.ws_row)
		resizeterm(ws.ws_row, ws.ws_col);
	getmaxyx(stdscr, t->h, t->w);
	canvas_free(&t->shown);
	clear();
}

static bool row_same(const struct canvas *a, const struct canvas *b, int y)
{
	return a->cells && a->w == b->w && a->h == b->h &&
	       memcmp(&a->cells[y * a->w], &b->cells[y * b->w],
		      (size_t)a->w * sizeof(struct cell)) == 0;
}

void term_show(struct term *t, const struct canvas *cv)
{
	cchar_t *line = calloc((size_t)cv->w + 1, sizeof(*line));

	if (!line)
		return;
	for (int y = 0; y < cv->h; y++) {
		if (row_same(&t->shown, cv, y))
			continue; /* only what changed goes out */
		for (int x = 0; x < cv->w; x++) {
			const struct cell *c = &cv->cells[y * cv->w + x];
			wchar_t wc[2] = { (wchar_t)c->ch, 0 };
			attr_t attr;
			short pair;

			style_of(t, (enum style)c->style, &attr, &pair);
			setcchar(&line[x], wc, attr, pair, NULL);
		}
		mvadd_wchnstr(y, 0, line, cv->w);
	}
	free(line);
	refresh();
	if (!t->shown.cells || t->shown.w != cv->w || t->shown.h != cv->h) {
		canvas_free(&t->shown);
		if (canvas_init(&t->shown, cv->w, cv->h, cv->utf8) < 0)
			return;
	}
	memcpy(t->shown.cells, cv->cells,
	       (size_t)cv->w * (size_t)cv->h * sizeof(struct cell));
}

void term_close(struct term *t)
{
	if (!t->open)
		return;
	curs_set(1);
	endwin();
	delscreen(t->screen);
	canvas_free(&t->shown);
	t->open = false;
}
