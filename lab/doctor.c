#include "lab/doctor.h"

#include <fcntl.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "lab/hostinfo.h"
#include "lab/launchers.h"

enum verdict { MISSING, OK, NOTE };

/* One finding; fix (or, for a NOTE, what it means) is shown unless OK. */
static void finding(FILE *f, enum verdict v, const char *what,
		    const char *detail, const char *fix)
{
	static const char *const tags[] = { "MISS", " ok ", "note" };

	fprintf(f, "  [%s] %-22s %s\n", tags[v], what, detail);
	if (v != OK && fix)
		fprintf(f, "         -> %s\n", fix);
}

static void line(FILE *f, bool ok, const char *what, const char *detail,
		 const char *fix)
{
	finding(f, ok ? OK : MISSING, what, detail, fix);
}

static bool read_first_line(const char *path, char *buf, size_t len)
{
	FILE *fp = fopen(path, "re");
	bool ok = fp && fgets(buf, (int)len, fp);

	if (fp)
		fclose(fp);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

static void user_namespaces(FILE *f)
{
	char v[32] = "";
	bool max_ok = read_first_line("/proc/sys/user/max_user_namespaces", v,
				      sizeof(v)) && strcmp(v, "0") != 0;
	bool clone_ok = true;

	if (read_first_line("/proc/sys/kernel/unprivileged_userns_clone", v,
			    sizeof(v)))
		clone_ok = strcmp(v, "0") != 0;
	line(f, max_ok && clone_ok, "user namespaces",
	     max_ok && clone_ok ? "available (rootless containers work)"
				: "disabled",
	     "sysctl -w user.max_user_namespaces=15000 kernel.unprivileged_userns_clone=1");
}

static void capabilities(FILE *f)
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

static void kvm(FILE *f, const struct environment *env)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	char detail[160];

	if (fd >= 0)
		close(fd);
	snprintf(detail, sizeof(detail), "%s", fd >= 0 ? "opens read-write" : "cannot be opened");
	line(f, fd >= 0, "/dev/kvm", detail,
	     access("/dev/kvm", F_OK) == 0
		     ? "add yourself to the kvm group (usermod -aG kvm $USER), then log in again"
		     : "enable virtualization in the firmware and load kvm_intel or kvm_amd");
	snprintf(detail, sizeof(detail), "%s: %s", virt_mode_name(env->virt_mode),
		 env->virt_detail);
	finding(f, env->virt_mode == VIRT_HARDWARE ? OK
		   : env->virt_mode == VIRT_SOFTWARE ? NOTE : MISSING,
		"virtualization", detail,
		env->virt_mode == VIRT_SOFTWARE
		     ? "micro-VMs run, but guest kernel code is emulated: startup and syscalls inside the VM are far slower than on VT-x/AMD-V; compare micro-VM figures only with runs from the same kind of machine"
		     : "no KVM: the micro-VM launcher cannot run here");
}

int doctor_report(FILE *f, void *const *configs)
{
	struct environment env;
	char detail[160];
	bool all_ok = true;

	environment_capture(&env);
	fprintf(f, "isolab %s on %s, %s x%d\n\nmachine:\n", env.isolab_version,
		env.kernel, env.cpu_model, env.cores);
	line(f, env.root, "root", env.root ? "yes" : "no",
	     "containers run rootless through a user namespace; cgroup limits need root or a delegated cgroup");
	user_namespaces(f);
	snprintf(detail, sizeof(detail), "%s%s", cgroup_layout_name(env.cgroup_layout),
		 env.cgroup_layout == CGROUP_HYBRID
			 ? " (v1 controllers, empty cgroup2 at /sys/fs/cgroup/unified)"
			 : "");
	line(f, env.cgroup_layout != CGROUP_NONE, "cgroups", detail,
	     "mount cgroup2 on /sys/fs/cgroup (systemd does this by default)");
	line(f, prctl(PR_GET_SECCOMP) >= 0, "seccomp",
	     prctl(PR_GET_SECCOMP) >= 0 ? "available" : "not in this kernel",
	     "build the kernel with CONFIG_SECCOMP_FILTER");
	capabilities(f);
	kvm(f, &env);

	fprintf(f, "\nlaunchers:\n");
	for (int i = 0; all_launchers[i]; i++) {
		struct err err = { 0 };
		bool ok = all_launchers[i]->available(configs[i], &err) == 0;

		all_ok &= ok;
		line(f, ok, all_launchers[i]->name,
		     ok ? all_launchers[i]->summary : err.msg, NULL);
	}
	return all_ok ? 0 : 1;
}
