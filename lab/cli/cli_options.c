/* cli_options: the shared options' table and parsers (cli_options.h). */
#include "lab/cli/cli_options.h"

#include <stdlib.h>
#include <string.h>

#include "lab/cli/commands.h"
#include "lab/host/numparse.h"
#include "lab/proto/util.h"
#include "lab/core/workload_spec.h"

#define MEASURING (CMD_BIT(CMD_RUN) | CMD_BIT(CMD_COMPARE))
#define LAUNCHING (MEASURING | CMD_BIT(CMD_EXEC))
#define DENSITY CMD_BIT(CMD_DENSITY)
#define REPORTING (MEASURING | CMD_BIT(CMD_PROBE)) /* --format, --output */
#define DASHBOARD CMD_BIT(CMD_DASHBOARD)

const struct common_option common_options[] = {
	{ OPT_LAUNCHER, "launcher", 'l', "NAME",
	  LAUNCHING | CMD_BIT(CMD_SHELL) | DENSITY | CMD_BIT(CMD_PROBE) | DASHBOARD,
	  "(compare, probe, dashboard: a comma list, or all: the default)" }, /* after the names */
	{ OPT_WORKLOAD, "workload", 'w', "W", MEASURING | DASHBOARD,
	  "what isolab-workload does (default noop; see below); MODE:N,N,... runs each value, one row each" },
	{ OPT_VARIANT, "variant", 0, "LABEL:LAUNCHER[:OPTIONS]", CMD_BIT(CMD_COMPARE) | CMD_BIT(CMD_PROBE),
	  "compare this configuration, in a row labelled LABEL (repeatable; replaces --launcher), e.g. bare:container:--ns=none,--seccomp=off" },
	{ OPT_BINARY, "binary", 0, "PATH", LAUNCHING | DASHBOARD,
	  "run this static x86-64 program instead of isolab-workload (ptraced to read its memory peak at exit); its arguments follow --" },
	{ OPT_REPS, "reps", 'n', "N", MEASURING, "measured runs (default 10)" },
	{ OPT_WARMUP, "warmup", 0, "N", MEASURING,
	  "unmeasured runs first (default 1)" },
	{ OPT_TIMEOUT, "timeout", 't', "S", LAUNCHING | DENSITY | CMD_BIT(CMD_PROBE) | DASHBOARD,
	  "kill the workload after S seconds (default 10 s; density: 60, for all to be ready); none: no limit" },
	{ OPT_FORMAT, "format", 'f', "FMT", REPORTING | DENSITY,
	  "table (default), csv or json" },
	{ OPT_FORMAT, "format", 'f', "FMT", CMD_BIT(CMD_DOCTOR),
	  "text (default) or json (one object: every check, for scripts)" },
	{ OPT_OUTPUT, "output", 'o', "FILE", REPORTING | DENSITY,
	  "write the results to FILE (whole, or not at all); - is stdout" },
	{ OPT_COUNT, "count", 'c', "N,N,...", DENSITY,
	  "instances to hold at once, one step each (default 1,10,100,1000)" },
	{ OPT_PHASES, "phases", 0, NULL, MEASURING,
	  "table: show each launcher's startup phases" },
	{ OPT_COLD, "cold", 0, NULL, LAUNCHING | DENSITY,
	  "every run pays the launcher's one-time setup (its session) inside its own startup, as QEMU and Firecracker pay it per VM; default: once per invocation, reported apart" },
	{ OPT_CLEANUP, "cleanup", 0, NULL, CMD_BIT(CMD_DOCTOR),
	  "kill and remove what killed isolab runs left behind (owner gone)" },
	{ OPT_VERBOSE, "verbose", 0, NULL, CMD_BIT(CMD_PROBE),
	  "table: list every call that differs, not only what isolation stops" },
	{ OPT_ITERATIONS, "iterations", 0, "N", DASHBOARD,
	  "quit after N launches per column (default: run until q)" },
	{ OPT_INTERVAL, "interval", 0, "S", DASHBOARD,
	  "redraw every S seconds (default 0.5)" },
	{ OPT_RATE, "rate", 0, "N", DASHBOARD,
	  "launches per second per column, or max (default 10; + and - change it)" },
	{ OPT_ONCE, "once", 0, NULL, DASHBOARD,
	  "one launch per column and the probe, then the screen as plain text on stdout" },
	{ OPT_NO_COLOR, "no-color", 0, NULL, DASHBOARD,
	  "no colours (also when NO_COLOR is set)" },
	{ OPT_HELP, "help", 'h', NULL, ~0u, "show this help" },
};
const size_t common_options_count = ARRAY_SIZE(common_options);

