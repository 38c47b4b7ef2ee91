#include "pragma.h"

#include <ctype.h>
#include <string.h>

#include "util.h"

static const struct { const char *id; int item; } hadolint_map[] = {
	{ "DL3000", ITEM_CORR_WORKDIR_BEFORE_COPY }, { "DL3001", -2 },
	{ "DL3002", ITEM_SEC_NON_ROOT }, { "DL3003", ITEM_CORR_PITFALLS },
	{ "DL3004", ITEM_CORR_PITFALLS }, { "DL3006", ITEM_SEC_PINNED_BASE },
	{ "DL3007", ITEM_SEC_PINNED_BASE }, { "DL3008", -2 },
	{ "DL3009", ITEM_SIZE_APT_LISTS_CLEANED }, { "DL3010", -2 },
	{ "DL3011", ITEM_CORR_PARSE }, { "DL3012", ITEM_CORR_PITFALLS },
	{ "DL3013", -2 }, { "DL3014", ITEM_CORR_PITFALLS },
	{ "DL3015", ITEM_SIZE_NO_INSTALL_RECOMMENDS }, { "DL3016", -2 },
	{ "DL3018", -2 }, { "DL3019", ITEM_SIZE_NO_PKG_CACHE },
	{ "DL3020", ITEM_CORR_PITFALLS }, { "DL3021", ITEM_CORR_PARSE },
	{ "DL3022", ITEM_CORR_PITFALLS }, { "DL3023", ITEM_CORR_PITFALLS },
	{ "DL3024", ITEM_CORR_PARSE }, { "DL3025", ITEM_CORR_PRODUCTION_CMD },
	{ "DL3026", -2 }, { "DL3027", -2 }, { "DL3028", -2 }, { "DL3029", -2 },
	{ "DL3030", ITEM_CORR_PITFALLS }, { "DL3034", ITEM_CORR_PITFALLS },
	{ "DL3038", ITEM_CORR_PITFALLS },
	{ "DL3032", ITEM_SIZE_NO_PKG_CACHE }, { "DL3036", ITEM_SIZE_NO_PKG_CACHE },
	{ "DL3040", ITEM_SIZE_NO_PKG_CACHE },
	{ "DL3033", -2 }, { "DL3037", -2 }, { "DL3041", -2 }, { "DL3035", -2 },
	{ "DL3042", ITEM_SIZE_NO_PKG_CACHE }, { "DL3043", ITEM_CORR_PARSE },
	{ "DL3044", ITEM_CORR_ENV_DEFAULTS }, { "DL3045", ITEM_CORR_WORKDIR_BEFORE_COPY },
	{ "DL3046", -2 }, { "DL3047", -2 }, { "DL3048", -2 }, { "DL3049", -2 },
	{ "DL3050", -2 }, { "DL3051", -2 }, { "DL3052", -2 }, { "DL3053", -2 },
	{ "DL3054", -2 }, { "DL3055", -2 }, { "DL3056", -2 }, { "DL3058", -2 },
	{ "DL3057", ITEM_SEC_HEALTHCHECK }, { "DL3059", -2 }, { "DL3060", -2 },
	{ "DL3061", ITEM_CORR_PARSE }, { "DL3062", -2 }, { "DL3063", ITEM_CORR_PARSE },
	{ "DL3064", ITEM_SEC_NO_SECRETS }, { "DL3065", -2 }, { "DL3066", -2 },
	{ "DL3067", -2 }, { "DL4000", ITEM_CORR_PITFALLS }, { "DL4001", -2 },
	{ "DL4003", ITEM_CORR_PRODUCTION_CMD }, { "DL4004", ITEM_CORR_PRODUCTION_CMD },
	{ "DL4005", -2 }, { "DL4006", ITEM_CORR_PITFALLS },
};

int hadolint_item(const char *id)
{
	for (size_t i = 0; i < ARRAY_SIZE(hadolint_map); i++)
		if (str_ieq(hadolint_map[i].id, id))
			return hadolint_map[i].item;
	if ((id[0] == 'S' || id[0] == 's') && (id[1] == 'C' || id[1] == 'c'))
		return -2;      /* ShellCheck ids: berth has no counterpart */
	return -1;
}

enum scope { SCOPE_LINE, SCOPE_FILE };

/* Set mark[item] for every id in a comma-separated list (berth keys or hadolint ids). */
static void mark_list(const char *s, const char *end, int hadolint, unsigned char *mark)
{
	while (s < end) {
		char id[64];
		size_t n = 0;
		while (s < end && (*s == ',' || *s == ' '))
			s++;
		while (s < end && *s != ',' && !isspace((unsigned char)*s)) {
			if (n + 1 < sizeof(id))
				id[n++] = *s;
			s++;
		}
		id[n] = '\0';
		if (n) {
			int item = hadolint ? hadolint_item(id) : item_find(id);
			if (item >= 0)
				mark[item] = 1;
		}
		if (s < end && *s != ',')
			break;
	}
}

/*
 * Parse one line as a pragma. Returns 1 when it is a comment line at all
 * (so the "directly above" run continues), and fills mark[] for the scope.
 */
static int parse_line(const char *s, const char *end, unsigned char *line_mark, unsigned char *file_mark)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s >= end || *s != '#')
		return 0;
	s++;
	while (s < end && *s == ' ')
		s++;
	if ((size_t)(end - s) > 6 && strncmp(s, "berth ", 6) == 0) {
		s += 6;
		while (s < end && *s == ' ')
			s++;
		if ((size_t)(end - s) > 12 && strncmp(s, "ignore-file=", 12) == 0)
			mark_list(s + 12, end, 0, file_mark);
		else if ((size_t)(end - s) > 7 && strncmp(s, "ignore=", 7) == 0)
			mark_list(s + 7, end, 0, line_mark);
	} else if ((size_t)(end - s) > 9 && strncmp(s, "hadolint ", 9) == 0) {
		s += 9;
		while (s < end && *s == ' ')
			s++;
		if ((size_t)(end - s) > 7 && strncmp(s, "global ", 7) == 0) {
			s += 7;
			while (s < end && *s == ' ')
				s++;
			if ((size_t)(end - s) > 7 && strncmp(s, "ignore=", 7) == 0)
				mark_list(s + 7, end, 1, file_mark);
		} else if ((size_t)(end - s) > 7 && strncmp(s, "ignore=", 7) == 0) {
			mark_list(s + 7, end, 1, line_mark);
		}
	}
	return 1;
}

void pragma_apply(struct file_result *r, const struct text *t)
{
	unsigned char file_mark[ITEM_COUNT] = { 0 }, scratch[ITEM_COUNT];
	size_t s, e;
	if (!t || !t->data || r->nfindings == 0)
		return;
	for (int line = 1; text_line(t, line, &s, &e); line++)
		parse_line(t->data + s, t->data + e, scratch, file_mark);
	for (size_t i = 0; i < r->nfindings; i++) {
		struct finding *f = &r->findings[i];
		unsigned char line_mark[ITEM_COUNT] = { 0 };
		if (file_mark[f->item]) {
			f->suppressed = 1;
			continue;
		}
		for (int line = f->line - 1; line >= 1 && text_line(t, line, &s, &e); line--)
			if (!parse_line(t->data + s, t->data + e, line_mark, scratch))
				break;
		if (line_mark[f->item])
			f->suppressed = 1;
	}
}
