#include "container/shell.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "container/run.h"
#include "lab/host/elf_check.h"

struct shell_tty {
	int master;           /* -1 without a terminal */
	char slave_path[64];
	struct termios saved;
	bool raw;
};

static int open_pty(struct shell_tty *t, int fds[3], struct err *err)
{
	struct winsize ws;
	int slave;

	t->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (t->master < 0 || grantpt(t->master) < 0 ||
	    unlockpt(t->master) < 0 ||
	    ptsname_r(t->master, t->slave_path, sizeof(t->slave_path)) != 0)
		return err_sys(err, "cannot open a pseudo-terminal");
	slave = open(t->slave_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0)
		return err_sys(err, "open %s", t->slave_path);
	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
		ioctl(slave, TIOCSWINSZ, &ws);
	fds[0] = slave;
	fds[1] = fcntl(slave, F_DUPFD_CLOEXEC, 0);
	fds[2] = fcntl(slave, F_DUPFD_CLOEXEC, 0);
	return 0;
}

static void make_raw(struct shell_tty *t)
{
	struct termios raw;

	if (tcgetattr(STDIN_FILENO, &t->saved) < 0)
		return;
	raw = t->saved;
	cfmakeraw(&raw);
	t->raw = tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0;
}

static void restore_tty(struct shell_tty *t)
{
	if (t->raw)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &t->saved);
	t->raw = false;
	if (t->master >= 0)
		close(t->master);
	t->master = -1;
}

/* Copy what is readable from `from` to `to`; -1 at EOF or error. */
static int pass(int from, int to)
{
	char buf[4096];
	ssize_t n = read(from, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0)
		return -1;
	for (ssize_t off = 0; off < n;) {
		ssize_t w = write(to, buf + off, (size_t)(n - off));

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		off += w;
	}
	return 0;
}

