#include "microvm/hypercall.h"

#include <errno.h>
#include <linux/kvm.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "lab/host/clock.h"

static const struct {
	const char *counter;
	size_t arg_size;
} calls[HC_COUNT] = {
	[HC_BOOT] = { "hypercall_boot", sizeof(struct hc_boot) },
	[HC_WRITE] = { "hypercall_write", sizeof(struct hc_write) },
	[HC_EXIT] = { "hypercall_exit", sizeof(struct hc_exit) },
	[HC_TIME] = { "hypercall_time", sizeof(struct hc_time) },
	[HC_SLEEP] = { "hypercall_sleep", sizeof(struct hc_sleep) },
	[HC_DISCARD] = { "hypercall_discard", sizeof(struct hc_discard) },
	[HC_FAULT] = { "hypercall_fault", sizeof(struct hc_fault) },
	[HC_READ] = { "hypercall_read", sizeof(struct hc_read) },
	[HC_SIGNAL] = { "hypercall_signal", sizeof(struct hc_signal) },
	[HC_PROTECT] = { "hypercall_protect", sizeof(struct hc_protect) },
	[HC_RANDOM] = { "hypercall_random", sizeof(struct hc_random) },
};

const char *hc_counter_name(unsigned nr)
{
	return nr < HC_COUNT ? calls[nr].counter : "hypercall_unknown";
}

