/*
 * nocerts - part of the berth program only (linked beside main.o, exported
 * with --export-dynamic-symbol, never in libberth.a or the tests).
 *
 * Debian's libgit2 1.5 is built on mbedTLS and, in git_libgit2_init,
 * parses the whole system CA bundle (/etc/ssl/certs/ca-certificates.crt):
 * about 56 million instructions, three quarters of a check of a small
 * repository. berth never connects to anything, so it gives libgit2 this
 * loader instead: the bundle is not read, libgit2 starts with no trusted
 * certificate, and any TLS connection it might make would fail closed.
 * libgit2 is dlopen()ed (gitlib.c) and the executable's dynamic symbols
 * come first in the lookup, so its call binds here. A libgit2 built on
 * OpenSSL never calls this and is unaffected.
 */
int mbedtls_x509_crt_parse_file(void *chain, const char *path);

int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}
