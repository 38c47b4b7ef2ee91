/* The stock themes, compiled in: the same YAML as themes/NAME.yaml (tests/test_tui_theme.c compares them). */
#include "theme.h"

#include <stdlib.h>
#include <string.h>

static const struct { const char *name, *yaml; } builtin[] = {
	{ "default",
	  "name: default\n"
	  "colors:\n"
	  "  normal:    {fg: default, bg: default}\n"
	  "  status:    {fg: 255, bg: 24, attrs: [bold]}\n"
	  "  hint:      {fg: 250, bg: 236}\n"
	  "  border:    {fg: 240}\n"
	  "  focus:     {fg: 75, attrs: [bold]}\n"
	  "  title:     {fg: 255, attrs: [bold]}\n"
	  "  selected:  {fg: 255, bg: 238, attrs: [bold]}\n"
	  "  pass:      {fg: 114}\n"
	  "  fail:      {fg: 203, attrs: [bold]}\n"
	  "  na:        {fg: 244}\n"
	  "  ignored:   {fg: 180}\n"
	  "  category:  {fg: 180, attrs: [bold]}\n"
	  "  folder:    {fg: 110}\n"
	  "  lineno:    {fg: 242}\n"
	  "  span:      {fg: 231, bg: 88, attrs: [underline]}\n"
	  "  diff-add:  {fg: 114}\n"
	  "  diff-del:  {fg: 203}\n"
	  "  diff-hunk: {fg: 75}\n"
	  "  dialog:    {fg: 255, bg: 237}\n"
	  "  error:     {fg: 203, attrs: [bold]}\n"
	  "  accepted:  {fg: 220, attrs: [bold]}\n" },
	{ "light",
	  "name: light\n"
	  "colors:\n"
	  "  normal:    {fg: 235, bg: 255}\n"
	  "  status:    {fg: 255, bg: 25, attrs: [bold]}\n"
	  "  hint:      {fg: 238, bg: 253}\n"
	  "  border:    {fg: 248, bg: 255}\n"
	  "  focus:     {fg: 25, bg: 255, attrs: [bold]}\n"
	  "  title:     {fg: 232, bg: 255, attrs: [bold]}\n"
	  "  selected:  {fg: 232, bg: 153, attrs: [bold]}\n"
	  "  pass:      {fg: 28, bg: 255}\n"
	  "  fail:      {fg: 160, bg: 255, attrs: [bold]}\n"
	  "  na:        {fg: 245, bg: 255}\n"
	  "  ignored:   {fg: 130, bg: 255}\n"
	  "  category:  {fg: 94, bg: 255, attrs: [bold]}\n"
	  "  folder:    {fg: 24, bg: 255}\n"
	  "  lineno:    {fg: 246, bg: 255}\n"
	  "  span:      {fg: 232, bg: 223, attrs: [underline]}\n"
	  "  diff-add:  {fg: 28, bg: 255}\n"
	  "  diff-del:  {fg: 160, bg: 255}\n"
	  "  diff-hunk: {fg: 25, bg: 255}\n"
	  "  dialog:    {fg: 232, bg: 254}\n"
	  "  error:     {fg: 160, bg: 254, attrs: [bold]}\n"
	  "  accepted:  {fg: 130, bg: 255, attrs: [bold]}\n" },
	{ "high-contrast",
	  "name: high-contrast\n"
	  "colors:\n"
	  "  normal:    {fg: bright-white, bg: black}\n"
	  "  status:    {fg: black, bg: bright-yellow, attrs: [bold]}\n"
	  "  hint:      {fg: black, bg: bright-white}\n"
	  "  border:    {fg: bright-white, bg: black}\n"
	  "  focus:     {fg: bright-yellow, bg: black, attrs: [bold]}\n"
	  "  title:     {fg: bright-white, bg: black, attrs: [bold]}\n"
	  "  selected:  {fg: black, bg: bright-cyan, attrs: [bold]}\n"
	  "  pass:      {fg: bright-green, bg: black, attrs: [bold]}\n"
	  "  fail:      {fg: bright-red, bg: black, attrs: [bold]}\n"
	  "  na:        {fg: white, bg: black}\n"
	  "  ignored:   {fg: bright-yellow, bg: black}\n"
	  "  category:  {fg: bright-yellow, bg: black, attrs: [bold, underline]}\n"
	  "  folder:    {fg: bright-cyan, bg: black, attrs: [bold]}\n"
	  "  lineno:    {fg: white, bg: black}\n"
	  "  span:      {fg: black, bg: bright-yellow, attrs: [bold]}\n"
	  "  diff-add:  {fg: bright-green, bg: black, attrs: [bold]}\n"
	  "  diff-del:  {fg: bright-red, bg: black, attrs: [bold]}\n"
	  "  diff-hunk: {fg: bright-cyan, bg: black, attrs: [bold]}\n"
	  "  dialog:    {fg: black, bg: bright-white}\n"
	  "  error:     {fg: bright-white, bg: red, attrs: [bold]}\n"
	  "  accepted:  {fg: bright-yellow, bg: black, attrs: [bold]}\n" },
	{ "mono",
	  "name: mono\n"
	  "colors:\n"
	  "  status:    {attrs: [reverse]}\n"
	  "  hint:      {attrs: [reverse]}\n"
	  "  focus:     {attrs: [bold]}\n"
	  "  title:     {attrs: [bold]}\n"
	  "  selected:  {attrs: [reverse]}\n"
	  "  fail:      {attrs: [bold]}\n"
	  "  na:        {attrs: [dim]}\n"
	  "  category:  {attrs: [bold, underline]}\n"
	  "  span:      {attrs: [underline]}\n"
	  "  diff-add:  {attrs: [bold]}\n"
	  "  diff-hunk: {attrs: [underline]}\n"
	  "  dialog:    {attrs: [reverse]}\n"
	  "  error:     {attrs: [bold, underline]}\n"
	  "  accepted:  {attrs: [bold]}\n" },
};

const char *tui_theme_builtin_text(const char *name)
{
	for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
		if (strcmp(builtin[i].name, name) == 0)
			return builtin[i].yaml;
	return NULL;
}

int tui_theme_builtin(struct tui_theme *t, const char *name)
{
	const char *y = tui_theme_builtin_text(name);
	char *err = NULL;
	int rc;
	if (!y)
		return -1;
	rc = tui_theme_parse(t, y, strlen(y), &err);   /* always parses (tested) */
	free(err);
	return rc;
}

size_t tui_theme_builtin_names(const char **names, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]) && n < max; i++)
		names[n++] = builtin[i].name;
	return n;
}
