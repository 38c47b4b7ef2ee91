/*
 * shell - a shell-word splitter for RUN, CMD, ENTRYPOINT and HEALTHCHECK
 * text. It is not a shell: it answers which simple commands a script runs,
 * with which words, joined by which operators, so that checks can ask
 * "does this RUN run `pip install` without --no-cache-dir".
 *
 * It understands quoting ('..', "..", backslash), the operators && || ; | &
 * and newlines, comment lines, leading VAR=value assignments, reserved words
 * (if/then/else/fi/for/do/done/while/case/esac, braces and subshell
 * parentheses), and descends into `sh -c STRING` / `bash -c STRING` and
 * $( ... ) and `su -c STRING` so that commands inside are listed too
 * (depth > 0). The command run by a wrapper (exec, sudo, env, nohup, time,
 * nice, xargs, gosu, su-exec, timeout, chroot) is listed again on its own,
 * one level deeper, after the wrapper. Redirections ("> f",
 * "2>&1", "<<EOF" with its here-document lines) are not words.
 *
 * Offsets are into the text given to sh_parse. For commands found inside
 * `sh -c '...'` they are approximate (the string word's offsets plus the
 * inner offset). Everything is owned by the struct sh_script, allocated from
 * one arena (df_arena.h): never free() a command's words or texts alone
 * (a wrapped command shares its words' texts with its wrapper).
 */
#ifndef BERTH_SHELL_H
#define BERTH_SHELL_H

#include <stddef.h>

struct df_arena;

enum sh_op { SH_END, SH_AND, SH_OR, SH_SEQ, SH_PIPE, SH_BG };

struct sh_word {
	char *text;             /* quotes removed, backslash escapes processed; $VARS left as written */
	size_t start, end;      /* in the parsed text, quotes included */
	int quoted;             /* any part was quoted */
};

struct sh_cmd {
	struct sh_word *words;  /* assignments first, then the command name and its arguments */
	size_t nwords;
	size_t nassign;         /* how many leading words are VAR=value */
	enum sh_op op;          /* the operator after this command */
	int piped_in;           /* the previous command's op is SH_PIPE */
	int depth;              /* 0 top level; +1 inside sh -c, $( ), backticks */
	size_t start, end;      /* span of the whole simple command */
};

struct sh_script {
	struct sh_cmd *cmds;
	size_t ncmds;
	struct df_arena *mem;   /* private: where the commands and their words live */
	int own_mem;            /* private: sh_free releases mem */
};

void sh_parse(struct sh_script *out, const char *text, size_t len);
/*
 * The same, allocating from `arena`, which stays the caller's: the script
 * lives until the arena is released (sh_free then releases nothing).
 */
void sh_parse_in(struct sh_script *out, const char *text, size_t len, struct df_arena *arena);
void sh_free(struct sh_script *s);

/* Base name of the command word ("/usr/bin/apt-get" -> "apt-get"); NULL when only assignments. */
const char *sh_cmd_name(const struct sh_cmd *c);
/* Number of words after the command name. */
size_t sh_cmd_nargs(const struct sh_cmd *c);
/* The i-th word after the command name, NULL past the end. */
const struct sh_word *sh_cmd_arg(const struct sh_cmd *c, size_t i);
/*
 * 1 when the command has the option: a long one matched exactly or as
 * "--opt=value" ("--no-cache-dir"); a short one ("-y") also inside a group
 * of short options ("-qy"), never inside a long one.
 */
int sh_cmd_has_opt(const struct sh_cmd *c, const char *opt);
/*
 * The first argument that is not an option (skipping options and, for
 * options listed in `with_value` such as "-o", their value): the
 * subcommand of "apt-get -q install" is "install". NULL when none.
 */
const struct sh_word *sh_cmd_subcommand(const struct sh_cmd *c, const char *const *with_value);

#endif
