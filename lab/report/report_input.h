/* report_input: the results files given to `isolab plot` and `isolab
 * report`, read and checked before anything is drawn.
 * A file that cannot be used gets one line on `warn` naming it and why,
 * and the others go on; a path naming a file already read (same device and
 * inode) is counted once, with a warning. Fails (ERR_USAGE) only when no
 * file at all could be used. */
#ifndef ISOLAB_REPORT_INPUT_H
#define ISOLAB_REPORT_INPUT_H

#include <stdio.h>

#include "lab/report/results_file.h"

struct report_input {
	struct results_file *files;
	size_t nfiles;
	size_t nrejected, nduplicates;
};

int report_input_load(struct report_input *in, char *const *paths, int n,
		      FILE *warn, struct err *err);
void report_input_free(struct report_input *in);

#endif
