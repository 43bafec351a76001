/* Fuzz harness: lab/core/channel.c, the parser of the workload's control
 * channel ("ready STAMP", "result k=v"), as lab/core/pump.c feeds it: bytes in
 * arbitrary pieces. Input: one byte of settings (bits 1-7: how to cut
 * the rest into pieces; bit 0 is unused, so that the corpus keeps its
 * meaning), then the bytes the workload sent. Every result kept must be a
 * bounded, printable key=value. */
#include <ctype.h>

#include "lab/core/channel.h"
#include "tests/fuzz/fuzz.h"

static int ready_calls;

static void on_ready(void *ctx)
{
	(void)ctx;
	ready_calls++;
}

static void check_results(const struct launch_result *res)
{
	fuzz_require(res->nresults >= 0 && res->nresults <= LAUNCH_MAX_RESULTS);
	for (int i = 0; i < res->nresults; i++) {
		const struct named_value *nv = &res->results[i];

		fuzz_require(memchr(nv->key, 0, sizeof(nv->key)) != NULL);
		fuzz_require(memchr(nv->value, 0, sizeof(nv->value)) != NULL);
		fuzz_require(nv->key[0] != '\0');
		for (const char *c = nv->key; *c; c++)
			fuzz_require(isgraph((unsigned char)*c) && *c != '=');
		for (const char *c = nv->value; *c; c++)
			fuzz_require(isgraph((unsigned char)*c));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct launch_request req = { .on_ready = on_ready };
	struct launch_result *res = calloc(1, sizeof(*res));
	struct channel ch;
	struct err err = { 0 };
	unsigned piece;
	uint8_t settings = size ? data[0] : 0;

	if (!res)
		return 0;
	ready_calls = 0;
	channel_init(&ch, &req);
	res->tl.request_ns = 1000;
	piece = (settings >> 1) + 1; /* 1..128 bytes per read */
	for (size_t at = size ? 1 : 0; at < size; at += piece) {
		size_t n = size - at < piece ? size - at : piece;

		if (channel_feed(&ch, (const char *)data + at, n,
				 2000 + at, res, &err) < 0) {
			fuzz_require_one_line(&err);
			break;
		}
	}
	check_results(res);
	fuzz_require(ready_calls == (ch.ready ? 1 : 0));
	if (ch.ready)
		fuzz_require(res->tl.ready_ns >= 1000);
	free(res);
	return 0;
}
