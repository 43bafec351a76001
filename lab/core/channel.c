#include "lab/core/channel.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/host/text.h"

/* How much of a bad line an error message quotes, escaped (lab/host/text.h). */
#define QUOTED 40

void channel_init(struct channel *ch, const struct launch_request *req)
{
	memset(ch, 0, sizeof(*ch));
	ch->on_ready = req ? req->on_ready : NULL;
	ch->on_ready_ctx = req ? req->on_ready_ctx : NULL;
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return (errno || *end) ? -1 : 0;
}

static int handle_ready(struct channel *ch, const char *arg, uint64_t now_ns,
			struct launch_result *res, struct err *err)
{
	uint64_t stamp;
	struct timeline *tl = &res->tl;
	char q[TEXT_ESCAPED_SIZE(QUOTED)];

	if (ch->ready)
		return err_set(err, ERR_RUNTIME,
			       "workload protocol error: 'ready' sent twice");
	if (parse_u64(arg, &stamp) < 0)
		return err_set(err, ERR_RUNTIME,
			       "workload protocol error: bad ready stamp '%s'",
			       text_escape(q, sizeof(q), arg, QUOTED));
	ch->ready = true;
	/* Every launcher's workload reads the host's CLOCK_MONOTONIC (the
	 * micro-VM's through its TSC clock or a hypercall). A stamp outside
	 * [request, now] would come from another clock or a lying workload;
	 * the arrival time is then the honest bound. */
	if (stamp >= tl->request_ns && stamp <= now_ns)
		tl->ready_ns = stamp;
	else
		tl->ready_ns = now_ns;
	if (ch->on_ready)
		ch->on_ready(ch->on_ready_ctx);
	return 0;
}

static int handle_result(const char *arg, struct launch_result *res,
			 struct err *err)
{
	const char *eq = strchr(arg, '=');
	size_t keylen = eq ? (size_t)(eq - arg) : 0;
	struct named_value *nv = NULL;
	char q[TEXT_ESCAPED_SIZE(QUOTED)];

	if (!eq || keylen == 0 || keylen >= sizeof(nv->key) ||
	    strlen(eq + 1) >= sizeof(nv->value))
		return err_set(err, ERR_RUNTIME,
			       "workload protocol error: bad result '%s'",
			       text_escape(q, sizeof(q), arg, QUOTED));
	/* Results end up in JSON and tables: printable ASCII only. */
	for (const char *c = arg; *c; c++)
		if (*c < 0x21 || *c > 0x7e)
			return err_set(err, ERR_RUNTIME,
				       "workload protocol error: non-printable result '%s'",
				       text_escape(q, sizeof(q), arg, QUOTED));
	for (int i = 0; i < res->nresults; i++)
		if (strncmp(res->results[i].key, arg, keylen) == 0 &&
		    res->results[i].key[keylen] == '\0')
			nv = &res->results[i];
	if (!nv) {
		if (res->nresults >= LAUNCH_MAX_RESULTS)
			return err_set(err, ERR_RUNTIME,
				       "workload protocol error: more than %d results",
				       LAUNCH_MAX_RESULTS);
		nv = &res->results[res->nresults++];
		memcpy(nv->key, arg, keylen);
		nv->key[keylen] = '\0';
	}
	snprintf(nv->value, sizeof(nv->value), "%s", eq + 1);
	return 0;
}

static int handle_line(struct channel *ch, const char *line, uint64_t now_ns,
		       struct launch_result *res, struct err *err)
{
	char q[TEXT_ESCAPED_SIZE(QUOTED)];

	if (strncmp(line, "ready ", 6) == 0)
		return handle_ready(ch, line + 6, now_ns, res, err);
	if (strncmp(line, "result ", 7) == 0)
		return handle_result(line + 7, res, err);
	return err_set(err, ERR_RUNTIME,
		       "workload protocol error: unknown message '%s'",
		       text_escape(q, sizeof(q), line, QUOTED));
}

int channel_feed(struct channel *ch, const char *buf, size_t n,
		 uint64_t now_ns, struct launch_result *res, struct err *err)
{
	for (size_t i = 0; i < n; i++) {
		if (buf[i] != '\n') {
			if (ch->len + 1 >= sizeof(ch->line))
				return err_set(err, ERR_RUNTIME,
					       "workload protocol error: control line longer than %d bytes",
					       WORKLOAD_LINE_MAX - 1);
			ch->line[ch->len++] = buf[i];
			continue;
		}
		ch->line[ch->len] = '\0';
		ch->len = 0;
		if (handle_line(ch, ch->line, now_ns, res, err) < 0)
			return -1;
	}
	return 0;
}
