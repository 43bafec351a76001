/* Fuzz harness: lab/host/numparse.c and lab/core/workload_spec.c, the parsers of the
 * numbers and workload names a user types. Input: one string; it is tried
 * as a count, as seconds and as a workload spec. What is accepted must be
 * inside the promised range. */
#include "lab/host/numparse.h"
#include "lab/core/workload_spec.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct err err = { 0 };
	uint64_t v, lo, hi;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	lo = size ? data[0] % 3 : 0;
	hi = size > 1 ? (uint64_t)data[1] * 1000 + lo : UINT64_MAX;
	if (parse_count("--fuzz", text, lo, hi, &v, &err) == 0)
		fuzz_require(v >= lo && v <= hi);
	else
		fuzz_require_error(&err);
	memset(&err, 0, sizeof(err));
	if (parse_seconds("--timeout", text, &v, &err) == 0)
		fuzz_require(v > 0 && v <= 86400ull * 1000000000ull);
	else
		fuzz_require_error(&err);
	memset(&err, 0, sizeof(err));
	if (workload_spec_check(text, &err) < 0)
		fuzz_require_error(&err);
	free(text);
	return 0;
}
