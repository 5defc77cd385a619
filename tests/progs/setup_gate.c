/* setup_gate.so: preloaded into hpstat, it holds one perf_event_open until the test says go,
 * so a test can send a signal while hpstat's child is opening counters. */
/*
 * Environment: GATE_AT=N (the Nth perf_event_open call, counting from 1, is held),
 * GATE_FD (a descriptor to write "gate\n" to when the call is held), GATE_GO_FD (a descriptor
 * to read one byte from before the call goes on). After the byte, the gate also lets 20 ms
 * pass, more than the interval at which a child setting up looks for stop signals, so the
 * look after the held call is sure to happen. Everything here runs in the child hpstat
 * clones: only async-signal-safe calls.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <dlfcn.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

typedef long (*syscall_fn)(long, ...);

static syscall_fn real_syscall;
static long gate_at, calls;
static int gate_fd = -1, go_fd = -1;

static long number(const char *name)
{
	const char *text = getenv(name);

	return text ? strtol(text, NULL, 10) : -1;
}

__attribute__((constructor)) static void gate_init(void)
{
	real_syscall = (syscall_fn)dlsym(RTLD_NEXT, "syscall");
	gate_at = number("GATE_AT");
	gate_fd = (int)number("GATE_FD");
	go_fd = (int)number("GATE_GO_FD");
}

static void hold(void)
{
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	char byte;

	if (write(gate_fd, "gate\n", 5) != 5 || read(go_fd, &byte, 1) != 1)
		_exit(99);
	while (nanosleep(&pause, &pause) != 0)
		;
}

long syscall(long number_, ...)
{
	long a[6];
	va_list ap;
	int i;

	va_start(ap, number_);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (number_ == SYS_perf_event_open && ++calls == gate_at)
		hold();
	return real_syscall(number_, a[0], a[1], a[2], a[3], a[4], a[5]);
}
