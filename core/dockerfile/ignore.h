/*
 * ignore - .dockerignore files, matched as Docker matches them (moby's
 * patternmatcher): patterns cleaned like Go's filepath.Clean, a leading '/'
 * dropped, Go filepath.Match semantics per path element ('*', '?', '[...]',
 * '\\' escapes), '**' matching any number of elements, '!' re-including,
 * the last matching pattern winning, and a pattern that matches a folder
 * excluding everything under it.
 */
#ifndef BERTH_IGNORE_H
#define BERTH_IGNORE_H

#include <stddef.h>

struct dockerignore;

/* Never NULL; invalid patterns are kept and never match (Docker would refuse the build). */
struct dockerignore *dockerignore_parse(const char *data, size_t len);
void dockerignore_free(struct dockerignore *d);
/* 1 when `path` (relative to the context, '/' separators) is excluded by the patterns. */
int dockerignore_match(const struct dockerignore *d, const char *path);
/*
 * 1 when `path` counts as excluded for CHECKLIST.md's perf.dockerignore:
 * everything under it ends excluded, whether a pattern matches the path
 * itself (".git", "*", "**" + "/.git") or every path below it (".git/" + "**",
 * ".git/" + "*"), and no later '!' pattern can bring back anything below it
 * ("*" then "!.git/config": not excluded). The path is treated as a folder:
 * for a plain file such as .env, dockerignore_match gives Docker's exact
 * answer, and the two agree on every realistic pattern.
 */
int dockerignore_excludes(const struct dockerignore *d, const char *path);
/*
 * 1 when a line re-includes .git by name (`!.git`, `!/.git/`, `!.git/…`):
 * the authors send the history on purpose (vaultwarden's build.rs runs `git
 * describe`). The check still fails it (CHECKLIST.md revision 4: an
 * allow-list re-including .git); the fix never undoes the author's choice.
 */
int dockerignore_reincludes_git(const char *data, size_t len);
/* Number of patterns whose syntax Docker would reject (for messages). */
size_t dockerignore_invalid(const struct dockerignore *d);

#endif
