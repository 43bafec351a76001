/* session_fresh: what one run leaves for the next (tests/e2e/sessions.sh).
 *
 *   session_fresh TOKEN [all]    look for the markers a previous run left,
 *                                then leave them (inside a container only:
 *                                it may remount / and write there)
 *   session_fresh TOKEN ipc      only the .bss word and the SysV segment
 *   session_fresh TOKEN bss      only the .bss word (a micro-VM's guest)
 *   session_fresh TOKEN remove   remove the SysV marker (host cleanup)
 *
 * Markers: a word in .bss (zero in a fresh image: guest RAM or a process
 * reused would still hold it), a file in the root file system (after
 * trying to make it writable, which needs CAP_SYS_ADMIN over its mount),
 * and a SysV shared memory segment keyed from TOKEN (lives in the IPC
 * namespace until removed).
 * Exit status, bits: 1 left a file, 2 left the SysV segment, 4 saw a
 * file, 8 saw a segment, 16 saw the .bss word. */
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/shm.h>
#include <unistd.h>

#define MAGIC 0x5e5510f4e5411ull

static volatile uint64_t bss_marker;

static key_t key_of(const char *token)
{
	uint32_t h = 2166136261u;

	for (; *token; token++)
		h = (h ^ (unsigned char)*token) * 16777619u;
	return (key_t)(h & 0x7fffffff) | 1;
}

static int under_isolab_init(void)
{
	char comm[32] = "";
	int fd = open("/proc/1/comm", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, comm, sizeof(comm) - 1) : -1;

	if (fd >= 0)
		close(fd);
	return getppid() == 1 && n > 0 && strncmp(comm, "isolab-init\n", 12) == 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 2 ? argv[2] : "all";
	char file[128] = "/session-fresh-";
	key_t key;
	int status = 0, id, fd;

	if (argc < 2)
		return 64;
	key = key_of(argv[1]);
	if (strcmp(mode, "remove") == 0) {
		id = shmget(key, 0, 0);
		return id >= 0 && shmctl(id, IPC_RMID, NULL) == 0 ? 0 : 1;
	}
	if (bss_marker == MAGIC)
		status |= 16;
	bss_marker = MAGIC;
	if (strcmp(mode, "bss") == 0)
		return status;
	if (shmget(key, 0, 0) >= 0)
		status |= 8;
	if (shmget(key, 4096, IPC_CREAT | 0600) >= 0)
		status |= 2;
	/* Files only in "all" mode, only under isolab-init, the container's
	 * pid 1: the root remounted is then the container's own tmpfs. */
	if (strcmp(mode, "all") != 0 || !under_isolab_init())
		return status;
	strncat(file, argv[1], sizeof(file) - strlen(file) - 1);
	if (access(file, F_OK) == 0)
		status |= 4;
	mount(NULL, "/", NULL, MS_REMOUNT, NULL);
	fd = open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0) {
		close(fd);
		status |= 1;
	}
	return status;
}
