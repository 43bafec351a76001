#include "lab/report/figure_dat.h"

#include <math.h>

static bool has_labels(const struct fig_block *b)
{
	for (size_t r = 0; r < b->nrows; r++)
		if (b->labels && b->labels[r][0])
			return true;
	return false;
}

static void write_label(FILE *f, const char *s)
{
	fputs(" \"", f);
	for (; *s; s++)
		fputc(*s == '"' ? '\'' : *s, f);
	fputc('"', f);
}

int figure_dat_write(FILE *f, const struct figure *fig)
{
	fprintf(f, "# %s.dat: %s\n# %s\n# ", fig->name, fig->title, fig->about);
	for (const char *c = fig->footnote; *c; c++)
		fputs(*c == '\n' ? "\n# " : (char[]){ *c, 0 }, f);
	fprintf(f, "\n# columns:");
	for (int c = 0; c < fig->ncols; c++)
		fprintf(f, "%s %d:%s%s%s%s", c ? " |" : "", c + 1,
			fig->cols[c].name, fig->cols[c].unit[0] ? " (" : "",
			fig->cols[c].unit, fig->cols[c].unit[0] ? ")" : "");
	fprintf(f, "\n# a quoted label, where present, is column %d; NaN = no value\n",
		fig->ncols + 1);
	for (int b = 0; b < fig->nblocks; b++) {
		const struct fig_block *blk = &fig->blocks[b];
		bool labels = has_labels(blk);

		fprintf(f, "%s# block %d%s%s\n", b ? "\n\n" : "", b,
			blk->title[0] ? ": " : "",
			blk->title[0] ? blk->title : (labels ? ": labels" : ""));
		for (size_t r = 0; r < blk->nrows; r++) {
			for (int c = 0; c < fig->ncols; c++) {
				double v = blk->cells[r * fig->ncols + c];

				if (isnan(v))
					fprintf(f, "%sNaN", c ? " " : "");
				else
					fprintf(f, "%s%.6g", c ? " " : "", v);
			}
			if (labels)
				write_label(f, blk->labels[r]);
			fputc('\n', f);
		}
		if (!blk->nrows) /* gnuplot needs a point in every index */
			fprintf(f, "NaN NaN\n");
	}
	return ferror(f) ? -1 : 0;
}
