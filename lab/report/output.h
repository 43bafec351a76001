/* output: the three ways a result set is written.
 *  table  for people: one line per launcher and workload, readable units;
 *  csv    one line per run, for spreadsheets and gnuplot;
 *  json   everything (schema in README.md and isolab(1)), for programs.
 * Each writer returns 0, or -1 when the stream failed. */
#ifndef ISOLAB_OUTPUT_H
#define ISOLAB_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "lab/host/err.h"
#include "lab/core/results.h"

enum output_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

struct output_options {
	enum output_format format;
	bool phases;  /* table: show the startup phases */
	bool verbose; /* probe table: list every call that differs */
};

int output_parse_format(const char *name, enum output_format *out,
			struct err *err);
int output_write(FILE *f, const struct result_set *rs,
		 const struct output_options *opts);

int output_table(FILE *f, const struct result_set *rs, bool phases);
int output_csv(FILE *f, const struct result_set *rs);
int output_json(FILE *f, const struct result_set *rs);

/* The table's first line: version, kernel, CPU, cgroups, KVM, root. */
void output_environment_line(FILE *f, const struct environment *e);
/* A table's closing line when the machine was overloaded:
 * "warning: figures unreliable: load 6.20 on 2 cores ...", else nothing. */
void output_load_warning(FILE *f, const struct environment *e);

/* "312 µs", "4.1 ms", "2.50 s"; "20 KiB", "4.0 MiB". */
void format_ns(char *buf, size_t len, double ns);
void format_kib(char *buf, size_t len, double kib);
/* Print text padded to width columns: printf pads by bytes, and "µs" is
 * two bytes but one column. */
void table_cell(FILE *f, const char *text, int width);
/* "SIGSEGV", or "signal 42" for one without a name. */

/* One CSV field, RFC 4180: quoted when it holds a comma, quote or line
 * break. */
void csv_field(FILE *f, const char *s);

#endif
