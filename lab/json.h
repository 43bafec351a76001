/* json: the small pieces every JSON writer of isolab shares. Strings are
 * escaped per RFC 8259; the environment block is the same in every
 * document isolab writes. */
#ifndef ISOLAB_JSON_H
#define ISOLAB_JSON_H

#include <stdio.h>

#include "lab/hostinfo.h"

void json_string(FILE *f, const char *s);
void json_key(FILE *f, const char *key); /* "key": */
void json_environment(FILE *f, const struct environment *e); /* "environment":{...} */

#endif
