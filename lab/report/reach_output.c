#include "lab/report/reach_output.h"

#include "lab/report/json.h"
#include "lab/report/not_run_output.h"
#include "lab/host/text.h"

static void table_counts(FILE *f, const struct reach_report *r)
{
	fprintf(f, "%-10s %-6s %8d %7d %8d %7d %11d", reach_label(r),
		r->guest_kernel ? "guest" : "host", r->count[REACH_REACHED],
		r->count[REACH_DENIED], r->count[REACH_BLOCKED],
		r->count[REACH_ABSENT], r->count[REACH_NOT_PROBED]);
	fprintf(f, " %12d", reach_host_direct(r));
	if (r->guest_kernel && r->vmm_count >= 0)
		fprintf(f, " + %d via the VMM", r->vmm_count);
	else if (r->guest_kernel)
		fprintf(f, " + any via the VMM (unfiltered)");
	fprintf(f, "\n");
}

static void table_notes(FILE *f, const struct reach_report *r)
{
	char buf[64], sig[32];

	if (r->guest_kernel)
		fprintf(f, "    the guest kernel implements %d of them (reached or denied)\n",
			reach_guest_implemented(r));
	for (int nr = 0; nr < REACH_NR_COUNT; nr++) {
		if (!r->call[nr].signal)
			continue;
		format_signal(sig, sizeof(sig), r->call[nr].signal);
		fprintf(f, "    %s killed the workload with %s (blocked%s)\n",
			syscall_label(nr, buf, sizeof(buf)), sig,
			r->has_filter ? ""
				      : "; the launcher has no filter, so the kill came from this machine's kernel");
	}
	if (!reach_state_unchanged(r))
		fprintf(f, "    WARNING: the workload's own state changed during the sweep:\n"
			   "      before: %s\n      after:  %s\n",
			r->state_before, r->state_after);
}

/* What isolation takes away on the same kernel: the first launcher
 * reaches nr, and another whose workload talks to the host kernel too
 * does not. These are what a class reads first. */
static bool isolation_stops(const struct reach_set *s, int nr)
{
	if (s->reports[0]->call[nr].cls != REACH_REACHED)
		return false;
	for (size_t i = 1; i < s->n; i++)
		if (!s->reports[i]->guest_kernel &&
		    s->reports[i]->call[nr].cls != REACH_REACHED)
			return true;
	return false;
}

static void difference_line(FILE *f, const struct reach_set *s, int nr)
{
	char buf[64];

	fprintf(f, "  %-28s", syscall_label(nr, buf, sizeof(buf)));
	for (size_t i = 0; i < s->n; i++)
		fprintf(f, " %s=%s", reach_label(s->reports[i]),
			reach_class_name(s->reports[i]->call[nr].cls));
	fprintf(f, "\n");
}

/* The calls whose class differs: first those isolation stops on the host
 * kernel, listed; then the others (mostly calls a guest kernel lacks),
 * counted per launcher and class, listed with --verbose. */
static void table_differences(FILE *f, const struct reach_set *s,
			      bool verbose)
{
	int n = 0, stopped = 0, rest_by[REACH_MAX_LAUNCHERS][REACH_NCLASSES] = { 0 };

	for (int nr = 0; nr < REACH_NR_COUNT; nr++) {
		if (!reach_set_differs(s, nr))
			continue;
		n++;
		if (isolation_stops(s, nr)) {
			stopped++;
			continue;
		}
		for (size_t i = 1; i < s->n; i++)
			if (s->reports[i]->call[nr].cls !=
			    s->reports[0]->call[nr].cls)
				rest_by[i][s->reports[i]->call[nr].cls]++;
	}
	fprintf(f, "\n%d system call%s differ between launchers.\n", n,
		n == 1 ? "" : "s");
	if (!n)
		return;
	fprintf(f, "%d that %s reaches and a launcher on the same (host) kernel does not%s\n",
		stopped, reach_label(s->reports[0]), stopped ? ":" : ".");
	for (int nr = 0; nr < REACH_NR_COUNT; nr++)
		if (reach_set_differs(s, nr) && isolation_stops(s, nr))
			difference_line(f, s, nr);
	if (n == stopped)
		return;
	fprintf(f, "%d other%s (", n - stopped, n - stopped == 1 ? "" : "s");
	for (size_t i = 1, first = 1; i < s->n; i++)
		for (int c = 0; c < REACH_NCLASSES; c++)
			if (rest_by[i][c]) {
				fprintf(f, "%s%s %s %d", first ? "" : ", ",
					reach_label(s->reports[i]),
					reach_class_name(c), rest_by[i][c]);
				first = 0;
			}
	fprintf(f, ")%s\n", verbose ? ":" : "; --verbose lists them");
	if (!verbose)
		return;
	for (int nr = 0; nr < REACH_NR_COUNT; nr++)
		if (reach_set_differs(s, nr) && !isolation_stops(s, nr))
			difference_line(f, s, nr);
}

