/* density_output: the density steps as a table, CSV or JSON
 * (lab/density/density.h computes them; this file only renders). */
#include "lab/report/density_output.h"

#include <inttypes.h>

#include "lab/report/json.h"

static void kib_or_noise(char *buf, size_t len, uint64_t kib, bool noise)
{
	if (noise)
		snprintf(buf, len, "below noise");
	else
		format_kib(buf, len, (double)kib);
}

static void write_table(FILE *f, const struct environment *env,
			const char *launcher, const struct density_step *steps,
			int n)
{
	fprintf(f, "isolab %s | %s | density of the %s launcher (idle workload)\n\n",
		env->isolab_version, env->kernel, launcher);
	fprintf(f, "%7s %7s  %-13s %-13s %-13s %-13s %s\n", "count", "ready",
		"all ready", "memory", "per instance", "harness", "teardown");
	for (int i = 0; i < n; i++) {
		const struct density_step *s = &steps[i];
		struct density_memory m = density_memory_of(s);
		char ready[24], mem[24], per[24], harness[24], td[24];

		format_ns(ready, sizeof(ready), (double)s->all_ready_ns);
		kib_or_noise(mem, sizeof(mem), m.system_kib, m.system_kib == 0);
		if (s->ready)
			kib_or_noise(per, sizeof(per), m.per_instance_kib,
				     m.below_noise);
		else
			snprintf(per, sizeof(per), "-");
		format_kib(harness, sizeof(harness), (double)m.harness_kib);
		format_ns(td, sizeof(td), (double)s->teardown_ns);
		fprintf(f, "%7" PRIu64 " %7" PRIu64 "  ", s->count, s->ready);
		table_cell(f, ready, 14);
		table_cell(f, mem, 14);
		table_cell(f, per, 14);
		table_cell(f, harness, 14);
		fprintf(f, "%s\n", td);
		if (s->failure[0])
			fprintf(f, "        stopped: %s\n", s->failure);
	}
	fprintf(f, "\nmemory = MemAvailable lost while all were up; per instance excludes isolab's own growth (harness)\n");
	output_load_warning(f, env);
}

static void write_json(FILE *f, const struct environment *env,
		       const char *launcher, const struct option_record *options,
		       int noptions, const struct density_step *steps, int n)
{
	json_begin(f, env);
	fputs(",\n\"density\":[", f);
	for (int i = 0; i < n; i++) {
		const struct density_step *s = &steps[i];
		struct density_memory m = density_memory_of(s);

		fputs(i ? ",\n{" : "\n{", f);
		json_key(f, "launcher");
		json_string(f, launcher);
		fputc(',', f);
		json_options(f, options, noptions);
		fprintf(f,
			",\"count\":%" PRIu64 ",\"ready\":%" PRIu64
			",\"all_ready_ns\":%" PRIu64 ",\"memory_kib\":%" PRIu64
			",\"harness_kib\":%" PRIu64
			",\"per_instance_kib\":%" PRIu64 ",\"below_noise\":%s"
			",\"teardown_ns\":%" PRIu64 ",",
			s->count, s->ready, s->all_ready_ns, m.system_kib,
			m.harness_kib, m.per_instance_kib,
			m.below_noise ? "true" : "false", s->teardown_ns);
		json_key(f, "failure");
		json_string(f, s->failure);
		fputc('}', f);
	}
	fputs("]}\n", f);
}

static void write_csv(FILE *f, const char *launcher,
		      const struct density_step *steps, int n)
{
	fputs("launcher,count,ready,all_ready_ns,memory_kib,harness_kib,teardown_ns,"
	      "per_instance_kib,below_noise\n", f);
	for (int i = 0; i < n; i++) {
		struct density_memory m = density_memory_of(&steps[i]);

		fprintf(f, "%s,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
			   ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%d\n",
			launcher, steps[i].count, steps[i].ready,
			steps[i].all_ready_ns, m.system_kib, m.harness_kib,
			steps[i].teardown_ns, m.per_instance_kib, m.below_noise);
	}
}

int density_write(FILE *f, const struct environment *env,
		  const char *launcher, const struct option_record *options,
		  int noptions, const struct density_step *steps, int nsteps,
		  enum output_format format)
{
	if (format == FORMAT_JSON)
		write_json(f, env, launcher, options, noptions, steps, nsteps);
	else if (format == FORMAT_CSV)
		write_csv(f, launcher, steps, nsteps);
	else
		write_table(f, env, launcher, steps, nsteps);
	return ferror(f) ? -1 : 0;
}