int split_list(const char *option, char *buf, char *items[], int max,
	       struct err *err)
{
	int n = 0;

	if (!*buf)
		return err_set(err, ERR_USAGE, "%s needs a value, not ''",
			       option);
	for (char *item = buf, *next; item; item = next) {
		next = strchr(item, ',');
		if (next)
			*next++ = '\0';
		if (!*item)
			return err_set(err, ERR_USAGE,
				       "%s: an empty item in the list; give names or numbers separated by single commas",
				       option);
		if (n == max)
			return err_set(err, ERR_USAGE,
				       "%s takes at most %d items", option, max);
		items[n++] = item;
	}
	return n;
}

static int select_launchers(struct cli *cli, const char *list,
			    struct err *err)
{
	char buf[128], *items[8];
	bool many = command_takes_many(cli->command);
	int n;

	if (snprintf(buf, sizeof(buf), "%s", list) >= (int)sizeof(buf))
		return err_set(err, ERR_USAGE, "--launcher list is too long");
	n = split_list("--launcher", buf, items, 8, err);
	if (n < 0)
		return -1;
	memset(cli->selected, 0, sizeof(cli->selected));
	for (int k = 0; k < n; k++) {
		const char *tok = items[k];
		int i = launcher_index(tok);

		if (many && strcmp(tok, "all") == 0) {
			for (int k = 0; all_launchers[k]; k++)
				cli->selected[k] = true;
			continue;
		}
		if (!many && strcmp(tok, "all") == 0)
			return err_set(err, ERR_USAGE,
				       "isolab %s takes one launcher, not 'all'; use one of %s",
				       command_name(cli->command), launcher_names());

		if (i < 0)
			return err_set(err, ERR_USAGE,
				       "unknown launcher '%s'; use %s", tok,
				       launcher_names());
		if (!command_offers(cli->command, all_launchers[i]))
			return err_set(err, ERR_USAGE,
				       "isolab %s runs in a %s only; use --launcher %s or leave it out",
				       command_name(cli->command),
				       command_only_launcher(cli->command),
				       command_only_launcher(cli->command));
		if (!many && strchr(list, ','))
			return err_set(err, ERR_USAGE,
				       "isolab %s takes one launcher, not '%s'",
				       command_name(cli->command), list);
		cli->selected[i] = true;
	}
	return 0;
}

/* The entry for option `arg` ("--name" or "-x"), preferring the one that
 * applies to command c (an option may mean different things to two). */
const struct common_option *common_option_find(const char *arg,
					       enum command c)
{
	const struct common_option *found = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(common_options); i++) {
		const struct common_option *o = &common_options[i];

		if (arg[1] == '-' ? strcmp(arg + 2, o->name) != 0
				  : !(o->short_name && arg[1] == o->short_name &&
				      !arg[2]))
			continue;
		if (o->commands & CMD_BIT(c))
			return o;
		found = found ? found : o;
	}
	return found;
}

static int parse_doctor_format(const char *value, enum output_format *out,
			       struct err *err)
{
	if (strcmp(value, "text") == 0 || strcmp(value, "table") == 0)
		*out = FORMAT_TABLE;
	else if (strcmp(value, "json") == 0)
		*out = FORMAT_JSON;
	else
		return err_set(err, ERR_USAGE,
			       "isolab doctor --format takes text or json, not '%s'",
			       value);
	return 0;
}

/* --workload: one workload, or MODE:V1,V2,... (the --count list syntax)
 * for one per value, each checked as a workload of its own. */
static int parse_workloads(struct cli *cli, const char *spec, struct err *err)
{
	const char *colon = strchr(spec, ':');
	char buf[256], *items[CLI_MAX_WORKLOADS];
	int n;

	cli->workload = spec;
	cli->nworkloads = 0;
	if (!colon || !strchr(colon, ',')) {
		snprintf(cli->workloads[0], sizeof(cli->workloads[0]), "%s", spec);
		cli->nworkloads = 1;
		return workload_spec_check(spec, err);
	}
	if (snprintf(buf, sizeof(buf), "%s", colon + 1) >= (int)sizeof(buf))
		return err_set(err, ERR_USAGE, "--workload list is too long");
	n = split_list("--workload", buf, items, CLI_MAX_WORKLOADS, err);
	for (int k = 0; k < n; k++) {
		char *w = cli->workloads[k];

		if (snprintf(w, sizeof(cli->workloads[k]), "%.*s:%s",
			     (int)(colon - spec), spec, items[k]) >=
		    (int)sizeof(cli->workloads[k]))
			return err_set(err, ERR_USAGE, "--workload: '%s' is too long", items[k]);
		if (workload_spec_check(w, err) < 0)
			return -1;
	}
	cli->nworkloads = n < 0 ? 0 : n;
	cli->workload = cli->workloads[0];
	return n < 0 ? -1 : 0;
}

