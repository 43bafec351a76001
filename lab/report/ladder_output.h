/* ladder_output: a measured ladder (lab/ladder/ladder.h) written out.
 *  table  for people: one line per rung (medians, the startup increment
 *         with its 95% uncertainty and the phases it goes to, host
 *         reach), then what each rung adds in words, then the checklist
 *  csv    one line per rung, every median and increment
 *  json   {"schema_version", "environment", "ladder": {...}} (README.md)
 * Returns 0, or -1 when the stream failed. */
#ifndef ISOLAB_LADDER_OUTPUT_H
#define ISOLAB_LADDER_OUTPUT_H

#include <stdio.h>

#include "lab/ladder/ladder.h"
#include "lab/report/output.h"

int ladder_write(FILE *f, const struct ladder *lad, enum output_format format);

/* The "ladder":{...} member alone, for other JSON writers. */
void ladder_json_member(FILE *f, const struct ladder *lad);

#endif
