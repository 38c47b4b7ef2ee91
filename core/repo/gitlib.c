/*
 * gitlib.c - dlopen() libgit2 once, resolve the functions core/ uses,
 * initialise it. See gitlib.h.
 */
#define GITLIB_NO_MACROS
#include "gitlib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/*
 * The Makefile passes the soname of the libgit2 berth was built against
 * (read from the library's DT_SONAME); without it, the one its headers
 * name ("libgit2.so.1.5" for libgit2 1.5).
 */
#ifndef BERTH_LIBGIT2_SONAME
#define BERTH_LIBGIT2_SONAME "libgit2.so." LIBGIT2_SOVERSION
#endif

struct gitlib_api gitlib;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static const char *soname = BERTH_LIBGIT2_SONAME;
static int started;             /* gitlib_load() was called: the soname is fixed */
static int ready;               /* loaded, resolved and initialised */
static char *load_error;        /* why not, when not */

static void load(void)
{
	const char *why, *missing = NULL;
	void *h;
	int rc;

	dlerror();
	/*
	 * RTLD_LAZY: libgit2's own calls into its dependencies (TLS, SSH,
	 * Kerberos, most never used by berth) bind on first use, which halves
	 * the load; the functions berth calls are all looked up below.
	 */
	h = dlopen(soname, RTLD_LAZY | RTLD_LOCAL);
	if (!h) {
		why = dlerror();
		load_error = xasprintf("cannot load libgit2 (%s): %s", soname, why ? why : "dlopen failed");
		return;
	}
	/* dlsym's void * to a function pointer: POSIX guarantees it works */
#define GITLIB_RESOLVE(name) \
	if (!missing && !(gitlib.name = (__typeof__(name) *)dlsym(h, #name))) \
		missing = #name;
	GITLIB_FUNCS(GITLIB_RESOLVE)
#undef GITLIB_RESOLVE
	if (missing) {
		load_error = xasprintf("cannot load libgit2 (%s): it has no %s", soname, missing);
		memset(&gitlib, 0, sizeof(gitlib));
		dlclose(h);
		return;
	}
	rc = gitlib.git_libgit2_init();
	if (rc < 0) {
		const git_error *e = gitlib.git_error_last();
		load_error = xasprintf("cannot load libgit2 (%s): git_libgit2_init: %s", soname,
				       e && e->message ? e->message : "failed");
		memset(&gitlib, 0, sizeof(gitlib));
		return;         /* not closed: its constructors may have run threads or handlers */
	}
	__atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
}

int gitlib_load(char **err)
{
	__atomic_store_n(&started, 1, __ATOMIC_RELEASE);
	pthread_once(&load_once, load);
	if (ready)
		return 0;
	if (err)
		*err = xstrdup(load_error ? load_error : "cannot load libgit2");
	return -1;
}

int gitlib_loaded(void)
{
	return __atomic_load_n(&ready, __ATOMIC_ACQUIRE);
}

const char *gitlib_soname(void)
{
	return soname;
}

int gitlib_set_soname(const char *name)
{
	if (__atomic_load_n(&started, __ATOMIC_ACQUIRE) || !name)
		return -1;
	soname = name;
	return 0;
}
