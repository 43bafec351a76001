/* panel_startup: median and p95 startup, a sparkline of the latest runs
 * on the scale shared by every column, the median phases as a stacked
 * bar with their legend, and the session's one-time cost apart. A column
 * that cannot run shows why here, in full. */
#include "lab/dashboard/panels.h"

#include <stdio.h>
#include <string.h>

#include "lab/dashboard/spark.h"
#include "lab/report/output.h"

#define SPARK_MAX_WIDTH 60

static uint32_t spark_glyph(const struct canvas *cv, int eighths)
{
	static const char ascii[] = " .,-~=+*#";

	if (cv->utf8)
		return eighths ? 0x2580 + (uint32_t)eighths : ' '; /* ▁..█ */
	return (uint32_t)ascii[eighths];
}

static void sparkline(const struct panel_ctx *p, int y, int rows)
{
	const struct sample_summary *s = &p->col->run.summary;
	int width = p->r.w < SPARK_MAX_WIDTH ? p->r.w : SPARK_MAX_WIDTH;
	int from = s->nspark > width ? s->nspark - width : 0;

	for (int i = from; i < s->nspark; i++) {
		int h = spark_height(s->spark[i], p->snap->spark_max_ns, rows);

		for (int r = 0; r < rows; r++)
			canvas_fill(p->cv, p->r.x + (i - from),
				    y + rows - 1 - r, 1,
				    spark_glyph(p->cv, spark_fill(h, r)),
				    ST_SEG0);
	}
}

static void phases(const struct panel_ctx *p, int y, int end)
{
	const struct sample_summary *s = &p->col->run.summary;
	double v[SAMPLE_MAX_PHASES], total = 0;
	char items[SAMPLE_MAX_PHASES][64];
	const char *item[SAMPLE_MAX_PHASES];

	for (int i = 0; i < s->nphases; i++) {
		char t[24];

		total += v[i] = (double)s->phase_median[i].ns;
		format_ns(t, sizeof(t), v[i]);
		snprintf(items[i], sizeof(items[i]), "%s %s",
			 s->phase_median[i].name, t);
		item[i] = items[i];
	}
	panel_bar(p, y++, v, s->nphases, total);
	/* Every part of the bar named rather than some of them timed. */
	if (!panel_legend_fits(p, y, end, item, s->nphases))
		for (int i = 0; i < s->nphases; i++)
			item[i] = s->phase_median[i].name;
	panel_legend(p, y, end, item, s->nphases, 0);
}

static void session(const struct panel_ctx *p, int y)
{
	const struct runner_view *v = &p->col->run;
	char t[24];

	if (!v->session_cost_ns) {
		canvas_text(p->cv, p->r.x, y, p->r.w, ST_DIM,
			    "no session cost");
		return;
	}
	format_ns(t, sizeof(t), (double)v->session_cost_ns);
	canvas_printf(p->cv, p->r.x, y, p->r.w, ST_DIM,
		      "session %s once", t);
}

void panel_startup_draw(const struct panel_ctx *p)
{
	const struct runner_view *v = &p->col->run;
	const struct sample_summary *s = &v->summary;
	int y = panel_title(p, "startup"), end = p->r.y + p->r.h;
	int body = end - y, spark_rows = body >= 6 ? 2 : 1;
	char med[24], p95[24];

	if (v->state == WORKER_CANNOT_RUN) {
		panel_wrapped(p, y, p->r.y + p->r.h, ST_BAD, v->reason);
		return;
	}
	if (!s->startup.n) {
		canvas_text(p->cv, p->r.x, y, p->r.w, ST_DIM,
			    v->state == WORKER_PAUSED ? "paused" : "waiting for a run");
		return;
	}
	format_ns(med, sizeof(med), s->startup.median);
	format_ns(p95, sizeof(p95), s->startup.p95);
	canvas_printf(p->cv, p->r.x, y++, p->r.w, ST_NORMAL,
		      "med %s  p95 %s", med, p95);
	sparkline(p, y, spark_rows);
	y += spark_rows;
	/* The session line is last, when there is room for it. */
	if (end - y >= 3)
		session(p, --end);
	if (y < end)
		phases(p, y, end);
}
