/* keys: the one table of the dashboard's keys: key codes, what they do,
 * and their help text. It drives both the dispatch and the help overlay
 * (and the hint line), as htop's Action.c does, so the help can never
 * drift from what the keys do. */
#ifndef ISOLAB_DASHBOARD_KEYS_H
#define ISOLAB_DASHBOARD_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "lab/dashboard/ui.h"

#define KEY_CODES_MAX 12

struct key_binding {
	int codes[KEY_CODES_MAX]; /* ncurses key codes, 0-terminated */
	const char *names;        /* as the help shows them */
	const char *hint;         /* for the bottom line, or NULL */
	const char *help;
	/* NULL: the key acts in the ladder view too (on the rungs); else
	 * why it does not, the one line it answers there. */
	const char *not_in_ladder;
	void (*run)(struct dash_ui *ui, int key);
};

/* In the order of priority: the hint line keeps the first ones that fit. */
extern const struct key_binding key_table[];
extern const int key_table_len;

/* The hint line of a view `width` columns wide: the hints of the keys
 * that act in that view, whole, two blanks apart, in table order, a hint
 * that does not fit left out; "? help" is always kept. Fills at most
 * max entries of out; returns how many. */
#define KEY_HINT_GAP 2
int keys_hints(bool ladder, int width, const struct key_binding **out,
	       int max);
/* The binding's help in that view: its own, or why it does not act. */
const char *keys_help(const struct key_binding *b, bool ladder, char *buf,
		      size_t len);

/* Runs the binding of key, or in the ladder view answers why it does
 * not act there (not_in_ladder); false when no binding has it. */
bool keys_dispatch(struct dash_ui *ui, int key);

#endif
