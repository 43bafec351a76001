/* cmd_doctor: finds what lab/host/host_try.h and one launch per launcher
 * tell (see cmd_doctor.h); lab/report/doctor_output.c draws it. The causes
 * of a refused namespace are lab/host/ns_cause's. */
#include "lab/cli/cmd_doctor.h"

#include <errno.h>
#include <limits.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "lab/cli/commands.h"
#include "lab/cli/leftovers.h"
#include "lab/host/clock.h"
#include "lab/host/host_try.h"
#include "lab/host/hostinfo.h"
#include "lab/report/doctor_output.h"
#include "lab/core/launcher_try.h"
#include "lab/core/launchers.h"
#include "lab/host/ns_advice.h"
#include "lab/host/ns_cause.h"
#include "lab/report/output.h"
#include "lab/host/orphans.h"
#include "lab/host/paths.h"
#include "lab/core/session.h"

/* Where the findings go, and the section they are in now. An append that
 * runs out of memory is remembered and reported once, at the end. */
struct report {
	struct doctor_findings *d;
	const char *section; /* "machine" or "launchers" */
	bool out_of_memory;
};

/* One finding; fix (or, for a NOTE, what it means) is shown unless OK. */
static void finding(struct report *r, enum finding_verdict v, const char *what,
		    const char *detail, const char *fix)
{
	if (doctor_add(r->d, r->section, v, what, detail, fix) < 0)
		r->out_of_memory = true;
}

static void line(struct report *f, bool ok, const char *what, const char *detail,
		 const char *fix)
{
	finding(f, ok ? FINDING_OK : FINDING_MISSING, what, detail, fix);
}

/* "EPERM (Operation not permitted)" */
static const char *errno_text(char *buf, size_t len, int e)
{
	const char *name = strerrorname_np(e);

	snprintf(buf, len, "%s (%s)", name ? name : "?", strerror(e));
	return buf;
}

static void user_namespaces(struct report *f, const struct ns_try *t,
			    const struct ns_facts *facts)
{
	char detail[160], e[64], advice[400];

	if (t->err == 0) {
		snprintf(detail, sizeof(detail), "created (%s)", t->call);
		line(f, true, "user namespaces", detail, NULL);
		return;
	}
	snprintf(detail, sizeof(detail), "not working: %s failed: %s",
		 t->call, errno_text(e, sizeof(e), t->err));
	line(f, false, "user namespaces", detail,
	     ns_advice(advice, sizeof(advice),
		       ns_cause_of(facts, true, t->err), facts));
}

/* The other namespaces: one line when all were made, else one per failure. */
static void other_namespaces(struct report *f, const struct ns_try t[TRY_NS_COUNT],
			     const struct ns_facts *facts)
{
	char names[96] = "", detail[200], e[64], advice[400], what[32];
	size_t used = 0;

	for (int i = 1; i < TRY_NS_COUNT; i++) {
		if (t[i].err == 0) {
			used += (size_t)snprintf(names + used, sizeof(names) - used,
						 "%s%s", used ? " " : "", t[i].name);
			continue;
		}
		snprintf(what, sizeof(what), "%s namespace", t[i].name);
		snprintf(detail, sizeof(detail), "%s failed: %s", t[i].call,
			 errno_text(e, sizeof(e), t[i].err));
		if (i == TRY_NS_COUNT - 1 && t[i].err == EINVAL)
			finding(f, FINDING_NOTE, what, "this kernel has none (before 5.6)",
				"containers go without unless --ns names it");
		else
			line(f, false, what, detail,
			     ns_advice(advice, sizeof(advice),
				       ns_cause_of(facts, t[i].with_user,
						   t[i].err), facts));
	}
	if (!names[0])
		return;
	snprintf(detail, sizeof(detail), "%s: created%s", names,
		 t[1].with_user ? ", each inside a new user namespace" : "");
	line(f, true, "other namespaces", detail, NULL);
}

