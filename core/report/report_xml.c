/*
 * report_xml - text escaping for the XML writers (checkstyle, junit).
 *
 * XML 1.0 cannot carry most control characters at all, not even as
 * character references, so they become U+FFFD like invalid UTF-8 does: the
 * document stays well-formed whatever a Dockerfile holds. Tab, newline and
 * carriage return are written as references so that an attribute keeps
 * them (a parser normalises literal ones in attributes to spaces).
 */
#include <string.h>

#include "report_priv.h"

#define XML_REPLACEMENT "\xef\xbf\xbd"   /* U+FFFD */

static int xml_char_ok(uint32_t cp)
{
	return cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
	       (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

void xml_buf_escape(struct buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (p && i < len) {
		uint32_t cp = 0;
		size_t n = report_utf8_next(p + i, len - i, &cp);
		if (n == 0 || !xml_char_ok(cp)) {
			buf_puts(b, XML_REPLACEMENT);
			i += n ? n : 1;
			continue;
		}
		switch (cp) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&apos;"); break;
		case '\t': buf_puts(b, "&#9;"); break;
		case '\n': buf_puts(b, "&#10;"); break;
		case '\r': buf_puts(b, "&#13;"); break;
		default: buf_add(b, p + i, n); break;
		}
		i += n;
	}
}

void xml_buf_escape_str(struct buf *b, const char *s)
{
	if (s)
		xml_buf_escape(b, s, strlen(s));
}
