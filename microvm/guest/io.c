/* io: the workload's standard input and output (fds 0-3, see syscalls.h)
 * and the file system it does not have. Reads and writes are one
 * hypercall each; the host's answer is the result, so nothing is ever
 * reported written that was not. */
#include "microvm/guest/kernel.h"

#define IOV_MAX 1024
#define AT_EMPTY_PATH 0x1000
#define S_IFIFO 0010000
#define STDIO_BLKSIZE 4096

static int is_stdio(uint64_t fd)
{
	return fd <= 3;
}

/* Is [p, p+len) user memory? Nothing at all always is, as on Linux
 * (write(fd, NULL, 0), musl's empty first iovec). */
static int buf_ok(uint64_t p, uint64_t len)
{
	return len == 0 || user_ok(p, len);
}

static long transfer(unsigned hc, uint64_t fd, uint64_t buf, uint64_t len)
{
	/* struct hc_read and struct hc_write have the same layout. */
	struct hc_write t = { .fd = fd, .buf = buf, .len = len };

	if (len == 0)
		return 0;
	hypercall(hc, &t);
	return t.ret;
}

SYSCALL(sys_read)
{
	if (a0 != 0)
		return -EBADF;
	if (!buf_ok(a1, a2))
		return -EFAULT;
	return transfer(HC_READ, a0, a1, a2);
}

SYSCALL(sys_write)
{
	if (a0 < 1 || a0 > 3)
		return -EBADF;
	if (!buf_ok(a1, a2))
		return -EFAULT;
	return transfer(HC_WRITE, a0, a1, a2);
}

/* readv/writev: every element checked first, as Linux does, then one
 * transfer each until one falls short. */
static long vector(unsigned hc, uint64_t fd, uint64_t iov, uint64_t cnt)
{
	const uint64_t *v = (const uint64_t *)iov;
	long done = 0;

	if (cnt > IOV_MAX)
		return -EINVAL;
	if (!buf_ok(iov, cnt * 16))
		return -EFAULT;
	for (uint64_t i = 0; i < cnt; i++)
		if (!buf_ok(v[2 * i], v[2 * i + 1]))
			return -EFAULT;
	for (uint64_t i = 0; i < cnt; i++) {
		long n = transfer(hc, fd, v[2 * i], v[2 * i + 1]);

		if (n < 0)
			return done ? done : n;
		done += n;
		if ((uint64_t)n < v[2 * i + 1])
			break;
	}
	return done;
}

SYSCALL(sys_readv)
{
	return a0 == 0 ? vector(HC_READ, a0, a1, a2) : -EBADF;
}

SYSCALL(sys_writev)
{
	return a0 >= 1 && a0 <= 3 ? vector(HC_WRITE, a0, a1, a2) : -EBADF;
}

SYSCALL(sys_close)
{
	return is_stdio(a0) ? 0 : -EBADF;
}

/* struct stat (x86-64, 144 bytes): a pipe. */
static long stat_stdio(uint64_t fd, uint64_t buf)
{
	uint64_t *st = (uint64_t *)buf;

	if (!is_stdio(fd))
		return -EBADF;
	if (!user_ok(buf, 144))
		return -EFAULT;
	kmemzero(st, 144);
	st[1] = fd + 1;                   /* st_ino */
	st[2] = 1;                        /* st_nlink */
	*(uint32_t *)&st[3] = S_IFIFO | 0600; /* st_mode */
	st[7] = STDIO_BLKSIZE;            /* st_blksize */
	return 0;
}

/* "" with AT_EMPTY_PATH names the fd itself; any other path: no files. */
static int empty_path(uint64_t path, uint64_t flags)
{
	return (flags & AT_EMPTY_PATH) && user_ok(path, 1) &&
	       *(const char *)path == 0;
}

SYSCALL(sys_fstat)
{
	return stat_stdio(a0, a1);
}

SYSCALL(sys_newfstatat)
{
	return empty_path(a1, a3) ? stat_stdio(a0, a2) : -ENOENT;
}

SYSCALL(sys_statx)
{
	uint32_t *stx = (uint32_t *)a4;

	if (!empty_path(a1, a2))
		return -ENOENT;
	if (!is_stdio(a0))
		return -EBADF;
	if (!user_ok(a4, 256))
		return -EFAULT;
	kmemzero(stx, 256);
	stx[0] = 0x1f;                    /* TYPE MODE NLINK UID GID */
	stx[1] = STDIO_BLKSIZE;           /* stx_blksize */
	stx[4] = 1;                       /* stx_nlink */
	*(uint16_t *)&stx[7] = S_IFIFO | 0600; /* stx_mode */
	*(uint64_t *)&stx[8] = a0 + 1;    /* stx_ino */
	return 0;
}

SYSCALL(sys_ioctl)
{
	return is_stdio(a0) ? -ENOTTY : -EBADF;
}

SYSCALL(sys_lseek)
{
	return is_stdio(a0) ? -ESPIPE : -EBADF;
}

SYSCALL(sys_no_file)
{
	return -ENOENT;
}

SYSCALL(sys_getcwd)
{
	if (a1 < 2)
		return -ERANGE;
	if (!user_ok(a0, 2))
		return -EFAULT;
	*(uint16_t *)a0 = '/'; /* "/" and its NUL */
	return 2;
}
