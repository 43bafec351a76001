/* render: composing the panels into a screen. */
#include "lab/dashboard/render.h"

#include <stdio.h>
#include <string.h>

#include "lab/dashboard/keys.h"
#include "lab/dashboard/layout.h"
#include "lab/dashboard/panels.h"

typedef void (*panel_draw_fn)(const struct panel_ctx *p);

static const panel_draw_fn panel_draw[PANEL_COUNT] = {
	[PANEL_HEADER] = panel_header_draw,
	[PANEL_STARTUP] = panel_startup_draw,
	[PANEL_MEMORY] = panel_memory_draw,
	[PANEL_REACH] = panel_reach_draw,
	[PANEL_CHECKLIST] = panel_checklist_draw,
	[PANEL_EXITS] = panel_exits_draw,
	[PANEL_OUTPUT] = panel_output_draw,
};

static void too_small(struct canvas *cv)
{
	char msg[80];
	int len = snprintf(msg, sizeof(msg), "terminal too small: %dx%d, need %dx%d",
			   cv->w, cv->h, LAYOUT_MIN_W, LAYOUT_MIN_H);
	int x = (cv->w - len) / 2;

	canvas_text(cv, x < 0 ? 0 : x, cv->h / 2, cv->w, ST_WARN, msg);
}

static void status_line(struct canvas *cv, const struct layout *l,
			const struct dash_snapshot *s)
{
	int x = canvas_printf(cv, 0, l->status.y, cv->w, ST_TITLE,
			      "workload %s  rate %s%s  cpu %.1f%%  ", s->workload,
			      s->rate, s->paused ? "  PAUSED" : "", s->cpu_pct);

	canvas_text(cv, x, l->status.y, cv->w - x, ST_NORMAL, s->message);
}

static void key_line(struct canvas *cv, const struct layout *l, bool ladder)
{
	const struct key_binding *hint[32];
	int n = keys_hints(ladder, cv->w, hint, 32), x = 0;

	for (int i = 0; i < n; i++) {
		if (i) {
			canvas_fill(cv, x, l->keys.y, KEY_HINT_GAP, ' ', ST_NORMAL);
			x += KEY_HINT_GAP;
		}
		x += canvas_text(cv, x, l->keys.y, cv->w - x, ST_DIM,
				 hint[i]->hint);
	}
}

static void help_overlay(struct canvas *cv, bool ladder)
{
	int w = cv->w - 8 < 96 ? cv->w - 8 : 96;
	int h = key_table_len + 4, x0 = (cv->w - w) / 2, y0 = (cv->h - h) / 2;
	char why[200];

	if (y0 < 0)
		y0 = 0;
	for (int y = y0; y < y0 + h && y < cv->h; y++)
		canvas_fill(cv, x0, y, w, ' ', ST_NORMAL);
	canvas_text(cv, x0 + 2, y0, w - 4, ST_TITLE,
		    ladder ? "isolab dashboard: keys (ladder view)"
			   : "isolab dashboard: keys");
	for (int i = 0; i < key_table_len; i++) {
		const char *help = keys_help(&key_table[i], ladder, why,
					     sizeof(why));
		int n = canvas_text(cv, x0 + 2, y0 + 2 + i, 12, ST_FOCUS,
				    key_table[i].names);

		canvas_fill(cv, x0 + 2 + n, y0 + 2 + i, 12 - n, ' ', ST_NORMAL);
		canvas_text(cv, x0 + 15, y0 + 2 + i, w - 17,
			    help == why ? ST_DIM : ST_NORMAL, help);
	}
}

void render_screen(struct canvas *cv, const struct dash_snapshot *s,
		   bool help)
{
	struct layout l;

	canvas_clear(cv);
	layout_compute(cv->w, cv->h, s->n, &l);
	if (l.too_small) {
		too_small(cv);
		return;
	}
	canvas_text(cv, 0, 0, cv->w, ST_DIM, s->env_line);
	if (s->ladder)
		view_ladder_draw(cv, 1, l.status.y, s->ladder);
	for (int c = 0; c < s->n && !s->ladder; c++)
		for (int p = 0; p < PANEL_COUNT; p++) {
			struct panel_ctx ctx = {
				.cv = cv,
				.r = layout_panel(&l, c, (enum panel_id)p),
				.titled = l.titles && p != PANEL_HEADER,
				.per_line = l.checklist_per_line,
				.cell = l.checklist_cell,
				.snap = s,
				.col = &s->col[c],
			};

			if (ctx.r.h > 0)
				panel_draw[p](&ctx);
		}
	status_line(cv, &l, s);
	key_line(cv, &l, s->ladder != NULL);
	if (help)
		help_overlay(cv, s->ladder != NULL);
}
