#include "lab/report/report_cmd.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lab/report/figure_dat.h"
#include "lab/report/figure_data.h"
#include "lab/report/gnuplot_run.h"
#include "lab/report/gnuplot_script.h"
#include "lab/report/machines_md.h"
#include "lab/report/outdir.h"
#include "lab/report/report_md.h"
#include "lab/report/report_measure.h"

struct options {
	bool report, help, quick;
	const char *out, *format, *title;
	char **files;
	int nfiles;
};

void report_cmd_help(FILE *f, const char *command)
{
	if (strcmp(command, "plot") == 0)
		fprintf(f, "usage: isolab plot RESULTS.json... [--out DIR] [--format png|svg|pdf] [--title T]\n\n"
			   "Turns results files (isolab run/compare/probe/density --format json) into\n"
			   "figures. For each figure it writes DIR/NAME.dat (the numbers, columns named\n"
			   "with units), DIR/NAME.gp (a gnuplot script: edit it and run gnuplot NAME.gp)\n"
			   "and, when gnuplot is installed, the image. Files from several machines give\n"
			   "one figure per measure with the machines side by side. DIR/machines.md is the\n"
			   "table of machines (each file's environment and load), printed too when the\n"
			   "files come from several machines.\n\n");
	else
		fprintf(f, "usage: isolab report [RESULTS.json... | --quick] [--out DIR] [--format png|svg|pdf] [--title T]\n\n"
			   "Writes DIR/report.md: the environment, medians and p95 per launcher and\n"
			   "workload with the ratio to the fastest, outliers, the figures of isolab plot\n"
			   "with sentences on what they show, and classic claims checked against the data.\n"
			   "Without files it first measures (compare over standard workloads, probe,\n"
			   "a density sweep; minutes) and keeps the results in DIR/results.json.\n"
			   "On a terminal it shows the step and a bar on stderr.\n\n");
	fprintf(f, "options:\n"
		   "  --out DIR      where to write (default %s); created if missing, other files kept\n"
		   "  --format F     image format: png (default), svg or pdf\n"
		   "  --title T      put T before every figure's title\n"
		   "%s"
		   "  -h, --help     show this help\n",
		strcmp(command, "plot") == 0 ? "isolab-plots" : "isolab-report",
		strcmp(command, "plot") == 0
			? ""
			: "  --quick        without files: measure little (3 runs per workload,\n"
			  "                 density up to 2; seconds, rough numbers)\n");
}

static int usage(const char *command, const char *fmt, const char *what)
{
	fprintf(stderr, "isolab: ");
	fprintf(stderr, fmt, what);
	fprintf(stderr, " (isolab %s --help)\n", command);
	return 2;
}

static int parse(int argc, char **argv, struct options *o)
{
	const char *cmd = argv[1];

	memset(o, 0, sizeof(*o));
	o->report = strcmp(cmd, "report") == 0;
	o->out = o->report ? "isolab-report" : "isolab-plots";
	o->format = "png";
	o->files = calloc(argc, sizeof(char *));
	if (!o->files)
		return usage(cmd, "%s", "out of memory");
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = strcmp(a, "--out") == 0      ? &o->out
				    : strcmp(a, "--format") == 0 ? &o->format
				    : strcmp(a, "--title") == 0  ? &o->title
								 : NULL;

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			o->help = true;
		} else if (o->report && strcmp(a, "--quick") == 0) {
			o->quick = true;
		} else if (slot) {
			if (i + 1 >= argc)
				return usage(cmd, "%s needs a value", a);
			*slot = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			return usage(cmd, "unknown option '%s'", a);
		} else {
			o->files[o->nfiles++] = argv[i];
		}
	}
	if (o->help)
		return 0;
	if (strcmp(o->format, "png") && strcmp(o->format, "svg") && strcmp(o->format, "pdf"))
		return usage(cmd, "unknown --format '%s'; use png, svg or pdf", o->format);
	if (!*o->out)
		return usage(cmd, "%s", "--out needs a directory name");
	if (o->quick && o->nfiles > 0)
		return usage(cmd, "%s", "--quick only sizes the measurement report makes without files; drop it, or the files");
	if (!o->report && o->nfiles == 0)
		return usage(cmd, "%s", "isolab plot needs results files, e.g. isolab plot results.json");
	return 0;
}