int reach_table(FILE *f, const struct reach_set *s, bool verbose)
{
	bool first = true;

	output_environment_line(f, &s->env);
	fprintf(f, "system calls 0..%d (<asm/unistd.h> names 0..%d), each tried once with arguments that fail validation\n\n",
		PROBE_NR_LAST, SYSCALL_NR_MAX);
	fprintf(f, "%-10s %-6s %8s %7s %8s %7s %11s %12s\n", "launcher",
		"kernel", "reached", "denied", "blocked", "absent",
		"not probed", "host direct");
	for (size_t i = 0; i < s->n; i++)
		table_counts(f, s->reports[i]);
	not_run_table(f, &s->not_run);
	for (size_t i = 0; i < s->n; i++)
		table_notes(f, s->reports[i]);
	if (s->n > 1)
		table_differences(f, s, verbose);
	fprintf(f, "\nnot probed (reasons in --format json):");
	for (int nr = 0; nr < REACH_NR_COUNT; nr++)
		if (reach_unsafe_reason(nr)) {
			fprintf(f, "%s %s", first ? "" : ",", syscall_name(nr));
			first = false;
		}
	fprintf(f, "\nhost direct = system calls that reach the host kernel straight from the workload\n");
	return ferror(f) ? -1 : 0;
}

int reach_csv(FILE *f, const struct reach_set *s)
{
	fprintf(f, "launcher,nr,name,class,errno,return,signal\n");
	for (size_t i = 0; i < s->n; i++) {
		const struct reach_report *r = s->reports[i];

		for (int nr = 0; nr < REACH_NR_COUNT; nr++) {
			const struct reach_call *c = &r->call[nr];
			const char *name = syscall_name(nr);
			char sig[32] = "";

			if (c->signal)
				format_signal(sig, sizeof(sig), c->signal);
			fprintf(f, "%s,%d,%s,%s,", reach_label(r), nr,
				name ? name : "", reach_class_name(c->cls));
			if (c->cls != REACH_NOT_PROBED && !c->signal)
				fprintf(f, "%ld,%ld", c->ret < 0 ? -c->ret : 0,
					c->ret);
			else
				fprintf(f, ",");
			fprintf(f, ",%s\n", sig);
		}
	}
	return ferror(f) ? -1 : 0;
}

static void json_name(FILE *f, int nr)
{
	const char *name = syscall_name(nr);

	json_key(f, "name");
	if (name)
		json_string(f, name);
	else
		fputs("null", f);
}

static void json_call(FILE *f, int nr, const struct reach_call *c)
{
	fprintf(f, "{\"nr\":%d,", nr);
	json_name(f, nr);
	fputc(',', f);
	json_key(f, "class");
	json_string(f, reach_class_name(c->cls));
	if (c->cls == REACH_NOT_PROBED) {
		fputs(",\"errno\":null,\"return\":null,\"signal\":null}", f);
	} else if (c->signal) {
		char sig[32];

		format_signal(sig, sizeof(sig), c->signal);
		fputs(",\"errno\":null,\"return\":null,\"signal\":", f);
		json_string(f, sig);
		fputc('}', f);
	} else {
		fprintf(f, ",\"errno\":%ld,\"return\":%ld,\"signal\":null}",
			c->ret < 0 ? -c->ret : 0, c->ret);
	}
}

