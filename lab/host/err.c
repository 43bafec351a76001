/* err: see err.h. */
#include "lab/host/err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int err_set(struct err *err, enum err_kind kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->kind = kind;
	err->errnum = 0;
	return -1;
}

int err_sys(struct err *err, const char *fmt, ...)
{
	int saved = errno;
	size_t used;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	used = strlen(err->msg);
	snprintf(err->msg + used, sizeof(err->msg) - used, ": %s", strerror(saved));
	err->kind = ERR_RUNTIME;
	err->errnum = saved;
	errno = saved;
	return -1;
}

int err_prefix(struct err *err, const char *fmt, ...)
{
	char cause[sizeof(err->msg)], context[sizeof(err->msg)];
	size_t used;
	va_list ap;

	/* Both apart first: err->msg may be one of the arguments. */
	memcpy(cause, err->msg, sizeof(cause));
	cause[sizeof(cause) - 1] = '\0';
	va_start(ap, fmt);
	vsnprintf(context, sizeof(context), fmt, ap);
	va_end(ap);
	used = strlen(context);
	memcpy(err->msg, context, used + 1);
	if (cause[0] && used + 2 < sizeof(err->msg)) {
		memcpy(err->msg + used, ": ", 2);
		used += 2;
		snprintf(err->msg + used, sizeof(err->msg) - used, "%s", cause);
	}
	if (err->kind == ERR_NONE)
		err->kind = ERR_RUNTIME;
	return -1;
}
