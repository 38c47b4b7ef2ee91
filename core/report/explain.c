/* explain - `berth explain KEY` and `berth rules`, over the table in explain_text.c. */
#include "explain.h"

#include <string.h>

#include "explain_priv.h"
#include "items.h"
#include "report.h"
#include "util.h"

/* Width that `berth explain` wraps its paragraphs to. */
#define EXPLAIN_WIDTH 78

static const struct explain explain_none = { "", "", "", "", "" };

const struct explain *explain_get(int item)
{
	static const struct explain *const tables[] = {
		explain_text_perf_sec, explain_text_size_corr, explain_text_compose,
	};
	if (item < 0 || item >= ITEM_COUNT)
		return &explain_none;
	for (size_t i = 0; i < ARRAY_SIZE(tables); i++)
		if (tables[i][item].why)
			return &tables[i][item];
	return &explain_none;
}

/* A paragraph, word-wrapped, every line indented by two spaces. */
static void put_wrapped(FILE *out, const char *text)
{
	const char *p = text;
	size_t col = 0;
	while (*p) {
		size_t n = strcspn(p, " \n");
		if (col > 0 && col + 1 + n > EXPLAIN_WIDTH) {
			fputc('\n', out);
			col = 0;
		}
		if (col == 0)
			fputs("  ", out), col = 2;
		else
			fputc(' ', out), col++;
		fwrite(p, 1, n, out);
		col += n;
		p += n;
		if (*p == '\n' && p[1] == '\n') {
			/* a blank line keeps paragraphs apart */
			fputs("\n\n", out);
			col = 0;
		}
		while (*p == ' ' || *p == '\n')
			p++;
	}
	if (col)
		fputc('\n', out);
}

/* File text, each line behind a gutter so it stands out from the prose. */
static void put_example(FILE *out, const char *text)
{
	const char *p = text;
	while (*p) {
		size_t n = strcspn(p, "\n");
		fputs("    | ", out);
		fwrite(p, 1, n, out);
		fputc('\n', out);
		p += n;
		if (*p == '\n')
			p++;
	}
}

/* The hadolint ids (space-separated in the item table), wrapped under their label. */
static void put_ids(FILE *out, const char *ids)
{
	const char *p = ids;
	size_t col = 0;
	fputs("  hadolint  ", out);
	col = 12;
	while (*p) {
		size_t n = strcspn(p, ", ");
		if (col > 12 && col + n + 2 > EXPLAIN_WIDTH) {
			fputs(",\n            ", out);
			col = 12;
		} else if (col > 12) {
			fputs(", ", out);
			col += 2;
		}
		fwrite(p, 1, n, out);
		col += n;
		p += n;
		while (*p == ',' || *p == ' ')
			p++;
	}
	fputc('\n', out);
}

static const char *fix_words(enum fixkind f)
{
	return f == FIX_AUTO ? "auto (berth fix applies it)" :
	       f == FIX_VALUE ? "value (berth fix applies it once you give the value)" :
	       "none (advice only: the change needs a person)";
}

int explain_write(FILE *out, const char *key)
{
	int item = key ? item_find(key) : -1;
	const struct item_def *d;
	const struct explain *e;
	if (item < 0)
		return -1;
	d = &item_defs[item];
	e = explain_get(item);
	fprintf(out, "%s\n\n", d->title);
	fprintf(out, "  key       %s\n", d->key);
	fprintf(out, "  category  %s (%s)\n", category_name(d->cat), d->kind == KIND_COMPOSE ? "Compose files" : "Dockerfiles");
	fprintf(out, "  fix       %s\n", fix_words(d->fix));
	if (*d->hadolint)
		put_ids(out, d->hadolint);
	fputs("\nWhy it matters\n", out);
	put_wrapped(out, e->why);
	fputs("\nHow berth judges it\n", out);
	put_wrapped(out, e->judged);
	fputs("\nFails\n", out);
	put_example(out, e->bad);
	fputs("\nPasses\n", out);
	put_example(out, e->good);
	if (*e->seed_note) {
		fputs("\nIn the seed guide\n", out);
		put_wrapped(out, e->seed_note);
	}
	return 0;
}

void rules_write(FILE *out, int json)
{
	if (json) {
		fputs("[\n", out);
		for (int i = 0; i < ITEM_COUNT; i++) {
			const struct item_def *d = &item_defs[i];
			fputs("  {\"key\": ", out);
			json_put_string(out, d->key);
			fputs(", \"title\": ", out);
			json_put_string(out, d->title);
			fputs(", \"category\": ", out);
			json_put_string(out, category_name(d->cat));
			fputs(", \"fix\": ", out);
			json_put_string(out, fixkind_name(d->fix));
			fprintf(out, "}%s\n", i + 1 < ITEM_COUNT ? "," : "");
		}
		fputs("]\n", out);
		return;
	}
	fprintf(out, "%-28s %-12s %-6s %s\n", "KEY", "CATEGORY", "FIX", "TITLE");
	for (int i = 0; i < ITEM_COUNT; i++) {
		const struct item_def *d = &item_defs[i];
		fprintf(out, "%-28s %-12s %-6s %s\n", d->key, category_name(d->cat), fixkind_name(d->fix), d->title);
	}
}
