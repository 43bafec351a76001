#include "lab/report/gnuplot_script.h"

#include <math.h>
#include <string.h>

#define NSTYLES 8

static const char *const colours[NSTYLES] = {
	"#0072B2", "#E69F00", "#009E73", "#CC79A7",
	"#56B4E9", "#D55E00", "#F0E442", "#000000",
};
/* pngcairo/pdfcairo/svg fill patterns: 3 solid, 4/5 and 6/7 hatches in
 * both directions, 1/2 crosshatch, 0 empty. */
static const int patterns[NSTYLES] = { 3, 4, 1, 5, 2, 6, 7, 0 };
static const int points[NSTYLES] = { 7, 5, 9, 11, 13, 15, 6, 4 };

/* The fill of series n: beyond the eighth, the colours come round again,
 * so the pattern shifts to keep each series apart from the one sharing
 * its colour (the phases figure stacks fifteen with all three launchers).
 * An empty fill shows no colour at all, so only the eighth series (black)
 * has one: a later series shifted onto it is filled solid instead. */
static int fill_pattern(int series)
{
	int pattern = patterns[(series % NSTYLES + series / NSTYLES * 3) % NSTYLES];

	return pattern == 0 && series >= NSTYLES ? 3 : pattern;
}

/* A string for a gnuplot double-quoted literal; the figure's own labels
 * carry "\n" for a line break, which gnuplot reads as one. */
static void gp_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++)
		if (*s == '\n')
			fputs("\\n", f); /* a line break in a gnuplot string */
		else
			fputc(*s == '"' ? '\'' : *s, f);
	fputc('"', f);
}

static void terminal(FILE *f, const struct figure *fig, const char *format)
{
	fprintf(f, "# Output: %s.%s, sized to stay legible at half an A4 page's width.\n",
		fig->name, format);
	if (strcmp(format, "pdf") == 0)
		fprintf(f, "set terminal pdfcairo size 16cm,11cm font \"sans,9\"\n");
	else if (strcmp(format, "svg") == 0)
		fprintf(f, "set terminal svg size 1000,700 font \"sans,17\" background \"white\"\n");
	else
		fprintf(f, "set terminal pngcairo size 1000,700 font \"sans,17\" background \"white\"\n");
	fprintf(f, "set output \"%s.%s\"\n", fig->name, format);
}

static void styles(FILE *f)
{
	fprintf(f, "\n# One style per series: Okabe-Ito colours (colour-blind safe), and a\n"
		   "# point type and dash pattern each, so greyscale print keeps them apart.\n");
	for (int i = 0; i < NSTYLES; i++)
		fprintf(f, "set style line %d lc rgb \"%s\" lw 2.5 pt %d ps 1.8 dt %d\n",
			i + 1, colours[i], points[i], i % 5 + 1);
}

static void tics(FILE *f, const struct figure *fig, const char *axis)
{
	fprintf(f, "set %stics (", axis);
	for (int t = 0; t < fig->ntics; t++) {
		fputs(t ? ", " : "", f);
		gp_string(f, fig->tics[t].label);
		fprintf(f, " %g", fig->tics[t].at);
	}
	fprintf(f, ")\n");
}

/* The lowest positive value of columns [from, to) over all blocks. */
static double lowest_positive(const struct figure *fig, int from, int to)
{
	double low = INFINITY;

	for (int b = 0; b < fig->nblocks; b++)
		for (size_t r = 0; r < fig->blocks[b].nrows; r++)
			for (int c = from; c < to; c++) {
				double v = fig->blocks[b].cells[r * fig->ncols + c];

				if (v > 0 && v < low)
					low = v;
			}
	return low;
}

static double highest(const struct figure *fig, int col)
{
	double high = 0;

	for (int b = 0; b < fig->nblocks; b++)
		for (size_t r = 0; r < fig->blocks[b].nrows; r++)
			if (fig->blocks[b].cells[r * fig->ncols + col] > high)
				high = fig->blocks[b].cells[r * fig->ncols + col];
	return high;
}

