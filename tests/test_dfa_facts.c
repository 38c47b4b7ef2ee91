/*
 * Tests of what the analysis decides once per RUN command (core/dfa.h,
 * dfa_cmd_facts) and of the classifications behind it: every fact equals
 * what its function answers, and the functions (switches on the first byte
 * of a name) answer as the lists they replace did; image references split
 * as before, from malloc or from an arena.
 */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "dfa.h"
#include "shell.h"
#include "util.h"

/* Commands of every kind the facts distinguish, and names that only look alike. */
static const char *const commands[] = {
	"apt-get update", "apt-get -q install -y --no-install-recommends gcc make",
	"apt install -y curl", "apt-get -o Dpkg::Options::=x install -y gcc", "apt-get dist-clean",
	"apt-get purge -y gcc", "/usr/bin/apt-get update", "aptitude install x", "apt-getx install y",
	"apk add --no-cache --virtual .build gcc musl-dev", "apk add -t deps build-base", "apk del .build",
	"yum install -y gcc", "dnf install gcc", "microdnf install gcc", "tdnf install -y gcc", "dnf in gcc", "yum clean all", "zypper in gcc",
	"zypper install -y make", "zypper rm gcc", "rm -rf /var/lib/apt/lists/*", "rm -rf /tmp/x",
	"pip install -r requirements.txt", "pip3 install --no-cache-dir flask", "pip3.11 install .",
	"python -m pip install -e .", "python3 -m pip3 install pip setuptools", "python -m pip wheel .",
	"python setup.py bdist_wheel", "python3.12 setup.py build", "pipx install black", "python -m venv /v",
	"npm ci", "npm install", "npm i express", "npm isntall", "npm run build", "npm build",
	"yarn", "yarn install --frozen-lockfile", "yarn add left-pad", "yarn global add npm",
	"yarn build", "yarn --version", "pnpm install", "pnpm add react", "pnpm build",
	"pnpm run build", "go mod download", "go build ./...", "go install x@latest", "go get x",
	"go test ./...", "go", "cargo fetch", "cargo build --release", "cargo test", "bundle install",
	"composer install", "poetry install --no-root", "uv sync", "uvicorn app:app", "dotnet publish",
	"dotnet build", "dotnet run", "mvn -q package", "mvnw verify", "gradle build", "gradlew assemble",
	"gradle test", "make", "make install", "cc -o x x.c", "gcc x.c", "g++ x.cc", "tsc -p .",
	"ENV=1", "X=1 make", "sudo apt-get install -y gcc", "env DEBIAN_FRONTEND=noninteractive apt-get install x",
	"sh -c 'apk add gcc && make'", "", "-", "m", "p", "g", "c",
};

static void test_facts_equal_functions(void **state)
{
	(void)state;
	for (size_t k = 0; k < ARRAY_SIZE(commands); k++) {
		struct sh_script s;
		sh_parse(&s, commands[k], strlen(commands[k]));
		for (size_t i = 0; i < s.ncmds; i++) {
			struct dfa_cmd dc;
			struct dfa_install inst;
			size_t first;
			int js, install, compile;
			memset(&dc, 0x5A, sizeof(dc));
			dc.c = &s.cmds[i];
			dc.s = NULL;
			dfa_cmd_facts(&dc);
			install = dfa_install_of(&s.cmds[i], &inst);
			compile = dfa_compile_step(&s.cmds[i], &js);
			assert_ptr_equal(dc.name, sh_cmd_name(&s.cmds[i]));
			assert_int_equal(dc.install, install);
			assert_memory_equal(&dc.inst, &inst, sizeof(inst));
			assert_int_equal(dc.compile, compile);
			assert_int_equal(dc.js, js);
			assert_int_equal(dc.is_apt, dfa_is_apt(&s.cmds[i]));
			assert_int_equal(dc.apt_install, dfa_apt_install(&s.cmds[i]));
			assert_int_equal(dc.apt_update, dfa_apt_update(&s.cmds[i]));
			assert_int_equal(dc.removes_lists, dfa_removes_apt_lists(&s.cmds[i]));
			assert_int_equal(dc.os_pm, dfa_os_install(&s.cmds[i], &first));
			assert_int_equal(dc.os_first, first);
		}
		sh_free(&s);
	}
}

/* The first command of `text`: its facts. */
static void facts_of(const char *text, struct sh_script *s, struct dfa_cmd *dc)
{
	sh_parse(s, text, strlen(text));
	assert_true(s->ncmds > 0);
	memset(dc, 0, sizeof(*dc));
	dc->c = &s->cmds[0];
	dfa_cmd_facts(dc);
}

#define EXPECT(text, field, want) do { \
	struct sh_script s_; struct dfa_cmd d_; \
	facts_of((text), &s_, &d_); \
	if ((long)(d_.field) != (long)(want)) \
		fail_msg("%s: " #field " is %ld, expected %ld", (text), (long)(d_.field), (long)(want)); \
	sh_free(&s_); \
} while (0)

