#include "lab/report/configs_md.h"

#include "lab/report/machines_md.h"

static void files_of(FILE *f, const struct rd_config *c)
{
	int kept = c->nfiles < RD_MAX_CONFIG_FILES ? c->nfiles
						   : RD_MAX_CONFIG_FILES;

	for (int i = 0; i < kept; i++) {
		fputs(i ? ", " : "", f);
		machines_md_text(f, c->files[i]);
	}
	if (c->nfiles > kept)
		fprintf(f, " and %d more", c->nfiles - kept);
}

/* "ns=all, seccomp=**strict**": every option, the non-default ones bold;
 * only_differing keeps those another configuration has otherwise. */
static void options_of(FILE *f, const struct rd_config *c, bool only_differing)
{
	int shown = 0;

	if (!c->session) {
		fputs("options not recorded (file from an older isolab)", f);
		return;
	}
	for (int i = 0; i < c->session->noptions; i++) {
		const struct rf_option *o = &c->session->options[i];

		if (only_differing && !c->differs[i])
			continue;
		fputs(shown++ ? ", " : "", f);
		machines_md_text(f, o->name);
		fputs(c->nondefault[i] ? "=**" : "=", f);
		machines_md_text(f, o->value);
		fputs(c->nondefault[i] ? "**" : "", f);
	}
	if (!shown)
		fputs(only_differing ? "the same options" : "no options", f);
}

static void table(FILE *f, const struct report_data *rd)
{
	bool several = rd->nmachines > 1;

	fprintf(f, "%s| launcher | options | files |\n%s|---|---|---|\n",
		several ? "| machine " : "", several ? "|---" : "");
	for (size_t i = 0; i < rd->nconfigs; i++) {
		const struct rd_config *c = &rd->configs[i];

		if (several) {
			fputs("| ", f);
			machines_md_text(f, rd->machines[c->machine].label);
			fputc(' ', f);
		}
		fputs("| ", f);
		machines_md_text(f, rd->launchers[c->launcher]);
		fputs(c->conflict ? " ⚠ | " : " | ", f);
		options_of(f, c, false);
		fputs(" | ", f);
		files_of(f, c);
		fputs(" |\n", f);
	}
	fputc('\n', f);
}

/* One line per launcher and machine with several configurations, written
 * at its first configuration. */
static void conflicts(FILE *f, const struct report_data *rd)
{
	for (size_t i = 0; i < rd->nconfigs; i++) {
		const struct rd_config *c = &rd->configs[i];
		bool first = true;

		for (size_t k = 0; k < i; k++)
			first &= !(rd->configs[k].machine == c->machine &&
				   rd->configs[k].launcher == c->launcher);
		if (!c->conflict || !first)
			continue;
		fprintf(f, "- ⚠ The input files ran the %s%s%s under different options, and its rows in the tables and figures below merge all its runs:",
			rd->launchers[c->launcher], rd->nmachines > 1 ? " on " : "",
			rd->nmachines > 1 ? rd->machines[c->machine].label : "");
		for (size_t k = i; k < rd->nconfigs; k++) {
			const struct rd_config *o = &rd->configs[k];

			if (o->machine != c->machine || o->launcher != c->launcher)
				continue;
			fputs(k == i ? " " : "; ", f);
			options_of(f, o, true);
			fputs(" in ", f);
			files_of(f, o);
		}
		fputs(". To compare these configurations, run them as separate rows: `isolab compare --variant LABEL:LAUNCHER:OPTIONS`.\n", f);
	}
}

void configs_md_section(FILE *f, const struct report_data *rd)
{
	if (!rd->nconfigs)
		return;
	fprintf(f, "## Configurations measured\n\n");
	if (!rd->any_options) {
		fprintf(f, "The results files predate recorded options (`sessions[].options`), so which options each launcher ran with is not known.\n\n");
		return;
	}
	fprintf(f, "The options each launcher ran with (its runs, and its probe and density results where those recorded them), as the results files say; in **bold**, those that are not this isolab's default.\n\n");
	table(f, rd);
	conflicts(f, rd);
	fputc('\n', f);
}
