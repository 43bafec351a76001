/* fuzz: what every harness in tests/fuzz/ shares.
 *
 * A harness defines LLVMFuzzerTestOneInput() and nothing else that a
 * driver needs: libFuzzer calls it in `make fuzz`, tests/fuzz/replay.c
 * calls it once per committed corpus and regression file in `make test`.
 * It must accept any bytes, let no input change the outcome of a later
 * one, and crash only on a real bug: a sanitizer report, or fuzz_require()
 * when a contract the parser promises (one-line errors, bounded results)
 * does not hold. */
#ifndef ISOLAB_TESTS_FUZZ_H
#define ISOLAB_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/host/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort with the broken contract named: the fuzzer records the input. */
#define fuzz_require(cond)                                                     \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: contract broken: %s\n",        \
				__FILE__, __LINE__, #cond);                    \
			abort();                                               \
		}                                                              \
	} while (0)

/* The contract of struct err: a failure has a kind and a non-empty,
 * terminated message. */
static inline void fuzz_require_error(const struct err *err)
{
	fuzz_require(err->kind != ERR_NONE);
	fuzz_require(memchr(err->msg, '\0', sizeof(err->msg)) != NULL);
	fuzz_require(err->msg[0] != '\0');
}

/* ... and, for what a file or a guest sent (not what the user typed, which
 * a message may quote back as it is), exactly one line. */
static inline void fuzz_require_one_line(const struct err *err)
{
	fuzz_require_error(err);
	fuzz_require(strchr(err->msg, '\n') == NULL);
}

/* A bounded reader over the input, for harnesses that decode records. */
struct fuzz_in {
	const uint8_t *p;
	size_t left;
};

/* Take n bytes into out (zero-filled past the end of the input); returns
 * how many were real. */
static inline size_t fuzz_take(struct fuzz_in *in, void *out, size_t n)
{
	size_t got = n < in->left ? n : in->left;

	memset(out, 0, n);
	if (got)
		memcpy(out, in->p, got);
	in->p += got;
	in->left -= got;
	return got;
}

/* The input cut at NUL bytes into at most max strings (argv-style); the
 * copy lives in *buf, which the caller frees. Returns the count. */
static inline int fuzz_split(const uint8_t *data, size_t size, char **buf,
			     char **out, int max)
{
	int n = 0;

	*buf = malloc(size + 1);
	if (!*buf)
		return 0;
	memcpy(*buf, data, size);
	(*buf)[size] = '\0';
	for (size_t i = 0; i <= size && n < max;) {
		out[n++] = *buf + i;
		i += strlen(*buf + i) + 1;
	}
	return n;
}

#endif
