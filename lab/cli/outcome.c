/* outcome: a failure's line and exit status (outcome.h). */
#include "lab/cli/outcome.h"

#include <stdio.h>

void failure_print(const struct err *err, bool writes_results)
{
	fprintf(stderr, "isolab: %s%s\n", err->msg,
		writes_results && err->kind == ERR_INTERRUPTED
			? "; no results were written"
			: "");
}

int failure_status(enum err_kind kind)
{
	if (kind == ERR_INTERRUPTED)
		return ERR_INTERRUPTED;
	if (kind == ERR_NOT_FOUND || kind == ERR_NOT_RUNNABLE)
		return ERR_USAGE;
	return kind == ERR_NONE ? ERR_RUNTIME : (int)kind;
}
