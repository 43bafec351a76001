/* cli_parse: argv into struct cli (cli.h): the command (from the table,
 * commands.h), the shared options (cli_options.h) set as they come, the
 * launchers' options applied once the launchers are known, then the
 * checks that need the whole line. */
#include "lab/cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "lab/cli/cli_options.h"
#include "lab/cli/commands.h"
#include "lab/cli/option_sweep.h"
#include "lab/host/numparse.h"
#include "lab/proto/util.h"
#include "lab/core/workload_spec.h"

_Static_assert(ARRAY_SIZE(((struct cli *)0)->config) == LAUNCHER_COUNT &&
		       ARRAY_SIZE(((struct cli *)0)->selected) == LAUNCHER_COUNT,
	       "one config and one flag per launcher of the registry");

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
				       command_takes_many(cli->command) ? "s" : "");
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

/* Only the commands cli_parse reads: main has run the others (commands.h). */
static int parse_command(struct cli *cli, const char *word, struct err *err)
{
	const struct cli_command *c = command_named(word);
	char names[256];

	if (c && c->id != CMD_NONE) {
		cli->command = c->id;
		return 0;
	}
	return err_set(err, ERR_USAGE, "unknown command '%s'; use %s (isolab --help)",
		       word, command_names(names, sizeof(names)));
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
	if (command_takes_many(cli->command) && !any)
		for (int i = 0; i < LAUNCHER_COUNT; i++)
			cli->selected[i] = true;
	else if (command_only_launcher(cli->command) && !any)
		cli->selected[launcher_index(command_only_launcher(cli->command))] = true;
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
	char names[256];

	if (argc < 2)
		return err_set(err, ERR_USAGE,
			       "usage: isolab COMMAND [options], COMMAND one of %s (isolab --help)",
			       command_names(names, sizeof(names)));
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
		o = common_option_find(name, cli->command);
		if (o && o->arg)
			return arg + 2;
		snprintf(name, len, "%s", arg);
	}
	return NULL;
}


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
	o = common_option_find(name, cli->command);
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
		return common_option_set(cli, o, value, err);
	if (pending->n == (int)ARRAY_SIZE(pending->item))
		return err_set(err, ERR_USAGE, "too many launcher options");
	snprintf(pending->item[pending->n].name,
		 sizeof(pending->item[pending->n].name), "%s", name + 2);
	pending->item[pending->n++].value = value;
	return 0;
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
	rc = option_sweep_variants(cli, &pending, err);
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

int cli_first_selected(const struct cli *cli)
{
	int i = 0;

	while (i < LAUNCHER_COUNT - 1 && !cli->selected[i])
		i++;
	return i;
}