static void cgroup_below_ours(struct report *f, const struct cgroup_try *t)
{
	char detail[PATH_MAX + 96], e[64];

	if (t->step) {
		snprintf(detail, sizeof(detail), "%s: %s", t->step,
			 errno_text(e, sizeof(e), t->err));
		line(f, false, "cgroup below ours", detail,
		     "mount cgroup2 on /sys/fs/cgroup (systemd does this by default)");
	}
	for (int i = 0; i < t->ndirs; i++) {
		bool ok = !t->dir[i].step;

		if (ok)
			snprintf(detail, sizeof(detail), "made and removed %s",
				 t->dir[i].path);
		else
			snprintf(detail, sizeof(detail), "%s %s: %s",
				 t->dir[i].step, t->dir[i].path,
				 errno_text(e, sizeof(e), t->dir[i].err));
		line(f, ok, "cgroup below ours", detail,
		     "containers run without limits here: run as root, or in a delegated cgroup (systemd-run --user --scope -p Delegate=yes isolab ...)");
	}
}

static void capabilities(struct report *f)
{
	cap_t caps = cap_get_proc();
	cap_flag_value_t admin = CAP_CLEAR;
	char detail[96];

	if (caps) {
		cap_get_flag(caps, CAP_SYS_ADMIN, CAP_EFFECTIVE, &admin);
		cap_free(caps);
	}
	snprintf(detail, sizeof(detail), "libcap works; CAP_SYS_ADMIN %s",
		 admin == CAP_SET ? "held" : "not held (containers use a user namespace)");
	line(f, caps != NULL, "capabilities", detail, NULL);
}

/* What to do when /dev/kvm exists but cannot be opened: what is true of
 * the node, never a group that does not exist. */
static void kvm_access_fix(char *fix, size_t len, const struct kvm_try *t)
{
	bool group_rw = (t->mode & 0060) == 0060 && t->gid != 0;

	if (group_rw && !t->in_group)
		snprintf(fix, len,
			 "its group %s may use it: usermod -aG %s $USER, then log in again",
			 t->group, t->group);
	else if (!group_rw && (t->mode & 0006) != 0006)
		snprintf(fix, len,
			 "only %s may use it. As root, give it to a group: %secho 'KERNEL==\"kvm\", GROUP=\"kvm\", MODE=\"0660\"' > /etc/udev/rules.d/65-kvm.rules; udevadm trigger --name-match=kvm; then usermod -aG kvm $USER and log in again",
			 t->owner,
			 t->kvm_group_exists ? "" : "groupadd --system kvm (there is no group kvm yet); ");
	else
		snprintf(fix, len,
			 "its mode lets you in, yet the kernel refused: /dev may be mounted nodev, or AppArmor/SELinux denies it (see the kernel log)");
}

static void kvm(struct report *f, const struct kvm_try *t, const struct ns_facts *facts)
{
	char detail[256], fix[512], e[64];

	if (!t->step) {
		snprintf(detail, sizeof(detail),
			 "opened read-write, created a VM (API version %d)",
			 t->api_version);
		line(f, true, "/dev/kvm", detail, NULL);
		return;
	}
	snprintf(detail, sizeof(detail), "%s failed: %s", t->step,
		 t->err ? errno_text(e, sizeof(e), t->err) : "unexpected answer");
	if (t->exists)
		snprintf(detail + strlen(detail), sizeof(detail) - strlen(detail),
			 "; it is %s:%s, mode %04o", t->owner, t->group, t->mode);
	if (!t->exists && t->kernel_has_kvm)
		snprintf(fix, sizeof(fix),
			 "the kernel has KVM (/sys/class/misc/kvm) but there is no /dev/kvm here: %s",
			 facts->chrooted == 1 || facts->container[0]
				 ? "bind-mount the host's /dev/kvm in (mount --bind /dev/kvm DIR/dev/kvm, or docker run --device /dev/kvm)"
				 : "create it with mknod /dev/kvm c 10 232, or let udev do it (udevadm trigger)");
	else if (!t->exists)
		snprintf(fix, sizeof(fix),
			 "this kernel has no KVM device: enable virtualization in the firmware and load kvm_intel or kvm_amd");
	else if (t->err == EACCES || t->err == EPERM)
		kvm_access_fix(fix, sizeof(fix), t);
	else
		snprintf(fix, sizeof(fix),
			 "KVM is there but refuses VMs: another hypervisor may hold VT-x/AMD-V, or the kernel is short of memory");
	line(f, false, "/dev/kvm", detail, fix);
}

