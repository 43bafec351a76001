#include "lab/check/supervise.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lab/check/pids_cap.h"
#include "lab/proto/workload_proto.h"

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Kill the processes whose parent is the grader, other than `except`;
 * how many, and (*running) how many of them had not ended yet. */
static int kill_own_children(pid_t except, int *running)
{
	pid_t self = getpid();
	struct dirent *d;
	int found = 0;
	DIR *proc = opendir("/proc");

	if (!proc)
		return 0;
	while ((d = readdir(proc))) {
		char path[64], buf[512], *close_paren;
		pid_t pid, ppid;
		FILE *f;

		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		pid = (pid_t)atoi(d->d_name);
		if (pid == except)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
		f = fopen(path, "r");
		if (!f)
			continue;
		close_paren = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
		fclose(f);
		char state;

		if (close_paren &&
		    sscanf(close_paren + 2, "%c %d", &state, &ppid) == 2 &&
		    ppid == self) {
			kill(pid, SIGKILL);
			found++;
			*running += state != 'Z' && state != 'X';
		}
	}
	closedir(proc);
	return found;
}

/* Kill and reap every process reparented to the grader; how many, and
 * (*running) how many still ran when the program ended. Up to ~5 s: a
 * process in uninterruptible sleep takes a moment to die. */
static int reap_leftovers(int *running)
{
	int total = 0, ignored = 0;

	for (int round = 0; round < 500; round++) {
		int found = kill_own_children(0, round ? &ignored : running);
		pid_t p;

		while ((p = waitpid(-1, NULL, WNOHANG)) > 0)
			total++;
		if (p < 0 && errno == ECHILD && !found)
			break;
		usleep(10000);
	}
	return total;
}

