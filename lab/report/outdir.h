/* outdir: the output directory of `isolab plot` and `isolab report`.
 * Every file goes in whole or not at all (lab/host/atomic_file.h: a temporary
 * file beside it, renamed into place); nothing outside DIR is written, and
 * files already in DIR that isolab does not write are left alone.
 * outdir_prepare creates DIR itself when missing (never its parents). */
#ifndef ISOLAB_REPORT_OUTDIR_H
#define ISOLAB_REPORT_OUTDIR_H

#include <stddef.h>
#include <stdio.h>

#include "lab/host/err.h"

int outdir_prepare(const char *dir, struct err *err);

/* DIR/NAME.EXT (ext may be NULL); -1 when it does not fit. */
int out_path(char *buf, size_t len, const char *dir, const char *name,
	     const char *ext);

/* Writes DIR/NAME.EXT through write(f, ctx), which returns 0 or -1. */
int outdir_write(const char *dir, const char *name, const char *ext,
		 int (*write)(FILE *f, const void *ctx), const void *ctx,
		 struct err *err);

#endif
