#include "lab/check/curriculum.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lab/check/engine.h"
#include "lab/check/filetree.h"
#include "lab/check/manifest.h"
#include "lab/check/render.h"
#include "lab/host/paths.h"

static const char usage_text[] =
	"usage: isolab lab list\n"
	"       isolab lab workload             print the path of isolab-workload\n"
	"       isolab lab start labN [DIR]     copy the starter code into DIR (default ./labN)\n"
	"       isolab check labN [--dir DIR] [--format text|json]\n"
	"                                       build DIR (default ./labN) from clean and grade it;\n"
	"                                       verify the numbers in DIR/answers.md (KEY: N from FILE)\n"
	"                                       against their results files (listed apart from the points)\n"
	"\n"
	"options:\n"
	"      --dir DIR              check: the student's lab directory (default ./labN)\n"
	"      --format FMT           check: text (default) or json, for a gradebook\n"
	"  -h, --help                 this help\n";

static int find_curriculum(char *out, size_t len, struct err *err)
{
	static const char *const relative[] = { "../curriculum",
						"../share/isolab/curriculum" };
	const char *env = getenv("ISOLAB_CURRICULUM");
	char self[PATH_MAX], *slash;
	ssize_t n;

	if (env && *env) {
		snprintf(out, len, "%s", env);
		if (access(out, R_OK | X_OK) == 0)
			return 0;
		return err_set(err, ERR_USAGE,
			       "ISOLAB_CURRICULUM=%s is not a readable folder", env);
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0)
		return err_sys(err, "cannot find isolab's own path");
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (slash)
		*slash = '\0';
	for (size_t i = 0; i < sizeof(relative) / sizeof(relative[0]); i++) {
		char probe[PATH_MAX + 64], real[PATH_MAX];

		if (snprintf(out, len, "%s/%s", self, relative[i]) >= (int)len ||
		    snprintf(probe, sizeof(probe), "%s/README.md", out) >=
			    (int)sizeof(probe))
			continue;
		if (access(probe, R_OK) == 0) {
			if (realpath(out, real) && strlen(real) < len)
				strcpy(out, real);
			return 0;
		}
	}
	return err_set(err, ERR_RUNTIME,
		       "curriculum not found next to isolab (../curriculum) or installed (../share/isolab/curriculum); set ISOLAB_CURRICULUM");
}

/* The folder labN-NAME of lab id (e.g. "lab1"). */
static int find_lab(const char *curr, const char *id, char *out, size_t len,
		    struct err *err)
{
	size_t idlen = strlen(id);
	struct dirent *d;
	DIR *dir;
	int found = 0;

	dir = opendir(curr);
	if (!dir)
		return err_sys(err, "cannot read %s", curr);
	while (!found && (d = readdir(dir)))
		if (!strncmp(d->d_name, id, idlen) && d->d_name[idlen] == '-') {
			snprintf(out, len, "%s/%s", curr, d->d_name);
			found = 1;
		}
	closedir(dir);
	if (!found)
		return err_set(err, ERR_USAGE,
			       "no lab '%s' in %s; 'isolab lab list' shows the labs",
			       id, curr);
	return 0;
}

static int cmd_list(const char *curr, struct err *err)
{
	struct dirent **names;
	int n = scandir(curr, &names, NULL, alphasort);

	if (n < 0)
		return err_sys(err, "cannot read %s", curr);
	for (int i = 0; i < n; i++) {
		char dir[PATH_MAX + 256];
		struct manifest *m = malloc(sizeof(*m));
		struct err ignored = { 0 };

		snprintf(dir, sizeof(dir), "%s/%s", curr, names[i]->d_name);
		if (m && !strncmp(names[i]->d_name, "lab", 3) &&
		    manifest_read(dir, m, &ignored) == 0)
			printf("%-6s %-28s %s\n", m->id, names[i]->d_name, m->title);
		free(m);
		free(names[i]);
	}
	free(names);
	return 0;
}

static int cmd_workload(struct err *err)
{
	char path[PATH_MAX];

	if (paths_find_helper("isolab-workload", path, sizeof(path), err) < 0)
		return -1;
	printf("%s\n", path);
	return 0;
}