static void child_exec(const struct supervise_spec *spec,
		       const struct pids_cap *cap, int in_fd, int out_fd,
		       int chan_fd, int err_fd)
{
	int e;

	if (pids_cap_join(cap) < 0)
		goto fail;
	setpgid(0, 0);
	signal(SIGPIPE, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (dup2(in_fd, 0) < 0 ||
	    dup2(spec->stdout_fd > 0 ? spec->stdout_fd : out_fd, 1) < 0 ||
	    dup2(out_fd, 2) < 0 ||
	    dup2(chan_fd, WORKLOAD_CHANNEL_FD) < 0)
		goto fail;
	for (int fd = WORKLOAD_CHANNEL_FD + 1; fd < 1024; fd++)
		if (fd != err_fd)
			close(fd);
	if (spec->unshare_flags && unshare(spec->unshare_flags) < 0)
		goto fail;
	if ((spec->unshare_flags & CLONE_NEWNS) &&
	    mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
		goto fail;
	if (spec->cwd && chdir(spec->cwd) < 0)
		goto fail;
	if (spec->uid >= 0 &&
	    (setgroups(0, NULL) < 0 || setgid((gid_t)spec->uid) < 0 ||
	     setuid((uid_t)spec->uid) < 0))
		goto fail;
	execv(spec->argv[0], spec->argv);
fail:
	e = errno;
	if (write(err_fd, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

/* Keep the last bytes of a stream in dst (size cap+1, NUL-terminated). */
static void append_tail(char *dst, size_t size, const char *buf, size_t n)
{
	size_t cap = size - 1, have = strlen(dst);

	if (n >= cap) {
		buf += n - cap;
		n = cap;
	}
	if (have + n > cap) {
		memmove(dst, dst + (have + n - cap), cap - n);
		have = cap - n;
	}
	memcpy(dst + have, buf, n);
	dst[have + n] = '\0';
}

static void count_ready(const char *buf, size_t n, int *ready, int *at_line_start)
{
	for (size_t i = 0; i < n; i++) {
		/* "ready " only at the start of a line. */
		if (*at_line_start && n - i >= 6 && !memcmp(buf + i, "ready ", 6))
			(*ready)++;
		*at_line_start = buf[i] == '\n';
	}
}

struct pipes {
	int in[2], out[2], chan[2], exec_err[2];
};

static void close_pair(int p[2])
{
	for (int i = 0; i < 2; i++)
		if (p[i] >= 0)
			close(p[i]);
	p[0] = p[1] = -1;
}

static void close_all(struct pipes *p)
{
	close_pair(p->in);
	close_pair(p->out);
	close_pair(p->chan);
	close_pair(p->exec_err);
}

static int open_pipes(struct pipes *p, bool hold_stdin, struct err *err)
{
	int ok;

	ok = pipe2(p->out, O_CLOEXEC) == 0 && pipe2(p->chan, O_CLOEXEC) == 0 &&
	     pipe2(p->exec_err, O_CLOEXEC) == 0;
	if (ok && hold_stdin)
		ok = pipe2(p->in, O_CLOEXEC) == 0;
	else if (ok)
		ok = (p->in[0] = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;
	if (!ok)
		return err_sys(err, "cannot create the pipes to watch the program");
	return 0;
}

static void take(struct supervise_result *res, int chan, const char *buf,
		 size_t n, int *at_line_start)
{
	if (!chan) {
		append_tail(res->output, sizeof(res->output), buf, n);
		return;
	}
	count_ready(buf, n, &res->ready_lines, at_line_start);
	append_tail(res->channel, sizeof(res->channel), buf, n);
}

/* Read what is left in the pipes without blocking (its children may
 * still hold them open). */
static void drain(struct pipes *p, struct supervise_result *res,
		  int *at_line_start)
{
	for (int i = 0; i < 2; i++) {
		int fd = i ? p->chan[0] : p->out[0];
		char buf[1024];
		ssize_t n;

		if (fd < 0)
			continue;
		fcntl(fd, F_SETFL, O_NONBLOCK);
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			take(res, i, buf, (size_t)n, at_line_start);
	}
}

/* Watch the program until it ends or the deadline passes. */
static void watch(const struct supervise_spec *spec, struct pipes *p,
		  pid_t pid, struct supervise_result *res, int *wstatus,
		  struct rusage *ru)
{
	uint64_t deadline = now_ms() + (uint64_t)spec->timeout_ms;
	int at_line_start = 1;
	bool ready_seen = false;

	for (;;) {
		struct pollfd fds[2] = { { p->out[0], POLLIN, 0 },
					 { p->chan[0], POLLIN, 0 } };
		char buf[1024];
		bool ended = wait4(pid, wstatus, WNOHANG, ru) == pid;

		if (ended) {
			/* What it wrote before it ended is still in the pipes. */
			drain(p, res, &at_line_start);
			return;
		}
		if (now_ms() >= deadline) {
			res->timed_out = true;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			wait4(pid, wstatus, 0, ru);
			return;
		}
		if (poll(fds, 2, 10) <= 0)
			continue;
		for (int i = 0; i < 2; i++) {
			ssize_t n;

			if (!(fds[i].revents & (POLLIN | POLLHUP)))
				continue;
			n = read(fds[i].fd, buf, sizeof(buf));
			if (n <= 0) {
				/* Closed: stop polling it, keep waiting. */
				close(fds[i].fd);
				(i ? p->chan : p->out)[0] = -1;
				continue;
			}
			take(res, i, buf, (size_t)n, &at_line_start);
		}
		if (!ready_seen && res->ready_lines > 0) {
			ready_seen = true;
			if (spec->on_ready)
				spec->on_ready(spec->ctx, pid);
			if (p->in[1] >= 0) {
				close(p->in[1]);
				p->in[1] = -1;
			}
		}
		/* Both pipes closed: nothing to poll, only the exit to wait. */
		if (p->out[0] < 0 && p->chan[0] < 0)
			usleep(10000);
	}
}

int supervise_run(const struct supervise_spec *spec,
		  struct supervise_result *res, struct err *err)
{
	struct pipes p = { { -1, -1 }, { -1, -1 }, { -1, -1 }, { -1, -1 } };
	struct pids_cap cap = { "" };
	struct rusage ru = { 0 };
	int wstatus = 0, exec_errno = 0;
	pid_t pid;

	memset(res, 0, sizeof(*res));
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		return err_sys(err, "cannot become a child subreaper");
	if (spec->pids_max > 0 && pids_cap_create(&cap, spec->pids_max, err) < 0)
		return -1;
	if (open_pipes(&p, spec->hold_stdin, err) < 0)
		goto fail;
	pid = fork();
	if (pid < 0) {
		err_sys(err, "fork");
		goto fail;
	}
	if (pid == 0)
		child_exec(spec, &cap, p.in[0], p.out[1], p.chan[1], p.exec_err[1]);
	setpgid(pid, pid);
	close(p.in[0]);
	close(p.out[1]);
	close(p.chan[1]);
	close(p.exec_err[1]);
	p.in[0] = p.out[1] = p.chan[1] = p.exec_err[1] = -1;
	watch(spec, &p, pid, res, &wstatus, &ru);
	if (read(p.exec_err[0], &exec_errno, sizeof(exec_errno)) ==
	    (ssize_t)sizeof(exec_errno)) {
		res->exec_failed = true;
		snprintf(res->output, sizeof(res->output), "cannot run %s: %s",
			 spec->argv[0], strerror(exec_errno));
	}
	if (WIFEXITED(wstatus))
		res->exit_code = WEXITSTATUS(wstatus);
	else if (WIFSIGNALED(wstatus))
		res->signal = WTERMSIG(wstatus);
	res->cpu_us = (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000 +
		      (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
	res->leftovers = reap_leftovers(&res->leftovers_running);
	pids_cap_remove(&cap);
	close_all(&p);
	return 0;
fail:
	pids_cap_remove(&cap);
	close_all(&p);
	return -1;
}

long long supervise_result_value(const struct supervise_result *res,
				 const char *key)
{
	char pattern[80];
	const char *p = res->channel, *hit = NULL;

	snprintf(pattern, sizeof(pattern), "result %s=", key);
	while ((p = strstr(p, pattern))) {
		hit = p + strlen(pattern);
		p = hit;
	}
	return hit ? atoll(hit) : -1;
}

int supervise_status(const struct supervise_result *res)
{
	return res->signal ? 128 + res->signal : res->exit_code;
}
