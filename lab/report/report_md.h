/* report_md: the Markdown writer of `isolab report` (GitHub and pandoc
 * flavoured: pipe tables, relative image links). It states what the data
 * shows, with the numbers: environment, tables of medians and p95 with
 * the ratio to the fastest launcher (mean ratio ± propagated standard
 * deviation, as hyperfine's export), outliers and slow first runs, every
 * figure with generated sentences, and the textbook claims held against
 * the measurement (lab/report/claims.h judges them): in sentences for one
 * machine, in a table of verdicts per machine for a class. */
#ifndef ISOLAB_REPORT_MD_H
#define ISOLAB_REPORT_MD_H

#include <stdbool.h>
#include <stdio.h>

#include "lab/report/figure.h"
#include "lab/report/report_data.h"

struct report_md {
	const struct report_data *rd;
	const struct figure_set *figs;
	const char *title;
	const char *image_format; /* "png", ... */
	bool images;              /* rendered: embed them */
};

int report_md_write(FILE *f, const void *report_md);

#endif