static void header(FILE *f, const struct figure *fig, const char *format)
{
	fprintf(f, "# %s.gp: %s\n# Reads %s.dat (same directory) and draws %s.%s.\n"
		   "# Run it again with:  gnuplot %s.gp\n\n",
		fig->name, fig->title, fig->name, fig->name, format, fig->name);
	terminal(f, fig, format);
	/* Every label is plain text: the footnote's "kvm_pvm" and a user's
	 * program or label must not turn into subscripts. */
	fprintf(f, "set termoption noenhanced\n");
	styles(f);
	fprintf(f, "\nset datafile missing \"NaN\"\nset title ");
	gp_string(f, fig->title);
	fprintf(f, " font \",20\"\nset xlabel ");
	gp_string(f, fig->xlabel);
	for (int t = 0; t < fig->ntics; t++)
		if (fig->style != FIG_STRIP && strstr(fig->tics[t].label, "\\n")) {
			fprintf(f, " offset 0,-1  # below the two-line tic labels");
			break;
		}
	fprintf(f, "\nset ylabel ");
	gp_string(f, fig->ylabel);
	/* Anchored by its bottom edge: a legend of several rows grows up
	 * into the margin, not down over the footnote. */
	fprintf(f, "\n# The legend sits below the plot, never on the data.\nset key at screen 0.5, screen 0.085 center bottom horizontal samplen 2 font \",15\"\n"
		   "set grid ytics lc rgb \"#cccccc\"\nset border 3\nset tics nomirror\n"
		   "set bmargin %d\n"
		   "# The environment the data came from, as a footnote.\n"
		   "set label 1 ", fig->ntics > 4 && fig->style != FIG_STRIP ? 13 : 9);
	gp_string(f, fig->footnote);
	/* Its second line (the load) goes below the first: lift both. */
	fprintf(f, " at screen 0.01, screen %s left font \",11\" textcolor rgb \"#444444\"\n",
		strchr(fig->footnote, '\n') ? "0.05" : "0.025");
	if (fig->logx)
		fprintf(f, "set logscale x 10\nset format x \"%%g\"\n");
	if (fig->logy)
		fprintf(f, "set logscale y 10\nset format y \"%%g\"\nset mytics 10\n");
}

static void plot_boxplot(FILE *f, const struct figure *fig)
{
	int runs = fig->nblocks - 1;
	double xmax = 0;

	for (int b = 0; b < runs; b++)
		if (fig->blocks[b].nrows && fig->blocks[b].cells[0] > xmax)
			xmax = fig->blocks[b].cells[0];
	tics(f, fig, "x");
	fprintf(f, "set xtics scale 0\nset xrange [0:%g]\n"
		   "set rmargin 9  # room for the last box's median label\n", xmax + 1);
	fprintf(f, "set style boxplot outliers pointtype 6 fraction 0.95\n"
		   "set style data boxplot\nset boxwidth 0.7\n"
		   "# Box: quartiles; line: median; whiskers: last run within 1.5 IQR;\n"
		   "# circles: runs beyond. One index per box; the last holds the medians.\n"
		   "plot \\\n");
	for (int b = 0; b < runs; b++) {
		const struct fig_block *blk = &fig->blocks[b];
		int s = blk->series % NSTYLES;

		fprintf(f, "  \"%s.dat\" index %d using 1:2 ls %d dt solid fs pattern %d border lc rgb \"black\" ",
			fig->name, b, s + 1, fill_pattern(blk->series));
		if (blk->title[0]) {
			fprintf(f, "title ");
			gp_string(f, blk->title);
		} else {
			fprintf(f, "notitle");
		}
		fprintf(f, ", \\\n");
	}
	fprintf(f, "  \"%s.dat\" index %d using ($1+0.4):2:3 with labels left offset 0.3,0 font \",14\" notitle\n",
		fig->name, runs);
}

static void yrange_for_bars(FILE *f, const struct figure *fig, double top)
{
	if (fig->logy) {
		double low = lowest_positive(fig, 1, fig->ncols);

		fprintf(f, "bottom = %g  # bars start here on the log axis\n",
			isinf(low) ? 1 : pow(10, floor(log10(low))));
		fprintf(f, "set yrange [bottom:*]\n");
	} else {
		fprintf(f, "bottom = 0\nset yrange [0:%s]\n", top > 0 ? "*" : "1");
	}
}

/* The total above each stacked bar (figures that ask for it): a bar too
 * thin to see (20 KiB beside 16 MiB) still reads as a number. */
static void stack_totals(FILE *f, const struct figure *fig, int k)
{
	char sum[256];
	size_t used = snprintf(sum, sizeof(sum), "(0");
	const char *unit = fig->cols[1].unit;

	for (int c = 1; c <= k && used < sizeof(sum) - 8; c++)
		used += snprintf(sum + used, sizeof(sum) - used, "+$%d", c + 1);
	snprintf(sum + used, sizeof(sum) - used, ")");
	fprintf(f, "  \"%s.dat\" using 1:%s:(", fig->name, sum);
	if (strcmp(unit, "MiB") == 0)
		fprintf(f, "%s < 1 ? sprintf(\"%%.0f KiB\", %s*1024) : sprintf(\"%%.1f MiB\", %s)",
			sum, sum, sum);
	else if (*unit)
		fprintf(f, "sprintf(\"%%.3g %s\", %s)", unit, sum);
	else
		fprintf(f, "sprintf(\"%%.0f\", %s)", sum);
	fprintf(f, ") with labels offset 0,0.8 font \",14\" notitle\n");
}

