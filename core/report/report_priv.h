/*
 * report_priv - what the report writers (report_*.c) share and nobody else
 * needs: deterministic ordering, counts, UTF-8 decoding, finding
 * fingerprints and a small pretty-printing JSON writer.
 *
 * Ownership: arrays returned by report_files_sorted / report_findings_sorted
 * are malloc'd by the callee and freed by the caller; they borrow the scan.
 */
#ifndef BERTH_REPORT_PRIV_H
#define BERTH_REPORT_PRIV_H

#include <stdint.h>
#include <stdio.h>
#include "report.h"
#include "util.h"

/* A JSON writer's buffer goes to its stream whenever it holds this much. */
#define JW_FLUSH 65536

/* Deepest JSON nesting a writer emits (SARIF goes about 9 levels deep). */
#define JW_MAX_DEPTH 32

struct report_counts {
	size_t files, errors, warnings, info, suppressed;
};

/*
 * Render each of files[0..n) with fn into its own buffer, on the pool a
 * batch at a time (bounded memory), and write the buffers to out in order,
 * with `sep` (or nothing when NULL) between two that are not empty. The
 * output is byte for byte what one thread writing file after file would
 * write; fn must touch nothing but its buffer. `parallel` 0 runs the same
 * on this thread (for hooks that are not thread-safe). Returns 1 when
 * some buffer was not empty.
 */
typedef void (*report_file_fn)(struct buf *out, const struct scan_file *f, void *arg);
#define REPORT_BATCH 512
int report_each_file(FILE *out, const struct scan_file **files, size_t n, report_file_fn fn, void *arg,
		     const char *sep, int parallel);

/* The s->nfiles files ordered by path (a NULL path sorts first). */
const struct scan_file **report_files_sorted(const struct scan *s);
/* Findings of one file ordered by line, column, key, then the rest. */
const struct finding **report_findings_sorted(const struct file_result *r);
void report_count(const struct scan *s, struct report_counts *c);
/* The finding counts for the summary: unsuppressed by severity, suppressed apart. */
void report_count_file(const struct file_result *r, struct report_counts *c);

/*
 * Decode one UTF-8 sequence at p (len bytes available): the number of bytes
 * and the code point in *cp, or 0 when the bytes are not valid UTF-8.
 */
size_t report_utf8_next(const unsigned char *p, size_t len, uint32_t *cp);

/* Byte span of line `line` of the file's text without its ending; 0 when unknown. */
int report_line_span(const struct scan_file *f, int line, const char **start, size_t *len);

/*
 * A stable fingerprint of a finding: 32 hex digits from path, key, rule and
 * the trimmed text of its line, plus `occurrence` (how many findings with
 * the same base came before it in the file) so that duplicates stay apart.
 */
void report_fingerprint(const struct scan_file *f, const struct finding *fd,
			unsigned occurrence, char out[33]);
/* Fingerprints for every finding of a file, in report_findings_sorted order. */
char (*report_fingerprints(const struct scan_file *f, const struct finding **sorted))[33];

/*
 * The JSON writer: keys are NULL inside arrays. Output is indented by two
 * spaces; an inline container keeps its members on one line, as SPEC.md's
 * example writes small objects.
 */
struct jw {
	FILE *out;                      /* NULL: the text stays in b */
	struct buf b;                   /* written out in blocks of JW_FLUSH bytes */
	int depth;
	unsigned char nonempty[JW_MAX_DEPTH];
	unsigned char inl[JW_MAX_DEPTH];
};

/* JSON string escaping (report.c) into a buffer. */
void json_buf_stringn(struct buf *out, const char *s, size_t len);
/* 1 when the string needs no escaping in JSON. */
int json_plain_key(const char *s, size_t len);

/* The writer's text reaches `out` when the outermost value ends (or in blocks before). */
void jw_init(struct jw *j, FILE *out);
/*
 * A writer whose text goes into `b` (its own buffer) as the members of a
 * container at `depth`, the first without a comma: for rendering parts on
 * the pool (report_each_file puts the commas between the parts).
 */
void jw_init_part(struct jw *j, struct buf *b, int depth);
void jw_end_part(struct jw *j, struct buf *b);
/* Write out what the writer holds, then the parts, then jw_after_parts(j, any part written). */
void jw_flush(struct jw *j);
void jw_after_parts(struct jw *j, int any);
void jw_obj(struct jw *j, const char *key);
void jw_arr(struct jw *j, const char *key);
void jw_obj_inline(struct jw *j, const char *key);
void jw_end_obj(struct jw *j);
void jw_end_arr(struct jw *j);
void jw_str(struct jw *j, const char *key, const char *val);     /* NULL -> null */
void jw_strn(struct jw *j, const char *key, const char *val, size_t len);
void jw_int(struct jw *j, const char *key, long long val);
void jw_bool(struct jw *j, const char *key, int val);
/* A value already written as JSON text by someone else (the SARIF fix hook). */
void jw_raw(struct jw *j, const char *key, const char *json);
/* `"services": [...]`, every service a Compose finding stands for (SPEC.md); nothing when none. */
struct finding;
void report_put_services(struct jw *j, const struct finding *f);
/* " (service a)" or " (services a, b)" after a message, terminal-safe; nothing when none. */
void report_services_note(struct buf *b, const struct finding *f);
/* Writers of each format. */
void report_tty(FILE *out, const struct scan *s, const struct report_opts *o);
void report_json(FILE *out, const struct scan *s, const struct report_opts *o);
void report_sarif(FILE *out, const struct scan *s, const struct report_opts *o);
void report_gnu(FILE *out, const struct scan *s, const struct report_opts *o);
void report_codeclimate(FILE *out, const struct scan *s, const struct report_opts *o);
void report_checkstyle(FILE *out, const struct scan *s, const struct report_opts *o);
void report_junit(FILE *out, const struct scan *s, const struct report_opts *o);
void report_github(FILE *out, const struct scan *s, const struct report_opts *o);
void report_markdown(FILE *out, const struct scan *s, const struct report_opts *o);

/* XML text and attribute escaping (report_xml.c): always well-formed XML 1.0. */
void xml_buf_escape(struct buf *b, const char *s, size_t len);
void xml_buf_escape_str(struct buf *b, const char *s);

#endif
