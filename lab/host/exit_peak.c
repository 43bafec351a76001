#include "lab/host/exit_peak.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab/host/clock.h"
#include "lab/host/procfs.h"

void exit_peak_init(struct exit_peak *w)
{
	memset(w, 0, sizeof(*w));
	w->fd = -1;
}

int exit_peak_traceme(void)
{
	return ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0 ? -1 : 0;
}

/* A field of a live process's /proc/PID/status in KiB, 0 if unreadable. */
static uint64_t status_kib(pid_t pid, const char *field)
{
	int64_t v = procfs_status_kib(pid, field);

	return v < 0 ? 0 : (uint64_t)v;
}

enum take { TAKE_ENDED, TAKE_STOPPED, TAKE_RUNNING };

/* Wait (blocking unless `nohang`) for the child to stop; does not reap an
 * exit. TAKE_STOPPED with *status when stopped; TAKE_ENDED when it exited
 * (or cannot be waited for); TAKE_RUNNING when nohang and neither yet. */
static enum take take_stop(pid_t pid, bool nohang, int *status)
{
	siginfo_t si;

	for (;;) {
		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, (id_t)pid, &si,
			   WEXITED | WSTOPPED | WNOWAIT | __WALL |
				   (nohang ? WNOHANG : 0)) < 0) {
			if (errno == EINTR)
				continue;
			return TAKE_ENDED;
		}
		if (si.si_pid == 0)
			return TAKE_RUNNING;
		if (si.si_code != CLD_TRAPPED)
			return TAKE_ENDED;
		/* A stop, not an exit: this waitpid cannot reap. */
		while (waitpid(pid, status, __WALL) < 0)
			if (errno != EINTR)
				return TAKE_ENDED;
		return TAKE_STOPPED;
	}
}

/* Between two looks: SIGCHLD wakes the wait at once when this thread gets
 * it; the slice covers one another thread took. Not a busy loop. */
#define FINISH_SLICE_MS 10

/* take_stop within the bound: TAKE_RUNNING when it gave up. */
static enum take take_stop_bounded(struct exit_peak *w,
				   const struct exit_peak_bound *b,
				   uint64_t *end, int *status)
{
	struct pollfd p[2] = { { .fd = w->fd, .events = POLLIN },
			       { .fd = b->cancel_fd, .events = POLLIN } };
	struct signalfd_siginfo info;

	for (;;) {
		enum take t = take_stop(w->pid, true, status);
		uint64_t now = clock_now_ns();
		uint64_t left_ms;

		if (t != TAKE_RUNNING || now >= *end)
			return t;
		left_ms = (*end - now + 999999) / 1000000;
		if (poll(p, 2, left_ms < FINISH_SLICE_MS ? (int)left_ms
							 : FINISH_SLICE_MS) <= 0)
			continue;
		while (read(w->fd, &info, sizeof(info)) == (ssize_t)sizeof(info))
			;
		if (p[1].revents) {
			/* Cancelled: a short grace from now on, no more. */
			if (now + b->grace_ns < *end)
				*end = now + b->grace_ns;
			p[1].fd = -1;
		}
	}
}

/* Did the child's PTRACE_TRACEME work (no Yama or LSM said no)? Its
 * tracer is the thread that forked it, which is this one: in a front end
 * that launches from a worker thread (the dashboard), that is not the
 * process's pid, and comparing with getpid() left the program stopped at
 * its exec until the run's timeout. */
static bool traced_by_us(pid_t pid)
{
	char v[64];

	return procfs_status_field(pid, "TracerPid", v, sizeof(v)) == 0 &&
	       strtol(v, NULL, 10) == (long)gettid();
}

/* SIGCHLD (a tracee's stop) on a signalfd, blocked in this thread. */
static int open_stop_fd(struct exit_peak *w, struct err *err)
{
	sigset_t chld;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	pthread_sigmask(SIG_BLOCK, &chld, &w->old_mask);
	w->fd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
	if (w->fd < 0) {
		pthread_sigmask(SIG_SETMASK, &w->old_mask, NULL);
		return err_sys(err, "signalfd");
	}
	return 0;
}

#define WATCH_OPTIONS (PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL)

int exit_peak_seize(struct exit_peak *w, pid_t pid, struct err *err)
{
	if (ptrace(PTRACE_SEIZE, pid, NULL, (void *)(long)WATCH_OPTIONS) < 0)
		return 0; /* not watching: peak_kib stays 0 */
	if (open_stop_fd(w, err) < 0) {
		ptrace(PTRACE_DETACH, pid, NULL, NULL);
		return -1;
	}
	w->pid = pid;
	w->seized = true;
	return 0;
}

