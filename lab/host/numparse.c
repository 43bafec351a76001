#include "lab/host/numparse.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>

int parse_count(const char *what, const char *text, uint64_t min,
		uint64_t max, uint64_t *out, struct err *err)
{
	char *end;
	uint64_t v;

	if (!text || *text < '0' || *text > '9')
		goto bad;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (*end)
		goto bad;
	if (errno == ERANGE || v > max || v < min)
		return err_set(err, ERR_USAGE,
			       "%s must be between %" PRIu64 " and %" PRIu64
			       ", not '%s'",
			       what, min, max, text);
	*out = v;
	return 0;
bad:
	return err_set(err, ERR_USAGE,
		       "%s needs a whole number, not '%s' (e.g. %" PRIu64 ")",
		       what, text ? text : "", min > 10 ? min : 10);
}

int parse_seconds(const char *what, const char *text, uint64_t *out_ns,
		  struct err *err)
{
	char *end;
	double s;

	if (!text || !((*text >= '0' && *text <= '9') || *text == '.'))
		goto bad;
	errno = 0;
	s = strtod(text, &end);
	if (*end || errno || !isfinite(s))
		goto bad;
	/* Below a nanosecond would round to a timeout of 0. */
	if (s < 1e-9 || s > 86400)
		return err_set(err, ERR_USAGE,
			       "%s must be between 0.000000001 and 86400 seconds, not '%s'",
			       what, text);
	*out_ns = (uint64_t)(s * 1e9);
	return 0;
bad:
	return err_set(err, ERR_USAGE,
		       "%s needs a number of seconds, not '%s' (e.g. 10 or 0.5)",
		       what, text ? text : "");
}