/* Returns when the shell exited (0) or a signal asked us to stop (1). */
static int relay(struct ct_run *run, struct shell_tty *t, int sigfd)
{
	enum { PIDFD, SIG, IN, MASTER, NFDS };
	struct pollfd pfd[NFDS] = {
		[PIDFD] = { run->pidfd, POLLIN, 0 },
		[SIG] = { sigfd, POLLIN, 0 },
		[IN] = { t->master >= 0 ? STDIN_FILENO : -1, POLLIN, 0 },
		[MASTER] = { t->master, POLLIN, 0 },
	};

	for (;;) {
		struct signalfd_siginfo si;

		if (poll(pfd, NFDS, -1) < 0) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		if (pfd[MASTER].revents && pass(t->master, STDOUT_FILENO) < 0)
			pfd[MASTER].fd = -1; /* EIO: every slave fd closed */
		if (pfd[IN].revents && pass(STDIN_FILENO, t->master) < 0)
			pfd[IN].fd = -1;
		if (pfd[PIDFD].revents) {
			/* Whatever the shell printed last. */
			while (t->master >= 0 && pfd[MASTER].fd >= 0 &&
			       poll(&pfd[MASTER], 1, 0) > 0 &&
			       pass(t->master, STDOUT_FILENO) == 0)
				;
			return 0;
		}
		if (pfd[SIG].revents &&
		    read(sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
			struct winsize ws;

			if (si.ssi_signo != SIGWINCH)
				return 1;
			if (t->master >= 0 &&
			    ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
				ioctl(t->master, TIOCSWINSZ, &ws);
		}
	}
}

static int shell_status(int status)
{
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status)
				   : WEXITSTATUS(status);
}

/* argv for the shell: interactive, or `sh -c 'exec "$@"' sh CMD ARGS`,
 * which runs CMD as its own process image with its arguments untouched.
 * Returns NULL when there are too many arguments. */
static char **shell_argv(char *const *command, char *buf[], size_t max)
{
	size_t n = 0;

	buf[n++] = "sh";
	if (command) {
		buf[n++] = "-c";
		buf[n++] = "exec \"$@\"";
		buf[n++] = "sh";
		for (; *command; command++) {
			if (n + 1 >= max)
				return NULL;
			buf[n++] = *command;
		}
	}
	buf[n] = NULL;
	return buf;
}

/* Signals isolab must see as data, not act on: SIGINT/SIGTERM/SIGHUP
 * stop the container, SIGWINCH resizes its pty. Blocks them (the old
 * mask into *old) and returns a signalfd for them, or -1 with err. */
static int take_stop_signals(sigset_t *old, struct err *err)
{
	sigset_t stop;
	int fd;

	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	sigaddset(&stop, SIGWINCH);
	sigprocmask(SIG_BLOCK, &stop, old);
	fd = signalfd(-1, &stop, SFD_CLOEXEC);
	if (fd < 0)
		err_sys(err, "signalfd");
	return fd;
}

/* The shell's stdin, stdout and stderr: a pty of its own when isolab has
 * a terminal (and its console), else copies of isolab's own. */
static int connect_stdio(struct shell_tty *t, struct ct_start *st,
			 struct err *err)
{
	if (isatty(STDIN_FILENO)) {
		if (open_pty(t, st->fds, err) < 0)
			return -1;
		st->console = t->slave_path;
		st->term = getenv("TERM");
		return 0;
	}
	for (int i = 0; i < 3; i++)
		st->fds[i] = fcntl(i, F_DUPFD_CLOEXEC, 0);
	return 0;
}

/* isolab shell runs the host's static busybox inside the container. */
static int check_busybox(struct err *err)
{
	if (elf_check_static_x86_64(CONTAINER_SHELL_BUSYBOX, err) == 0)
		return 0;
	err_prefix(err,
		   "isolab shell needs a static busybox at %s (Debian: apt-get install busybox-static)",
		   CONTAINER_SHELL_BUSYBOX);
	err->kind = ERR_RUNTIME; /* a missing package, not bad usage */
	return -1;
}

/* One container from prepare to reap, with the shell on our terminal:
 * its exit status (128+N for signal N), or -1 with err. *prepared is set
 * once run owns st's fds (ct_run_cleanup then closes them). */
static int run_shell(struct ct_run *run, struct ct_session *sess,
		     struct ct_start *st, struct shell_tty *t, int sigfd,
		     bool *prepared, struct err *err)
{
	struct timeline tl = { 0 };
	bool interrupted;

	*prepared = true;
	if (ct_run_prepare(run, sess, st, &tl, err) < 0)
		return -1;
	if (ct_run_spawn(run, &tl, sigfd, err) != 0) {
		if (!err->msg[0])
			err_set(err, ERR_RUNTIME, "interrupted");
		return -1;
	}
	if (t->master >= 0)
		make_raw(t);
	interrupted = relay(run, t, sigfd) == 1;
	if (interrupted)
		ct_run_kill(run);
	restore_tty(t);
	if (ct_run_reap(run, err) < 0)
		return -1;
	/* Stopped from outside, as any other isolab command: 130, not the
	 * SIGKILL that ended the container. */
	if (interrupted)
		return err_set(err, ERR_INTERRUPTED,
			       "interrupted; the shell's container was stopped");
	return shell_status(run->status);
}

int container_shell(const void *config, char *const *command,
		    struct err *err)
{
	char *argv_buf[256];
	char **argv = shell_argv(command, argv_buf, 256);
	struct shell_tty t = { .master = -1 };
	struct ct_start st = { .binary = CONTAINER_SHELL_BUSYBOX, .argv = argv,
			       .shell = true, .fds = { -1, -1, -1, -1 } };
	struct timeline session_cost = { 0 };
	struct ct_session sess;
	struct ct_run *run;
	sigset_t old;
	int sigfd, rc = -1;
	bool prepared = false, session_open = false;

	if (!argv)
		return err_set(err, ERR_USAGE, "too many arguments for the shell's command");
	if (check_busybox(err) < 0)
		return -1;
	run = calloc(1, sizeof(*run));
	if (!run)
		return err_set(err, ERR_RUNTIME, "out of memory");
	sigfd = take_stop_signals(&old, err);
	if (sigfd >= 0 && connect_stdio(&t, &st, err) == 0 &&
	    ct_session_open(config, &sess, &session_cost, err) == 0) {
		session_open = true;
		rc = run_shell(run, &sess, &st, &t, sigfd, &prepared, err);
	}
	restore_tty(&t);
	if (prepared)
		ct_run_cleanup(run);
	if (session_open)
		ct_session_close(&sess);
	if (!prepared)
		for (int i = 0; i < 3; i++)
			if (st.fds[i] >= 0)
				close(st.fds[i]);
	free(run);
	if (sigfd >= 0)
		close(sigfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}
