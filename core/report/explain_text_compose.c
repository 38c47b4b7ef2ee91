/* explain_text_compose - what `berth explain` says about the Compose items. */
#include "explain_priv.h"

/* The items about a missing key: how services sharing an anchored mapping are reported (compose.parse says it whole). */
#define C_SHARED \
	" When services that share one anchored mapping lack it, they get one finding at that " \
	"mapping's key naming them (see compose.parse)."

const struct explain explain_text_compose[ITEM_COUNT] = {
[ITEM_COMPOSE_PARSE] = {
	"A Compose file that is not what Compose expects is either rejected at deploy time or, "
	"worse, read differently from what its author meant: a duplicate key silently keeps "
	"one value, and the retired version-1 layout puts services where Compose no longer "
	"looks.",
	"Fails when the file is not well-formed YAML, holds more than one document, its top "
	"level is not a mapping or has a key other than version, name, services, networks, "
	"volumes, configs, secrets, include, models or x-..., services is not a mapping of "
	"mappings, or any mapping repeats a key. A file without services (a fragment) passes "
	"with a note; the obsolete version: key is a note, and so is an extends: berth cannot "
	"follow (a cycle, a missing service or file, a file that is not YAML). Always applicable. "
	"Every other Compose item judges a service with its extends: merged as Compose merges it, "
	"and compose.yaml with compose.override.yaml beside it (docker-compose.yml with "
	"docker-compose.override.yml) merged as docker compose runs them: each file reports the "
	"values it writes. A service with none of image, build and extends is partial (it "
	"completes one that another file defines): the items about something missing are n/a "
	"for it. The same problem of several services (a value in an anchor they merge) is one "
	"finding naming them all. A key missing from services that share one anchored mapping is "
	"reported once too, at the key of that mapping (a # berth ignore= goes above it): the "
	"mapping a service shares is its own when it carries an anchor (web: &web, that others "
	"merge), else the one mapping it merges with <<: when that gives image or build (a "
	"fragment such as &logging is not, nor are several merged at once). It is reported there "
	"when two of its services or more lack the key without writing any of the item's keys "
	"themselves, and every other service sharing it writes them itself, so that the key "
	"written in the mapping changes nothing for them; the message says how many lack it. When "
	"another of them passes without the key, needs none (restart on a one-shot job) or is "
	"exempted by a pragma above its own key, each keeps its own finding.",
	"api:\n"
	"  image: ghcr.io/acme/api:1.4.2\n"
	"  restart: unless-stopped\n",
	C_GOOD,
	""
},
[ITEM_COMPOSE_PINNED_IMAGE] = {
	"The image a service runs, or the one it builds and pushes, should be the same every "
	"time the file is deployed. A latest or minor tag changes under the same file, so two "
	"deployments of one commit can run different code.",
	"Fails when a service's image: is not a pinned tag, with the same rule as "
	"sec.pinned-base (a digest, a three-part version or a date stamp; latest or no tag is "
	"an error, other tags a warning). ${VAR:-default} and values from a .env file beside the "
	"Compose file are resolved as Compose does (values from .env are never printed). Also "
	"when the service has build:, since image: then names what is pushed. A project image "
	"without registry or namespace (myapp-local, built by a service of the same file and "
	"never pushed) is not judged. Not applicable when no service has image:.",
	C_HEAD "    image: ghcr.io/acme/api:latest\n" C_HARDENING,
	C_GOOD,
	"The seed's Compose example tags the image it builds as org/api:latest."
},
[ITEM_COMPOSE_NO_NEW_PRIVILEGES] = {
	"Set-uid programs inside the image (su, ping, package helpers) can raise a process's "
	"rights even after it dropped them. no-new-privileges makes the kernel refuse any such "
	"gain for every process in the container.",
	"Fails when a service's security_opt lacks no-new-privileges:true (or "
	"no-new-privileges, no-new-privileges=true). Development files (dev, local, override, "
	"test or ci in the name, or compose-profile: development) get a note instead. For a "
	"partial service (none of image, build, extends) only a value it writes is judged. A "
	"one-shot job (see compose.healthcheck) not kept running by restart: always or "
	"unless-stopped gets a note: it serves nothing a setuid binary could be reached through."
	C_SHARED,
	C_HEAD C_IMAGE C_RESTART C_CAPS C_RO C_LIMITS C_HEALTH,
	C_GOOD,
	""
},
[ITEM_COMPOSE_CAP_DROP] = {
	"Containers start with a default set of Linux capabilities (changing file owners, "
	"binding low ports, raw sockets, ...) that most services never use and an intruder "
	"gladly would. Dropping ALL and adding back the one or two a service needs leaves "
	"little to abuse.",
	"Fails when a service's cap_drop lacks ALL (any case). Adding back what the image needs "
	"with cap_add is fine. Development files get a note instead. Not judged for a partial "
	"service (none of image, build, extends): it completes one defined elsewhere. A one-shot "
	"job (see compose.healthcheck) not kept running gets a note."
	C_SHARED,
	C_HEAD C_IMAGE C_RESTART C_NNP C_RO C_LIMITS C_HEALTH,
	C_GOOD,
	""
},
[ITEM_COMPOSE_READ_ONLY] = {
	"With a read-only root filesystem an intruder cannot drop tools or change the "
	"application's code, and an application that writes where it should not fails loudly "
	"in testing rather than filling a disk in production. tmpfs mounts give it the scratch "
	"space it really needs.",
	"Fails when a service lacks read_only: true; read_only without any tmpfs is a note "
	"(most programs need a writable /tmp). Development files get a note instead. For a "
	"partial service only a value it writes (read_only: false) is judged. A one-shot job "
	"(see compose.healthcheck) not kept running gets a note."
	C_SHARED,
	C_HEAD C_IMAGE C_RESTART C_NNP C_CAPS C_LIMITS C_HEALTH,
	C_GOOD,
	""
},
[ITEM_COMPOSE_RESOURCE_LIMITS] = {
	"Without limits one service with a leak or a traffic spike takes all the memory or CPU "
	"of the host and takes its neighbours down with it. Limits turn that into a restart of "
	"the one service.",
	"Fails when a service has no CPU limit or no memory limit (deploy.resources.limits.cpus "
	"and memory, or the legacy cpus and mem_limit; mixing the forms is fine). Development "
	"files get a note instead. Not judged for a partial service. A one-shot job (see "
	"compose.healthcheck) not kept running gets a note."
	C_SHARED,
	C_HEAD C_IMAGE C_RESTART C_NNP C_CAPS C_RO C_HEALTH,
	C_GOOD,
	""
},
[ITEM_COMPOSE_HEALTHCHECK] = {
	"Compose can only wait for a dependency to be ready, and a platform can only replace a "
	"broken instance, if something says what healthy means. Without a health check a hung "
	"service looks exactly like a working one.",
	"Fails when a service has no healthcheck (or one with disable: true or test: "
	"[\"NONE\"]) and does not build from a Dockerfile in the repository whose built stage has "
	"a HEALTHCHECK in its chain (HEALTHCHECK NONE there is a deliberate choice and passes), "
	"and its image is not a project image built here from such a Dockerfile. Development "
	"files get a note instead. Not applicable to a partial service or a one-shot one: "
	"another service waits for it with condition: service_completed_successfully, its "
	"command or entrypoint runs a migration, a test runner or a generator (keys, "
	"certificates) or does nothing (true, exit), its image is cypress/* or "
	"mcr.microsoft.com/playwright*, all its profiles are tools, setup, init, migrate, "
	"migration, seed, jobs or test, or it has network_mode: none and no restart policy (a "
	"job: without a network it serves nothing)."
	C_SHARED,
	C_HEAD C_IMAGE C_RESTART C_NNP C_CAPS C_RO C_LIMITS,
	C_GOOD,
	""
},
[ITEM_COMPOSE_RESTART] = {
	"Processes crash and hosts reboot. Without a restart policy a service that exits stays "
	"down until someone notices.",
	"Fails when a service has neither restart nor deploy.restart_policy. An explicit "
	"restart: \"no\" is a choice and passes. Development files get a note instead. Not "
	"applicable to a partial service or a one-shot one (a migration, a test run, a job: "
	"see compose.healthcheck)."
	C_SHARED,
	C_HEAD C_IMAGE C_NNP C_CAPS C_RO C_LIMITS C_HEALTH,
	C_GOOD,
	""
},
[ITEM_COMPOSE_BUILD_VALID] = {
	"A build: that points at a missing folder, a missing Dockerfile or a stage that does "
	"not exist only fails when someone runs docker compose build, often in CI or on the "
	"day of a release. berth checks the references against the repository.",
	"Fails when a service's build context folder or its Dockerfile does not exist in the "
	"repository (a context outside the repository fails; remote contexts and unresolvable "
	"variables are not judged), or when target is not a stage of that Dockerfile. Not "
	"applicable when no service has build:. In both examples the repository holds "
	"./Dockerfile with a stage named runtime, and no folder ./api.",
	C_HEAD
	"    build:\n      context: ./api\n      target: runtime\n"
	C_IMAGE C_HARDENING,
	C_HEAD
	"    build:\n      context: .\n      target: runtime\n"
	C_IMAGE C_HARDENING,
	""
},
[ITEM_COMPOSE_NO_INLINE_SECRETS] = {
	"A password written into a Compose file is in the repository, in every clone and in "
	"its history for good, and visible to anyone who can run docker inspect. The same goes "
	"for a tracked env_file. Secrets should come from the environment at deploy time or "
	"from Compose secrets.",
	"Fails when environment (map or list form) or build.args gives a secret-like name "
	"(as in sec.no-secrets) a literal value or an interpolation with a literal default "
	"(${DB_PASSWORD:-changeme} commits the default); ${VAR} without default, empty and null "
	"are fine, and so are yes/no words and absolute paths (settings, not secrets), and names "
	"ending in FILE, PATH or DIR. Also fails when an env_file tracked by git gives a "
	"secret-like name a non-empty literal value (a file of empty values or names only is "
	"fine). Always applicable.",
	C_HEAD C_IMAGE C_HARDENING
	"    environment:\n"
	"      DB_HOST: db\n"
	"      DB_PASSWORD: s3cret-in-git\n",
	C_HEAD C_IMAGE C_HARDENING
	"    environment:\n"
	"      DB_HOST: db\n"
	"      DB_PASSWORD_FILE: /run/secrets/db_password\n"
	"    secrets:\n"
	"      - db_password\n"
	"secrets:\n"
	"  db_password:\n"
	"    environment: DB_PASSWORD\n",
	"The seed's Compose example loads env_file: .env. That is only safe while .env stays "
	"out of git; berth fails the item when git tracks the file and it holds a secret."
},
[ITEM_COMPOSE_NO_PRIVILEGED] = {
	"A privileged container, host networking or PID namespace, or a mounted Docker socket "
	"hands the container the host: whoever controls the process can start containers, read "
	"other processes or reconfigure the network. Such access should be rare and deliberate.",
	"Fails on privileged: true, network_mode: host, pid: host, ipc: host, cap_add with ALL "
	"or SYS_ADMIN, a volume mounting /var/run/docker.sock, /run/docker.sock or the host's /, "
	"/proc or /sys, security_opt with seccomp:unconfined or apparmor:unconfined, and "
	"userns_mode: host; and on a bind mount of the host's /etc, /dev, /boot, /root, /home or "
	"/var/lib/docker folder itself (read-only, :ro, is a note; a single file such as "
	"/etc/localtime is fine). Always applicable.",
	C_HEAD C_IMAGE C_HARDENING
	"    volumes:\n"
	"      - /var/run/docker.sock:/var/run/docker.sock\n",
	C_GOOD,
	""
},
};
