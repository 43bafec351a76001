/* try_kvm: open /dev/kvm and create a VM (lab/host/host_try.h); when it cannot
 * be opened, who owns the node and with which mode, read from the node
 * and from /etc/passwd and /etc/group (isolab is static: no NSS). */
#include "lab/host/host_try.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

/* The name of id in a passwd-format file ("name:x:id:..."), or NULL. */
static bool name_of(const char *file, unsigned id, char *out, size_t len)
{
	FILE *f = fopen(file, "re");
	char line[512];
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');
		unsigned got;

		if (colon && sscanf(colon, ":%*[^:]:%u:", &got) == 1 &&
		    got == id) {
			*colon = '\0';
			snprintf(out, len, "%.*s", (int)(len - 1), line);
			found = true;
		}
	}
	fclose(f);
	return found;
}

static bool group_named(const char *name)
{
	FILE *f = fopen("/etc/group", "re");
	char line[512];
	size_t n = strlen(name);
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = strncmp(line, name, n) == 0 && line[n] == ':';
	fclose(f);
	return found;
}

static bool in_group(gid_t gid)
{
	gid_t groups[256];
	int n = getgroups(256, groups);

	if (getegid() == gid)
		return true;
	for (int i = 0; i < n; i++)
		if (groups[i] == gid)
			return true;
	return false;
}

static void describe_node(struct kvm_try *t)
{
	struct stat st;

	t->exists = stat("/dev/kvm", &st) == 0;
	t->kernel_has_kvm = access("/sys/class/misc/kvm", F_OK) == 0;
	t->kvm_group_exists = group_named("kvm");
	if (!t->exists)
		return;
	t->uid = st.st_uid;
	t->gid = st.st_gid;
	t->mode = st.st_mode & 07777;
	t->in_group = in_group(st.st_gid);
	if (!name_of("/etc/passwd", t->uid, t->owner, sizeof(t->owner)))
		snprintf(t->owner, sizeof(t->owner), "%u", t->uid);
	if (!name_of("/etc/group", t->gid, t->group, sizeof(t->group)))
		snprintf(t->group, sizeof(t->group), "%u", t->gid);
}

void try_kvm(struct kvm_try *t)
{
	int fd, vm;

	memset(t, 0, sizeof(*t));
	describe_node(t);
	if ((fd = open("/dev/kvm", O_RDWR | O_CLOEXEC)) < 0) {
		t->step = "open(/dev/kvm, O_RDWR)";
		t->err = errno;
		return;
	}
	t->api_version = ioctl(fd, KVM_GET_API_VERSION, 0);
	if (t->api_version != KVM_API_VERSION) {
		t->step = "KVM_GET_API_VERSION";
		t->err = t->api_version < 0 ? errno : 0;
	} else if ((vm = ioctl(fd, KVM_CREATE_VM, 0)) < 0) {
		t->step = "KVM_CREATE_VM";
		t->err = errno;
	} else {
		close(vm);
	}
	close(fd);
}
