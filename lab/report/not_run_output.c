#include "lab/report/not_run_output.h"

#include "lab/report/json.h"
#include "lab/host/text.h"

/* A reason may quote what a workload wrote: never let it reach a
 * terminal raw. */
static const char *shown_reason(const struct not_run *item, char *buf,
				size_t size)
{
	return text_escape(buf, size, item->reason, sizeof(item->reason));
}

void not_run_table(FILE *f, const struct not_run_list *list)
{
	char why[TEXT_ESCAPED_SIZE(sizeof(list->item[0].reason))], name[NOT_RUN_NAME_SIZE];

	for (size_t i = 0; i < list->n; i++)
		fprintf(f, "%-10s not run here: %s\n",
			not_run_name(&list->item[i], name, sizeof(name)),
			shown_reason(&list->item[i], why, sizeof(why)));
}

void not_run_json(FILE *f, const struct not_run_list *list)
{
	fputs(",\n\"not_run\":[", f);
	for (size_t i = 0; i < list->n; i++) {
		fputs(i ? ",{" : "{", f);
		json_key(f, "launcher");
		json_string(f, list->item[i].launcher);
		fputc(',', f);
		json_variant(f, list->item[i].variant);
		json_key(f, "reason");
		json_string(f, list->item[i].reason);
		fputc('}', f);
	}
	fputc(']', f);
}

void not_run_warn(FILE *f, const struct not_run_list *list)
{
	char why[TEXT_ESCAPED_SIZE(sizeof(list->item[0].reason))], name[NOT_RUN_NAME_SIZE];

	for (size_t i = 0; i < list->n; i++)
		fprintf(f, "isolab: %s not run here: %s\n",
			not_run_name(&list->item[i], name, sizeof(name)),
			shown_reason(&list->item[i], why, sizeof(why)));
}
