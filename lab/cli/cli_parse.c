#include "lab/cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "lab/host/numparse.h"
#include "lab/proto/util.h"
#include "lab/core/workload_spec.h"

#define CMD_BIT(c) (1u << (c))
#define MEASURING (CMD_BIT(CMD_RUN) | CMD_BIT(CMD_COMPARE))
#define LAUNCHING (MEASURING | CMD_BIT(CMD_EXEC))
#define DENSITY CMD_BIT(CMD_DENSITY)
#define REPORTING (MEASURING | CMD_BIT(CMD_PROBE)) /* --format, --output */
#define DASHBOARD CMD_BIT(CMD_DASHBOARD)

enum option_id {
	OPT_LAUNCHER, OPT_WORKLOAD, OPT_BINARY, OPT_REPS, OPT_WARMUP,
	OPT_TIMEOUT, OPT_FORMAT, OPT_OUTPUT, OPT_PHASES, OPT_COUNT, OPT_CLEANUP,
	OPT_HELP, OPT_VERBOSE, OPT_ITERATIONS, OPT_INTERVAL, OPT_RATE, OPT_ONCE,
	OPT_NO_COLOR, OPT_COLD, OPT_VARIANT,
};

struct common_option {
	enum option_id id;
	const char *name;
	char short_name;
	const char *arg; /* NULL: a flag */
	unsigned commands;
	const char *help;
};

static const struct common_option common_options[] = {
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

_Static_assert(ARRAY_SIZE(((struct cli *)0)->config) == LAUNCHER_COUNT &&
		       ARRAY_SIZE(((struct cli *)0)->selected) == LAUNCHER_COUNT,
	       "one config and one flag per launcher of the registry");

static const struct {
	const char *name;
	enum command command;
	const char *summary;
} commands[] = {
	{ "run", CMD_RUN, "measure one launcher over -n runs" },
	{ "compare", CMD_COMPARE, "measure every launcher on the same workload, side by side" },
	{ "exec", CMD_EXEC, "run one instance, pass its output through, exit with its status" },
	{ "shell", CMD_SHELL, "an interactive busybox shell inside a container, or one command in it" },
	{ "density", CMD_DENSITY, "how many idle instances fit at once: time until all are ready, memory each" },
	{ "doctor", CMD_DOCTOR, "what this machine supports, and what to do about what it lacks" },
	{ "probe", CMD_PROBE, "which system calls the workload reaches under each launcher" },
	{ "dashboard", CMD_DASHBOARD, "the launchers side by side, live, in the terminal (ncurses)" },
};

static const char *command_name(enum command c)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (commands[i].command == c)
			return commands[i].name;
	return "";
}

/* The one launcher a command can use, or NULL when any will do: shell
 * needs one with a shell hook. */
static const char *only_launcher(enum command c)
{
	for (int i = 0; c == CMD_SHELL && i < LAUNCHER_COUNT; i++)
		if (all_launchers[i]->shell)
			return all_launchers[i]->name;
	return NULL;
}

static bool offers(enum command c, const struct launcher *l)
{
	return !only_launcher(c) || strcmp(only_launcher(c), l->name) == 0;
}

/* Commands that take a list of launchers, all of them by default. */
static bool takes_many(enum command c)
{
	return c == CMD_COMPARE || c == CMD_PROBE || c == CMD_DASHBOARD;
}

/* Split a comma list in buf (modified) into at most max items; an empty
 * list or item ("", "a,,b", "a,") is a typo to report, not to skip. */
static int split_list(const char *option, char *buf, char *items[], int max,
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
	bool many = takes_many(cli->command);
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
		if (!offers(cli->command, all_launchers[i]))
			return err_set(err, ERR_USAGE,
				       "isolab %s runs in a %s only; use --launcher %s or leave it out",
				       command_name(cli->command),
				       only_launcher(cli->command),
				       only_launcher(cli->command));
		if (!many && strchr(list, ','))
			return err_set(err, ERR_USAGE,
				       "isolab %s takes one launcher, not '%s'",
				       command_name(cli->command), list);
		cli->selected[i] = true;
	}
	return 0;
}

/* A launcher option given on the command line, applied once the launchers
 * are known (--ns may come before --launcher). */
struct pending_option {
	char name[64];
	const char *value;
};