int exit_peak_attach(struct exit_peak *w, pid_t pid, struct err *err)
{
	int status;

	if (!traced_by_us(pid))
		return 0; /* not watching: peak_kib stays 0 */
	if (open_stop_fd(w, err) < 0)
		return -1;
	w->pid = pid;
	/* The exec's SIGTRAP stops the program before its first instruction. */
	if (take_stop(pid, false, &status) != TAKE_STOPPED)
		return 0; /* it died already: nothing to watch */
	if (ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)(long)WATCH_OPTIONS) < 0 ||
	    ptrace(PTRACE_CONT, pid, NULL, NULL) < 0)
		return err_sys(err, "ptrace(%d)", (int)pid);
	return 0;
}

/* Is `sig` caught or ignored by the program (SigCgt/SigIgn)? */
static bool handled(pid_t pid, int sig)
{
	char ign[64], cgt[64];

	if (procfs_status_field(pid, "SigIgn", ign, sizeof(ign)) < 0 ||
	    procfs_status_field(pid, "SigCgt", cgt, sizeof(cgt)) < 0)
		return true; /* unknown: treat it as handled, pass it on */
	return ((strtoull(ign, NULL, 16) | strtoull(cgt, NULL, 16)) >>
		(sig - 1)) & 1;
}

static bool ends_by_default(int sig)
{
	return sig != SIGCHLD && sig != SIGCONT && sig != SIGURG &&
	       sig != SIGWINCH && sig != SIGSTOP && sig != SIGTSTP &&
	       sig != SIGTTIN && sig != SIGTTOU;
}

static void record(struct exit_peak *w)
{
	w->peak_kib = status_kib(w->pid, "VmHWM");
	/* A container's copy of the program lives on its rootfs tmpfs and
	 * so is shared memory, written before the program joined its
	 * cgroup: as uncharged there as a host file's page cache. */
	w->file_kib = status_kib(w->pid, "RssFile") +
		      status_kib(w->pid, "RssShmem");
}

/* A stopped program goes on with the signal it stopped for (none for an
 * event stop or a group stop). A signal that will end it is taken as its
 * exit: its memory is read now and it is let go untraced. That also
 * keeps the kernel's rule for a pid namespace's init, which drops a
 * signal a tracer passes on but not the fault it then takes again. */
static void pass_on(struct exit_peak *w, int status)
{
	siginfo_t si;
	int sig = WSTOPSIG(status);

	if ((status >> 16) != 0 ||
	    ptrace(PTRACE_GETSIGINFO, w->pid, NULL, &si) < 0)
		sig = 0; /* event stop, or group stop (EINVAL) */
	if (sig && ends_by_default(sig) && !handled(w->pid, sig)) {
		record(w);
		ptrace(PTRACE_DETACH, w->pid, NULL, (void *)(long)sig);
		w->pid = 0;
		return;
	}
	ptrace(PTRACE_CONT, w->pid, NULL, (void *)(long)sig);
}

int exit_peak_service(struct exit_peak *w, struct err *err)
{
	struct signalfd_siginfo info;
	int status;

	(void)err;
	while (read(w->fd, &info, sizeof(info)) == (ssize_t)sizeof(info))
		;
	while (w->pid > 0 && take_stop(w->pid, true, &status) == TAKE_STOPPED) {
		if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_EXIT << 8))) {
			record(w);
			ptrace(PTRACE_DETACH, w->pid, NULL, NULL);
			w->pid = 0;
			return 0;
		}
		pass_on(w, status);
	}
	return 0;
}

bool exit_peak_finish(struct exit_peak *w, const struct exit_peak_bound *b)
{
	uint64_t end = clock_now_ns() + b->limit_ns;
	enum take t = TAKE_STOPPED;
	int status;
	bool detached = false;

	/* The program is dead or dying, so a stop or its exit comes at
	 * once, unless it is stuck in the kernel: then the bound. */
	while (w->pid > 0 && !detached &&
	       (t = take_stop_bounded(w, b, &end, &status)) == TAKE_STOPPED) {
		if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_EXIT << 8)))
			record(w);
		detached = ptrace(PTRACE_DETACH, w->pid, NULL, NULL) == 0;
	}
	if (t == TAKE_RUNNING) {
		w->pid = 0; /* still traced, but no longer waited for */
		w->seized = false;
		return false;
	}
	/* A seized program that died traced waits for its tracer: this wait
	 * (of an exit already there) hands it back to its parent (it does
	 * not reap it). */
	if (w->pid > 0 && w->seized && !detached)
		while (waitpid(w->pid, &status, __WALL) < 0 && errno == EINTR)
			;
	w->pid = 0;
	w->seized = false;
	return true;
}

bool exit_peak_close(struct exit_peak *w, const struct exit_peak_bound *b)
{
	bool ended = true;

	if (w->pid > 0) {
		kill(w->pid, SIGKILL);
		ended = exit_peak_finish(w, b);
	}
	if (w->fd >= 0) {
		close(w->fd);
		pthread_sigmask(SIG_SETMASK, &w->old_mask, NULL);
	}
	w->fd = -1;
	w->pid = 0;
	return ended;
}