/* What the lists the switches replace said. */
static void test_classification(void **state)
{
	(void)state;
	EXPECT("apt-get -q install -y gcc", os_pm, DFA_PM_APT);
	EXPECT("apt-get -q install -y gcc", os_first, 2);
	EXPECT("apt install x", apt_install, 1);
	EXPECT("apt update", apt_update, 1);
	EXPECT("aptitude install x", os_pm, DFA_PM_NONE);
	EXPECT("apk add gcc", os_pm, DFA_PM_APK);
	EXPECT("yum install gcc", os_pm, DFA_PM_YUM);
	EXPECT("dnf install gcc", os_pm, DFA_PM_YUM);
	EXPECT("microdnf install gcc", os_pm, DFA_PM_YUM);
	EXPECT("tdnf install gcc", os_pm, DFA_PM_YUM);
	EXPECT("dnf in gcc", os_pm, DFA_PM_YUM);
	EXPECT("dnf reinstall tzdata", os_pm, DFA_PM_YUM);
	EXPECT("dnf upgrade -y", os_pm, DFA_PM_YUM);
	EXPECT("dnf remove gcc", os_pm, DFA_PM_NONE);
	EXPECT("tdnfx install gcc", os_pm, DFA_PM_NONE);
	EXPECT("CGO_ENABLED=0 go build ./...", compile, 1);
	EXPECT("zypper in gcc", os_pm, DFA_PM_ZYPPER);
	EXPECT("zypper install gcc", os_pm, DFA_PM_ZYPPER);
	EXPECT("apt-get dist-clean", removes_lists, 1);
	EXPECT("rm -rf /var/lib/apt/lists/*", removes_lists, 1);
	/* a folder above the lists takes them with it (penpot's rm -rf /var/lib); a sibling does not */
	EXPECT("rm -rf /var/lib/apt", removes_lists, 1);
	EXPECT("rm -rf /var/lib", removes_lists, 1);
	EXPECT("rm -rf /var/lib/dpkg", removes_lists, 0);
	EXPECT("rm -rf /", removes_lists, 0);
	EXPECT("make", compile, 1);
	EXPECT("gcc x.c", compile, 1);
	EXPECT("g++ x.cc", compile, 1);
	EXPECT("cc x.c", compile, 1);
	EXPECT("tsc", compile, 1);
	EXPECT("mvn -q package", compile, 1);
	EXPECT("mvn test", compile, 0);
	EXPECT("gradlew assemble", compile, 1);
	EXPECT("go build ./...", compile, 1);
	EXPECT("go test ./...", compile, 0);
	EXPECT("cargo build", compile, 1);
	EXPECT("dotnet publish", compile, 1);
	EXPECT("python -m pip wheel .", compile, 1);
	EXPECT("python3 setup.py bdist_wheel", compile, 1);
	EXPECT("npm run build", js, 1);
	EXPECT("npm build", compile, 0);
	EXPECT("yarn build", js, 1);
	EXPECT("pnpm build", js, 1);
	EXPECT("pip install -r r.txt", inst.lang, DFA_LANG_PIP);
	EXPECT("pip install -r r.txt", inst.project, 1);
	EXPECT("python -m pip install flask", inst.lang, DFA_LANG_PIP);
	EXPECT("pipx install black", install, 0);
	EXPECT("npm ci", inst.project, 1);
	EXPECT("yarn add left-pad", inst.lang, DFA_LANG_YARN);
	EXPECT("pnpm install", inst.lang, DFA_LANG_PNPM);
	EXPECT("poetry install", inst.lang, DFA_LANG_OTHER);
	EXPECT("uv sync", inst.project, 1);
	EXPECT("bundle install", inst.project, 1);
	EXPECT("composer install", inst.project, 1);
	EXPECT("cargo fetch", inst.project, 1);
	EXPECT("go mod download", inst.project, 1);
	EXPECT("uvicorn app:app", install, 0);
}

static void test_secret_names(void **state)
{
	static const char *const yes[] = { "PASSWORD", "DB_PASSWORD", "db-passwd", "pass", "SECRET",
		"TOKEN", "GITHUB_TOKEN", "APIKEY", "CREDENTIALS", "aws.creds", "API_KEY", "ACCESS_KEY",
		"PRIVATE_KEY", "SECRET_KEY", "AUTH_KEY", "CLIENT_SECRET", "MY_API_KEY_VALUE", NULL };
	static const char *const no[] = { "PASSWORD_FILE", "TOKEN_PATH", "SECRET_DIR", "PATH", "HOME",
		"KEY", "API", "PASSPORT", "TOKENS", "APP_KEY", "CLIENT_ID", "", "_", "PASSWORDS",
		"SECRETKEY", "A", "PRIVATE",
		/* how long or how much, not the secret (logto): beyond revision 4 */
		"PRIVATE_KEY_ROTATION_GRACE_PERIOD", "TOKEN_TTL", "SESSION_SECRET_LENGTH", "JWT_SECRET_EXPIRES",
		"PASSWORD_ROUNDS", NULL };
	(void)state;
	for (const char *const *n = yes; *n; n++)
		if (!dfa_secret_name(*n))
			fail_msg("%s should look like a secret", *n);
	for (const char *const *n = no; *n; n++)
		if (dfa_secret_name(*n))
			fail_msg("%s should not look like a secret", *n);
}

