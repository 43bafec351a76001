#include "lab/cli.h"

#include <stdlib.h>
#include <string.h>

#include "lab/numparse.h"
#include "lab/workload_spec.h"

#define CMD_BIT(c) (1u << (c))
#define MEASURING (CMD_BIT(CMD_RUN) | CMD_BIT(CMD_COMPARE))
#define LAUNCHING (MEASURING | CMD_BIT(CMD_EXEC))
#define DENSITY CMD_BIT(CMD_DENSITY)
#define REPORTING (MEASURING | CMD_BIT(CMD_PROBE)) /* --format, --output */

enum option_id {
	OPT_LAUNCHER, OPT_WORKLOAD, OPT_BINARY, OPT_REPS, OPT_WARMUP,
	OPT_TIMEOUT, OPT_FORMAT, OPT_OUTPUT, OPT_PHASES, OPT_COUNT, OPT_HELP,
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
	  LAUNCHING | CMD_BIT(CMD_SHELL) | DENSITY | CMD_BIT(CMD_PROBE),
	  "process, container or microvm (compare, probe: a comma list, or all: the default)" },
	{ OPT_WORKLOAD, "workload", 'w', "W", MEASURING,
	  "what isolab-workload does (default noop; see below)" },
	{ OPT_BINARY, "binary", 0, "PATH", LAUNCHING,
	  "run this static x86-64 program instead of isolab-workload; its arguments follow --" },
	{ OPT_REPS, "reps", 'n', "N", MEASURING, "measured runs (default 10)" },
	{ OPT_WARMUP, "warmup", 0, "N", MEASURING,
	  "unmeasured runs first (default 1)" },
	{ OPT_TIMEOUT, "timeout", 't', "S", LAUNCHING | DENSITY | CMD_BIT(CMD_PROBE),
	  "kill the workload after S seconds (default 10; density: 60, for all to be ready)" },
	{ OPT_FORMAT, "format", 'f', "FMT", REPORTING | DENSITY,
	  "table (default), csv or json" },
	{ OPT_OUTPUT, "output", 'o', "FILE", REPORTING | DENSITY,
	  "write the results to FILE (whole, or not at all)" },
	{ OPT_COUNT, "count", 'c', "N,N,...", DENSITY,
	  "instances to hold at once, one step each (default 1,10,100,1000)" },
	{ OPT_PHASES, "phases", 0, NULL, MEASURING,
	  "table: show each launcher's startup phases" },
	{ OPT_HELP, "help", 'h', NULL, ~0u, "show this help" },
};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *name;
	enum command command;
	const char *summary;
} commands[] = {
	{ "run", CMD_RUN, "measure one launcher over -n runs" },
	{ "compare", CMD_COMPARE, "measure every launcher on the same workload, side by side" },
	{ "exec", CMD_EXEC, "run one instance, pass its output through, exit with its status" },
	{ "shell", CMD_SHELL, "an interactive busybox shell inside a container" },
	{ "density", CMD_DENSITY, "how many idle instances fit at once: time until all are ready, memory each" },
	{ "doctor", CMD_DOCTOR, "what this machine supports, and what to do about what it lacks" },
	{ "probe", CMD_PROBE, "which system calls the workload reaches under each launcher" },
};

static const char *command_name(enum command c)
{
	for (size_t i = 0; i < COUNT_OF(commands); i++)
		if (commands[i].command == c)
			return commands[i].name;
	return "";
}

/* Commands that take a list of launchers, all of them by default. */
static bool takes_many(enum command c)
{
	return c == CMD_COMPARE || c == CMD_PROBE;
}

static int launcher_index(const char *name)
{
	for (int i = 0; all_launchers[i]; i++)
		if (strcmp(all_launchers[i]->name, name) == 0)
			return i;
	return -1;
}

static int select_launchers(struct cli *cli, const char *list,
			    struct err *err)
{
	char buf[128], *tok, *save = NULL;
	bool many = takes_many(cli->command);

