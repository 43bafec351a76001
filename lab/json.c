#include "lab/json.h"

#include "lab/results.h"

void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void json_key(FILE *f, const char *key)
{
	json_string(f, key);
	fputc(':', f);
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
	fputs("}", f);
}

void json_begin(FILE *f, const struct environment *env)
{
	fprintf(f, "{\"schema_version\":%d,", RESULTS_SCHEMA_VERSION);
	json_environment(f, env);
}