static void plot_bars(FILE *f, const struct figure *fig)
{
	int k = fig->ncols - 1;
	bool stacked = fig->style == FIG_STACKED;
	double width = stacked ? 0.6 : 0.8 / k;

	tics(f, fig, "x");
	fprintf(f, "set xtics scale 0\nset xrange [-0.6:%g]\n",
		fig->ntics - 0.4);
	if (fig->ntics > 4)
		fprintf(f, "set xtics rotate by -30 left\n");
	yrange_for_bars(f, fig, 1);
	if (stacked && fig->label_totals)
		fprintf(f, "set offsets 0, 0, graph 0.1, 0  # room for the totals\n");
	fprintf(f, "w = %g  # bar width\n", width);
	fprintf(f, "# One bar per column %s; column 1 is the category's x position.\n",
		stacked ? "(stacked: each starts where the one before ends)"
			: "(side by side)");
	fprintf(f, "plot \\\n");
	for (int c = 1; c <= k; c++) {
		int s = fig->cols[c].series % NSTYLES;
		char lo[256] = "bottom";
		size_t used = 0;

		if (stacked && c > 1) {
			used = snprintf(lo, sizeof(lo), "(0");
			for (int p = 1; p < c && used < sizeof(lo) - 8; p++)
				used += snprintf(lo + used, sizeof(lo) - used, "+$%d", p + 1);
			snprintf(lo + used, sizeof(lo) - used, ")");
		}
		if (stacked)
			fprintf(f, "  \"%s.dat\" using 1:(%s+$%d):($1-w/2):($1+w/2):(%s):(%s+$%d)",
				fig->name, lo, c + 1, lo, lo, c + 1);
		else
			fprintf(f, "  \"%s.dat\" using ($1+(%d-%g)*w):($%d>0 ? $%d : NaN):($1+(%d-%g)*w-w/2):($1+(%d-%g)*w+w/2):(bottom):($%d>0 ? $%d : NaN)",
				fig->name, c - 1, (k - 1) / 2.0, c + 1, c + 1,
				c - 1, (k - 1) / 2.0, c - 1, (k - 1) / 2.0, c + 1, c + 1);
		fprintf(f, " with boxxyerror ls %d dt solid fs pattern %d border lc rgb \"black\" title ",
			s + 1, fill_pattern(fig->cols[c].series));
		gp_string(f, fig->cols[c].name);
		fprintf(f, "%s\n", c < k || fig->label_totals ? ", \\" : "");
	}
	if (stacked && fig->label_totals)
		stack_totals(f, fig, k);
}

static void plot_strip(FILE *f, const struct figure *fig)
{
	/* Height encodes the class too, for print without colour. */
	static const double height[] = { 0.8, 0.6, 0.8, 0.3, 0.15 };
	bool first = true;

	tics(f, fig, "y");
	fprintf(f, "set ytics scale 0\nset yrange [-0.6:%g]\nset xrange [-2:%g]\nset grid noytics xtics\n",
		fig->ntics - 0.4, lowest_positive(fig, 0, 1) < INFINITY ? highest(fig, 0) + 2 : 10);
	fprintf(f, "# One index per class; each call is a cell at (number, launcher row).\n"
		   "# Cell height tells the classes apart without colour too.\nplot \\\n");
	for (int b = 0; b < fig->nblocks; b++) {
		const struct fig_block *blk = &fig->blocks[b];
		int s = blk->series % NSTYLES;

		if (!blk->nrows)
			continue;
		fprintf(f, "%s  \"%s.dat\" index %d using 1:2:(0.6):(%g) with boxxyerror ls %d fs solid 1.0 noborder title ",
			first ? "" : ", \\\n", fig->name, b,
			height[b < 5 ? b : 0] / 2, s + 1);
		gp_string(f, blk->title);
		first = false;
	}
	if (fig->not_drawn[0]) {
		fprintf(f, "%s  keyentry with points pt -1 title ", first ? "" : ", \\\n");
		gp_string(f, fig->not_drawn);
	}
	fprintf(f, "\n");
}

static void plot_lines(FILE *f, const struct figure *fig)
{
	bool first = true;

	fprintf(f, "set offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05\n"
		   "# One index per launcher: x = instances, y = the value.\nplot \\\n");
	for (int b = 0; b < fig->nblocks; b++) {
		const struct fig_block *blk = &fig->blocks[b];

		fprintf(f, "%s  \"%s.dat\" index %d using 1:2 with linespoints ls %d title ",
			first ? "" : ", \\\n", fig->name, b, blk->series % NSTYLES + 1);
		gp_string(f, blk->title);
		first = false;
	}
	if (fig->not_drawn[0]) {
		fprintf(f, "%s  keyentry with points pt -1 title ", first ? "" : ", \\\n");
		gp_string(f, fig->not_drawn);
	}
	fprintf(f, "\n");
}

