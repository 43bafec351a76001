/* numparse: strict parsing of the numbers users type. A whole string or an
 * error that names the option and shows what a good value looks like. */
#ifndef ISOLAB_NUMPARSE_H
#define ISOLAB_NUMPARSE_H

#include <stdint.h>

#include "lab/host/err.h"

/* A whole decimal number in [min, max]; `what` names it in the error. */
int parse_count(const char *what, const char *text, uint64_t min,
		uint64_t max, uint64_t *out, struct err *err);

/* Seconds, fractions allowed ("0.5", "10"), > 0 and <= one day. */
int parse_seconds(const char *what, const char *text, uint64_t *out_ns,
		  struct err *err);

#endif
