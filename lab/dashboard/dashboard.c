/* dashboard: the main loop. One thread draws and reads keys; the runner's
 * workers launch. The loop poll()s stdin, the runner's event fd, the
 * signalfd (SIGINT/SIGTERM/SIGHUP) and a SIGWINCH signalfd, with a
 * timeout up to the next redraw, so every key is handled at once (even
 * while a `hang` waits for its timeout) and an idle dashboard sleeps.
 * ncurses' getch() runs with timeout(0), only once poll() said a key is
 * there. Every way out goes through one exit path that restores the
 * terminal before anything is printed. */
#include "lab/dashboard/dashboard.h"

#include <curses.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "lab/host/clock.h"
#include "lab/dashboard/keys.h"
#include "lab/dashboard/render.h"
#include "lab/dashboard/term.h"
#include "lab/dashboard/ui.h"
#include "lab/host/orphans.h"

#define ONCE_W 120
#define ONCE_H 40

/* The runner signals its event fd after every run, hundreds of times a
 * second at --rate max. Each woke this thread on the other CPU, and the
 * worker's next fork then had to flush that CPU's TLB too: the
 * dashboard's process startup came out 1.2x isolab run's. So after an
 * event, the event fd is left out of poll() for this long. */
#define EVENT_HOLDOFF_NS (50 * 1000000ull)

/* The runner's event fd, or -1 (poll ignores it) until *after; and the
 * poll timeout in ms, no later than until nor than *after. */
static int runner_fd_to_poll(const struct dash_ui *ui, uint64_t after,
			     uint64_t until, int *ms)
{
	uint64_t now = clock_now_ns(), wake = until;
	bool hold = now < after;

	if (hold && after < wake)
		wake = after;
	*ms = wake > now ? (int)((wake - now + 999999) / 1000000) : 0;
	return hold ? -1 : runner_event_fd(ui->worker.runner);
}

static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The UI thread's own CPU use since the last call, in % of one core. */
struct cpu_meter {
	uint64_t cpu, wall;
	double pct;
};

static void cpu_meter_tick(struct cpu_meter *m)
{
	uint64_t cpu = thread_cpu_ns(), wall = clock_now_ns();

	if (m->wall && wall > m->wall + 200000000u) {
		m->pct = 100.0 * (double)(cpu - m->cpu) / (double)(wall - m->wall);
		m->cpu = cpu;
		m->wall = wall;
	} else if (!m->wall) {
		m->cpu = cpu;
		m->wall = wall;
	}
}

static void take_snapshot(struct dash_ui *ui, const struct cpu_meter *cpu,
			  struct dash_snapshot *s, int width)
{
	memset(s, 0, sizeof(*s));
	dash_worker_snapshot(&ui->worker, s);
	dash_ladder_snapshot(&ui->ladder, s);
	for (int i = 0; i < s->n; i++)
		s->col[i].focused = i == ui->focus && s->n > 1;
	ui_rate_text(ui->rate, s->rate, sizeof(s->rate));
	s->paused = ui->paused;
	s->cpu_pct = cpu->pct;
	snprintf(s->message, sizeof(s->message), "%s", ui->message);
	snapshot_scales(s, width < 60 ? width : 60);
}

/* SIGWINCH, blocked in this thread (and so in every thread started
 * after) and read from a signalfd. */
static int winch_fd_open(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGWINCH);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

static int ui_start(struct dash_ui *ui, const struct dashboard_args *a,
		    struct err *err)
{
	struct runner_job job;

	memset(ui, 0, sizeof(*ui));
	ui->args = a;
	ui->rate = a->rate;
	ui->workload = workloads_init(&ui->workloads, a, err);
	if (ui->workload < 0)
		return -1;
	workloads_job(&ui->workloads.item[ui->workload], a, &job);
	if (dash_worker_start(&ui->worker, a, &job, err) < 0)
		return -1;
	dash_worker_probe(&ui->worker);
	return 0;
}

/* --once: every column's runs and the probe done, the screen on stdout. */
static int run_once(struct dash_ui *ui, int signal_fd, struct err *err)
{
	struct dash_snapshot *s = malloc(sizeof(*s));
	struct cpu_meter cpu = { 0 };
	struct canvas cv;
	uint64_t after = 0;
	int rc = 0;

	if (!s)
		return err_set(err, ERR_RUNTIME, "out of memory");
	while (!runner_finished(ui->worker.runner) ||
	       dash_worker_probing(&ui->worker)) {
		int ms;
		struct pollfd p[2] = {
			{ .fd = signal_fd, .events = POLLIN },
			{ .fd = runner_fd_to_poll(ui, after,
						  clock_now_ns() + 100000000ull, &ms),
			  .events = POLLIN },
		};

		poll(p, 2, ms);
		if (p[0].revents & POLLIN) {
			rc = err_set(err, ERR_INTERRUPTED, "interrupted");
			break;
		}
		if (p[1].revents & POLLIN) {
			runner_event_clear(ui->worker.runner);
			after = clock_now_ns() + EVENT_HOLDOFF_NS;
		}
		orphans_kill(); /* what escaped the launchers' kill */
	}
	if (rc == 0 && canvas_init(&cv, ONCE_W, ONCE_H, term_locale_utf8()) == 0) {
		take_snapshot(ui, &cpu, s, ONCE_W / ui->worker.n);
		s->message[0] = '\0';
		render_screen(&cv, s, false);
		canvas_print(&cv, stdout);
		canvas_free(&cv);
	}
	free(s);
	return rc;
}