/* Rows of the figure's first block whose column col passes keep(v). */
static int rows_where(const struct figure *fig, int col, bool (*keep)(double))
{
	const struct fig_block *b = fig->nblocks ? &fig->blocks[0] : NULL;
	int n = 0;

	for (size_t r = 0; b && r < b->nrows; r++)
		n += keep(b->cells[r * fig->ncols + col]);
	return n;
}

static bool non_negative(double v) { return v >= 0; }
static bool negative(double v) { return v < 0; }
static bool known(double v) { return !isnan(v); }

static void plot_staircase(FILE *f, const struct figure *fig)
{
	/* gnuplot warns about a plot with no valid point: each element is
	 * written only when the data has one for it. */
	bool up = rows_where(fig, 2, non_negative), down = rows_where(fig, 2, negative),
	     reach = rows_where(fig, 3, known);

	tics(f, fig, "x");
	fprintf(f, "set xtics scale 0\nset xrange [-0.6:%g]\n", fig->ntics - 0.4);
	if (fig->ntics > 4)
		fprintf(f, "set xtics rotate by -30 left\n");
	fprintf(f, "set yrange [0:*]\nset ytics nomirror\n");
	if (reach) {
		fprintf(f, "set y2range [0:*]\nset y2tics\nset y2label ");
		gp_string(f, fig->y2label);
		fprintf(f, "\nset border 11\n");
	}
	fprintf(f, "w = 0.6  # bar width\n"
		   "# The legend entries in two rows, clear of the rotated rung names.\n"
		   "set bmargin 15\nset key at screen 0.5, screen 0.1 center center horizontal maxrows 2\n"
		   "# Each rung: a grey bar up to the rung below's startup (column 2), the\n"
		   "# increment stacked on it (column 3) with its 95%% uncertainty (column 5),\n"
		   "# labelled (last column)%s.\nplot \\\n",
		   reach ? "; column 4 on the right axis" : "");
	fprintf(f, "  \"%s.dat\" using 1:2:($1-w/2):($1+w/2):(0):2 with boxxyerror fs solid 0.35 noborder lc rgb \"#999999\" title \"rung below\"",
		fig->name);
	if (up) {
		fprintf(f, ", \\\n  \"%s.dat\" using 1:($3>=0 ? $2+$3 : NaN):($1-w/2):($1+w/2):2:($2+$3) with boxxyerror ls 1 dt solid fs pattern %d border lc rgb \"black\" title ",
			fig->name, patterns[0]);
		gp_string(f, fig->cols[2].name);
	}
	/* A rung cheaper than the one below: noise, or a real saving; drawn
	 * apart so that it does not read as a cost. */
	if (down)
		fprintf(f, ", \\\n  \"%s.dat\" using 1:($3<0 ? $2 : NaN):($1-w/2):($1+w/2):($2+$3):2 with boxxyerror ls 2 dt solid fs pattern %d border lc rgb \"black\" title \"negative increment\"",
			fig->name, patterns[1]);
	fprintf(f, ", \\\n  \"%s.dat\" using 1:($2+$3-$5):(0):(2*$5) with vectors heads size screen 0.008,90 lc rgb \"black\" lw 1.5 notitle",
		fig->name);
	fprintf(f, ", \\\n  \"%s.dat\" using 1:($2+($3>0 ? $3 : 0)+$5):6 with labels offset 0,0.8 font \",13\" notitle",
		fig->name);
	if (reach) {
		fprintf(f, ", \\\n  \"%s.dat\" using 1:4 axes x1y2 with linespoints ls 6 title ", fig->name);
		gp_string(f, fig->cols[3].name);
	}
	fprintf(f, "\n");
}

int gnuplot_script_write(FILE *f, const struct figure *fig,
			 const char *format)
{
	header(f, fig, format);
	fprintf(f, "\n");
	switch (fig->style) {
	case FIG_BOXPLOT: plot_boxplot(f, fig); break;
	case FIG_STACKED:
	case FIG_CLUSTERED: plot_bars(f, fig); break;
	case FIG_STRIP: plot_strip(f, fig); break;
	case FIG_LINES: plot_lines(f, fig); break;
	case FIG_STAIRCASE: plot_staircase(f, fig); break;
	}
	return ferror(f) ? -1 : 0;
}
