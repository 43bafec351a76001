#include "lab/report/json.h"

#include <string.h>

#include "lab/core/results.h"
#include "lab/host/text.h"

/* Valid JSON whatever the bytes: a string from outside (a program's file
 * name, a workload's output) may hold invalid UTF-8, and each such byte
 * becomes U+FFFD. Controls, DEL and C1 controls are escaped as \uXXXX so
 * that the document is one line and safe on a terminal. */
void json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	fputc('"', f);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_sequence(p + i, n - i, &cp);

		if (len == 0) {
			fputs("\\ufffd", f);
			i++;
			continue;
		}
		if (cp == '"' || cp == '\\')
			fprintf(f, "\\%c", (int)cp);
		else if (cp == '\n')
			fputs("\\n", f);
		else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			fprintf(f, "\\u%04x", (unsigned)cp);
		else
			fwrite(p + i, 1, len, f);
		i += len;
	}
	fputc('"', f);
}

void json_key(FILE *f, const char *key)
{
	json_string(f, key);
	fputc(':', f);
}

/* ,"name":1.23, or null where the load could not be read. */
static void json_load(FILE *f, const char *name, double load)
{
	fputc(',', f);
	json_key(f, name);
	if (load < 0)
		fputs("null", f);
	else
		fprintf(f, "%.2f", load);
}

void json_environment(FILE *f, const struct environment *e)
{
	fputs("\"environment\":{", f);
	json_key(f, "isolab_version");
	json_string(f, e->isolab_version);
	fputc(',', f);
	json_key(f, "kernel");
	json_string(f, e->kernel);
	fputc(',', f);
	json_key(f, "cpu_model");
	json_string(f, e->cpu_model);
	fprintf(f, ",\"cores\":%d,\"root\":%s,", e->cores,
		e->root ? "true" : "false");
	json_key(f, "cgroup_layout");
	json_string(f, cgroup_layout_name(e->cgroup_layout));
	fputc(',', f);
	json_key(f, "virtualization");
	json_string(f, virt_mode_name(e->virt_mode));
	fputc(',', f);
	json_key(f, "virtualization_detail");
	json_string(f, e->virt_detail);
	json_load(f, "load_start", e->load_start);
	json_load(f, "load_end", e->load_end);
	if (e->load_end_counts_own)
		fputs(",\"load_end_counts_own\":true", f);
	fputs("}", f);
}

void json_variant(FILE *f, const char *variant)
{
	if (!variant)
		return;
	json_key(f, "variant");
	json_string(f, variant);
	fputc(',', f);
}

void json_options(FILE *f, const struct option_record *o, int n)
{
	json_key(f, "options");
	fputc('{', f);
	for (int i = 0; i < n; i++) {
		fputs(i ? "," : "", f);
		json_key(f, o[i].name);
		json_string(f, o[i].value);
	}
	fputc('}', f);
}

void json_begin(FILE *f, const struct environment *env)
{
	fprintf(f, "{\"schema_version\":%d,", RESULTS_SCHEMA_VERSION);
	json_environment(f, env);
}
