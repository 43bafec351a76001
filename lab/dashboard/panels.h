/* panels: one module per panel (panel_*.c), each drawing one column's
 * part of the screen from the snapshot into a rectangle of the canvas. */
#ifndef ISOLAB_DASHBOARD_PANELS_H
#define ISOLAB_DASHBOARD_PANELS_H

#include "lab/dashboard/canvas.h"
#include "lab/dashboard/layout.h"
#include "lab/dashboard/snapshot.h"

struct panel_ctx {
	struct canvas *cv;
	struct rect r;     /* title line included when titled */
	bool titled;
	int per_line;      /* checklist items side by side */
	int cell;          /* checklist columns per item */
	const struct dash_snapshot *snap;
	const struct dash_column *col;
};

/* Draws the title if there is one; returns the first row of the body. */
int panel_title(const struct panel_ctx *p, const char *title);
/* A legend of n entries "<glyph>name value" (segment styles k0, k0+1,
 * ...) from row y, wrapped at the right edge, above row end. Entries that
 * do not fit give way to "+N", N of them not shown, so that a bar never
 * seems to have fewer parts than it has. Returns the row after it. */
int panel_legend(const struct panel_ctx *p, int y, int end,
		 const char *const *items, int n, int k0);
/* Would every one of the n entries fit? */
bool panel_legend_fits(const struct panel_ctx *p, int y, int end,
		       const char *const *items, int n);
/* Text wrapped at spaces over the rows y..end-1; returns the next row. */
int panel_wrapped(const struct panel_ctx *p, int y, int end, enum style st,
		  const char *text);
/* A stacked bar of n values scaled to max, one segment style each. */
void panel_bar(const struct panel_ctx *p, int y, const double *v, int n,
	       double max);

void panel_header_draw(const struct panel_ctx *p);
void panel_startup_draw(const struct panel_ctx *p);
void panel_memory_draw(const struct panel_ctx *p);
void panel_reach_draw(const struct panel_ctx *p);
void panel_checklist_draw(const struct panel_ctx *p);
void panel_exits_draw(const struct panel_ctx *p);
void panel_output_draw(const struct panel_ctx *p);

#endif
