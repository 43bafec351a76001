#include "lab/not_run_output.h"

#include "lab/json.h"

void not_run_table(FILE *f, const struct not_run_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		fprintf(f, "%-10s not run here: %s\n", list->item[i].launcher,
			list->item[i].reason);
}

void not_run_json(FILE *f, const struct not_run_list *list)
{
	fputs(",\n\"not_run\":[", f);
	for (size_t i = 0; i < list->n; i++) {
		fputs(i ? ",{" : "{", f);
		json_key(f, "launcher");
		json_string(f, list->item[i].launcher);
		fputc(',', f);
		json_key(f, "reason");
		json_string(f, list->item[i].reason);
		fputc('}', f);
	}
	fputc(']', f);
}

void not_run_warn(FILE *f, const struct not_run_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		fprintf(f, "isolab: %s not run here: %s\n",
			list->item[i].launcher, list->item[i].reason);
}