static int apply_launcher_options(struct cli *cli,
				  const struct pending_option *opts, int n,
				  struct err *err)
{
	for (int k = 0; k < n; k++) {
		bool taken = false;

		for (int i = 0; all_launchers[i]; i++) {
			if (!cli->selected[i] ||
			    !launcher_option_find(all_launchers[i], opts[k].name))
				continue;
			if (launcher_option_set(all_launchers[i], cli->config[i],
						opts[k].name, opts[k].value,
						err) < 0)
				return -1;
			taken = true;
		}
		if (!taken)
			return err_set(err, ERR_USAGE,
				       "--%s does not apply to the selected launcher%s",
				       opts[k].name,
				       takes_many(cli->command) ? "s" : "");
	}
	return 0;
}

static bool is_launcher_option(const char *name)
{
	for (int i = 0; all_launchers[i]; i++)
		if (launcher_option_find(all_launchers[i], name))
			return true;
	return false;
}

/* The entry for option `arg` ("--name" or "-x"), preferring the one that
 * applies to command c (an option may mean different things to two). */
static const struct common_option *find_common(const char *arg,
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

/* Variants are built once every option is in: each its own config. */
static int build_variants(struct cli *cli, int npending, struct err *err)
{
	if (!cli->nvariants)
		return 0;
	if (cli->explicit_launcher)
		return err_set(err, ERR_USAGE,
			       "--variant and --launcher exclude each other: each variant names its launcher");
	if (npending)
		return err_set(err, ERR_USAGE,
			       "with --variant, launcher options go inside each variant, e.g. --variant bare:container:--ns=none");
	for (int i = 0; i < cli->nvariants; i++) {
		if (variant_parse(cli->variant_specs[i], &cli->variants[i], err) < 0) {
			cli->nvariants = i;
			return -1;
		}
		for (int k = 0; k < i; k++)
			if (strcmp(cli->variants[k].label, cli->variants[i].label) == 0) {
				cli->nvariants = i + 1;
				return err_set(err, ERR_USAGE,
					       "--variant label '%s' is given twice; give each variant its own label",
					       cli->variants[i].label);
			}
	}
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

static int set_common(struct cli *cli, const struct common_option *o,
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

static int parse_command(struct cli *cli, const char *word, struct err *err)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (strcmp(word, commands[i].name) == 0) {
			cli->command = commands[i].command;
			return 0;
		}
	return err_set(err, ERR_USAGE,
		       "unknown command '%s'; use run, compare, exec, shell, density, probe, ladder, doctor, dashboard, plot or report (isolab --help)",
		       word);
}

static int init_configs(struct cli *cli, struct err *err)
{
	for (int i = 0; i < LAUNCHER_COUNT; i++) {
		const struct launcher *l = all_launchers[i];

		cli->config[i] = calloc(1, l->config_size ? l->config_size : 1);
		if (!cli->config[i])
			return err_set(err, ERR_RUNTIME, "out of memory");
		if (l->config_init)
			l->config_init(cli->config[i]);
	}
	return 0;
}

/* Whole-command checks once every option is in. */
static int check_combination(struct cli *cli, struct err *err)
{
	bool any = false;

	for (int i = 0; i < LAUNCHER_COUNT; i++)
		any |= cli->selected[i];
	if (takes_many(cli->command) && !any)
		for (int i = 0; i < LAUNCHER_COUNT; i++)
			cli->selected[i] = true;
	else if (only_launcher(cli->command) && !any)
		cli->selected[launcher_index(only_launcher(cli->command))] = true;
	else if (!any && cli->command != CMD_DOCTOR)
		return err_set(err, ERR_USAGE,
			       "isolab %s needs --launcher NAME (%s)",
			       command_name(cli->command), launcher_names());
	if (cli->command == CMD_EXEC && !cli->binary) {
		if (cli->ntail == 0)
			return err_set(err, ERR_USAGE,
				       "isolab exec needs a workload after --, e.g. isolab exec --launcher process -- noop");
		if (workload_spec_check(cli->tail[0], err) < 0)
			return -1;
	}
	if (cli->command == CMD_DOCTOR && cli->ntail)
		return err_set(err, ERR_USAGE,
			       "isolab doctor takes no arguments");
	if (cli->command != CMD_EXEC && cli->command != CMD_SHELL &&
	    !cli->binary && cli->ntail)
		return err_set(err, ERR_USAGE,
			       "arguments after -- go with --binary; use --workload W for isolab-workload");
	if (cli->binary && cli->command != CMD_EXEC &&
	    strcmp(cli->workload, "noop") != 0)
		return err_set(err, ERR_USAGE,
			       "--workload and --binary exclude each other; the binary's arguments follow --");
	return 0;
}

static void set_defaults(struct cli *cli)
{
	static const uint64_t counts[] = { 1, 10, 100, 1000 };

	memset(cli, 0, sizeof(*cli));
	cli->workload = "noop";
	snprintf(cli->workloads[0], sizeof(cli->workloads[0]), "noop");
	cli->nworkloads = 1;
	cli->reps = 10;
	cli->warmup = 1;
	cli->timeout_ns = 0; /* per command, once all is parsed */
	memcpy(cli->counts, counts, sizeof(counts));
	cli->ncounts = (int)ARRAY_SIZE(counts);
	cli->interval_ns = 500000000ull; /* dashboard */
	cli->rate = 10;
}

/* argv[1]: --version, --help [COMMAND], or the command. Returns 1 when
 * nothing more is to be parsed. */
static int parse_first(struct cli *cli, int argc, char **argv,
		       struct err *err)
{
	if (argc < 2)
		return err_set(err, ERR_USAGE,
			       "usage: isolab COMMAND [options], COMMAND one of run, compare, exec, shell, density, probe, doctor (isolab --help)");
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-v") == 0) {
		cli->version = true;
		return 1;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		cli->help = true;
		if (argc > 2 && parse_command(cli, argv[2], err) < 0)
			return -1;
		return 1;
	}
	return parse_command(cli, argv[1], err);
}

/* Split arg into the option's name and an attached value, if any:
 * --name=value, or -n3 / -lprocess for a short option that takes one
 * (as getopt reads them). */
static const char *split_attached(const struct cli *cli, const char *arg,
				  char *name, size_t len)
{
	char *eq;

	snprintf(name, len, "%s", arg);
	eq = strchr(name, '=');
	if (eq && arg[1] == '-') {
		*eq = '\0';
		return arg + (eq - name) + 1;
	}
	if (arg[1] != '-' && arg[2]) {
		const struct common_option *o;

		name[2] = '\0';
		o = find_common(name, cli->command);
		if (o && o->arg)
			return arg + 2;
		snprintf(name, len, "%s", arg);
	}
	return NULL;
}

/* Launcher options wait until the launchers are known. */
struct pending_options {
	struct pending_option item[32];
	int n;
};

/* The option at argv[*i] (and its value, which may be the next word:
 * *i moves past it): a common option is set at once, a launcher option
 * kept in pending. */
static int parse_option(struct cli *cli, int argc, char **argv, int *i,
			struct pending_options *pending, struct err *err)
{
	const char *arg = argv[*i], *value;
	const struct common_option *o;
	char name[64];

	if ((arg[0] != '-' || !arg[1]) && cli->command == CMD_DOCTOR)
		return err_set(err, ERR_USAGE,
			       "isolab doctor takes no arguments, not '%s'", arg);
	if (arg[0] != '-' || !arg[1])
		return err_set(err, ERR_USAGE,
			       "unexpected argument '%s' (workload arguments go after --)",
			       arg);
	value = split_attached(cli, arg, name, sizeof(name));
	o = find_common(name, cli->command);
	if (o && o->id == OPT_WORKLOAD && cli->command == CMD_EXEC)
		return err_set(err, ERR_USAGE,
			       "%s does not apply to isolab exec; put the workload after --, e.g. isolab exec --launcher process -- cpu:1000",
			       name);
	if (o && !(o->commands & CMD_BIT(cli->command)))
		return err_set(err, ERR_USAGE, "%s does not apply to isolab %s",
			       name, command_name(cli->command));
	if (!o && !(name[1] == '-' && is_launcher_option(name + 2)))
		return err_set(err, ERR_USAGE,
			       "unknown option '%s' (isolab %s --help)", name,
			       command_name(cli->command));
	if (o && !o->arg) {
		if (value)
			return err_set(err, ERR_USAGE, "%s takes no value",
				       name);
	} else if (!value) {
		if (*i + 1 >= argc)
			return err_set(err, ERR_USAGE, "%s needs a value", name);
		value = argv[++*i];
	}
	if (o)
		return set_common(cli, o, value, err);
	if (pending->n == (int)ARRAY_SIZE(pending->item))
		return err_set(err, ERR_USAGE, "too many launcher options");
	snprintf(pending->item[pending->n].name,
		 sizeof(pending->item[pending->n].name), "%s", name + 2);
	pending->item[pending->n++].value = value;
	return 0;
}

/* Adds one variant spec "LABEL:LAUNCHER:--a=x,--b=y" with the pending
 * options that launcher takes, option `swept` (or none) set to value. */
static int add_sweep_spec(struct cli *cli, const char *label,
			  const struct launcher *l,
			  const struct pending_options *p, int swept,
			  const char *value, struct err *err)
{
	char *spec = cli->sweep_specs[cli->nvariants];
	size_t len = sizeof(cli->sweep_specs[0]);
	int n = snprintf(spec, len, "%s:%s:", label, l->name);

	for (int k = 0; k < p->n && n < (int)len; k++)
		if (launcher_option_find(l, p->item[k].name))
			n += snprintf(spec + n, len - (size_t)n, "%s--%s=%s",
				      spec[n - 1] == ':' ? "" : ",",
				      p->item[k].name,
				      k == swept ? value : p->item[k].value);
	if (spec[n - 1] == ':')
		spec[--n] = '\0'; /* no options: "LABEL:LAUNCHER" */
	if (n >= (int)len)
		return err_set(err, ERR_USAGE, "--%s: the options are too long",
			       p->item[swept].name);
	if (cli->nvariants == CLI_MAX_VARIANTS)
		return err_set(err, ERR_USAGE,
			       "--%s: at most %d rows in one run; give fewer values",
			       p->item[swept].name, CLI_MAX_VARIANTS);
	cli->variant_specs[cli->nvariants] = spec;
	return variant_parse(spec, &cli->variants[cli->nvariants++], err);
}

/* A list given to a size option a launcher marks `sweep` (--mem
 * 16,64,256): run and compare measure every value, in order, as rows
 * labelled "LAUNCHER NAME=VALUE"; the other selected launchers keep one
 * row each. Returns 1 when it made the rows, 0 when there is no such
 * list, -1 on bad input. */
static int sweep_variants(struct cli *cli, const struct pending_options *p,
			  struct err *err)
{
	const struct launcher_option *o = NULL;
	int swept = -1;
	char buf[256], *items[CLI_MAX_VARIANTS], label[64];
	int n;

	for (int k = 0; k < p->n && swept < 0; k++)
		for (int i = 0; all_launchers[i] && swept < 0; i++)
			if (cli->selected[i] &&
			    (o = launcher_option_find(all_launchers[i],
						      p->item[k].name)) &&
			    o->sweep && strchr(p->item[k].value, ','))
				swept = k;
	if (swept < 0)
		return 0;
	if (cli->command != CMD_RUN && cli->command != CMD_COMPARE)
		return err_set(err, ERR_USAGE,
			       "--%s takes one value for isolab %s (a list is for run and compare)",
			       p->item[swept].name, command_name(cli->command));
	if (snprintf(buf, sizeof(buf), "%s", p->item[swept].value) >=
	    (int)sizeof(buf))
		return err_set(err, ERR_USAGE, "--%s list is too long",
			       p->item[swept].name);
	snprintf(label, sizeof(label), "--%s", p->item[swept].name);
	n = split_list(label, buf, items, CLI_MAX_VARIANTS, err);
	if (n < 0)
		return -1;
	for (int i = 0; all_launchers[i]; i++) {
		const struct launcher *l = all_launchers[i];
		bool sweeps = launcher_option_find(l, p->item[swept].name);

		if (!cli->selected[i])
			continue;
		for (int v = 0; v < (sweeps ? n : 1); v++) {
			snprintf(label, sizeof(label), sweeps ? "%s %s=%s" : "%s",
				 l->name, p->item[swept].name, items[v]);
			if (add_sweep_spec(cli, label, l, p, sweeps ? swept : -1,
					   sweeps ? items[v] : NULL, err) < 0)
				return -1;
		}
	}
	return 1;
}

int cli_parse(struct cli *cli, int argc, char **argv, struct err *err)
{
	struct pending_options pending = { .n = 0 };
	int rc;

	set_defaults(cli);
	if (init_configs(cli, err) < 0)
		return -1;
	rc = parse_first(cli, argc, argv, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			cli->tail = argv + i + 1;
			cli->ntail = argc - i - 1;
			break;
		}
		if (parse_option(cli, argc, argv, &i, &pending, err) < 0)
			return -1;
	}
	if (!cli->timeout_given)
		cli->timeout_ns = (cli->command == CMD_DENSITY ? 60ull : 10ull) *
				  1000000000ull;
	if (cli->help)
		return 0;
	if (check_combination(cli, err) < 0)
		return -1;
	if (cli->nvariants)
		return build_variants(cli, pending.n, err);
	rc = sweep_variants(cli, &pending, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	return apply_launcher_options(cli, pending.item, pending.n, err);
}

void cli_free(struct cli *cli)
{
	for (int i = 0; i < LAUNCHER_COUNT; i++)
		free(cli->config[i]);
	for (int i = 0; i < cli->nvariants; i++)
		variant_free(&cli->variants[i]);
}

static void print_usage_line(FILE *f, enum command c)
{
	switch (c) {
	case CMD_RUN:
		fprintf(f, "usage: isolab run --launcher NAME [--workload W | --binary PATH [-- ARGS]] [-n N] [--warmup N]\n"
			   "                  [--timeout S] [--format table|csv|json] [--output FILE] [--phases] [--cold] [launcher options]\n");
		break;
	case CMD_COMPARE:
		fprintf(f, "usage: isolab compare [--launcher A,B] [--workload W | --binary PATH [-- ARGS]] [-n N] [--warmup N]\n"
			   "                      [--timeout S] [--format table|csv|json] [--output FILE] [--phases] [--cold] [launcher options]\n"
			   "       isolab compare --variant LABEL:LAUNCHER[:OPTIONS] [--variant ...] [same options]\n"
			   "A launcher that cannot run here, or fails at its first launch, is listed with the\n"
			   "reason and the others are measured; isolab then exits 3.\n");
		break;
	case CMD_EXEC:
		fprintf(f, "usage: isolab exec --launcher NAME [--timeout S] [--cold] [launcher options] -- WORKLOAD\n"
			   "       isolab exec --launcher NAME --binary PATH [launcher options] -- [ARGS]\n"
			   "Exits with the workload's status, 128+N if signal N ended it, 124 on timeout;\n"
			   "isolab's own failures: 125 isolab failed or bad usage, 126 the program cannot\n"
			   "run, 127 it does not exist. A line on stderr names the signal or limit that\n"
			   "ended the program, another the run's note (e.g. what --seccomp strict blocked).\n");
		break;
	case CMD_SHELL:
		fprintf(f, "usage: isolab shell [--launcher container] [container options]\n"
			   "       isolab shell [--launcher container] [container options] -- COMMAND [ARGS]\n"
			   "An interactive busybox shell in a container; with a COMMAND, runs that one\n"
			   "command there (busybox's applets, or /bin/busybox) and exits with its status.\n");
		break;
	case CMD_DENSITY:
		fprintf(f, "usage: isolab density --launcher NAME [--count 1,10,100,1000] [--timeout S]\n"
			   "                      [--format table|csv|json] [--output FILE] [--cold] [launcher options]\n");
		break;
	case CMD_DOCTOR:
		fprintf(f, "usage: isolab doctor [--cleanup] [--format text|json]\n"
			   "Tries what each launcher needs: every namespace, /dev/kvm (a VM), a cgroup below\n"
			   "its own, and one noop run per launcher; says what happened, with the errno, and\n"
			   "what to do. Leaves nothing behind. Exits 0 when every launcher ran, 1 otherwise.\n"
			   "Also lists what a killed isolab left behind (cgroups whose owner is gone)\n"
			   "below the parent of its own cgroup; --cleanup kills what is still inside\n"
			   "them and removes them, naming each.\n");
		break;
	case CMD_PROBE:
		fprintf(f, "usage: isolab probe [--launcher A,B | --variant LABEL:LAUNCHER[:OPTIONS]...] [--timeout S] [--format table|csv|json]\n"
			   "                    [--output FILE] [--verbose]\n"
			   "                    [launcher options]\n"
			   "Runs the probe workload under each launcher: it tries every system call number\n"
			   "with arguments that fail validation and reports which reach the kernel.\n"
			   "A launcher that cannot run here is listed with the reason; isolab then exits 3.\n");
		break;
	case CMD_DASHBOARD:
		fprintf(f, "usage: isolab dashboard [--launcher A,B] [--workload W | --binary PATH [-- ARGS]] [--timeout S]\n"
			   "                        [--iterations N] [--interval S] [--rate N|max] [--once] [--no-color]\n"
			   "                        [launcher options]\n"
			   "The launchers side by side, live: startup (median, p95, a sparkline, phases), memory,\n"
			   "syscall reach, the isolation checklist and VM exits, one column each. Keys: ? shows\n"
			   "them all; q quits. Needs a terminal (TERM not dumb): otherwise it exits 2; --once\n"
			   "prints one screen as plain text instead.\n");
		break;
	case CMD_NONE:
		break;
	}
}

/* "process, container or microvm", from the registry. */
static const char *launchers_or(char *buf, size_t len)
{
	const char *names[LAUNCHER_COUNT];

	for (int i = 0; i < LAUNCHER_COUNT; i++)
		names[i] = all_launchers[i]->name;
	return option_enum_list(names, LAUNCHER_COUNT, buf, len);
}

static void print_options(FILE *f, enum command c)
{
	char names[128];

	fprintf(f, "\noptions:\n");
	for (size_t i = 0; i < ARRAY_SIZE(common_options); i++) {
		const struct common_option *o = &common_options[i];
		char left[40];

		if (!(o->commands & CMD_BIT(c)))
			continue;
		if (o->short_name)
			snprintf(left, sizeof(left), "-%c, --%s %s",
				 o->short_name, o->name, o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s %s", o->name,
				 o->arg ? o->arg : "");
		if (o->id == OPT_LAUNCHER && only_launcher(c))
			fprintf(f, "  %-26s %s (the only one, and the default)\n",
				left, only_launcher(c));
		else if (o->id == OPT_LAUNCHER)
			fprintf(f, "  %-26s %s %s\n", left, launchers_or(names, sizeof(names)),
				o->help);
		else
			fprintf(f, "  %-26s %s\n", left, o->help);
	}
	if (c == CMD_DOCTOR)
		return;
	for (int i = 0; all_launchers[i]; i++) {
		const struct launcher_option *o = all_launchers[i]->options;

		if (!o || !o->name || !offers(c, all_launchers[i]))
			continue;
		fprintf(f, "\n%s launcher options:\n", all_launchers[i]->name);
		for (; o->name; o++) {
			char left[40];

			snprintf(left, sizeof(left), "--%s %s", o->name, o->arg);
			fprintf(f, "  %-26s %s\n", left, o->help);
		}
	}
	if (c == CMD_RUN || c == CMD_COMPARE || c == CMD_EXEC ||
	    c == CMD_DASHBOARD) {
		fprintf(f, "\nworkloads (isolab-workload):\n");
		workload_spec_print_help(f);
	}
}

void cli_print_help(FILE *f, enum command c)
{
	if (c != CMD_NONE) {
		print_usage_line(f, c);
		print_options(f, c);
		return;
	}
	fprintf(f, "isolab: run one workload as a process, in a container and in a micro-VM,\n"
		   "and measure what each costs (startup, memory) and what each isolates.\n\n"
		   "usage: isolab COMMAND [options]\n\ncommands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
	/* ladder, plot and report parse their own command line. */
	fprintf(f, "  %-9s %s\n", "ladder",
		"what each piece of isolation costs, one rung at a time (lab/cli/ladder_cmd.c)");
	fprintf(f, "  %-9s %s\n  %-9s %s\n", "plot",
		"gnuplot figures (.dat, .gp, image) from results files",
		"report", "a Markdown report with figures; measures first if given no files");
	/* The guided labs' commands (lab/check/curriculum.h). */
	fprintf(f, "  %-9s %s\n  %-9s %s\n", "lab",
		"the guided labs: 'lab list', 'lab start labN [DIR]'", "check",
		"grade a lab: 'check labN [--dir DIR] [--format text|json]'");
	fprintf(f, "\nlaunchers:\n");
	for (int i = 0; all_launchers[i]; i++)
		fprintf(f, "  %-9s %s\n", all_launchers[i]->name,
			all_launchers[i]->summary);
	fprintf(f, "\n'isolab COMMAND --help' shows a command's options; 'isolab --version' the version.\n");
	cli_print_exit_status(f);
	fprintf(f, "\nSee also isolab(1).\n");
}

void cli_print_exit_status(FILE *f)
{
	fprintf(f, "\nexit status:\n"
		   "  0    done (run, compare: even if the workload crashed; that is a result)\n"
		   "  1    a runtime failure; doctor: something is missing\n"
		   "  2    a usage error: fix the command line\n"
		   "  3    compare, probe: done, but a launcher could not run here (listed with the reason)\n"
		   "  130  interrupted (Ctrl-C, SIGTERM); nothing was written\n"
		   "  exec: the program's status; 124 timeout; 125 isolab failed or bad usage;\n"
		   "        126 program could not be run; 127 program not found\n"
		   "  shell: the shell's or the COMMAND's status\n");
}
