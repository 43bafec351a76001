/* Entry point: the kernel (Linux or the micro-VM's guest) leaves argc at
 * (%rsp), argv after it, then envp and auxv, as the x86-64 SysV ABI says. */
	.text
	.globl _start
	.type _start, @function
_start:
	xorl %ebp, %ebp
	movq %rsp, %rdi          /* workload_main(uint64_t *stack) */
	andq $-16, %rsp          /* the ABI wants a 16-byte aligned call */
	call workload_main
	movl %eax, %edi
	movl $231, %eax          /* exit_group, in case main returns */
	syscall
	hlt
	.size _start, .-_start
	.section .note.GNU-stack,"",@progbits