	if (snprintf(buf, sizeof(buf), "%s", list) >= (int)sizeof(buf))
		return err_set(err, ERR_USAGE, "--launcher list is too long");
	memset(cli->selected, 0, sizeof(cli->selected));
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
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
			const struct launcher_option *o;

			if (!cli->selected[i])
				continue;
			for (o = all_launchers[i]->options; o && o->name; o++)
				if (strcmp(o->name, opts[k].name) == 0)
					break;
			if (!o || !o->name)
				continue;
			if (all_launchers[i]->config_set(cli->config[i],
							 opts[k].name,
							 opts[k].value, err) < 0)
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
		for (const struct launcher_option *o = all_launchers[i]->options;
		     o && o->name; o++)
			if (strcmp(o->name, name) == 0)
				return true;
	return false;
}

static const struct common_option *find_common(const char *arg)
{
	for (size_t i = 0; i < COUNT_OF(common_options); i++) {
		const struct common_option *o = &common_options[i];

		if (arg[1] == '-' ? strcmp(arg + 2, o->name) == 0
				  : (o->short_name && arg[1] == o->short_name &&
				     !arg[2]))
			return o;
	}
	return NULL;
}

static int parse_counts(struct cli *cli, const char *list, struct err *err)
{
	char buf[256], *tok, *save = NULL;
	int n = 0;

	if (snprintf(buf, sizeof(buf), "%s", list) >= (int)sizeof(buf))
		return err_set(err, ERR_USAGE, "--count list is too long");
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (n == (int)COUNT_OF(cli->counts))
			return err_set(err, ERR_USAGE,
				       "--count takes at most %zu steps",
				       COUNT_OF(cli->counts));
		if (parse_count("--count", tok, 1, 100000, &cli->counts[n], err) < 0)
			return -1;
		n++;
	}
	if (n == 0)
		return err_set(err, ERR_USAGE,
			       "--count needs numbers, e.g. --count 1,10,100");
	cli->ncounts = n;
	return 0;
}

static int set_common(struct cli *cli, const struct common_option *o,
		      const char *value, struct err *err)
{
	switch (o->id) {
	case OPT_LAUNCHER: return select_launchers(cli, value, err);
	case OPT_WORKLOAD:
		cli->workload = value;
		return workload_spec_check(value, err);
	case OPT_BINARY: cli->binary = value; return 0;
	case OPT_REPS:
		return parse_count("-n", value, 1, 1000000, &cli->reps, err);
	case OPT_WARMUP:
		return parse_count("--warmup", value, 0, 100000, &cli->warmup,
				   err);
	case OPT_TIMEOUT:
		return parse_seconds("--timeout", value, &cli->timeout_ns, err);
	case OPT_FORMAT:
		return output_parse_format(value, &cli->out.format, err);
	case OPT_OUTPUT: cli->output_path = value; return 0;
	case OPT_PHASES: cli->out.phases = true; return 0;
	case OPT_COUNT: return parse_counts(cli, value, err);
	case OPT_HELP: cli->help = true; return 0;
	}
	return 0;
}

static int parse_command(struct cli *cli, const char *word, struct err *err)
{
	for (size_t i = 0; i < COUNT_OF(commands); i++)
		if (strcmp(word, commands[i].name) == 0) {
			cli->command = commands[i].command;
			return 0;
		}
	return err_set(err, ERR_USAGE,
		       "unknown command '%s'; use run, compare, exec, shell, density, probe or doctor (isolab --help)",
		       word);
}

