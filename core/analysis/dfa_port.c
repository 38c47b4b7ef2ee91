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
	if (w[0] != '-') {
		*in_next = 1;   /* every option below starts with '-' */
		return -1;
	}
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

/* Word w of command c; "" past the end. */
static const char *word_at(const struct sh_cmd *c, size_t w)
{
	return w < c->nwords && c->words[w].text ? c->words[w].text : "";
}

static size_t script_ports(const struct dfa_script *s, struct dfa_port *out, size_t n)
{
	for (size_t c = 0; c < s->sh.ncmds; c++) {
		const struct sh_cmd *cmd = &s->sh.cmds[c];
		for (size_t w = cmd->nassign; w < cmd->nwords && n < DFA_MAX_PORTS; w++) {
			int val;
			long p = dfa_port_of(word_at(cmd, w), word_at(cmd, w + 1), &val);
			const struct sh_word *at = &cmd->words[val && w + 1 < cmd->nwords ? w + 1 : w];
			if (p < 0)
				continue;
			out[n].n = p;
			dfa_script_span(s, at->start, at->end, &out[n].start, &out[n].end);
			n++;
		}
	}
	return n;
}

static long last_healthcheck(const struct dfa *a)
{
	long h = -1;
	for (size_t k = 0; k < a->nchain_instrs; k++)
		if (a->df->instrs[a->chain_instrs[k]].kind == DF_HEALTHCHECK)
			h = (long)a->chain_instrs[k];
	return h;
}

static size_t healthcheck_ports(const struct dfa *a, struct dfa_port *out, size_t n)
{
	static const char *const hosts[] = { "localhost:", "127.0.0.1:", "0.0.0.0:" };
	long h = last_healthcheck(a);
	const struct df_instr *in;
	if (h < 0 || (in = &a->df->instrs[h])->hc_none || !in->args || !in->args_map)
		return n;
	for (const char *p = in->args; *p && n < DFA_MAX_PORTS; p++)
		for (size_t k = 0; k < ARRAY_SIZE(hosts); k++) {
			size_t hl, dl;
			char digits[8];
			if (*p != hosts[k][0])
				continue;
			hl = strlen(hosts[k]);
			if (strncmp(p, hosts[k], hl) != 0)
				continue;
			dl = strspn(p + hl, "0123456789");
			if (!dl || dl >= sizeof(digits))
				continue;
			memcpy(digits, p + hl, dl);
			digits[dl] = '\0';
			if ((out[n].n = dfa_port_num(digits)) < 0)
				continue;
			out[n].start = in->args_map[p + hl - in->args];
			out[n].end = in->args_map[p + hl + dl - 1 - in->args] + 1;
			n++;
		}
	return n;
}

void dfa_effective_init(struct dfa *a)
{
	struct dfa_effective *e = &a->eff;
	memset(e, 0, sizeof(*e));
	e->idx[0] = e->idx[1] = -1;
	for (size_t k = 0; k < a->nchain_instrs; k++) {
		enum df_kind kind = a->df->instrs[a->chain_instrs[k]].kind;
		if (kind == DF_CMD || kind == DF_ENTRYPOINT)
			e->idx[kind == DF_ENTRYPOINT] = (long)a->chain_instrs[k];
	}
	for (int j = 0; j < 2; j++)
		if (e->idx[j] >= 0)
			e->ok[j] = dfa_script_init_in(&e->s[j], a->df, &a->df->instrs[e->idx[j]], a->arena) == 0;
	a->nports = 0;
	for (int j = 0; j < 2; j++)
		if (e->ok[j])
			a->nports = script_ports(&e->s[j], a->ports, a->nports);
	a->nports = healthcheck_ports(a, a->ports, a->nports);
}

/* Words that start the program rather than being it: init wrappers and shells (`tini -- /entrypoint.sh`, `sh /entrypoint.sh`). */
static int launcher(const char *w)
{
	static const char *const names[] = { "tini", "dumb-init", "sh", "bash", "dash", "ash", "--", NULL };
	const char *b = str_basename(w);
	for (const char *const *n = names; *n; n++)
		if (!strcmp(b, *n))
			return 1;
	return w[0] == '-';
}

const char *dfa_entry_program(const struct dfa *a)
{
	for (int j = 1; j >= 0; j--) {
		const struct dfa_effective *e = &a->eff;
		if (e->idx[j] < 0)
			continue;
		for (size_t c = 0; e->ok[j] && c < e->s[j].sh.ncmds; c++) {
			const struct sh_cmd *cmd = &e->s[j].sh.cmds[c];
			for (size_t w = cmd->nassign; w < cmd->nwords; w++)
				if (cmd->words[w].text && !launcher(cmd->words[w].text))
					return cmd->words[w].text;
			break;
		}
		/* an exec-form ENTRYPOINT of launchers only (`["tini", "--"]`) runs the CMD Docker appends to it */
		if (j == 1 && e->ok[j] && a->df->instrs[e->idx[j]].json)
			continue;
		return NULL;
	}
	return NULL;
}
