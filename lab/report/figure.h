/* figure: the data of one figure, apart from how it is drawn.
 *
 * A figure is a table of numbers in blocks (gnuplot's `index`), columns
 * with names and units, category tics, and a style that says what the
 * columns mean:
 *  FIG_BOXPLOT    cols x, value: one block per box (every run), then one
 *                 block of medians (x, median, label)
 *  FIG_STACKED    one block, one row per category: x, then one column per
 *  FIG_CLUSTERED  series (stacked on each other, or side by side)
 *  FIG_STRIP      cols x, row: one block per class, rows at the y tics
 *  FIG_LINES      cols x, value: one block per series
 *  FIG_STAIRCASE  cols x, base, increment, second-axis value, increment's
 *                 uncertainty: one block, one row per step, each step a
 *                 bar from base to base+increment over a base bar,
 *                 labelled, with the second value as a line on the
 *                 right axis (the isolation ladder)
 * A block's `series` picks its colour, pattern and point type, so one
 * launcher or class looks the same in every figure. figure_data.c fills
 * figures from report_data; figure_dat.c writes them out, gnuplot_script.c
 * draws them. */
#ifndef ISOLAB_REPORT_FIGURE_H
#define ISOLAB_REPORT_FIGURE_H

#include <stdbool.h>
#include <stddef.h>

#include "lab/host/err.h"

#define FIG_MAX_COLS 34
#define FIG_MAX_TICS 128
#define FIG_LABEL 64

enum fig_style { FIG_BOXPLOT, FIG_STACKED, FIG_CLUSTERED, FIG_STRIP, FIG_LINES,
		 FIG_STAIRCASE };

struct fig_column {
	char name[48];
	char unit[16]; /* "" for a position or a count */
	int series;    /* bars: the series' style index */
};

struct fig_block {
	char title[FIG_LABEL]; /* legend entry, "" for none */
	int series;            /* style index, -1 for none */
	size_t nrows, cap;
	double *cells;             /* nrows x figure.ncols */
	char (*labels)[FIG_LABEL]; /* one per row, or NULL */
};

struct fig_tic {
	double at;
	char label[FIG_LABEL];
};

struct figure {
	char name[48];   /* file stem: NAME.dat, NAME.gp, NAME.png */
	char title[200];
	char xlabel[96], ylabel[96];
	char y2label[96]; /* FIG_STAIRCASE: the right axis */
	enum fig_style style;
	bool logx, logy;
	bool label_totals; /* FIG_STACKED: each bar's total written above it */
	char not_drawn[160]; /* FIG_LINES: the series measured but with no
				value to draw, and why; said in the legend */
	int ncols;
	struct fig_column cols[FIG_MAX_COLS];
	int nblocks, cap_blocks;
	struct fig_block *blocks;
	int ntics;
	struct fig_tic tics[FIG_MAX_TICS];
	char footnote[400]; /* one or two lines ('\n' between) */
	char about[160]; /* one line for the .dat header: what it holds */
};

struct figure_set {
	struct figure *figs;
	int n, cap;
};

/* Building blocks, used by figure_data.c; each returns -1 when out of
 * memory. */
struct figure *figure_add(struct figure_set *set, const char *name,
			  enum fig_style style);
void figure_column(struct figure *fig, const char *name, const char *unit,
		   int series);
/* The index of the column of that name, or -1. */
int figure_column_index(const struct figure *fig, const char *name);
struct fig_block *figure_block(struct figure *fig, const char *title,
			       int series);
int block_row(struct fig_block *b, int ncols, const double *cells,
	      const char *label);
void figure_tic(struct figure *fig, double at, const char *label);
void figure_drop_last(struct figure_set *set);
void figure_set_free(struct figure_set *set);

#endif