static void handle_keys(struct dash_ui *ui)
{
	int key;

	while ((key = getch()) != ERR) {
		if (key == KEY_RESIZE)
			continue;
		if (ui->help && key != '?' && key != 'h' && key != KEY_F(1)) {
			ui->help = false; /* any key closes the help */
			continue;
		}
		keys_dispatch(ui, key);
	}
}

struct loop_fds {
	int signal_fd, winch_fd;
	bool stdin_open;
	uint64_t runner_after; /* the event fd's hold-off (EVENT_HOLDOFF_NS) */
};

/* Waits until the next redraw, a key, a signal or a runner event. */
static int wait_events(struct dash_ui *ui, struct loop_fds *f,
		       struct term *t, uint64_t until, bool *redraw,
		       struct err *err)
{
	int ms, runner_fd = runner_fd_to_poll(ui, f->runner_after, until, &ms);
	struct pollfd p[4] = {
		{ .fd = f->stdin_open ? STDIN_FILENO : -1, .events = POLLIN },
		{ .fd = f->signal_fd, .events = POLLIN },
		{ .fd = f->winch_fd, .events = POLLIN },
		{ .fd = runner_fd, .events = POLLIN },
	};
	struct signalfd_siginfo si;

	if (poll(p, 4, ms) < 0)
		return 0;
	if (p[1].revents & POLLIN) {
		if (read(f->signal_fd, &si, sizeof(si)) < 0) {
			/* a signal came; which one does not matter */
		}
		return err_set(err, ERR_INTERRUPTED, "interrupted");
	}
	if (p[2].revents & POLLIN) {
		while (read(f->winch_fd, &si, sizeof(si)) > 0)
			;
		term_resize(t);
		*redraw = true;
	}
	if (p[0].revents & POLLIN) {
		handle_keys(ui);
		*redraw = true;
	} else if (p[0].revents & (POLLHUP | POLLERR)) {
		f->stdin_open = false;
	}
	if (p[3].revents & POLLIN) {
		runner_event_clear(ui->worker.runner);
		f->runner_after = clock_now_ns() + EVENT_HOLDOFF_NS;
	}
	return 0;
}

static int run_live(struct dash_ui *ui, struct term *t, struct loop_fds *f,
		    struct err *err)
{
	struct dash_snapshot *s = malloc(sizeof(*s));
	uint64_t interval = ui->args->interval_ns, next = 0;
	struct cpu_meter cpu = { 0 };
	struct canvas cv = { 0 };
	int rc = 0;

	if (!s)
		return err_set(err, ERR_RUNTIME, "out of memory");
	while (!ui->quit && rc == 0) {
		bool redraw = false, done = ui->args->iterations &&
					    runner_finished(ui->worker.runner);

		if (redraw || clock_now_ns() >= next || done) {
			cpu_meter_tick(&cpu);
			if (!cv.cells || cv.w != t->w || cv.h != t->h) {
				canvas_free(&cv);
				if (canvas_init(&cv, t->w, t->h, t->utf8) < 0) {
					rc = err_set(err, ERR_RUNTIME, "out of memory");
					break;
				}
			}
			take_snapshot(ui, &cpu, s, t->w / ui->worker.n);
			render_screen(&cv, s, ui->help);
			term_show(t, &cv);
			next = clock_now_ns() + interval;
		}
		if (done)
			break;
		rc = wait_events(ui, f, t, next, &redraw, err);
		/* Orphans are reparented to this, the main thread; the
		 * workers' own children are not its children. */
		orphans_kill();
		if (redraw)
			next = 0;
	}
	canvas_free(&cv);
	free(s);
	return rc;
}

int dashboard_run(const struct dashboard_args *a, int signal_fd,
		  struct err *err)
{
	struct loop_fds f = { .signal_fd = signal_fd, .stdin_open = true };
	struct term t = { 0 };
	struct dash_ui *ui;
	int rc;

	setlocale(LC_ALL, ""); /* UTF-8 block elements when the locale is */
	if (!a->once && term_check(err) < 0)
		return -1;
	ui = calloc(1, sizeof(*ui));
	if (!ui)
		return err_set(err, ERR_RUNTIME, "out of memory");
	/* Before any thread starts, so that none receives SIGWINCH. */
	f.winch_fd = winch_fd_open();
	rc = ui_start(ui, a, err);
	if (rc == 0 && a->once)
		rc = run_once(ui, signal_fd, err);
	else if (rc == 0 && (rc = term_open(&t, a->no_color, err)) == 0)
		rc = run_live(ui, &t, &f, err);
	/* The terminal first: the teardown of a run may take a moment. */
	term_close(&t);
	dash_ladder_stop(&ui->ladder);
	if (ui->worker.args)
		dash_worker_stop(&ui->worker);
	if (f.winch_fd >= 0)
		close(f.winch_fd);
	free(ui);
	return rc;
}
