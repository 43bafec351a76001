/* Fuzz harness: each launcher's option parsers (launcher_option_set), --spawn,
 * --ns, --seccomp, --caps, --cgroup, --mem, ... Input: records of
 * (launcher byte, option byte, value up to a NUL); each record is applied
 * in turn to that launcher's config, as the command line would. */
#include "lab/core/launchers.h"
#include "tests/fuzz/fuzz.h"

#define MAX_LAUNCHERS 8

static int count_options(const struct launcher *l)
{
	int n = 0;

	while (l->options && l->options[n].name)
		n++;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *config[MAX_LAUNCHERS] = { 0 };
	int nl = 0;
	size_t at = 0;

	while (all_launchers[nl] && nl < MAX_LAUNCHERS) {
		const struct launcher *l = all_launchers[nl];

		config[nl] = calloc(1, l->config_size ? l->config_size : 1);
		if (config[nl] && l->config_init)
			l->config_init(config[nl]);
		nl++;
	}
	while (nl && at + 2 <= size) {
		int which = data[at] % nl;
		const struct launcher *l = all_launchers[which];
		int nopt = count_options(l);
		const char *name = "no-such-option";
		const uint8_t *end;
		size_t len;
		char *value;
		struct err err = { 0 };

		if (nopt && data[at + 1] < 250)
			name = l->options[data[at + 1] % nopt].name;
		at += 2;
		end = memchr(data + at, 0, size - at);
		len = end ? (size_t)(end - (data + at)) : size - at;
		value = malloc(len + 1);
		if (!value || !config[which] || !l->options) {
			free(value);
			break;
		}
		memcpy(value, data + at, len);
		value[len] = '\0';
		at += len + 1;
		if (launcher_option_set(l, config[which], name, value, &err) < 0)
			fuzz_require_error(&err);
		free(value);
	}
	for (int i = 0; i < nl; i++)
		free(config[i]);
	return 0;
}
