#include "lab/host/elf_check.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The dynamic section may be large; a static-pie's is a few dozen entries,
 * and a DT_NEEDED, if any, comes first. */
#define DYNAMIC_ENTRIES_READ 512

/* Does the PT_DYNAMIC segment name a shared library the program needs? */
static int needs_libraries(int fd, const Elf64_Phdr *dyn)
{
	uint64_t n = dyn->p_filesz / sizeof(Elf64_Dyn);

	if (n > DYNAMIC_ENTRIES_READ)
		n = DYNAMIC_ENTRIES_READ;
	for (uint64_t i = 0; i < n; i++) {
		Elf64_Dyn d;
		off_t at = (off_t)(dyn->p_offset + i * sizeof(d));

		if (pread(fd, &d, sizeof(d), at) != (ssize_t)sizeof(d) ||
		    d.d_tag == DT_NULL)
			return 0;
		if (d.d_tag == DT_NEEDED)
			return 1;
	}
	return 0;
}

/* A program with an interpreter (ld.so) or with libraries to load is
 * dynamically linked. A static-pie has a dynamic section for its own
 * relocations, which it applies itself: it runs where a static program
 * does. */
static int check_program_headers(int fd, const Elf64_Ehdr *eh, const char *path,
				 struct err *err)
{
	bool dynamic = false;
	Elf64_Phdr dyn = { 0 };

	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > 64)
		return err_set(err, ERR_NOT_RUNNABLE,
			       "%s: malformed ELF program headers", path);
	for (int i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;
		off_t at = (off_t)eh->e_phoff + (off_t)i * (off_t)sizeof(ph);

		if (pread(fd, &ph, sizeof(ph), at) != (ssize_t)sizeof(ph))
			return err_set(err, ERR_NOT_RUNNABLE,
				       "%s: truncated ELF program headers", path);
		dynamic |= ph.p_type == PT_INTERP;
		if (ph.p_type == PT_DYNAMIC)
			dyn = ph;
	}
	if (dynamic || (dyn.p_type == PT_DYNAMIC && needs_libraries(fd, &dyn)))
		return err_set(err, ERR_NOT_RUNNABLE,
			       "%s is dynamically linked; isolab runs static executables only (rebuild with -static)",
			       path);
	if (eh->e_type == ET_DYN && eh->e_entry == 0)
		return err_set(err, ERR_NOT_RUNNABLE,
			       "%s has no entry point (a shared library?); isolab runs static executables",
			       path);
	return 0;
}

int elf_check_static_x86_64(const char *path, struct err *err)
{
	Elf64_Ehdr eh;
	struct stat st;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		if (e == ENOENT)
			return err_set(err, ERR_NOT_FOUND,
				       "program %s not found (check the --binary path)",
				       path);
		return err_set(err, ERR_NOT_RUNNABLE,
			       "cannot open workload binary %s: %s%s", path,
			       strerror(e),
			       e == EACCES
				       ? " (isolab reads the program before running it: make it readable, chmod a+r)"
				       : "");
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(err, ERR_NOT_RUNNABLE, "%s is not a regular file",
			       path);
	}
	if (read(fd, &eh, sizeof(eh)) != (ssize_t)sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0) {
		close(fd);
		return err_set(err, ERR_NOT_RUNNABLE,
			       "%s is not an ELF executable; isolab runs static x86-64 ELF programs",
			       path);
	}
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_X86_64) {
		close(fd);
		return err_set(err, ERR_NOT_RUNNABLE,
			       "%s is not an x86-64 (ELF64) executable", path);
	}
	if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) {
		close(fd);
		return err_set(err, ERR_NOT_RUNNABLE, "%s is not an executable",
			       path);
	}
	rc = check_program_headers(fd, &eh, path, err);
	close(fd);
	if (rc == 0 && access(path, X_OK) < 0)
		return err_set(err, ERR_NOT_RUNNABLE,
			       "%s is not executable (chmod +x it)", path);
	return rc;
}
