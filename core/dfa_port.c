/* Ports as CMD/ENTRYPOINT flags give them (CHECKLIST.md corr.expose-port), shared by the check and its fix. */
#include "dfa.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

long dfa_port_num(const char *s)
{
	long v = 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s) || v > DFA_PORT_MAX)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v >= 1 && v <= DFA_PORT_MAX ? v : -1;
}

static long after_colon(const char *s)
{
	const char *c = strrchr(s, ':');
	return c ? dfa_port_num(c + 1) : -1;
}

long dfa_port_of(const char *w, const char *next, int *in_next)
{
	*in_next = 0;
	if (str_starts(w, "--port="))
		return dfa_port_num(w + 7);
	if (str_starts(w, "--bind="))
		return after_colon(w + 7);
	if (str_starts(w, "--listen="))
		return strchr(w + 9, ':') ? after_colon(w + 9) : dfa_port_num(w + 9);
	*in_next = 1;
	if (!strcmp(w, "--port") || !strcmp(w, "-p"))
		return dfa_port_num(next);
	if (!strcmp(w, "--bind") || !strcmp(w, "-b"))
		return after_colon(next);
	if (!strcmp(w, "--listen"))
		return strchr(next, ':') ? after_colon(next) : dfa_port_num(next);
	return -1;
}

int dfa_expose_covers(const char *word, long port)
{
	char *end;
	long lo, hi;
	if (!word || strchr(word, '$'))
		return 1;       /* a variable may be any port */
	lo = strtol(word, &end, 10);
	hi = *end == '-' ? strtol(end + 1, &end, 10) : lo;
	return port >= lo && port <= hi;
}
