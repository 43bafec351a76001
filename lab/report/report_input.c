#include "lab/report/report_input.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct file_id {
	dev_t dev;
	ino_t ino;
};

static bool seen_before(const struct file_id *ids, int n, const char *path,
			struct file_id *id)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return false; /* results_file_read says why */
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	for (int i = 0; i < n; i++)
		if (ids[i].dev == id->dev && ids[i].ino == id->ino)
			return true;
	return false;
}

int report_input_load(struct report_input *in, char *const *paths, int n,
		      FILE *warn, struct err *err)
{
	struct file_id *ids = calloc(n ? n : 1, sizeof(*ids));
	int nids = 0;

	memset(in, 0, sizeof(*in));
	in->files = calloc(n ? n : 1, sizeof(*in->files));
	if (!ids || !in->files) {
		free(ids);
		free(in->files);
		in->files = NULL;
		return err_set(err, ERR_RUNTIME, "out of memory");
	}
	for (int i = 0; i < n; i++) {
		struct err why = { 0 };
		struct file_id id = { 0 };

		if (seen_before(ids, nids, paths[i], &id)) {
			fprintf(warn, "isolab: warning: %s was given twice; counted once\n",
				paths[i]);
			in->nduplicates++;
			continue;
		}
		if (results_file_read(paths[i], &in->files[in->nfiles], &why) < 0) {
			fprintf(warn, "isolab: %s\n", why.msg);
			in->nrejected++;
			continue;
		}
		ids[nids++] = id;
		in->nfiles++;
	}
	free(ids);
	if (in->nfiles == 0) {
		report_input_free(in);
		return err_set(err, ERR_USAGE,
			       "none of the %d file%s given is a readable isolab results file",
			       n, n == 1 ? "" : "s");
	}
	return 0;
}

void report_input_free(struct report_input *in)
{
	for (size_t i = 0; in->files && i < in->nfiles; i++)
		results_file_free(&in->files[i]);
	free(in->files);
	memset(in, 0, sizeof(*in));
}