static void json_vmm(FILE *f, const struct reach_report *r)
{
	fputs(",\"vmm_allowlist\":", f);
	if (!r->guest_kernel) {
		fputs("null", f);
		return;
	}
	if (r->vmm_count < 0) {
		fputs("{\"count\":null,\"syscalls\":null}", f);
		return;
	}
	fprintf(f, "{\"count\":%d,\"syscalls\":[", r->vmm_count);
	for (int i = 0; r->vmm_names && r->vmm_names[i]; i++) {
		fprintf(f, "%s{\"nr\":", i ? "," : "");
		if (syscall_number(r->vmm_names[i]) >= 0)
			fprintf(f, "%d", syscall_number(r->vmm_names[i]));
		else
			fputs("null", f);
		fputc(',', f);
		json_key(f, "name");
		json_string(f, r->vmm_names[i]);
		fputc('}', f);
	}
	fputs("]}", f);
}

static void json_report(FILE *f, const struct reach_report *r)
{
	bool first = true;

	fputc('{', f);
	json_key(f, "launcher");
	json_string(f, r->launcher);
	fputc(',', f);
	json_variant(f, r->variant);
	json_options(f, r->options, r->noptions);
	fputc(',', f);
	json_key(f, "kernel");
	json_string(f, r->guest_kernel ? "guest" : "host");
	fprintf(f, ",\"launches\":%d,\"counts\":{", r->launches);
	for (int c = 0; c < REACH_NCLASSES; c++) {
		fputs(c ? "," : "", f);
		json_key(f, c == REACH_NOT_PROBED ? "not_probed"
						  : reach_class_name(c));
		fprintf(f, "%d", r->count[c]);
	}
	fprintf(f, "},\"host_direct\":%d,\"guest_implemented\":",
		reach_host_direct(r));
	if (r->guest_kernel)
		fprintf(f, "%d", reach_guest_implemented(r));
	else
		fputs("null", f);
	json_vmm(f, r);
	fputs(",\"self_state\":{", f);
	json_key(f, "before");
	json_string(f, r->state_before);
	fputc(',', f);
	json_key(f, "after");
	json_string(f, r->state_after);
	fprintf(f, ",\"unchanged\":%s},\n\"syscalls\":[",
		reach_state_unchanged(r) ? "true" : "false");
	for (int nr = 0; nr < REACH_NR_COUNT; nr++) {
		fputs(nr ? "," : "", f);
		json_call(f, nr, &r->call[nr]);
	}
	fputs("],\n\"not_probed\":[", f);
	for (int nr = 0; nr < REACH_NR_COUNT; nr++) {
		if (!reach_unsafe_reason(nr))
			continue;
		fprintf(f, "%s{\"nr\":%d,", first ? "" : ",", nr);
		json_name(f, nr);
		fputc(',', f);
		json_key(f, "reason");
		json_string(f, reach_unsafe_reason(nr));
		fputc('}', f);
		first = false;
	}
	fputs("]}", f);
}

static void json_differences(FILE *f, const struct reach_set *s)
{
	bool first = true;

	fputs(",\n\"differences\":[", f);
	for (int nr = 0; nr < REACH_NR_COUNT; nr++) {
		if (!reach_set_differs(s, nr))
			continue;
		fprintf(f, "%s{\"nr\":%d,", first ? "\n" : ",\n", nr);
		json_name(f, nr);
		fputs(",\"classes\":{", f);
		for (size_t i = 0; i < s->n; i++) {
			fputs(i ? "," : "", f);
			json_key(f, reach_label(s->reports[i]));
			json_string(f, reach_class_name(s->reports[i]->call[nr].cls));
		}
		fputs("}}", f);
		first = false;
	}
	fputs("]", f);
}

int reach_json(FILE *f, const struct reach_set *s)
{
	json_begin(f, &s->env);
	fprintf(f, ",\n\"range\":{\"first\":0,\"last\":%d,\"names_max\":%d}",
		PROBE_NR_LAST, SYSCALL_NR_MAX);
	fputs(",\n\"probe\":[", f);
	for (size_t i = 0; i < s->n; i++) {
		fputs(i ? ",\n" : "\n", f);
		json_report(f, s->reports[i]);
	}
	fputs("]", f);
	json_differences(f, s);
	not_run_json(f, &s->not_run);
	fputs("}\n", f);
	return ferror(f) ? -1 : 0;
}

int reach_write(FILE *f, const struct reach_set *s,
		const struct output_options *opts)
{
	switch (opts->format) {
	case FORMAT_CSV: return reach_csv(f, s);
	case FORMAT_JSON: return reach_json(f, s);
	case FORMAT_TABLE: break;
	}
	return reach_table(f, s, opts->verbose);
}