static int init_configs(struct cli *cli, struct err *err)
{
	for (int i = 0; all_launchers[i] && i < CLI_MAX_LAUNCHERS; i++) {
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

	for (int i = 0; i < CLI_MAX_LAUNCHERS; i++)
		any |= cli->selected[i];
	if (takes_many(cli->command) && !any)
		for (int i = 0; i < CLI_MAX_LAUNCHERS; i++)
			cli->selected[i] = true;
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
	if (cli->command != CMD_EXEC && !cli->binary && cli->ntail)
		return err_set(err, ERR_USAGE,
			       "arguments after -- go with --binary; use --workload W for isolab-workload");
	if (cli->binary && cli->command != CMD_EXEC &&
	    strcmp(cli->workload, "noop") != 0)
		return err_set(err, ERR_USAGE,
			       "--workload and --binary exclude each other; the binary's arguments follow --");
	return 0;
}

int cli_parse(struct cli *cli, int argc, char **argv, struct err *err)
{
	struct pending_option pending[32];
	int npending = 0, i = 1;

	memset(cli, 0, sizeof(*cli));
	cli->workload = "noop";
	cli->reps = 10;
	cli->warmup = 1;
	cli->timeout_ns = 0; /* per command, below */
	cli->ncounts = 4;
	cli->counts[0] = 1, cli->counts[1] = 10, cli->counts[2] = 100,
	cli->counts[3] = 1000;
	if (init_configs(cli, err) < 0)
		return -1;
	if (argc < 2) {
		cli->help = true;
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		cli->version = true;
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		cli->help = true;
		if (argc > 2 && parse_command(cli, argv[2], err) < 0)
			return -1;
		return 0;
	}
	if (parse_command(cli, argv[i++], err) < 0)
		return -1;
	for (; i < argc; i++) {
		char *arg = argv[i], *value = NULL, *eq;
		const struct common_option *o;
		char name[64];

		if (strcmp(arg, "--") == 0) {
			cli->tail = argv + i + 1;
			cli->ntail = argc - i - 1;
			break;
		}
		if (arg[0] != '-' || !arg[1])
			return err_set(err, ERR_USAGE,
				       "unexpected argument '%s' (workload arguments go after --)",
				       arg);
		snprintf(name, sizeof(name), "%s", arg);
		eq = strchr(name, '=');
		if (eq && arg[1] == '-') {
			*eq = '\0';
			value = arg + (eq - name) + 1;
		}
		o = find_common(name);
		if (o && !(o->commands & CMD_BIT(cli->command)))
			return err_set(err, ERR_USAGE,
				       "%s does not apply to isolab %s", name,
				       command_name(cli->command));
		if (!o && !(name[1] == '-' && is_launcher_option(name + 2)))
			return err_set(err, ERR_USAGE,
				       "unknown option '%s' (isolab %s --help)",
				       name, command_name(cli->command));
		if (o && !o->arg) {
			if (value)
				return err_set(err, ERR_USAGE,
					       "%s takes no value", name);
		} else if (!value) {
			if (i + 1 >= argc)
				return err_set(err, ERR_USAGE,
					       "%s needs a value", name);
			value = argv[++i];
		}
		if (o) {
			if (set_common(cli, o, value, err) < 0)
				return -1;
		} else {
			if (npending == (int)COUNT_OF(pending))
				return err_set(err, ERR_USAGE,
					       "too many launcher options");
			snprintf(pending[npending].name,
				 sizeof(pending[npending].name), "%s",
				 name + 2);
			pending[npending++].value = value;
		}
	}
	if (!cli->timeout_ns)
		cli->timeout_ns = (cli->command == CMD_DENSITY ? 60ull : 10ull) *
				  1000000000ull;
	if (cli->help)
		return 0;
	if (check_combination(cli, err) < 0)
		return -1;
	return apply_launcher_options(cli, pending, npending, err);
}

void cli_free(struct cli *cli)
{
	for (int i = 0; i < CLI_MAX_LAUNCHERS; i++)
		free(cli->config[i]);
}

static void print_usage_line(FILE *f, enum command c)
{
	switch (c) {
	case CMD_RUN:
		fprintf(f, "usage: isolab run --launcher NAME [--workload W | --binary PATH [-- ARGS]] [-n N] [--warmup N]\n"
			   "                  [--timeout S] [--format table|csv|json] [--output FILE] [--phases] [launcher options]\n");
		break;
	case CMD_COMPARE:
		fprintf(f, "usage: isolab compare [--launcher A,B] [--workload W | --binary PATH [-- ARGS]] [-n N] [--warmup N]\n"
			   "                      [--timeout S] [--format table|csv|json] [--output FILE] [--phases] [launcher options]\n"
			   "A launcher that cannot run here, or fails at its first launch, is listed with the\n"
			   "reason and the others are measured; isolab then exits 3.\n");
		break;
	case CMD_EXEC:
		fprintf(f, "usage: isolab exec --launcher NAME [--timeout S] [launcher options] -- WORKLOAD\n"
			   "       isolab exec --launcher NAME --binary PATH [launcher options] -- [ARGS]\n"
			   "Exits with the workload's status, 128+N if signal N ended it, 124 on timeout.\n");
		break;
	case CMD_SHELL:
		fprintf(f, "usage: isolab shell --launcher container [isolation options]\n");
		break;
	case CMD_DENSITY:
		fprintf(f, "usage: isolab density --launcher NAME [--count 1,10,100,1000] [--timeout S]\n"
			   "                      [--format table|csv|json] [--output FILE] [launcher options]\n");
		break;
	case CMD_DOCTOR:
		fprintf(f, "usage: isolab doctor\n"
			   "Tries what each launcher needs: every namespace, /dev/kvm (a VM), a cgroup below\n"
			   "its own, and one noop run per launcher; says what happened, with the errno, and\n"
			   "what to do. Leaves nothing behind. Exits 0 when every launcher ran, 1 otherwise.\n");
		break;
	case CMD_PROBE:
		fprintf(f, "usage: isolab probe [--launcher A,B] [--timeout S] [--format table|csv|json] [--output FILE]\n"
			   "                    [launcher options]\n"
			   "Runs the probe workload under each launcher: it tries every system call number\n"
			   "with arguments that fail validation and reports which reach the kernel.\n"
			   "A launcher that cannot run here is listed with the reason; isolab then exits 3.\n");
		break;
	case CMD_NONE:
		break;
	}
}

static void print_options(FILE *f, enum command c)
{
	fprintf(f, "\noptions:\n");
	for (size_t i = 0; i < COUNT_OF(common_options); i++) {
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
		fprintf(f, "  %-26s %s\n", left, o->help);
	}
	if (c == CMD_DOCTOR)
		return;
	for (int i = 0; all_launchers[i]; i++) {
		const struct launcher_option *o = all_launchers[i]->options;

		if (!o || !o->name)
			continue;
		fprintf(f, "\n%s launcher options:\n", all_launchers[i]->name);
		for (; o->name; o++) {
			char left[40];

			snprintf(left, sizeof(left), "--%s %s", o->name, o->arg);
			fprintf(f, "  %-26s %s\n", left, o->help);
		}
	}
	if (c == CMD_RUN || c == CMD_COMPARE || c == CMD_EXEC) {
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
	for (size_t i = 0; i < COUNT_OF(commands); i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
	/* The guided labs' commands (lab/check/curriculum.h). */
	fprintf(f, "  %-9s %s\n  %-9s %s\n", "lab",
		"the guided labs: 'lab list', 'lab start labN [DIR]'", "check",
		"grade a lab: 'check labN [--dir DIR] [--format text|json]'");
	fprintf(f, "\nlaunchers:\n");
	for (int i = 0; all_launchers[i]; i++)
		fprintf(f, "  %-9s %s\n", all_launchers[i]->name,
			all_launchers[i]->summary);
	fprintf(f, "\n'isolab COMMAND --help' shows a command's options; 'isolab --version' the version.\n"
		   "See also isolab(1).\n");
}
