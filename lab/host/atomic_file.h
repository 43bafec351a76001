/* atomic_file: where --output goes, whole or not at all, and never over a
 * device. lab/host/output_target.c decides what the path names:
 * - a regular file (or nothing yet, symlinks followed): writes go to a
 *   temporary file beside the final target, which atomic_file_commit()
 *   flushes, fsyncs and renames over it (keeping its mode), and
 *   atomic_file_abort() removes;
 * - a character device, a FIFO, standard output or another descriptor:
 *   written in place, with no rename and nothing to remove;
 * - anything else: refused by atomic_file_open() with ERR_USAGE.
 * Opening early doubles as the check that the output path is writable,
 * before any measurement runs. Opening a FIFO waits for its reader (Ctrl-C
 * ends the wait). */
#ifndef ISOLAB_ATOMIC_FILE_H
#define ISOLAB_ATOMIC_FILE_H

#include <limits.h>
#include <stdio.h>

#include "lab/host/err.h"
#include "lab/host/output_target.h"

struct atomic_file {
	FILE *f;
	struct output_target target;
	char name[PATH_MAX]; /* as the user gave it, for messages */
	char tmp[PATH_MAX];  /* OUTPUT_REPLACE: the temporary file */
};

int atomic_file_open(struct atomic_file *af, const char *path,
		     struct err *err);
int atomic_file_commit(struct atomic_file *af, struct err *err);
void atomic_file_abort(struct atomic_file *af);

#endif