static void virtualization(struct report *f, const struct environment *env)
{
	char detail[160];

	snprintf(detail, sizeof(detail), "%s: %s", virt_mode_name(env->virt_mode),
		 env->virt_detail);
	finding(f, env->virt_mode == VIRT_HARDWARE ? FINDING_OK
		   : env->virt_mode == VIRT_SOFTWARE ? FINDING_NOTE : FINDING_MISSING,
		"virtualization", detail,
		env->virt_mode == VIRT_SOFTWARE
		     ? "micro-VMs run, but guest kernel code is emulated: startup and syscalls inside the VM are far slower than on VT-x/AMD-V; compare micro-VM figures only with runs from the same kind of machine"
		     : "no KVM: the micro-VM launcher cannot run here");
}

static void machine(struct report *f, const struct environment *env)
{
	struct ns_try ns[TRY_NS_COUNT];
	struct cgroup_try cg;
	struct ns_facts facts;
	struct kvm_try kt;
	char detail[160];

	ns_facts_read(&facts);
	try_namespaces(ns, env->root);
	try_cgroup(&cg, env->cgroup_layout);
	try_kvm(&kt);
	line(f, env->root, "root", env->root ? "yes" : "no",
	     "containers run rootless through a user namespace; cgroup limits need root or a delegated cgroup");
	if (facts.chrooted == 1 || facts.container[0]) {
		snprintf(detail, sizeof(detail), "%s%s%s%s",
			 facts.chrooted == 1 ? "a chroot" : "",
			 facts.chrooted == 1 && facts.container[0] ? ", in " : "",
			 facts.container[0] ? facts.container : "",
			 facts.container[0] ? " container" : "");
		finding(f, FINDING_NOTE, "running in", detail, NULL);
	} else if (facts.container_marker[0]) {
		snprintf(detail, sizeof(detail),
			 "%s exists, but / is no overlay and /proc/1/cgroup names no engine",
			 facts.container_marker);
		finding(f, FINDING_NOTE, "container marker", detail,
			"not taken as a container: an image can carry the file outside one");
	}
	user_namespaces(f, &ns[TRY_NS_USER], &facts);
	other_namespaces(f, ns, &facts);
	snprintf(detail, sizeof(detail), "%s%s", cgroup_layout_name(env->cgroup_layout),
		 env->cgroup_layout == CGROUP_HYBRID
			 ? " (v1 controllers, empty cgroup2 at /sys/fs/cgroup/unified)"
			 : "");
	line(f, env->cgroup_layout != CGROUP_NONE, "cgroups", detail,
	     "mount cgroup2 on /sys/fs/cgroup (systemd does this by default)");
	cgroup_below_ours(f, &cg);
	line(f, prctl(PR_GET_SECCOMP) >= 0, "seccomp",
	     prctl(PR_GET_SECCOMP) >= 0 ? "available" : "not in this kernel",
	     "build the kernel with CONFIG_SECCOMP_FILTER");
	capabilities(f);
	kvm(f, &kt, &facts);
	virtualization(f, env);
}

struct noop_part {
	const struct launcher *launcher;
	struct launch_request req;
	struct launch_result res;
	uint64_t session_ns; /* the launcher's one-time cost */
};

/* One noop, which must end with status 0, through a session as every
 * other command's launches. */
static int noop_part(void *ctx, bool *launched, struct err *err)
{
	struct noop_part *p = ctx;
	struct launch_session session;
	int rc = launch_session_open(p->launcher, p->req.config, &session, err);

	if (rc == 0) {
		p->session_ns = launch_session_cost_ns(&session);
		p->req.session = &session;
		rc = launch_run(p->launcher, &p->req, &p->res, err);
		p->req.session = NULL;
		launch_session_close(&session);
		orphans_kill(); /* what escaped the launcher's kill */
	}
	if (rc < 0)
		return -1;
	if (p->res.interrupted)
		return err_set(err, ERR_INTERRUPTED, "interrupted");
	*launched = true;
	if (p->res.exit_code != 0)
		return err_set(err, ERR_RUNTIME,
			       "the noop workload ended with %s %d",
			       p->res.signal ? "signal" : "status",
			       p->res.signal ? p->res.signal : p->res.exit_code);
	return 0;
}

