/* Fuzz harness: lab/cli/cli_parse.c, the whole command line, which hands launcher
 * options to their parsers (launcher_option_set), numbers to
 * lab/host/numparse.c and workload names to lab/core/workload_spec.c. Input: the arguments after "isolab",
 * separated by NUL bytes. */
#include "lab/cli/cli.h"
#include "tests/fuzz/fuzz.h"

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 2];
	char *buf, isolab[] = "isolab";
	struct cli cli;
	struct err err = { 0 };
	int argc;

	argv[0] = isolab;
	argc = 1 + fuzz_split(data, size, &buf, argv + 1, MAX_ARGS);
	argv[argc] = NULL;
	if (buf && cli_parse(&cli, argc, argv, &err) < 0)
		fuzz_require_error(&err);
	else if (buf)
		fuzz_require(cli.ntail >= 0 && cli.ntail < argc &&
			     cli.ncounts >= 0 && cli.ncounts <= 16);
	if (buf)
		cli_free(&cli);
	free(buf);
	return 0;
}
