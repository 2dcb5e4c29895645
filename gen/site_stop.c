/* Stopping a build: SIGINT, SIGTERM and SIGHUP are caught and acted on
 * at the next fault point (a write, a progress message, a step of the
 * swap), never in the middle of a swap; and the tests' fault points, where
 * a build kills itself on request. */
#include "site_internal.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop_sig;	/* SIGINT, SIGTERM or SIGHUP received */
static struct site *building;		/* whose temporary folder a stop removes */
static int swapping;			/* a stop waits for the swap to end */
static int stopping;			/* a stop is being taken */
static pid_t owner;			/* the build's own process */
static void (*stop_hook)(void);

static void on_stop(int sig)
{
	stop_sig = sig;
}

void site_stop_watch(struct site *s)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	building = s;
	owner = getpid();
}

void site_stop_unwatch(void)
{
	building = NULL;
}

void site_stop_swapping(int on)
{
	swapping = on;
}

void site_on_stop(void (*hook)(void))
{
	stop_hook = hook;
}

/* A signal asked the build to stop: the workers end, the temporary folder
 * goes (not in the middle of the swap: that finishes first), then the
 * signal does what it would have done. */
void site_stop_if_asked(void)
{
	int sig = stop_sig;

	if (!sig || swapping || stopping || getpid() != owner)
		return;
	stopping = 1;	/* once: the removal below passes no fault point */
	if (stop_hook)
		stop_hook();
	if (building && building->tmp)
		site_owner_remove(building->tmp, NULL);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* ---- fault injection (tests) ---- */

static long fault_count, fault_at = -1, fault_between = -1;
static int fault_sig = SIGKILL;
static pid_t fault_pid;

void site_fault_point(void)
{
	site_stop_if_asked();
	if (fault_at < 0 || getpid() != fault_pid)
		return;
	if (++fault_count == fault_at) {
		raise(fault_sig);
		site_stop_if_asked();
	}
}

void site_stop_fault_init(void)
{
	const char *e = getenv("BCFGEN_TEST_KILL_AT");
	char *end;
	long v;

	if (!e || !*e)
		return;
	v = strtol(e, &end, 10);
	if (*end || v < 0)
		return;
	fault_at = v;
	fault_pid = getpid();
	e = getenv("BCFGEN_TEST_KILL_SIGNAL");
	if (e && !strcmp(e, "TERM"))
		fault_sig = SIGTERM;
	else if (e && !strcmp(e, "INT"))
		fault_sig = SIGINT;
}

void site_fault_mark_between(void)
{
	if (fault_at == 0 && getpid() == fault_pid)
		fault_between = fault_count;
}

void site_stop_fault_report(void)
{
	if (fault_at != 0 || getpid() != fault_pid)
		return;
	fprintf(stderr, "bcfgen: %ld fault points\n", fault_count);
	if (fault_between >= 0)
		fprintf(stderr, "bcfgen: fault point %ld is between the fallback's renames\n", fault_between);
}
