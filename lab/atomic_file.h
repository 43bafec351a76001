/* atomic_file: an output file that appears whole or not at all.
 * Writes go to a temporary file beside the target (same filesystem), which
 * atomic_file_commit() flushes, fsyncs and renames over the target, and
 * atomic_file_abort() removes. Opening early doubles as the check that the
 * output path is writable, before any measurement runs. */
#ifndef ISOLAB_ATOMIC_FILE_H
#define ISOLAB_ATOMIC_FILE_H

#include <limits.h>
#include <stdio.h>

#include "lab/err.h"

struct atomic_file {
	FILE *f;
	char path[PATH_MAX];
	char tmp[PATH_MAX];
};

int atomic_file_open(struct atomic_file *af, const char *path,
		     struct err *err);
int atomic_file_commit(struct atomic_file *af, struct err *err);
void atomic_file_abort(struct atomic_file *af);

#endif
