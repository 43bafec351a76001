#include "lab/probe/reach.h"

#include <asm/unistd.h> /* __NR_name, for probe_unsafe.def */
#include <errno.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "lab/proto/util.h"

static const char *const class_names[REACH_NCLASSES] = {
	[REACH_REACHED] = "reached",
	[REACH_DENIED] = "denied",
	[REACH_BLOCKED] = "blocked",
	[REACH_ABSENT] = "absent",
	[REACH_NOT_PROBED] = "not probed",
};

static const struct {
	int nr;
	const char *reason;
} unsafe[] = {
#define PROBE_UNSAFE(name, reason) { __NR_##name, reason },
#include "lab/proto/probe_unsafe.def"
#undef PROBE_UNSAFE
};

const char *reach_class_name(enum reach_class c)
{
	return c >= 0 && c < REACH_NCLASSES ? class_names[c] : "?";
}

const char *reach_unsafe_reason(int nr)
{
	for (size_t i = 0; i < ARRAY_SIZE(unsafe); i++)
		if (unsafe[i].nr == nr)
			return unsafe[i].reason;
	return NULL;
}

/* A kill is a filter's doing only when the filter covers the number or the
 * signal is seccomp's own. Some kernels answer an unassigned number with a
 * fault instead of ENOSYS (the PVM guest kernel of our lab machines raises
 * SIGILL at 335): that is the kernel saying it has no such call. Any other
 * signal is the kernel's answer to a call it executed. */
enum reach_class reach_classify_kill(int signal, bool filter_blocks)
{
	if (filter_blocks || signal == SIGSYS)
		return REACH_BLOCKED;
	if (signal == SIGILL)
		return REACH_ABSENT;
	return REACH_REACHED;
}

enum reach_class reach_classify(long ret, bool filter_blocks,
				int filter_errno)
{
	if (filter_blocks && filter_errno > 0 && ret == -filter_errno)
		return REACH_BLOCKED;
	if (ret == -ENOSYS)
		return REACH_ABSENT;
	if (ret == -EPERM || ret == -EACCES)
		return REACH_DENIED;
	return REACH_REACHED;
}

