#include "lab/report/report_measure.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab/report/outdir.h"

#define MAX_ARGS 12

/* A step's last argument is its size: the full measurement's, or the
 * --quick one's (a first look, or a test that needs the steps, not the
 * numbers). */
struct step {
	const char *what;
	const char *args[MAX_ARGS];
	const char *full, *quick;
};

/* The standard workloads, the probe, and a modest density sweep. */
static const struct step steps[] = {
	{ "compare noop", { "compare", "--workload", "noop", "-n" }, "20", "3" },
	{ "compare cpu:200000", { "compare", "--workload", "cpu:200000", "-n" }, "10", "3" },
	{ "compare mem:16", { "compare", "--workload", "mem:16", "-n" }, "10", "3" },
	{ "compare syscall:2000", { "compare", "--workload", "syscall:2000", "-n" }, "10", "3" },
	{ "probe", { "probe" }, NULL, NULL },
	{ "density process", { "density", "--launcher", "process", "--count" }, "1,8,32", "1,2" },
	{ "density container", { "density", "--launcher", "container", "--count" }, "1,8,32", "1,2" },
	{ "density microvm", { "density", "--launcher", "microvm", "--count" }, "1,8,32", "1,2" },
};
#define NSTEPS (int)(sizeof(steps) / sizeof(*steps))

static void progress(int done, const char *what)
{
	char bar[21];
	int fill = done * 20 / NSTEPS;

	if (!isatty(STDERR_FILENO))
		return;
	memset(bar, '#', fill);
	memset(bar + fill, '-', 20 - fill);
	bar[20] = '\0';
	fprintf(stderr, "\r\033[Kstep %d of %d [%s] %s", done < NSTEPS ? done + 1 : NSTEPS,
		NSTEPS, bar, what);
	if (done == NSTEPS)
		fputc('\n', stderr);
}

static void last_line(int fd, char *buf, size_t len)
{
	char all[2048], *start;
	ssize_t n = pread(fd, all, sizeof(all) - 1, 0);

	buf[0] = '\0';
	if (n <= 0)
		return;
	all[n] = '\0';
	while (n > 0 && all[n - 1] == '\n')
		all[--n] = '\0';
	start = strrchr(all, '\n');
	start = start ? start + 1 : all;
	if (strncmp(start, "isolab: ", 8) == 0)
		start += 8;
	if (strlen(start) >= len)
		start[len - 1] = '\0';
	memcpy(buf, start, strlen(start) + 1);
}

/* Runs one step into tmp; 0 done, 1 it failed (why filled), -1 interrupted. */
static int run_step(const struct step *s, bool quick, const char *tmp,
		    char *why, size_t len, struct err *err)
{
	const char *argv[MAX_ARGS + 7] = { "isolab" };
	int n = 1, status, log_fd = memfd_create("isolab-step", MFD_CLOEXEC);
	pid_t pid;

	for (int i = 0; i < MAX_ARGS && s->args[i]; i++)
		argv[n++] = s->args[i];
	if (s->full)
		argv[n++] = quick ? s->quick : s->full;
	argv[n++] = "--format";
	argv[n++] = "json";
	argv[n++] = "--output";
	argv[n++] = tmp;
	argv[n] = NULL;
	if (log_fd < 0)
		return err_sys(err, "memfd_create");
	pid = fork();
	if (pid < 0) {
		close(log_fd);
		return err_sys(err, "fork");
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(log_fd, STDERR_FILENO);
		execv("/proc/self/exe", (char *const *)argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return close(log_fd), err_sys(err, "waitpid");
	last_line(log_fd, why, len);
	close(log_fd);
	if (WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 130))
		return err_set(err, ERR_INTERRUPTED,
			       "interrupted; the partial measurements were removed");
	return access(tmp, F_OK) == 0 ? 0 : 1;
}

static void append_all(struct json_object *into, struct json_object *from,
		       const char *key)
{
	struct json_object *src, *dst;

	if (!json_object_object_get_ex(from, key, &src) ||
	    !json_object_is_type(src, json_type_array))
		return;
	if (!json_object_object_get_ex(into, key, &dst)) {
		dst = json_object_new_array();
		json_object_object_add(into, key, dst);
	}
	for (size_t i = 0; i < json_object_array_length(src); i++)
		json_object_array_add(dst, json_object_get(json_object_array_get_idx(src, i)));
}

/* Adds one step's file to the merged document. */
static void merge(struct json_object *all, const char *tmp)
{
	struct json_object *one = json_object_from_file(tmp), *v;

	if (!one)
		return;
	if (!json_object_object_get_ex(all, "environment", NULL) &&
	    json_object_object_get_ex(one, "environment", &v)) {
		json_object_object_add(all, "schema_version",
				       json_object_get(json_object_object_get(one, "schema_version")));
		json_object_object_add(all, "environment", json_object_get(v));
	}
	append_all(all, one, "runs");
	append_all(all, one, "summary");
	append_all(all, one, "probe");
	append_all(all, one, "differences");
	append_all(all, one, "density");
	if (json_object_object_get_ex(one, "range", &v))
		json_object_object_add(all, "range", json_object_get(v));
	json_object_put(one);
}

static int write_json(FILE *f, const void *doc)
{
	fputs(json_object_to_json_string_ext((struct json_object *)doc,
					     JSON_C_TO_STRING_PLAIN), f);
	fputc('\n', f);
	return ferror(f) ? -1 : 0;
}

int report_measure(const char *dir, bool quick, struct err *err)
{
	struct json_object *all = json_object_new_object();
	int rc = 0, done = 0;

	if (!all)
		return err_set(err, ERR_RUNTIME, "out of memory");
	for (int i = 0; i < NSTEPS && rc == 0; i++) {
		char tmp[PATH_MAX], name[32], why[300];
		int r;

		snprintf(name, sizeof(name), ".isolab-step-%d-%d", (int)getpid(), i);
		if (out_path(tmp, sizeof(tmp), dir, name, "json") < 0) {
			rc = err_set(err, ERR_USAGE, "--out path too long");
			break;
		}
		progress(i, steps[i].what);
		r = run_step(&steps[i], quick, tmp, why, sizeof(why), err);
		if (r < 0)
			rc = -1;
		else if (r == 0) {
			merge(all, tmp);
			done++;
		}
		if (r > 0 || (r == 0 && why[0] && strncmp(steps[i].what, "density", 7) == 0))
			fprintf(stderr, "%sisolab: %s: %s\n", isatty(STDERR_FILENO) ? "\n" : "",
				steps[i].what, why[0] ? why : "failed");
		unlink(tmp);
	}
	if (rc == 0) {
		progress(NSTEPS, "done");
		if (!done)
			rc = err_set(err, ERR_RUNTIME,
				     "no measurement could run here; see 'isolab doctor'");
		else
			rc = outdir_write(dir, "results", "json", write_json, all, err);
	}
	json_object_put(all);
	return rc;
}
