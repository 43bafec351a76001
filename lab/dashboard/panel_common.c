/* panel_common: titles, legends and stacked bars the panels share. */
#include "lab/dashboard/panels.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "lab/dashboard/spark.h"

int panel_title(const struct panel_ctx *p, const char *title)
{
	if (!p->titled)
		return p->r.y;
	canvas_text(p->cv, p->r.x, p->r.y, p->r.w, ST_TITLE, title);
	return p->r.y + 1;
}

static int text_width(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Wrap to the next row before an entry that would run past the right
 * edge (need: its cells and the space after it, which may fall off);
 * false when its row is at or past `end`. */
static bool legend_place(const struct panel_ctx *p, int *x, int *y, int end,
			 int need)
{
	if (*x > p->r.x && *x + need - 1 > p->r.x + p->r.w) {
		*x = p->r.x;
		(*y)++;
	}
	return *y < end && *y < p->r.y + p->r.h;
}

/* How many of the n entries fit, with "+N" after them when not all do. */
static int legend_fit(const struct panel_ctx *p, int y, int end,
		      const char *const *items, int n)
{
	for (int shown = n; shown > 0; shown--) {
		int x = p->r.x, row = y;
		bool fits = true;
		char more[16];

		for (int i = 0; i < shown && fits; i++) {
			int need = 1 + text_width(items[i]) + 1;

			fits = legend_place(p, &x, &row, end, need);
			x += need;
		}
		snprintf(more, sizeof(more), "+%d", n - shown);
		if (fits && (shown == n ||
			     legend_place(p, &x, &row, end, text_width(more) + 1)))
			return shown;
	}
	return 0;
}

bool panel_legend_fits(const struct panel_ctx *p, int y, int end,
		       const char *const *items, int n)
{
	return legend_fit(p, y, end, items, n) == n;
}

int panel_legend(const struct panel_ctx *p, int y, int end,
		 const char *const *items, int n, int k0)
{
	int shown = legend_fit(p, y, end, items, n), x = p->r.x;

	for (int i = 0; i < shown; i++) {
		int need = 1 + text_width(items[i]) + 1, k = k0 + i;

		legend_place(p, &x, &y, end, need);
		canvas_fill(p->cv, x, y, 1, canvas_segment(p->cv, k),
			    (enum style)(ST_SEG0 + k % SEG_STYLES));
		canvas_text(p->cv, x + 1, y, p->r.x + p->r.w - x - 1,
			    ST_NORMAL, items[i]);
		x += need;
	}
	if (shown < n) {
		char more[16];

		snprintf(more, sizeof(more), "+%d", n - shown);
		if (legend_place(p, &x, &y, end, text_width(more) + 1))
			canvas_text(p->cv, x, y, p->r.x + p->r.w - x, ST_DIM,
				    more);
	}
	return y + 1;
}

int panel_wrapped(const struct panel_ctx *p, int y, int end, enum style st,
		  const char *text)
{
	char line[256];

	while (*text && y < end) {
		size_t n = 0, cut = 0, cols = 0;

		while (text[n] && cols < (size_t)p->r.w && n < sizeof(line) - 1) {
			if (text[n] == ' ')
				cut = n;
			cols += ((unsigned char)text[n] & 0xc0) != 0x80;
			n++;
		}
		if (text[n] && cut)
			n = cut;
		memcpy(line, text, n);
		line[n] = '\0';
		canvas_text(p->cv, p->r.x, y++, p->r.w, st, line);
		text += n;
		while (*text == ' ')
			text++;
	}
	return y;
}

void panel_bar(const struct panel_ctx *p, int y, const double *v, int n,
	       double max)
{
	int x = p->r.x, end = p->r.x + p->r.w;
	double sum = 0, drawn = 0;

	for (int i = 0; i < n; i++) {
		int cells;

		/* Cumulative rounding: the segments add up to the total's
		 * length, and none that is non-zero vanishes. */
		sum += v[i];
		cells = bar_cells(sum, max, p->r.w) - (int)drawn;
		if (v[i] > 0 && cells < 1)
			cells = 1;
		if (x + cells > end)
			cells = end - x;
		canvas_fill(p->cv, x, y, cells, canvas_segment(p->cv, i),
			    (enum style)(ST_SEG0 + i % SEG_STYLES));
		x += cells;
		drawn += cells;
	}
}

void snapshot_scales(struct dash_snapshot *s, int spark_width)
{
	s->spark_max_ns = 0;
	s->mem_max_kib = 0;
	for (int c = 0; c < s->n; c++) {
		const struct sample_summary *sum = &s->col[c].run.summary;
		int from = sum->nspark > spark_width ? sum->nspark - spark_width : 0;
		int64_t kvm = s->col[c].run.has_last
				      ? sample_counter(&s->col[c].run.last,
						       "kvm_kernel_kib_estimate")
				      : -1;
		double mem = sum->peak_median_kib + sum->overhead_median_kib +
			     (kvm > 0 ? (double)kvm : 0);

		for (int i = from; i < sum->nspark; i++)
			if (sum->spark[i] > s->spark_max_ns)
				s->spark_max_ns = sum->spark[i];
		if (mem > s->mem_max_kib)
			s->mem_max_kib = mem;
	}
}