/* A whole decimal number, optionally negative, that fits a long. */
static int parse_long(const char *s, long *out)
{
	bool neg = *s == '-';
	unsigned long v = 0, limit = neg ? (unsigned long)LONG_MAX + 1
					 : (unsigned long)LONG_MAX;

	s += neg;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' ||
		    v > (limit - (unsigned long)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	*out = neg ? (long)(0 - v) : (long)v;
	return 0;
}

static int bad(struct err *err, const char *line, const char *why)
{
	return err_set(err, ERR_RUNTIME,
		       "probe output: %s in '%.60s'; is isolab-workload from the same build as isolab?",
		       why, line);
}

enum stage { BEGIN, BEFORE, SWEEP, AFTER, END, DONE };

struct parse {
	struct reach_report *r;
	enum stage stage;
	int first, next;
};

static int parse_range(struct parse *p, const char *arg, const char *line,
		       struct err *err)
{
	char want[64];

	snprintf(want, sizeof(want), "%d %d", p->first, PROBE_NR_LAST);
	if (strcmp(arg, want) != 0)
		return bad(err, line, "a sweep of another range");
	return 0;
}

/* "probe <nr> <ret>" or "probe <nr> skip", with nr the next expected. */
static int parse_call(struct parse *p, const char *arg, const char *line,
		      struct err *err)
{
	const char *sp = strchr(arg, ' ');
	char num[16];
	long nr, ret;
	bool skip;

	if (!sp || (size_t)(sp - arg) >= sizeof(num))
		return bad(err, line, "a malformed probe line");
	memcpy(num, arg, (size_t)(sp - arg));
	num[sp - arg] = '\0';
	if (parse_long(num, &nr) < 0 || nr != p->next)
		return bad(err, line, "a number out of order");
	skip = strcmp(sp + 1, "skip") == 0;
	if (skip != (reach_unsafe_reason((int)nr) != NULL))
		return bad(err, line, skip ? "a skip isolab does not know of"
					   : "a call isolab never makes");
	if (!skip) {
		if (parse_long(sp + 1, &ret) < 0 || ret < -4095)
			return bad(err, line, "a malformed return value");
		p->r->call[nr].ret = ret;
		p->r->call[nr].seen = true;
		p->r->call[nr].signal = 0;
	}
	p->next++;
	if (p->next > PROBE_NR_LAST)
		p->stage = AFTER;
	return 0;
}

static int copy_state(char *dst, const char *arg, const char *line,
		      struct err *err)
{
	if (strlen(arg) >= REACH_STATE_MAX)
		return bad(err, line, "a state line too long");
	strcpy(dst, arg);
	return 0;
}

static int parse_line(struct parse *p, const char *line, struct err *err)
{
	long end;

	switch (p->stage) {
	case BEGIN:
		if (strncmp(line, "probe-begin ", 12) != 0)
			return bad(err, line, "no probe-begin line");
		p->stage = BEFORE;
		return parse_range(p, line + 12, line, err);
	case BEFORE:
		if (strncmp(line, "probe-state before ", 19) != 0)
			return bad(err, line, "no state before the sweep");
		p->stage = p->next > PROBE_NR_LAST ? AFTER : SWEEP;
		return copy_state(p->r->state_before, line + 19, line, err);
	case SWEEP:
		if (strncmp(line, "probe ", 6) != 0)
			return bad(err, line, "the sweep ended early");
		return parse_call(p, line + 6, line, err);
	case AFTER:
		if (strncmp(line, "probe-state after ", 18) != 0)
			return bad(err, line, "no state after the sweep");
		p->stage = END;
		return copy_state(p->r->state_after, line + 18, line, err);
	case END:
		if (strncmp(line, "probe-end ", 10) != 0 ||
		    parse_long(line + 10, &end) < 0 || end != PROBE_NR_LAST)
			return bad(err, line, "no probe-end line");
		p->stage = DONE;
		return 0;
	case DONE:
		break;
	}
	return bad(err, line, "output after probe-end");
}

int reach_parse(struct reach_report *r, int first, const char *out,
		size_t len, int *next, bool *complete, struct err *err)
{
	struct parse p = { .r = r, .stage = BEGIN, .first = first,
			   .next = first };
	char line[REACH_STATE_MAX + 32];
	size_t at = 0;

	if (first < 0 || first > PROBE_NR_LAST + 1)
		return err_set(err, ERR_RUNTIME, "probe: no sweep starts at %d",
			       first);
	r->state_before[0] = r->state_after[0] = '\0';
	while (at < len) {
		const char *nl = memchr(out + at, '\n', len - at);
		size_t n;

		if (!nl)
			break; /* killed mid-line: what came before counts */
		n = (size_t)(nl - (out + at));
		if (n >= sizeof(line))
			return bad(err, out + at, "a line too long");
		memcpy(line, out + at, n);
		line[n] = '\0';
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)line[i] < 0x20 ||
			    (unsigned char)line[i] > 0x7e)
				return bad(err, line, "a byte that is not printable ASCII");
		if (parse_line(&p, line, err) < 0)
			return -1;
		at += n + 1;
	}
	*complete = p.stage == DONE;
	*next = p.stage <= BEFORE ? -1 : p.next;
	return 0;
}

/* The caller has seen every probed number answered or killed. */
void reach_finish(struct reach_report *r, const struct launcher *l,
		  const void *config)
{
	memset(r->count, 0, sizeof(r->count));
	for (int nr = 0; nr < REACH_NR_COUNT; nr++) {
		struct reach_call *c = &r->call[nr];
		int filter_errno = 0;
		bool filtered = l && l->syscall_filter &&
				l->syscall_filter(config, nr, &filter_errno) == 1;

		if (reach_unsafe_reason(nr))
			c->cls = REACH_NOT_PROBED;
		else if (c->signal)
			c->cls = reach_classify_kill(c->signal, filtered);
		else
			c->cls = reach_classify(c->ret, filtered, filter_errno);
		r->count[c->cls]++;
	}
}

int reach_host_direct(const struct reach_report *r)
{
	return r->guest_kernel ? 0 : r->count[REACH_REACHED];
}

int reach_guest_implemented(const struct reach_report *r)
{
	return r->count[REACH_REACHED] + r->count[REACH_DENIED];
}

bool reach_state_unchanged(const struct reach_report *r)
{
	return r->state_before[0] &&
	       strcmp(r->state_before, r->state_after) == 0;
}
