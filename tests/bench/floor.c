/*
 * floor - the least work any auditor must do: take the file list git gives
 * (on stdin, one path a line), keep the candidate names, open and read each
 * file. `make bench` times this as the floor berth is compared against.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int candidate(const char *path)
{
	const char *b = strrchr(path, '/');
	size_t n;
	b = b ? b + 1 : path;
	n = strlen(b);
	if (n > 13 && strcmp(b + n - 13, ".dockerignore") == 0)
		return 0;
	if (!strcmp(b, "Dockerfile") || !strncmp(b, "Dockerfile.", 11) || !strcmp(b, "Containerfile") ||
	    !strncmp(b, "Containerfile.", 14))
		return 1;
	if ((n > 11 && !strcmp(b + n - 11, ".Dockerfile")) || (n > 11 && !strcmp(b + n - 11, ".dockerfile")))
		return 1;
	return (!strncmp(b, "compose.", 8) || !strncmp(b, "docker-compose.", 15)) &&
	       ((n > 5 && !strcmp(b + n - 5, ".yaml")) || (n > 4 && !strcmp(b + n - 4, ".yml")));
}

int main(void)
{
	char line[8192], buf[65536];
	unsigned long files = 0, bytes = 0;
	while (fgets(line, sizeof(line), stdin)) {
		int fd;
		ssize_t r;
		line[strcspn(line, "\n")] = '\0';
		if (!candidate(line))
			continue;
		fd = open(line, O_RDONLY);
		if (fd < 0)
			continue;
		while ((r = read(fd, buf, sizeof(buf))) > 0)
			bytes += (unsigned long)r;
		close(fd);
		files++;
	}
	printf("%lu files, %lu bytes\n", files, bytes);
	return 0;
}
