/*
 * loop.S - known-work test program for the emulated-PMU checks (aarch64).
 *
 * Usage: loop N
 *
 * Retires exactly two user-mode instructions per iteration (subs + b.ne),
 * N times.  There is no libc and no startup code: every user instruction
 * the process retires is below, so its instructions:u count is a closed
 * formula of N and of the number of decimal digits D in argv[1]:
 *
 *     4                 prologue (up to the digit loop)
 *   + 5 * D + 2         digit loop: 5 per digit, 2 for the final NUL
 *   + 1                 the N == 0 test
 *   + 2 * N             the measured loop
 *   + 3                 exit(0)
 *   = 2 * N + 5 * D + 10
 *
 * The guest checks compute the expected value the same way (expect_insns
 * in guest-checks.sh).  Any change here must be mirrored there.
 * Only the characters '0'..'9' are allowed in N (no sign, no spaces).
 */
	.text
	.globl	_start
	.type	_start, %function
_start:
	ldr	x1, [sp, #16]		/* argv[1], or NULL when argc == 1 */
	mov	x0, #0			/* N */
	mov	x9, #10
	cbz	x1, .Ldone
.Ldigit:
	ldrb	w2, [x1], #1
	cbz	w2, .Lparsed
	sub	x2, x2, #'0'
	madd	x0, x0, x9, x2
	b	.Ldigit
.Lparsed:
	cbz	x0, .Ldone		/* N == 0: the loop below would wrap */
.Lloop:
	subs	x0, x0, #1
	b.ne	.Lloop
.Ldone:
	mov	x0, #0			/* status */
	mov	x8, #93			/* __NR_exit */
	svc	#0
	.size	_start, . - _start

	.section .note.GNU-stack, "", %progbits