/* Each launcher runs the noop workload once; returns how many could not. */
static int launchers(struct report *f,
		     void *const configs[static LAUNCHER_COUNT], int cancel_fd)
{
	static char *noop_argv[] = { "isolab-workload", "noop", NULL };
	struct not_run_list not_run = { 0 };
	char workload[PATH_MAX], detail[160], t[32], once[32];
	struct noop_part *p = calloc(1, sizeof(*p));
	struct err err = { 0 };
	int missing = 0;

	if (!p || paths_find_helper("isolab-workload", workload,
				    sizeof(workload), &err) < 0) {
		line(f, false, "launchers", p ? err.msg : "out of memory", NULL);
		free(p);
		return 1;
	}
	for (int i = 0; i < LAUNCHER_COUNT; i++) {
		size_t before = not_run.n;
		int rc;

		p->launcher = all_launchers[i];
		p->req = (struct launch_request){
			.binary = workload, .argv = noop_argv,
			.timeout_ns = 5000000000ull, .stdout_fd = -1,
			.stderr_fd = -1, .stdin_fd = -1, .cancel_fd = cancel_fd,
			.config = configs[i],
		};
		rc = launcher_try(p->launcher, configs[i], NULL, noop_part, p,
				  &not_run, &err);
		if (rc == 0) {
			format_ns(t, sizeof(t),
				  (double)(p->res.tl.ready_ns - p->res.tl.request_ns));
			format_ns(once, sizeof(once), (double)p->session_ns);
			snprintf(detail, sizeof(detail),
				 "ran the noop workload (ready in %s; one-time session %s)",
				 t, once);
			line(f, true, p->launcher->name, detail, NULL);
			continue;
		}
		missing++;
		line(f, false, p->launcher->name,
		     rc > 0 ? not_run.item[before].reason : err.msg, NULL);
		if (rc < 0 && err.kind == ERR_INTERRUPTED)
			break;
	}
	free(p);
	return missing;
}

int doctor_find(struct doctor_findings *d,
		void *const configs[static LAUNCHER_COUNT], int cancel_fd,
		struct err *err)
{
	uint64_t start = clock_now_ns();
	struct report r = { .d = d, .section = "machine" };

	environment_capture(&d->env);
	machine(&r, &d->env);
	r.section = "launchers";
	d->launchers_missing = launchers(&r, configs, cancel_fd);
	d->took_ns = clock_now_ns() - start;
	if (r.out_of_memory)
		return err_set(err, ERR_RUNTIME, "doctor: out of memory");
	return 0;
}

static int doctor_command(const struct cli *cli, int cancel_fd, int *status,
			  struct err *err)
{
	bool json = cli->out.format == FORMAT_JSON;

	struct doctor_findings found = { 0 };

	if (doctor_find(&found, cli->config, cancel_fd, err) < 0) {
		doctor_findings_free(&found);
		return -1;
	}
	if (json)
		doctor_write_json(stdout, &found);
	else
		doctor_write_text(stdout, &found);
	*status = found.launchers_missing ? 1 : 0;
	doctor_findings_free(&found);
	/* The leftovers go beside a JSON report, never into it: stdout stays
	 * one JSON document. */
	*status |= sweep_report(json ? stderr : stdout, cli->cleanup);
	return 0;
}

const struct cli_command command_doctor = {
	.name = "doctor",
	.summary = "what this machine supports, and what to do about what it lacks",
	.id = CMD_DOCTOR,
	.usage = "usage: isolab doctor [--cleanup] [--format text|json]\n"
		"Tries what each launcher needs: every namespace, /dev/kvm (a VM), a cgroup below\n"
		"its own, and one noop run per launcher; says what happened, with the errno, and\n"
		"what to do. Leaves nothing behind. Exits 0 when every launcher ran, 1 otherwise.\n"
		"Also lists what a killed isolab left behind (cgroups whose owner is gone)\n"
		"below the parent of its own cgroup; --cleanup kills what is still inside\n"
		"them and removes them, naming each.\n",
	.run = doctor_command,
};
