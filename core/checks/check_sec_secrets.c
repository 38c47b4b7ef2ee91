/* check_sec_secrets - sec.no-secrets: secret-like names, key formats and secret files (CHECKLIST.md Terms). */
#include "dfa.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ---- sec.no-secrets ---- */

static void secret_pairs(struct audit *au, const struct df_instr *in)
{
	for (size_t p = 0; p < in->npairs; p++) {
		const struct df_pair *pr = &in->pairs[p];
		/* an empty value is no secret; an ARG without default still is: the secret arrives as a build argument */
		if (!pr->key || !dfa_secret_name(pr->key) || (pr->value && (!*pr->value || dfa_setting_value(pr->value))))
			continue;
		audit_add(au, ITEM_SEC_NO_SECRETS, SEV_WARNING, "secret-name", pr->span.start, pr->span.end, FIX_NONE,
			  "%s `%s` looks like a secret and stays in the image history; use RUN --mount=type=secret or pass it at run time",
			  in->kind == DF_ENV ? "ENV" : "ARG", pr->key);
	}
}

static size_t run_of(const char *p, const char *end, int (*ok)(int))
{
	size_t n = 0;
	while (p + n < end && ok((unsigned char)p[n]))
		n++;
	return n;
}

static int upper_digit(int c) { return isupper(c) || isdigit(c); }
static int alnum(int c) { return isalnum(c); }

/* A known key format at p: its kind's name, or NULL. */
static const char *key_at(const char *p, const char *end)
{
	size_t left = (size_t)(end - p);
	/* called at every byte of every instruction: most bytes start no key (byte compares, no strncmp) */
	switch (*p) {
	case 'A':
		if (left >= 20 && p[1] == 'K' && p[2] == 'I' && p[3] == 'A' && run_of(p + 4, end, upper_digit) >= 16)
			return "an AWS access key";
		return NULL;
	case 'g':
		if (left >= 24 && p[1] == 'h' && p[2] == 'p' && p[3] == '_' && run_of(p + 4, end, alnum) >= 20)
			return "a GitHub token";
		return NULL;
	case 'x':
		if (left >= 6 && p[1] == 'o' && p[2] == 'x' && (p[3] == 'b' || p[3] == 'p') && p[4] == '-' &&
		    alnum((unsigned char)p[5]))
			return "a Slack token";
		return NULL;
	case '-':
		break;
	default:
		return NULL;
	}
	if (left >= 11 && p[1] == '-' && !memcmp(p, "-----BEGIN ", 11)) {
		const char *eol = memchr(p, '\n', left);
		const char *stop = eol ? eol : end;
		for (const char *q = p + 11; q + 16 <= stop; q++)
			if (!strncmp(q, "PRIVATE KEY-----", 16))
				return "a private key";
	}
	return NULL;
}

/* The bytes a key format starts with (key_at's cases). */
static const unsigned char key_first[256] = { ['A'] = 1, ['g'] = 1, ['x'] = 1, ['-'] = 1 };

static void secret_values(struct audit *au, const struct df_file *df, const struct df_instr *in)
{
	const char *end = df->data + (in->span.end < df->len ? in->span.end : df->len);
	for (const char *p = df->data + in->span.start; p < end; p++) {
		const char *kind;
		if (!key_first[(unsigned char)*p])
			continue;
		if (!(kind = key_at(p, end)))
			continue;
		audit_add(au, ITEM_SEC_NO_SECRETS, SEV_ERROR, "secret-value", (size_t)(p - df->data),
			  (size_t)(p - df->data) + 4, FIX_NONE,
			  "%s is written in the Dockerfile: remove it, rotate it, and use RUN --mount=type=secret", kind);
		return;
	}
}

/* A file under a secret file name: 1 always, 2 a .pem or .key file, 3 a .npmrc (both judged by their content). */
static int secret_file(const char *base)
{
	static const char *const names[] = { ".env", "id_rsa", "id_ed25519", ".pypirc", NULL };
	/* every name listed starts with '.' or 'i' */
	for (const char *const *n = names; (base[0] == '.' || base[0] == 'i') && *n; n++)
		if (!strcmp(base, *n))
			return 1;
	if (!strcmp(base, ".npmrc"))
		return 3;
	if (str_starts(base, ".env."))
		return strcmp(base, ".env.example") && strcmp(base, ".env.sample") && strcmp(base, ".env.template");
	return str_ends(base, ".pem") || str_ends(base, ".key") ? 2 : 0;
}

/* Bytes of a context file read to judge it, at most (a key or an .npmrc is small). */
#define SEC_MAX_READ (256 * 1024)

static int holds(const char *data, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (data[i] == needle[0] && !memcmp(data + i, needle, n))
			return 1;
	return 0;
}

/*
 * A .pem or .key file that exists in the build context and holds no private key
 * (a certificate, a public key, DH parameters), or an .npmrc that holds no
 * credential, is no secret: 1 when every context that has the file says so.
 */
static int harmless_in_context(const struct dfa *a, const char *src, int kind)
{
	int seen = 0, bad = 0;
	if (!a->fs || strpbrk(src, "$*?[") || strstr(src, "://"))
		return 0;
	for (size_t k = 0; k < (a->ncontexts ? a->ncontexts : 1); k++) {
		char *ctx = dfa_context(a, k), *path = path_join_norm(ctx, src), *data = NULL;
		size_t len = 0;
		if (path && fs_stat(a->fs, path) == FS_FILE && fs_read(a->fs, path, &data, &len) == 0) {
			if (len > SEC_MAX_READ)
				len = SEC_MAX_READ;
			seen = 1;
			if (kind == 2)
				bad |= holds(data, len, "PRIVATE KEY");
			else
				bad |= holds(data, len, "_authToken") || holds(data, len, "_auth") ||
				       holds(data, len, "_password");
		}
		free(data);
		free(path);
		free(ctx);
	}
	return seen && !bad;
}

static void secret_copies(struct audit *au, const struct dfa *a, const struct df_instr *in)
{
	const char *src[DFA_MAX_SOURCES];
	struct df_span sp[DFA_MAX_SOURCES];
	/* a source from another stage or image is not in the build context: judged by its name alone */
	int local = !df_flag_get(in, "from");
	size_t n = dfa_copy_sources(in, src, sp, DFA_MAX_SOURCES);
	for (size_t i = 0; i < n; i++) {
		const char *base = str_basename(src[i]);
		int kind = secret_file(base);
		if (kind && (kind == 1 || !local || !harmless_in_context(a, src[i], kind)))
			audit_add(au, ITEM_SEC_NO_SECRETS, SEV_WARNING, "secret-file", sp[i].start, sp[i].end, FIX_NONE,
				  "%s of `%s` bakes a secret file into the image; mount it at build time with --mount=type=secret or at run time",
				  in->kind == DF_ADD ? "ADD" : "COPY", base);
	}
}

void check_sec_secrets(struct audit *au, const struct dfa *a)
{
	const struct df_file *df = a->df;
	audit_applies(au, ITEM_SEC_NO_SECRETS);
	for (size_t i = 0; i < df->ninstrs; i++) {
		const struct df_instr *in = &df->instrs[i];
		if (in->kind == DF_ENV || in->kind == DF_ARG)
			secret_pairs(au, in);
		if (in->kind == DF_COPY || in->kind == DF_ADD)
			secret_copies(au, a, in);
		secret_values(au, df, in);
	}
}

