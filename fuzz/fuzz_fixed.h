/*
 * The shared body of the Dockerfile and Compose fuzz targets: audit the
 * input, plan and apply every fix, then audit the fixed text again. A fix
 * that breaks the parse of its file is a bug: abort so libFuzzer keeps the
 * input.
 */
#ifndef BERTH_FUZZ_FIXED_H
#define BERTH_FUZZ_FIXED_H

#include <stdint.h>
#include <stdlib.h>

#include "fix.h"
#include "scan.h"

static int parse_fails(const struct file_result *r, int item)
{
	return r->status[item] == ST_FAIL;
}

static void fuzz_fixed(const uint8_t *data, size_t size, const char *path, enum filekind kind)
{
	int parse = kind == KIND_COMPOSE ? ITEM_COMPOSE_PARSE : ITEM_CORR_PARSE;
	struct fix_input in = { .path = path, .kind = kind, .data = (const char *)data, .len = size };
	struct fix_plan plan;
	struct fix_result res;
	struct file_result before, after;
	struct text t;

	text_init(&t, in.data, size);
	scan_audit_file(&before, path, kind, in.data, size, &t, NULL, NULL, NULL, 0);
	text_free(&t);
	if (fix_plan(&plan, &in) == 0 && plan.nfixes && fix_apply(&res, &in, &plan, NULL, 0) == 0) {
		if (res.nfiles && res.files[0].create == 0) {
			const struct fix_output *o = &res.files[0];
			text_init(&t, o->data, o->len);
			scan_audit_file(&after, path, kind, o->data, o->len, &t, NULL, NULL, NULL, 0);
			text_free(&t);
			if (!parse_fails(&before, parse) && parse_fails(&after, parse))
				abort();        /* a verified fix broke the file */
			file_result_free(&after);
		}
		fix_result_free(&res);
	}
	fix_plan_free(&plan);
	file_result_free(&before);
}

#endif
