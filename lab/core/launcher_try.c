#include "lab/core/launcher_try.h"

#include <stdio.h>

void not_run_add_variant(struct not_run_list *list, const char *launcher,
			 const char *variant, const struct err *why)
{
	struct not_run *k;

	if (list->n == NOT_RUN_MAX)
		return;
	k = &list->item[list->n++];
	k->launcher = launcher;
	k->variant = variant;
	k->kind = why->kind == ERR_NONE ? ERR_RUNTIME : why->kind;
	snprintf(k->reason, sizeof(k->reason), "%s", why->msg);
}

void not_run_add(struct not_run_list *list, const char *launcher,
		 const struct err *why)
{
	not_run_add_variant(list, launcher, NULL, why);
}

const char *not_run_name(const struct not_run *item, char *buf, size_t size)
{
	char label[TEXT_ESCAPED_SIZE(96)];

	if (!item->variant)
		return item->launcher;
	snprintf(buf, size, "%s (%s)", item->launcher,
		 text_escape(label, sizeof(label), item->variant, 96));
	return buf;
}

int not_run_fail(const struct not_run_list *list, struct err *err)
{
	size_t used;

	if (list->n == 0)
		return err_set(err, ERR_USAGE, "no launcher selected");
	if (list->n == 1)
		return err_set(err, list->item[0].kind, "%s",
			       list->item[0].reason);
	used = (size_t)snprintf(err->msg, sizeof(err->msg),
				"no launcher can run here ('isolab doctor' says why)");
	for (size_t i = 0; i < list->n && used < sizeof(err->msg); i++) {
		char name[NOT_RUN_NAME_SIZE];

		used += (size_t)snprintf(err->msg + used, sizeof(err->msg) - used,
					 "%s %s: %s", i ? ";" : ":",
					 not_run_name(&list->item[i], name, sizeof(name)),
					 list->item[i].reason);
	}
	err->kind = ERR_RUNTIME;
	return -1;
}

int launcher_try(const struct launcher *l, const void *config,
		 const char *variant, launcher_part_fn part, void *ctx,
		 struct not_run_list *list, struct err *err)
{
	struct err why = { 0 };
	bool launched = false;

	if (l->available(config, &why) == 0 &&
	    part(ctx, &launched, &why) == 0)
		return 0;
	if (why.kind == ERR_INTERRUPTED || launched) {
		*err = why;
		return -1;
	}
	not_run_add_variant(list, l->name, variant, &why);
	return 1;
}