static int write_dat(FILE *f, const void *fig)
{
	return figure_dat_write(f, fig);
}

struct script_ctx {
	const struct figure *fig;
	const char *format;
};

static int write_gp(FILE *f, const void *ctx)
{
	const struct script_ctx *s = ctx;

	return gnuplot_script_write(f, s->fig, s->format);
}

/* Writes every figure's .dat and .gp, and renders them when it can.
 * *rendered tells whether the images exist. */
static int write_figures(const struct options *o, const struct figure_set *figs,
			 bool *rendered, struct err *err)
{
	char gnuplot[PATH_MAX];
	bool have_gnuplot = gnuplot_find(gnuplot, sizeof(gnuplot));

	for (int i = 0; i < figs->n; i++) {
		struct script_ctx s = { &figs->figs[i], o->format };

		if (outdir_write(o->out, figs->figs[i].name, "dat", write_dat,
				 &figs->figs[i], err) < 0 ||
		    outdir_write(o->out, figs->figs[i].name, "gp", write_gp, &s, err) < 0)
			return -1;
	}
	*rendered = false;
	if (!have_gnuplot) {
		fprintf(stderr, "isolab: gnuplot is not installed, so no images were drawn; install it (apt-get install gnuplot-nox) and render later with: gnuplot %s/*.gp (from inside %s)\n",
			o->out, o->out);
		return 0;
	}
	for (int i = 0; i < figs->n; i++)
		if (gnuplot_render(gnuplot, o->out, figs->figs[i].name, o->format, err) < 0)
			return -1;
	*rendered = figs->n > 0;
	return 0;
}

/* DIR/machines.md; plot also shows it when several machines are compared. */
static int write_machines(const struct options *o,
			  const struct report_data *rd, struct err *err)
{
	if (outdir_write(o->out, "machines", "md", machines_md_write, rd,
			 err) < 0)
		return -1;
	if (!o->report && rd->nmachines > 1) {
		machines_md_write(stdout, rd);
		fflush(stdout);
	}
	return 0;
}

static int run(struct options *o, struct err *err)
{
	struct report_input in;
	struct report_data rd;
	struct figure_set figs = { 0 };
	char results[PATH_MAX];
	char *measured[1] = { results };
	bool rendered = false;
	int rc;

	if (outdir_prepare(o->out, err) < 0)
		return -1;
	if (o->nfiles == 0) {
		if (report_measure(o->out, o->quick, err) < 0)
			return -1;
		if (out_path(results, sizeof(results), o->out, "results", "json") < 0)
			return err_set(err, ERR_USAGE, "--out path too long");
		o->files = measured;
		o->nfiles = 1;
	}
	if (report_input_load(&in, o->files, o->nfiles, stderr, err) < 0)
		return -1;
	rc = report_data_build(&in, &rd, err);
	if (rc == 0) {
		rc = figures_build(&rd, o->title, &figs, err);
		if (rc == 0)
			rc = write_figures(o, &figs, &rendered, err);
		if (rc == 0)
			rc = write_machines(o, &rd, err);
		if (rc == 0 && o->report) {
			struct report_md md = { &rd, &figs, o->title, o->format, rendered };

			rc = outdir_write(o->out, "report", "md", report_md_write, &md, err);
		}
		if (rc == 0)
			fprintf(stderr, "isolab: wrote %d figure%s%s to %s/\n", figs.n,
				figs.n == 1 ? "" : "s",
				o->report ? ", machines.md and report.md" : " and machines.md",
				o->out);
		figure_set_free(&figs);
		report_data_free(&rd);
	}
	report_input_free(&in);
	return rc;
}

int report_cmd_main(int argc, char **argv)
{
	struct options o;
	struct err err = { 0 };
	char **files;
	int rc = parse(argc, argv, &o);

	files = o.files;
	if (rc == 0 && o.help)
		report_cmd_help(stdout, argv[1]);
	else if (rc == 0 && run(&o, &err) < 0) {
		fprintf(stderr, "isolab: %s\n", err.msg);
		rc = err.kind == ERR_NONE ? 1 : (int)err.kind;
	}
	free(files);
	return rc;
}
