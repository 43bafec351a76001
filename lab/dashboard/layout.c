/* layout: screen arithmetic for the dashboard. */
#include "lab/dashboard/layout.h"

#include <string.h>

#include "lab/core/isolation.h"

/* Rows of content (no title) each panel needs, and would like. */
static const int min_rows[PANEL_COUNT] = { 2, 4, 2, 2, 0, 2, 0 };
static const int pref_rows[PANEL_COUNT] = { 2, 7, 2, 2, 0, 3, 0 };
/* Which panels grow first toward their preferred height. */
static const enum panel_id grow_order[] = { PANEL_STARTUP, PANEL_EXITS };

static bool has_title(enum panel_id p)
{
	return p != PANEL_HEADER;
}

void layout_compute(int w, int h, int ncols, struct layout *out)
{
	int rows[PANEL_COUNT], avail, used = 0, y, x = 0, colw;

	memset(out, 0, sizeof(*out));
	out->w = w;
	out->h = h;
	if (ncols < 1)
		ncols = 1;
	if (ncols > LAYOUT_MAX_COLUMNS)
		ncols = LAYOUT_MAX_COLUMNS;
	out->ncols = ncols;
	out->too_small = w < LAYOUT_MIN_W || h < LAYOUT_MIN_H;
	if (out->too_small)
		return;
	out->top = (struct rect){ 0, 0, w, 1 };
	out->status = (struct rect){ 0, h - 2, w, 1 };
	out->keys = (struct rect){ 0, h - 1, w, 1 };

	/* Columns: equal widths, one blank between, the last takes the
	 * remainder. */
	colw = (w - (ncols - 1)) / ncols;
	for (int c = 0; c < ncols; c++) {
		int cw = c == ncols - 1 ? w - x : colw;

		out->col[c] = (struct rect){ x, 1, cw, h - 3 };
		x += colw + 1;
	}
	out->checklist_cell = colw >= 4 * CHECKLIST_CELL ? CHECKLIST_CELL
						 : CHECKLIST_CELL_NARROW;
	out->checklist_per_line = colw / out->checklist_cell;
	if (out->checklist_per_line < 1)
		out->checklist_per_line = 1;

	memcpy(rows, min_rows, sizeof(rows));
	rows[PANEL_CHECKLIST] = (ISOLATION_ITEMS + out->checklist_per_line - 1) /
				out->checklist_per_line;
	avail = h - 3;
	for (int p = 0; p < PANEL_COUNT; p++)
		used += rows[p];
	if (used > avail) {
		out->too_small = true;
		return;
	}
	/* Titles, if every panel but the header can have one. */
	if (used + PANEL_COUNT - 1 <= avail) {
		out->titles = true;
		used += PANEL_COUNT - 1;
	}
	for (size_t i = 0; i < sizeof(grow_order) / sizeof(grow_order[0]); i++) {
		enum panel_id p = grow_order[i];
		int more = pref_rows[p] - rows[p];

		if (more > avail - used)
			more = avail - used;
		if (more > 0) {
			rows[p] += more;
			used += more;
		}
	}
	rows[PANEL_OUTPUT] += avail - used;

	y = 1;
	for (int p = 0; p < PANEL_COUNT; p++) {
		out->panel_y[p] = y;
		out->panel_h[p] = rows[p] + (out->titles && has_title(p) ? 1 : 0);
		y += out->panel_h[p];
	}
	/* The output panel with no room for a line shows nothing. */
	if (rows[PANEL_OUTPUT] == 0)
		out->panel_h[PANEL_OUTPUT] = 0;
}

struct rect layout_panel(const struct layout *l, int c, enum panel_id p)
{
	return (struct rect){ l->col[c].x, l->panel_y[p], l->col[c].w,
			      l->panel_h[p] };
}
