/* view_ladder: the ladder view (`l`): one row per rung of the isolation
 * ladder, its cumulative median startup as a bar on one scale, the step
 * up to the rung below drawn plain and the rung's own increment in
 * colour, with the median, the increment and the run count beside it
 * and, when there is a row for it, the phase the increment mostly goes
 * to. A rung that cannot run here shows the reason in place of its bar. */
#include "lab/dashboard/render.h"

#include "lab/dashboard/panels.h"

#include <stdio.h>
#include <string.h>

#include "lab/dashboard/staircase.h"
#include "lab/report/output.h"

#define LABEL_MAX 28
#define FIGURES_W 32 /* "12.3 ms  +12.3 ms  runs 123456" */

static int text_width(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static const char *waiting_text(const struct runner_view *v)
{
	switch (v->state) {
	case WORKER_PAUSED:
		return "paused";
	case WORKER_FAILED:
		return v->reason;
	default:
		return "waiting for a run";
	}
}

static void figures(struct canvas *cv, int x, int y, const struct stair *st,
		    const struct runner_view *v)
{
	char med[24], inc[24];

	format_ns(med, sizeof(med), v->summary.startup.median);
	if (st->below < 0)
		snprintf(inc, sizeof(inc), "base");
	else {
		format_ns(inc + 1, sizeof(inc) - 1,
			  st->inc_ns < 0 ? -st->inc_ns : st->inc_ns);
		inc[0] = st->inc_ns < 0 ? '-' : '+';
	}
	canvas_text(cv, x, y, 9, ST_NORMAL, med);
	canvas_text(cv, x + 9, y, 10, st->inc_ns < 0 ? ST_DIM : ST_TITLE, inc);
	canvas_printf(cv, x + 20, y, cv->w - x - 20, ST_DIM, "runs %llu",
		      (unsigned long long)v->summary.runs);
}

/* The reason, over the rows the rung has. */
static void cannot_run(struct canvas *cv, int x, int y, int rows,
		       const char *reason)
{
	char text[300];
	struct panel_ctx p = { .cv = cv, .r = { x, y, cv->w - x, rows } };

	snprintf(text, sizeof(text), "cannot run here: %s", reason);
	panel_wrapped(&p, y, y + rows, ST_BAD, text);
}

static void rung_row(struct canvas *cv, int y, int rows, int label_w,
		     int bar_w, int k, const struct dash_column *c,
		     const struct stair *st)
{
	int x = label_w, figures_x = label_w + bar_w + 1;

	canvas_text(cv, 0, y, label_w - 1, ST_NORMAL, c->name);
	if (c->run.state == WORKER_CANNOT_RUN) {
		cannot_run(cv, x, y, rows, c->run.reason);
		return;
	}
	if (!st->has) {
		canvas_text(cv, x, y, cv->w - x, ST_DIM, waiting_text(&c->run));
		return;
	}
	canvas_fill(cv, x, y, st->base_cells, canvas_segment(cv, 3), ST_DIM);
	canvas_fill(cv, x + st->base_cells, y, st->inc_cells,
		    canvas_segment(cv, 0), (enum style)(ST_SEG0 + k % SEG_STYLES));
	figures(cv, figures_x, y, st, &c->run);
}

/* Under a rung that costs more than the one below: where it goes. */
static void increment_phase(struct canvas *cv, int x, int y,
			    const struct dash_column *c,
			    const struct dash_column *below)
{
	const struct sample_summary *a = &c->run.summary, *b = &below->run.summary;
	const char *name;
	double grew;
	char t[24];

	if (!staircase_top_phase(a->phase_median, a->nphases, b->phase_median,
				 b->nphases, &name, &grew))
		return;
	format_ns(t, sizeof(t), grew);
	canvas_printf(cv, x, y, cv->w - x, ST_DIM, "most grown phase: %s +%s", name, t);
}

void view_ladder_draw(struct canvas *cv, int top, int bottom,
		      const struct dash_snapshot *lad)
{
	double median[RUNNER_MAX_COLUMNS];
	bool has[RUNNER_MAX_COLUMNS];
	struct stair st[RUNNER_MAX_COLUMNS];
	int label_w = 0, bar_w, rows, per;

	for (int i = 0; i < lad->n; i++) {
		const struct runner_view *v = &lad->col[i].run;
		int w = text_width(lad->col[i].name);

		has[i] = v->state != WORKER_CANNOT_RUN && v->summary.startup.n;
		median[i] = v->summary.startup.median;
		if (w > label_w)
			label_w = w;
	}
	label_w = (label_w < LABEL_MAX ? label_w : LABEL_MAX) + 1;
	bar_w = cv->w - label_w - FIGURES_W - 1;
	staircase_compute(median, has, lad->n, bar_w, st);
	canvas_text(cv, 0, top, cv->w, ST_TITLE,
		    "isolation ladder: cumulative median startup per rung; "
		    "coloured: its increment");
	rows = bottom - top - 2;
	per = lad->n && rows / lad->n >= 2 ? 2 : 1;
	for (int i = 0; i < lad->n && top + 2 + i * per < bottom; i++) {
		int y = top + 2 + i * per;

		rung_row(cv, y, i == lad->n - 1 ? bottom - y : per, label_w,
			 bar_w, i, &lad->col[i], &st[i]);
		if (per > 1 && st[i].has && st[i].below >= 0 && st[i].inc_ns > 0)
			increment_phase(cv, label_w, y + 1, &lad->col[i],
					&lad->col[st[i].below]);
	}
}
