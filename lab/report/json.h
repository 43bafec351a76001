/* json: the pieces every JSON document isolab writes is made of (the
 * results of run/compare, the report of probe), so both spell the
 * environment and escape strings the same way. */
#ifndef ISOLAB_JSON_H
#define ISOLAB_JSON_H

#include <stdio.h>

#include "lab/core/results.h"
#include "lab/host/hostinfo.h"

/* A quoted, escaped string; "key": */
void json_string(FILE *f, const char *s);
void json_key(FILE *f, const char *key);
/* "variant":"label", (with its comma) when there is a label, else nothing */
void json_variant(FILE *f, const char *variant);
/* "options":{name:"value",...} */
void json_options(FILE *f, const struct option_record *o, int n);
/* "environment":{...} */
void json_environment(FILE *f, const struct environment *e);
/* {"schema_version":N,"environment":{...}  (the caller continues with ,) */
void json_begin(FILE *f, const struct environment *env);

#endif
