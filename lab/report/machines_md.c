#include "lab/report/machines_md.h"

#include <string.h>

/* A table cell: text from a results file, whose '|' would end the cell
 * and whose line breaks would end the table. */
static void cell(FILE *f, const char *text)
{
	fputs("| ", f);
	for (const char *c = *text ? text : "-"; *c; c++) {
		if (*c == '|')
			fputs("\\|", f);
		else
			fputc(*c == '\n' || *c == '\r' ? ' ' : *c, f);
	}
	fputc(' ', f);
}

static void load_cell(FILE *f, const struct rf_environment *e)
{
	char buf[64];

	if (e->load_start < 0 && e->load_end < 0)
		snprintf(buf, sizeof(buf), "not recorded");
	else
		snprintf(buf, sizeof(buf), "%.2f → %.2f%s", e->load_start,
			 e->load_end,
			 e->load_start > e->cores || e->load_end > e->cores
				 ? " (above the core count)"
				 : "");
	cell(f, buf);
}

/* The file's name without its directory. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

int machines_md_write(FILE *f, const void *ctx)
{
	const struct machines_md *mm = ctx;
	const struct report_data *rd = mm->rd;
	char cores[16];

	fprintf(f, "# Machines\n\n"
		   "%zu file%s from %d machine%s. Files with the same kernel, CPU, cores, "
		   "virtualization and isolab version count as one machine; a load average "
		   "above the core count means other work competed for the CPUs.\n\n"
		   "| file | machine | virtualization | detail | kernel | CPU | cores | cgroups | isolab | load average (start → end) |\n"
		   "|---|---|---|---|---|---|--:|---|---|---|\n",
		rd->nfiles, rd->nfiles == 1 ? "" : "s", rd->nmachines,
		rd->nmachines == 1 ? "" : "s");
	for (size_t i = 0; i < rd->nfiles && i < mm->in->nfiles; i++) {
		const struct results_file *rf = &mm->in->files[i];
		const struct rf_environment *e = &rf->env;

		cell(f, base_name(rf->path));
		cell(f, rd->machines[rd->file_machine[i]].label);
		cell(f, e->virtualization);
		cell(f, e->virt_detail);
		cell(f, e->kernel);
		cell(f, e->cpu_model);
		snprintf(cores, sizeof(cores), "%d", e->cores);
		cell(f, cores);
		cell(f, e->cgroup_layout);
		cell(f, e->isolab_version);
		load_cell(f, e);
		fputs("|\n", f);
	}
	return ferror(f) ? -1 : 0;
}
