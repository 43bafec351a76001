/* report_cmd: the `isolab plot` and `isolab report` commands.
 *   isolab plot RESULTS.json... [--out DIR] [--format png|svg|pdf] [--title T]
 *   isolab report [RESULTS.json...] [--out DIR] [--format F] [--title T]
 * They parse their own command line (results files are positional),
 * read and check the files, compute the figure data once, and write
 * NAME.dat, NAME.gp and, when gnuplot is on PATH, the image of every
 * figure into DIR; `report` adds report.md. Without files, `report` first
 * measures (report_measure.h). Returns the exit status. */
#ifndef ISOLAB_REPORT_CMD_H
#define ISOLAB_REPORT_CMD_H

#include <stdbool.h>
#include <stdio.h>

int report_cmd_main(int argc, char **argv);
void report_cmd_help(FILE *f, const char *command);

#endif
