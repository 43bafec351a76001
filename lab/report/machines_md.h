/* machines_md: the table of machines, one row per results file: which
 * machine it was counted as and that file's environment, load averages
 * included (the rows are computed in lab/report/report_data.h, shared by
 * plot and report). `isolab plot` and `isolab report` write it as
 * DIR/machines.md; plot prints it when the files come from several
 * machines, and report.md embeds the same table, so a teacher sees at once
 * whose file is whose. Rendering only. */
#ifndef ISOLAB_REPORT_MACHINES_MD_H
#define ISOLAB_REPORT_MACHINES_MD_H

#include <stdio.h>

#include "lab/report/report_data.h"

/* Text from a results file inside a table cell: a '|' would end the
 * cell and a line break the table, so they are escaped or blanked. */
void machines_md_text(FILE *f, const char *text);
/* The table alone: header row and one row per file. */
void machines_md_table(FILE *f, const struct report_data *rd);
/* A file's load averages as the table shows them: "0.52 → 1.10",
 * "6.25 → 7.50 (above the core count)" or "not recorded". */
void machines_md_load(char *buf, size_t len, const struct rd_file *row);
/* DIR/machines.md: a heading, what counts as one machine, the table.
 * ctx is a struct report_data; returns 0, or -1 when f failed. */
int machines_md_write(FILE *f, const void *ctx);

#endif
