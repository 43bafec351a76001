#include "lab/elf_check.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int check_program_headers(int fd, const Elf64_Ehdr *eh, const char *path,
				 struct err *err)
{
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > 64)
		return err_set(err, ERR_USAGE,
			       "%s: malformed ELF program headers", path);
	for (int i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;
		off_t at = (off_t)eh->e_phoff + (off_t)i * (off_t)sizeof(ph);

		if (pread(fd, &ph, sizeof(ph), at) != (ssize_t)sizeof(ph))
			return err_set(err, ERR_USAGE,
				       "%s: truncated ELF program headers", path);
		if (ph.p_type == PT_INTERP || ph.p_type == PT_DYNAMIC)
			return err_set(err, ERR_USAGE,
				       "%s is dynamically linked; isolab runs static executables only (rebuild with -static)",
				       path);
	}
	return 0;
}

int elf_check_static_x86_64(const char *path, struct err *err)
{
	Elf64_Ehdr eh;
	struct stat st;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return err_set(err, ERR_USAGE,
				       "program %s not found (check the --binary path)",
				       path);
		return err_sys(err, "cannot open workload binary %s", path);
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(err, ERR_USAGE, "%s is not a regular file", path);
	}
	if (read(fd, &eh, sizeof(eh)) != (ssize_t)sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0) {
		close(fd);
		return err_set(err, ERR_USAGE,
			       "%s is not an ELF executable; isolab runs static x86-64 ELF programs",
			       path);
	}
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_X86_64) {
		close(fd);
		return err_set(err, ERR_USAGE,
			       "%s is not an x86-64 (ELF64) executable", path);
	}
	if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) {
		close(fd);
		return err_set(err, ERR_USAGE, "%s is not an executable", path);
	}
	rc = check_program_headers(fd, &eh, path, err);
	close(fd);
	if (rc == 0 && access(path, X_OK) < 0)
		return err_set(err, ERR_USAGE,
			       "%s is not executable (chmod +x it)", path);
	return rc;
}