static int add_variant(struct cli *cli, const char *spec, struct err *err)
{
	if (cli->nvariants == CLI_MAX_VARIANTS)
		return err_set(err, ERR_USAGE, "--variant is given at most %d times",
			       CLI_MAX_VARIANTS);
	cli->variant_specs[cli->nvariants++] = spec;
	return 0;
}

static int parse_counts(struct cli *cli, const char *list, struct err *err)
{
	char buf[256], *items[ARRAY_SIZE(cli->counts)];
	int n;

	if (snprintf(buf, sizeof(buf), "%s", list) >= (int)sizeof(buf))
		return err_set(err, ERR_USAGE, "--count list is too long");
	n = split_list("--count", buf, items, (int)ARRAY_SIZE(items), err);
	if (n < 0)
		return -1;
	for (int k = 0; k < n; k++)
		if (parse_count("--count", items[k], 1, 100000, &cli->counts[k],
				err) < 0)
			return -1;
	cli->ncounts = n;
	return 0;
}

/* --timeout S, or none (or 0) for no limit. Below the minimum a
 * micro-VM's guest kernel boot alone, which its timeout includes, could
 * use up the time; such a run would say "timed out" without having run. */
#define TIMEOUT_MIN_NS 10000000ull /* 0.01 s */

static int parse_timeout(struct cli *cli, const char *value, struct err *err)
{
	cli->timeout_given = true;
	if (strcmp(value, "none") == 0 || strcmp(value, "0") == 0) {
		cli->timeout_ns = 0;
		return 0;
	}
	if (parse_seconds("--timeout", value, &cli->timeout_ns, err) < 0)
		return -1;
	if (cli->timeout_ns < TIMEOUT_MIN_NS)
		return err_set(err, ERR_USAGE,
			       "--timeout must be at least 0.01 seconds, not '%s' (or none for no limit)",
			       value);
	return 0;
}

int common_option_set(struct cli *cli, const struct common_option *o,
		      const char *value, struct err *err)
{
	switch (o->id) {
	case OPT_LAUNCHER:
		cli->explicit_launcher = true;
		return select_launchers(cli, value, err);
	case OPT_WORKLOAD: return parse_workloads(cli, value, err);
	case OPT_VARIANT: return add_variant(cli, value, err);
	case OPT_BINARY: cli->binary = value; return 0;
	case OPT_REPS:
		return parse_count("-n", value, 1, 1000000, &cli->reps, err);
	case OPT_WARMUP:
		return parse_count("--warmup", value, 0, 100000, &cli->warmup,
				   err);
	case OPT_TIMEOUT:
		return parse_timeout(cli, value, err);
	case OPT_FORMAT:
		if (cli->command == CMD_DOCTOR)
			return parse_doctor_format(value, &cli->out.format, err);
		return output_parse_format(value, &cli->out.format, err);
	case OPT_OUTPUT: cli->output_path = value; return 0;
	case OPT_PHASES: cli->out.phases = true; return 0;
	case OPT_COUNT: return parse_counts(cli, value, err);
	case OPT_CLEANUP: cli->cleanup = true; return 0;
	case OPT_HELP: cli->help = true; return 0;
	case OPT_VERBOSE: cli->out.verbose = true; return 0;
	case OPT_ITERATIONS:
		return parse_count("--iterations", value, 1, 100000000,
				   &cli->iterations, err);
	case OPT_INTERVAL:
		if (parse_seconds("--interval", value, &cli->interval_ns, err) < 0)
			return -1;
		if (cli->interval_ns < 50000000ull || cli->interval_ns > 60000000000ull)
			return err_set(err, ERR_USAGE,
				       "--interval must be 0.05 to 60 seconds, not '%s'",
				       value);
		return 0;
	case OPT_RATE:
		if (strcmp(value, "max") == 0) {
			cli->rate = 0;
			return 0;
		}
		return parse_count("--rate", value, 1, 1000, &cli->rate, err);
	case OPT_ONCE: cli->once = true; return 0;
	case OPT_NO_COLOR: cli->no_color = true; return 0;
	case OPT_COLD: cli->cold = true; return 0;
	}
	return 0;
}
