/* layout: where each panel of each column goes, from the screen size.
 *
 * Top line: the environment; then one column per launcher, panels stacked
 * in the same rows across columns so that they compare; then a status
 * line and the key hints. Panels get their minimum height first, then
 * titles, then their preferred height in order; the workload's output
 * takes what is left. Pure arithmetic, no drawing. */
#ifndef ISOLAB_DASHBOARD_LAYOUT_H
#define ISOLAB_DASHBOARD_LAYOUT_H

#include <stdbool.h>

#define LAYOUT_MIN_W 80
#define LAYOUT_MIN_H 24
#define LAYOUT_MAX_COLUMNS 8

enum panel_id {
	PANEL_HEADER, PANEL_STARTUP, PANEL_MEMORY, PANEL_REACH,
	PANEL_CHECKLIST, PANEL_EXITS, PANEL_OUTPUT, PANEL_COUNT
};

struct rect {
	int x, y, w, h;
};

struct layout {
	bool too_small;
	int w, h;
	struct rect top, status, keys;
	int ncols;
	struct rect col[LAYOUT_MAX_COLUMNS];
	/* Rows of each panel (the same in every column); h includes the
	 * title line when titles is set. */
	int panel_y[PANEL_COUNT], panel_h[PANEL_COUNT];
	bool titles;
	int checklist_per_line; /* items side by side */
	int checklist_cell;     /* columns per item: CHECKLIST_CELL or _NARROW */
};

/* Fills *out for a w x h screen and ncols columns (1..8). */
void layout_compute(int w, int h, int ncols, struct layout *out);
/* The rectangle of one panel in column c, title line included. */
struct rect layout_panel(const struct layout *l, int c, enum panel_id p);

/* Checklist cell width: a mark, a space, a label of up to 6 columns and
 * a gap. */
#define CHECKLIST_CELL 9
/* Narrow columns (80 wide, three launchers): labels of up to 5. */
#define CHECKLIST_CELL_NARROW 8

#endif
