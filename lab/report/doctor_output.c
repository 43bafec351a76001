/* doctor_output: see doctor_output.h. */
#include "lab/report/doctor_output.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lab/report/json.h"
#include "lab/report/output.h"

static char *copy_or_null(const char *s, bool *failed)
{
	char *c;

	if (!s)
		return NULL;
	c = strdup(s);
	*failed |= c == NULL;
	return c;
}

int doctor_add(struct doctor_findings *d, const char *section,
	       enum finding_verdict v, const char *check, const char *detail,
	       const char *fix)
{
	struct finding *it;
	bool failed = false;

	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 32;
		struct finding *grown = realloc(d->item, cap * sizeof(*grown));

		if (!grown)
			return -1;
		d->item = grown;
		d->cap = cap;
	}
	it = &d->item[d->n];
	*it = (struct finding){ .section = section, .verdict = v };
	it->check = copy_or_null(check, &failed);
	it->detail = copy_or_null(detail ? detail : "", &failed);
	it->fix = copy_or_null(fix, &failed);
	if (failed) {
		free(it->check), free(it->detail), free(it->fix);
		return -1;
	}
	d->n++;
	return 0;
}

void doctor_findings_free(struct doctor_findings *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->item[i].check), free(d->item[i].detail), free(d->item[i].fix);
	free(d->item);
	d->item = NULL;
	d->n = d->cap = 0;
}

/* A fix is shown unless the check went well. */
static const char *shown_fix(const struct finding *it)
{
	return it->verdict != FINDING_OK ? it->fix : NULL;
}

void doctor_write_text(FILE *f, const struct doctor_findings *d)
{
	static const char *const tags[] = { "MISS", " ok ", "note" };
	const char *section = NULL;
	char took[32];

	fprintf(f, "isolab %s on %s, %s x%d\n", d->env.isolab_version,
		d->env.kernel, d->env.cpu_model, d->env.cores);
	for (size_t i = 0; i < d->n; i++) {
		const struct finding *it = &d->item[i];

		if (!section || strcmp(section, it->section) != 0)
			fprintf(f, "\n%s:\n", section = it->section);
		fprintf(f, "  [%s] %-22s %s\n", tags[it->verdict], it->check,
			it->detail);
		if (shown_fix(it))
			fprintf(f, "         -> %s\n", it->fix);
	}
	format_ns(took, sizeof(took), (double)d->took_ns);
	fprintf(f, "\neverything above was tried, in %s, and undone\n", took);
}

void doctor_write_json(FILE *f, const struct doctor_findings *d)
{
	static const char *const names[] = { "missing", "ok", "note" };

	json_begin(f, &d->env);
	fputs(",\n  \"findings\": [", f);
	for (size_t i = 0; i < d->n; i++) {
		const struct finding *it = &d->item[i];

		fprintf(f, "%s\n    {", i ? "," : "");
		json_key(f, "section"), json_string(f, it->section);
		fputc(',', f), json_key(f, "check"), json_string(f, it->check);
		fputc(',', f), json_key(f, "verdict"), json_string(f, names[it->verdict]);
		fputc(',', f), json_key(f, "detail"), json_string(f, it->detail);
		fputc(',', f), json_key(f, "fix");
		if (shown_fix(it))
			json_string(f, it->fix);
		else
			fputs("null", f);
		fputc('}', f);
	}
	fprintf(f, "],\n  \"launchers_missing\": %d,\n  \"took_ns\": %llu\n}\n",
		d->launchers_missing, (unsigned long long)d->took_ns);
}
