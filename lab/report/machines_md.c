#include "lab/report/machines_md.h"

void machines_md_text(FILE *f, const char *text)
{
	for (const char *c = text; *c; c++) {
		if (*c == '|')
			fputs("\\|", f);
		else
			fputc(*c == '\n' || *c == '\r' ? ' ' : *c, f);
	}
}

static void cell(FILE *f, const char *text)
{
	fputs("| ", f);
	machines_md_text(f, *text ? text : "-");
	fputc(' ', f);
}

void machines_md_load(char *buf, size_t len, const struct rd_file *row)
{
	if (!row->load_recorded)
		snprintf(buf, len, "not recorded");
	else
		snprintf(buf, len, "%.2f → %.2f%s%s", row->env.load_start,
			 row->env.load_end,
			 row->env.load_end_counts_own ? " (isolab's own instances)"
						      : "",
			 row->busy ? " (above the core count)" : "");
}

void machines_md_table(FILE *f, const struct report_data *rd)
{
	char buf[64];

	fputs("| file | machine | virtualization | detail | kernel | CPU | cores | cgroups | isolab | load average (start → end) |\n"
	      "|---|---|---|---|---|---|--:|---|---|---|\n", f);
	for (size_t i = 0; i < rd->nfiles; i++) {
		const struct rd_file *row = &rd->files[i];
		const struct rf_environment *e = &row->env;

		cell(f, row->name);
		cell(f, rd->machines[row->machine].label);
		cell(f, e->virtualization);
		cell(f, e->virt_detail);
		cell(f, e->kernel);
		cell(f, e->cpu_model);
		snprintf(buf, sizeof(buf), "%d", e->cores);
		cell(f, buf);
		cell(f, e->cgroup_layout);
		cell(f, e->isolab_version);
		machines_md_load(buf, sizeof(buf), row);
		cell(f, buf);
		fputs("|\n", f);
	}
}

int machines_md_write(FILE *f, const void *ctx)
{
	const struct report_data *rd = ctx;

	fprintf(f, "# Machines\n\n"
		   "%zu file%s from %d machine%s. Files with the same kernel, CPU, cores, "
		   "virtualization and isolab version count as one machine; a load average "
		   "above the core count means other work competed for the CPUs.\n\n",
		rd->nfiles, rd->nfiles == 1 ? "" : "s", rd->nmachines,
		rd->nmachines == 1 ? "" : "s");
	machines_md_table(f, rd);
	return ferror(f) ? -1 : 0;
}