static int cmd_start(const char *curr, const char *id, const char *dest,
		     struct err *err)
{
	char lab[PATH_MAX], from[PATH_MAX + 16], to[PATH_MAX];
	struct stat st;

	if (find_lab(curr, id, lab, sizeof(lab), err) < 0)
		return -1;
	snprintf(to, sizeof(to), "%s", dest ? dest : id);
	if (lstat(to, &st) == 0)
		return err_set(err, ERR_USAGE,
			       "%s already exists; not overwriting it (name another DIR, or remove it)",
			       to);
	if (mkdir(to, 0755) < 0)
		return err_sys(err, "cannot create %s", to);
	snprintf(from, sizeof(from), "%s/starter", lab);
	if (fs_copy_tree(from, to, err) < 0) {
		fs_remove_tree(to);
		return -1;
	}
	printf("%s: starter code in %s; read %s/handout.md, then 'isolab check %s --dir %s'\n",
	       id, to, lab, id, to);
	return 0;
}

static int cmd_check(const char *curr, int argc, char **argv, int *status,
		     struct err *err)
{
	const char *id = NULL, *dir = NULL, *format = "text";
	char lab[PATH_MAX];
	struct check_report *report;
	struct manifest *m;
	int rc;

	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--dir") && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(argv[i], "--format") && i + 1 < argc)
			format = argv[++i];
		else if (argv[i][0] != '-' && !id)
			id = argv[i];
		else
			return err_set(err, ERR_USAGE,
				       "check: unexpected '%s'; usage: isolab check labN [--dir DIR] [--format text|json]",
				       argv[i]);
	}
	if (!id)
		return err_set(err, ERR_USAGE,
			       "check: which lab? usage: isolab check labN [--dir DIR] [--format text|json]");
	if (strcmp(format, "text") && strcmp(format, "json"))
		return err_set(err, ERR_USAGE,
			       "check: unknown --format '%s'; use text or json", format);
	if (find_lab(curr, id, lab, sizeof(lab), err) < 0)
		return -1;
	if (!dir)
		dir = id;
	if (access(dir, R_OK | X_OK) < 0)
		return err_set(err, ERR_USAGE,
			       "check: cannot read the folder %s (%s); start one with 'isolab lab start %s'",
			       dir, strerror(errno), id);
	m = malloc(sizeof(*m));
	report = malloc(sizeof(*report));
	if (!m || !report) {
		free(m);
		free(report);
		return err_set(err, ERR_RUNTIME, "out of memory");
	}
	rc = manifest_read(lab, m, err);
	if (rc == 0)
		rc = check_lab(m, dir, report, err);
	if (rc == 0) {
		if (!strcmp(format, "json"))
			render_json(stdout, report);
		else
			render_text(stdout, report);
		fflush(stdout);
		*status = check_passed(report) ? 0 : 1;
	}
	free(report);
	free(m);
	return rc;
}

int curriculum_main(int argc, char **argv)
{
	char curr[PATH_MAX];
	struct err err = { 0 };
	int status = 0, rc;
	bool is_lab = !strcmp(argv[1], "lab");

	if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
		fputs(usage_text, stdout);
		return 0;
	}
	rc = find_curriculum(curr, sizeof(curr), &err);
	if (rc == 0 && is_lab && argc == 3 && !strcmp(argv[2], "list"))
		rc = cmd_list(curr, &err);
	else if (rc == 0 && is_lab && argc == 3 && !strcmp(argv[2], "workload"))
		rc = cmd_workload(&err);
	else if (rc == 0 && is_lab && (argc == 4 || argc == 5) &&
		 !strcmp(argv[2], "start"))
		rc = cmd_start(curr, argv[3], argc == 5 ? argv[4] : NULL, &err);
	else if (rc == 0 && !is_lab)
		rc = cmd_check(curr, argc, argv, &status, &err);
	else if (rc == 0)
		rc = err_set(&err, ERR_USAGE,
			     "lab: use 'isolab lab list', 'isolab lab start labN [DIR]' or 'isolab lab workload'");
	if (rc < 0) {
		fprintf(stderr, "isolab: %s\n", err.msg);
		return err.kind == ERR_NONE ? 1 : (int)err.kind;
	}
	return status;
}
