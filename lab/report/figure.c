#include "lab/report/figure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct figure *figure_add(struct figure_set *set, const char *name,
			  enum fig_style style)
{
	struct figure *fig;

	if (set->n == set->cap) {
		int cap = set->cap ? set->cap * 2 : 8;
		struct figure *bigger = realloc(set->figs, cap * sizeof(*bigger));

		if (!bigger)
			return NULL;
		set->figs = bigger;
		set->cap = cap;
	}
	fig = &set->figs[set->n++];
	memset(fig, 0, sizeof(*fig));
	snprintf(fig->name, sizeof(fig->name), "%s", name);
	fig->style = style;
	return fig;
}

void figure_column(struct figure *fig, const char *name, const char *unit,
		   int series)
{
	struct fig_column *c;

	if (fig->ncols == FIG_MAX_COLS)
		return;
	c = &fig->cols[fig->ncols++];
	snprintf(c->name, sizeof(c->name), "%s", name);
	snprintf(c->unit, sizeof(c->unit), "%s", unit);
	c->series = series;
}

int figure_column_index(const struct figure *fig, const char *name)
{
	for (int c = 0; c < fig->ncols; c++)
		if (strcmp(fig->cols[c].name, name) == 0)
			return c;
	return -1;
}

struct fig_block *figure_block(struct figure *fig, const char *title,
			       int series)
{
	struct fig_block *b;

	if (fig->nblocks == fig->cap_blocks) {
		int cap = fig->cap_blocks ? fig->cap_blocks * 2 : 8;
		struct fig_block *bigger = realloc(fig->blocks, cap * sizeof(*bigger));

		if (!bigger)
			return NULL;
		fig->blocks = bigger;
		fig->cap_blocks = cap;
	}
	b = &fig->blocks[fig->nblocks++];
	memset(b, 0, sizeof(*b));
	snprintf(b->title, sizeof(b->title), "%s", title);
	b->series = series;
	return b;
}

int block_row(struct fig_block *b, int ncols, const double *cells,
	      const char *label)
{
	if (b->nrows == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		double *cells2 = realloc(b->cells, cap * ncols * sizeof(double));
		char(*labels2)[FIG_LABEL];

		if (!cells2)
			return -1;
		b->cells = cells2;
		labels2 = realloc(b->labels, cap * sizeof(*labels2));
		if (!labels2)
			return -1;
		b->labels = labels2;
		b->cap = cap;
	}
	memcpy(b->cells + b->nrows * ncols, cells, ncols * sizeof(double));
	snprintf(b->labels[b->nrows], FIG_LABEL, "%s", label ? label : "");
	b->nrows++;
	return 0;
}

void figure_tic(struct figure *fig, double at, const char *label)
{
	if (fig->ntics == FIG_MAX_TICS)
		return;
	fig->tics[fig->ntics].at = at;
	snprintf(fig->tics[fig->ntics].label, FIG_LABEL, "%s", label);
	fig->ntics++;
}

static void figure_free(struct figure *fig)
{
	for (int b = 0; b < fig->nblocks; b++) {
		free(fig->blocks[b].cells);
		free(fig->blocks[b].labels);
	}
	free(fig->blocks);
}

void figure_drop_last(struct figure_set *set)
{
	figure_free(&set->figs[--set->n]);
}

void figure_set_free(struct figure_set *set)
{
	for (int f = 0; f < set->n; f++)
		figure_free(&set->figs[f]);
	free(set->figs);
	memset(set, 0, sizeof(*set));
}
