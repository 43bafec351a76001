#include "lab/report/output.h"

#include <signal.h>
#include <string.h>

int output_parse_format(const char *name, enum output_format *out,
			struct err *err)
{
	static const char *const names[] = { "table", "csv", "json" };

	for (int i = 0; i < 3; i++)
		if (strcmp(name, names[i]) == 0) {
			*out = (enum output_format)i;
			return 0;
		}
	return err_set(err, ERR_USAGE,
		       "unknown --format '%s'; use table, csv or json", name);
}

int output_write(FILE *f, const struct result_set *rs,
		 const struct output_options *opts)
{
	switch (opts->format) {
	case FORMAT_CSV: return output_csv(f, rs);
	case FORMAT_JSON: return output_json(f, rs);
	case FORMAT_TABLE: break;
	}
	return output_table(f, rs, opts->phases);
}

void format_ns(char *buf, size_t len, double ns)
{
	if (ns < 1e3)
		snprintf(buf, len, "%.0f ns", ns);
	else if (ns < 1e6)
		snprintf(buf, len, ns < 1e4 ? "%.1f µs" : "%.0f µs", ns / 1e3);
	else if (ns < 1e9)
		snprintf(buf, len, ns < 1e7 ? "%.2f ms" : "%.1f ms", ns / 1e6);
	else
		snprintf(buf, len, "%.2f s", ns / 1e9);
}

void format_kib(char *buf, size_t len, double kib)
{
	if (kib < 1024)
		snprintf(buf, len, "%.0f KiB", kib);
	else if (kib < 1024 * 1024)
		snprintf(buf, len, "%.1f MiB", kib / 1024);
	else
		snprintf(buf, len, "%.2f GiB", kib / (1024 * 1024));
}

void output_environment_line(FILE *f, const struct environment *e)
{
	fprintf(f, "isolab %s | %s | %s x%d | cgroups %s | KVM %s (%s) | %s\n\n",
		e->isolab_version, e->kernel, e->cpu_model, e->cores,
		cgroup_layout_name(e->cgroup_layout),
		virt_mode_name(e->virt_mode), e->virt_detail,
		e->root ? "root" : "not root");
}

void output_load_warning(FILE *f, const struct environment *e)
{
	double load;

	if (environment_overloaded(e, &load))
		fprintf(f, "warning: figures unreliable: load %.2f on %d cores "
			   "(other work competed for the CPUs)\n",
			load, e->cores);
}
