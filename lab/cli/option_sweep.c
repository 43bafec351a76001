/* option_sweep: a launcher option's list made into variants
 * (option_sweep.h). */
#include "lab/cli/option_sweep.h"

#include <string.h>

#include "lab/cli/cli_options.h"
#include "lab/cli/commands.h"

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
int option_sweep_variants(struct cli *cli, const struct pending_options *p,
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