__attribute__((format(printf, 2, 3))) static enum hc_verdict
bad(struct err *err, const char *fmt, ...)
{
	char what[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	err_set(err, ERR_RUNTIME, "bad hypercall from the guest kernel: %s",
		what);
	return HC_ERROR;
}

void hc_sample_footprint(struct hc_ctx *c)
{
	uint64_t now = gmem_resident(c->mem, GUEST_USER_BASE,
				     c->mem->size - GUEST_USER_BASE);

	if (now > c->peak_user_bytes)
		c->peak_user_bytes = now;
}

static enum hc_verdict do_boot(struct hc_ctx *c, struct hc_boot *a,
			       struct err *err)
{
	if (a->abi_version != ISOLAB_HC_ABI_VERSION)
		return bad(err, "guest kernel speaks hypercall ABI %llu, the VMM %d",
			   (unsigned long long)a->abi_version,
			   ISOLAB_HC_ABI_VERSION);
	if (c->counts[HC_BOOT] > 1)
		return bad(err, "boot announced twice");
	timeline_mark(&c->res->tl, "guest kernel");
	return HC_CONTINUE;
}

static enum hc_verdict do_write(struct hc_ctx *c, struct hc_write *a,
				struct err *err)
{
	const void *buf = gmem_ptr(c->mem, a->buf, a->len);
	int64_t rc;

	if (!buf)
		return bad(err, "write buffer 0x%llx (+0x%llx bytes) outside guest RAM",
			   (unsigned long long)a->buf,
			   (unsigned long long)a->len);
	if (a->fd == WORKLOAD_CHANNEL_FD) {
		bool was_ready = c->channel.ready;
		uint64_t one = 1;

		if (channel_feed(&c->channel, buf, a->len, clock_now_ns(),
				 c->res, err) < 0)
			return HC_ERROR;
		/* The launching thread, not this confined one, tells the
		 * requester (launch_request.on_ready). */
		if (!was_ready && c->channel.ready && c->ready_fd >= 0 &&
		    write(c->ready_fd, &one, sizeof(one)) < 0)
			return err_sys(err, "eventfd"), HC_ERROR;
		a->ret = (int64_t)a->len;
		return HC_CONTINUE;
	}
	if (a->fd != 1 && a->fd != 2)
		return bad(err, "write to fd %llu (only 1, 2, 3 exist)",
			   (unsigned long long)a->fd);
	rc = vm_output_write(&c->out, (int)a->fd, buf, a->len, c->res, err);
	if (rc == OUTPUT_FAIL)
		return HC_ERROR;
	if (rc == OUTPUT_STOPPED)
		return HC_STOPPING;
	if (rc == -EPIPE) {
		/* Nobody reads any more: Linux raises SIGPIPE, whose default
		 * action ends the writer (the guest has no signal handlers),
		 * as `exec ... | head` does under the other launchers. */
		c->signal = SIGPIPE;
		c->res->tl.exited_ns = clock_now_ns();
		return HC_SIGNALED;
	}
	a->ret = rc;
	return HC_CONTINUE;
}

static enum hc_verdict do_read(struct hc_ctx *c, struct hc_read *a,
			       struct err *err)
{
	void *buf = gmem_ptr(c->mem, a->buf, a->len);
	struct pollfd pfd[2] = {
		{ .fd = c->stdin_fd, .events = POLLIN },
		{ .fd = c->out.kick_fd, .events = POLLIN },
	};
	ssize_t n;

	if (!buf)
		return bad(err, "read buffer 0x%llx (+0x%llx bytes) outside guest RAM",
			   (unsigned long long)a->buf,
			   (unsigned long long)a->len);
	if (a->fd != 0)
		return bad(err, "read from fd %llu (only 0 exists)",
			   (unsigned long long)a->fd);
	a->ret = 0;
	if (c->stdin_fd < 0)
		return HC_CONTINUE; /* like /dev/null */
	/* Wait with the kick fd: a stop request ends a blocked read. */
	while (poll(pfd, 2, -1) < 0)
		if (errno != EINTR)
			return err_sys(err, "poll"), HC_ERROR;
	if (pfd[1].revents)
		return HC_STOPPING;
	n = read(c->stdin_fd, buf, a->len < 65536 ? a->len : 65536);
	a->ret = n < 0 ? -errno : n;
	return HC_CONTINUE;
}

static enum hc_verdict do_time(struct hc_time *a)
{
	struct timespec ts;

	a->ret = -EINVAL;
	if (a->clock != CLOCK_REALTIME && a->clock != CLOCK_MONOTONIC &&
	    a->clock != CLOCK_MONOTONIC_RAW && a->clock != CLOCK_BOOTTIME)
		return HC_CONTINUE; /* the workload's choice, not the kernel's */
	if (clock_gettime((clockid_t)a->clock, &ts) == 0) {
		a->sec = ts.tv_sec;
		a->nsec = ts.tv_nsec;
		a->ret = 0;
	}
	return HC_CONTINUE;
}

static enum hc_verdict do_sleep(struct hc_ctx *c, struct hc_sleep *a)
{
	/* Sleep on the kick eventfd: a stop request ends the sleep. */
	struct pollfd pfd = { .fd = c->out.kick_fd, .events = POLLIN };
	uint64_t ns = a->ns < (1ull << 62) ? a->ns : (1ull << 62);
	struct timespec ts = { (time_t)(ns / 1000000000u),
			       (long)(ns % 1000000000u) };
	int rc = ppoll(&pfd, 1, &ts, NULL);

	if (rc > 0)
		return HC_STOPPING;
	a->ret = (rc < 0) ? -EINTR : 0;
	return HC_CONTINUE;
}

static enum hc_verdict do_discard(struct hc_ctx *c, struct hc_discard *a,
				  struct err *err)
{
	if ((a->addr | a->len) % GUEST_PAGE_SIZE ||
	    !gmem_range_ok(c->mem->size, a->addr, a->len))
		return bad(err, "discard of 0x%llx (+0x%llx bytes): not whole pages inside guest RAM",
			   (unsigned long long)a->addr,
			   (unsigned long long)a->len);
	/* Footprint is a peak: sample before the pages go. */
	hc_sample_footprint(c);
	if (gmem_discard(c->mem, a->addr, a->len) < 0)
		return err_sys(err, "madvise of guest RAM"), HC_ERROR;
	return HC_CONTINUE;
}

static enum hc_verdict do_fault(struct hc_ctx *c, struct hc_fault *a,
				struct err *err)
{
	char text[128];

	if (a->vector >= GUEST_EXC_VECTORS)
		return bad(err, "fault report with vector %llu",
			   (unsigned long long)a->vector);
	c->fault = *a;
	c->res->tl.exited_ns = clock_now_ns();
	if ((a->cs & 3) != 3) {
		hc_format_fault(a, text, sizeof(text));
		err_set(err, ERR_RUNTIME, "the guest kernel crashed: %s", text);
		return HC_ERROR;
	}
	return HC_FAULTED;
}

static enum hc_verdict do_signal(struct hc_ctx *c, struct hc_signal *a,
				 struct err *err)
{
	if (a->signal < 1 || a->signal > 64)
		return bad(err, "signal %llu (1-64)",
			   (unsigned long long)a->signal);
	c->exit_signal = (int)a->signal;
	c->res->tl.exited_ns = clock_now_ns();
	return HC_EXITED;
}

static enum hc_verdict do_protect(struct hc_ctx *c, struct hc_protect *a,
				  struct err *err)
{
	int rc;

	if (a->access > 1 || !c->pt)
		return bad(err, "protection %llu (0 or 1)",
			   (unsigned long long)a->access);
	rc = guest_pt_protect(c->pt, c->mem, a->addr, a->len, (int)a->access,
			      &a->pde);
	if (rc == -EINVAL)
		return bad(err, "protect 0x%llx (+0x%llx bytes): not whole pages of one 2 MiB region of the user area",
			   (unsigned long long)a->addr,
			   (unsigned long long)a->len);
	a->ret = rc;
	return HC_CONTINUE;
}

static enum hc_verdict do_random(struct hc_ctx *c, struct hc_random *a,
				 struct err *err)
{
	void *buf = gmem_ptr(c->mem, a->buf, a->len);
	ssize_t n;

	if (!buf || a->len > HC_RANDOM_MAX)
		return bad(err, "random buffer 0x%llx (+0x%llx bytes) outside guest RAM or over %u bytes",
			   (unsigned long long)a->buf,
			   (unsigned long long)a->len, HC_RANDOM_MAX);
	n = getrandom(buf, a->len, GRND_NONBLOCK);
	a->ret = n < 0 ? -errno : n;
	return HC_CONTINUE;
}

static enum hc_verdict dispatch(struct hc_ctx *c, unsigned nr, void *arg,
				struct err *err)
{
	switch (nr) {
	case HC_BOOT:
		return do_boot(c, arg, err);
	case HC_WRITE:
		return do_write(c, arg, err);
	case HC_EXIT: {
		struct hc_exit *a = arg;

		if (a->status > 255)
			return bad(err, "exit status %llu (0-255)",
				   (unsigned long long)a->status);
		c->exit_status = (int)a->status;
		c->res->tl.exited_ns = clock_now_ns();
		return HC_EXITED;
	}
	case HC_TIME:
		return do_time(arg);
	case HC_SLEEP:
		return do_sleep(c, arg);
	case HC_DISCARD:
		return do_discard(c, arg, err);
	case HC_FAULT:
		return do_fault(c, arg, err);
	case HC_READ:
		return do_read(c, arg, err);
	case HC_SIGNAL:
		return do_signal(c, arg, err);
	case HC_PROTECT:
		return do_protect(c, arg, err);
	case HC_RANDOM:
		return do_random(c, arg, err);
	}
	return bad(err, "unknown hypercall %u", nr);
}

enum hc_verdict hc_handle_io(struct hc_ctx *c, const struct hc_io *io,
			     struct err *err)
{
	/* The largest argument struct; copied here so that the guest cannot
	 * change it while we look at it. */
	union {
		struct hc_boot boot;
		struct hc_write write;
		struct hc_exit exit;
		struct hc_time time;
		struct hc_sleep sleep;
		struct hc_discard discard;
		struct hc_fault fault;
		struct hc_read read;
		struct hc_signal signal;
		struct hc_protect protect;
		struct hc_random random;
	} arg;
	unsigned nr = (unsigned)io->port - ISOLAB_HC_PORT;
	uint32_t gpa;
	void *guest;
	enum hc_verdict v;

	if (io->port < ISOLAB_HC_PORT || nr >= HC_COUNT)
		return bad(err, "I/O to port 0x%x, not a hypercall port",
			   io->port);
	if (io->direction != KVM_EXIT_IO_OUT || io->size != 4 || io->count != 1)
		return bad(err, "port 0x%x accessed other than by one 32-bit out",
			   io->port);
	memcpy(&gpa, io->data, 4);
	guest = gmem_ptr(c->mem, gpa, calls[nr].arg_size);
	if (!guest)
		return bad(err, "argument struct at 0x%x (+%zu bytes) outside guest RAM",
			   gpa, calls[nr].arg_size);
	memcpy(&arg, guest, calls[nr].arg_size);
	c->counts[nr]++;
	v = dispatch(c, nr, &arg, err);
	/* Results go back into the guest's struct (still inside RAM). */
	if (v == HC_CONTINUE)
		memcpy(guest, &arg, calls[nr].arg_size);
	return v;
}

int hc_fault_signal(uint64_t vector)
{
	switch (vector) {
	case 0:  /* #DE */
	case 16: /* #MF */
	case 19: /* #XM */
		return SIGFPE;
	case 1: /* #DB */
	case 3: /* #BP */
		return SIGTRAP;
	case 6: /* #UD */
		return SIGILL;
	case 11: /* #NP */
	case 12: /* #SS */
	case 17: /* #AC */
		return SIGBUS;
	}
	return SIGSEGV; /* #PF, #GP and the rest, as Linux does */
}

const char *hc_vector_name(uint64_t vector)
{
	static const char *const names[GUEST_EXC_VECTORS] = {
		"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
		"#DF", "vector 9", "#TS", "#NP", "#SS", "#GP", "#PF",
		"vector 15", "#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
	};

	if (vector < GUEST_EXC_VECTORS && names[vector])
		return names[vector];
	return "exception";
}

void hc_format_fault(const struct hc_fault *f, char *buf, size_t len)
{
	if (f->vector == 14)
		snprintf(buf, len, "#PF at 0x%llx (rip 0x%llx)",
			 (unsigned long long)f->cr2, (unsigned long long)f->rip);
	else
		snprintf(buf, len, "%s (rip 0x%llx, error code 0x%llx)",
			 hc_vector_name(f->vector), (unsigned long long)f->rip,
			 (unsigned long long)f->error);
}
