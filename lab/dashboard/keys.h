/* keys: the one table of the dashboard's keys: key codes, what they do,
 * and their help text. It drives both the dispatch and the help overlay
 * (and the hint line), as htop's Action.c does, so the help can never
 * drift from what the keys do. */
#ifndef ISOLAB_DASHBOARD_KEYS_H
#define ISOLAB_DASHBOARD_KEYS_H

#include <stdbool.h>

#include "lab/dashboard/ui.h"

#define KEY_CODES_MAX 12

struct key_binding {
	int codes[KEY_CODES_MAX]; /* ncurses key codes, 0-terminated */
	const char *names;        /* as the help shows them */
	const char *hint;         /* for the bottom line, or NULL */
	const char *help;
	void (*run)(struct dash_ui *ui, int key);
};

extern const struct key_binding key_table[];
extern const int key_table_len;

/* Runs the binding of key; false when no binding has it. */
bool keys_dispatch(struct dash_ui *ui, int key);

#endif
