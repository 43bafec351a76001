#include "lab/core/workload_spec.h"

#include <stdint.h>
#include <string.h>

#include "lab/host/numparse.h"
#include "lab/proto/probe_proto.h" /* PROBE_NR_LAST, in the table */
#include "lab/proto/util.h"

enum arg_kind { ARG_NONE, ARG_COUNT, ARG_CALL, ARG_FROM };

struct mode_info {
	const char *name;
	enum arg_kind arg;
	uint64_t max;
	const char *summary;
};

static const struct mode_info modes[] = {
#define WORKLOAD_MODE(name, arg, max, summary) { #name, arg, max, summary },
#include "lab/proto/workload_modes.def"
#undef WORKLOAD_MODE
};

static const char *const calls[] = {
#define WORKLOAD_TRY(call, summary) #call,
#include "lab/proto/workload_modes.def"
#undef WORKLOAD_TRY
};

static int check_call(const char *call, struct err *err)
{
	for (size_t i = 0; i < ARRAY_SIZE(calls); i++)
		if (strcmp(call, calls[i]) == 0)
			return 0;
	return err_set(err, ERR_USAGE,
		       "unknown call 'try:%s'; use try:sethostname, try:mount, try:unshare, try:keyctl or try:nosys",
		       call);
}

int workload_spec_check(const char *spec, struct err *err)
{
	const char *colon = strchr(spec, ':');
	size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
	char what[64];
	uint64_t n;

	for (size_t i = 0; i < ARRAY_SIZE(modes); i++) {
		const struct mode_info *m = &modes[i];

		if (strlen(m->name) != len || strncmp(spec, m->name, len) != 0)
			continue;
		if (m->arg == ARG_NONE) {
			if (colon)
				return err_set(err, ERR_USAGE,
					       "workload '%s' takes no ':' argument",
					       m->name);
			return 0;
		}
		if (m->arg == ARG_FROM && !colon)
			return 0;
		if (!colon || !colon[1])
			return err_set(err, ERR_USAGE,
				       "workload '%s' needs an argument, e.g. %s:%s",
				       m->name, m->name,
				       m->arg == ARG_CALL ? "nosys" : "100");
		if (m->arg == ARG_CALL)
			return check_call(colon + 1, err);
		snprintf(what, sizeof(what), "workload %s:N", m->name);
		return parse_count(what, colon + 1, m->arg == ARG_FROM ? 0 : 1,
				   m->max, &n, err);
	}
	return err_set(err, ERR_USAGE,
		       "unknown workload '%s'; see 'isolab run --help' for the list",
		       spec);
}

void workload_spec_print_help(FILE *out)
{
	static const char *const arg_names[] = { "", ":N", ":CALL", "[:N]" };

	for (size_t i = 0; i < ARRAY_SIZE(modes); i++) {
		char name[32];

		snprintf(name, sizeof(name), "%s%s", modes[i].name,
			 arg_names[modes[i].arg]);
		fprintf(out, "    %-12s %s\n", name, modes[i].summary);
	}
}