static void test_toolchain_packages(void **state)
{
	static const char *const yes[] = { "build-essential", "gcc", "g++", "clang", "make", "cmake",
		"autoconf", "automake", "libtool", "pkg-config", "pkgconf", "alpine-sdk", "musl-dev",
		"cargo", "rust", "golang", "build-base", "libpq-dev", "openssl-devel", "x-dev", NULL };
	static const char *const no[] = { "curl", "gcc-libs", "makefile", "-dev", "-devel", "dev",
		"", "rustc", "go", "libpq5", "a-devx", "build-bases", NULL };
	(void)state;
	for (const char *const *n = yes; *n; n++)
		if (!dfa_toolchain_pkg(*n))
			fail_msg("%s should be a toolchain package", *n);
	for (const char *const *n = no; *n; n++)
		if (dfa_toolchain_pkg(*n))
			fail_msg("%s should not be a toolchain package", *n);
}

/* Image references as Docker reads them (the table was made with the parser before it read in place). */
static void test_image_parse(void **state)
{
	static const struct { const char *ref, *registry, *path, *tag, *digest; } cases[] = {
	{ "python:3.11", NULL, "python", "3.11", NULL },
	{ "docker.io/library/python:3.11@sha256:abc", NULL, "python", "3.11", "sha256:abc" },
	{ "gcr.io/proj/img:tag", "gcr.io", "proj/img", "tag", NULL },
	{ "localhost:5000/x", "localhost:5000", "x", NULL, NULL },
	{ "localhost/x:1", "localhost", "x", "1", NULL },
	{ "registry-1.docker.io/bitnami/redis", "registry-1.docker.io", "bitnami/redis", NULL, NULL },
	{ "index.docker.io/library/x", NULL, "x", NULL, NULL },
	{ "a/b/c:d:e", NULL, "a/b/c:d", "e", NULL },
	{ "x@sha", NULL, "x", NULL, "sha" },
	{ "libr@sha", NULL, "libr", NULL, "sha" },
	{ "library", NULL, "library", NULL, NULL },
	{ "library/", NULL, "", NULL, NULL },
	{ "library/x@y", NULL, "x", NULL, "y" },
	{ "/abs:1", NULL, "/abs", "1", NULL },
	{ "host:1/p", "host:1", "p", NULL, NULL },
	{ ":tag", NULL, "", "tag", NULL },
	{ "@d", NULL, "", NULL, "d" },
	{ "", NULL, "", NULL, NULL },
	{ "a:b/c", "a:b", "c", NULL, NULL },
	{ "mcr.microsoft.com/dotnet/sdk:8.0", "mcr.microsoft.com", "dotnet/sdk", "8.0", NULL },
	{ "docker.io/nginx", NULL, "nginx", NULL, NULL },
	{ "my.reg:443/team/app:v1@sha256:00", "my.reg:443", "team/app", "v1", "sha256:00" },
	{ "x/y@", NULL, "x/y", NULL, "" },
	{ "@", NULL, "", NULL, "" },
	{ "a@b@c", NULL, "a", NULL, "b@c" },
	};
	struct df_arena *arena = df_arena_new(0);
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct dfa_image img[2];
		dfa_image_parse(&img[0], cases[i].ref);
		dfa_image_parse_in(&img[1], cases[i].ref, arena);
		for (int k = 0; k < 2; k++) {
			const char *got[4] = { img[k].registry, img[k].path, img[k].tag, img[k].digest };
			const char *want[4] = { cases[i].registry, cases[i].path, cases[i].tag, cases[i].digest };
			for (int f = 0; f < 4; f++)
				if (!got[f] != !want[f] || (got[f] && strcmp(got[f], want[f]) != 0))
					fail_msg("%s: part %d is %s, expected %s", cases[i].ref, f,
						 got[f] ? got[f] : "NULL", want[f] ? want[f] : "NULL");
		}
		dfa_image_free(&img[0]);
	}
	df_arena_free(arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_facts_equal_functions),
		cmocka_unit_test(test_classification),
		cmocka_unit_test(test_secret_names),
		cmocka_unit_test(test_toolchain_packages),
		cmocka_unit_test(test_image_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
