// SPDX-License-Identifier: GPL-2.0
/*
 * eductl - user-space workload and checks for the wdfshim edu sample.
 *
 *   eductl [-d /dev/eduN] fact JOBS [FILES]  JOBS factorial jobs, n = i % 13,
 *                                           FILES descriptors in flight
 *   eductl [-d /dev/eduN] dma ROUNDS         DMA round trips, byte-exact check
 *   eductl [-d /dev/eduN] burst N            N software interrupts
 *   eductl [-d /dev/eduN] bad                bad input is rejected, then works
 *   eductl [-d /dev/eduN] stats              the device's counters
 *
 * Each check prints one "RESULT <name> ok|FAIL <details>" line (the e2e
 * test greps them) after a human-readable summary; the exit status is 1
 * if a check failed. Built static (gcc -static) for a busybox initramfs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "edu_ioctl.h"

#define MAX_FILES	16
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char *dev_path = "/dev/edu0";
static char sysfs_dir[128];
static char mode[32];
static int failures;

struct stats {
	unsigned long long isr_calls, interrupts;
	unsigned long long dpc_queued, dpc_coalesced, dpc_runs;
	unsigned long long work_queued, work_coalesced, work_runs;
	unsigned long long fact_jobs, dma_jobs, cancelled;
	unsigned long long soft_raised, soft_seen;
	unsigned long long fact_lat_total, fact_lat_max;
	unsigned long long dma_lat_total, dma_lat_max;
	unsigned long long deferred_runs, deferred_lat_total, deferred_lat_max;
};

static const struct {
	const char *name;
	size_t off;
} stat_files[] = {
#define F(file, field) { file, offsetof(struct stats, field) }
	F("isr_calls", isr_calls),
	F("interrupts", interrupts),
	F("dpc_queued", dpc_queued),
	F("dpc_coalesced", dpc_coalesced),
	F("dpc_runs", dpc_runs),
	F("work_queued", work_queued),
	F("work_coalesced", work_coalesced),
	F("work_runs", work_runs),
	F("fact_jobs", fact_jobs),
	F("dma_jobs", dma_jobs),
	F("cancelled", cancelled),
	F("soft_raised", soft_raised),
	F("soft_seen", soft_seen),
	F("fact_latency_total_ns", fact_lat_total),
	F("fact_latency_max_ns", fact_lat_max),
	F("dma_latency_total_ns", dma_lat_total),
	F("dma_latency_max_ns", dma_lat_max),
	F("deferred_runs", deferred_runs),
	F("deferred_latency_total_ns", deferred_lat_total),
	F("deferred_latency_max_ns", deferred_lat_max),
#undef F
};

static void result(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("RESULT %s %s ", name, ok ? "ok" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!ok)
		failures++;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int read_file(const char *name, char *buf, size_t size)
{
	char path[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", sysfs_dir, name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static void get_stats(struct stats *s)
{
	char buf[64], name[64];
	size_t i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < ARRAY_SIZE(stat_files); i++) {
		snprintf(name, sizeof(name), "stats/%s", stat_files[i].name);
		if (read_file(name, buf, sizeof(buf)) == 0)
			*(unsigned long long *)((char *)s + stat_files[i].off) =
				strtoull(buf, NULL, 10);
	}
}

/* Deltas of the summed counters; maxima are since load. */
static void stats_delta(struct stats *d, const struct stats *a,
			const struct stats *b)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(stat_files); i++) {
		unsigned long long *pd = (void *)((char *)d + stat_files[i].off);
		const unsigned long long *pa = (const void *)((const char *)a + stat_files[i].off);
		const unsigned long long *pb = (const void *)((const char *)b + stat_files[i].off);

		*pd = strstr(stat_files[i].name, "_max_") ? *pb : *pb - *pa;
	}
}

static double avg_us(unsigned long long total_ns, unsigned long long n)
{
	return n ? total_ns / 1e3 / n : 0;
}

static void print_interrupts(const struct stats *d)
{
	/* In mode workitem the ISR's queue call goes to KMDF's own DPC. */
	const char *dpc = strcmp(mode, "workitem") ? "DPCs" : "DPCs (KMDF's)";

	printf("    interrupts taken   %llu (ISR calls %llu)\n",
	       d->interrupts, d->isr_calls);
	if (d->dpc_queued || d->dpc_coalesced)
		printf("    %-18s %llu queued, %llu coalesced, %llu ran\n", dpc,
		       d->dpc_queued, d->dpc_coalesced, d->dpc_runs);
	if (d->work_queued || d->work_coalesced)
		printf("    work items         %llu queued, %llu coalesced, %llu ran\n",
		       d->work_queued, d->work_coalesced, d->work_runs);
	printf("    ISR -> DPC/work    avg %.1f us over %llu runs (max since load %.1f us)\n",
	       avg_us(d->deferred_lat_total, d->deferred_runs), d->deferred_runs,
	       d->deferred_lat_max / 1e3);
}

static int open_dev(void)
{
	int fd = open(dev_path, O_RDWR);

	if (fd < 0) {
		fprintf(stderr, "eductl: %s: %s\n", dev_path, strerror(errno));
		exit(2);
	}
	return fd;
}

static unsigned int factorial(unsigned int n)
{
	unsigned int r = 1;

	while (n > 1)
		r *= n--;
	return r;
}

/* Read the file's result; 0 and *value, or -errno. */
static int fact_read(int fd, unsigned int *value)
{
	char buf[32];
	ssize_t n;

	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	if (n == 0 || buf[n - 1] != '\n')
		return -EPROTO;
	*value = strtoul(buf, NULL, 10);
	/* The job is consumed: the next read is end of file. */
	return read(fd, buf, sizeof(buf)) == 0 ? 0 : -EPROTO;
}

static int fact_write(int fd, unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u\n", n);

	return write(fd, buf, len) == len ? 0 : -errno;
}

static void cmd_fact(int jobs, int files)
{
	int fds[MAX_FILES], i, j, done = 0, correct = 0, first_err = 0;
	struct stats before, after, d;
	double t0, t;

	if (files < 1 || files > MAX_FILES)
		files = 4;
	for (j = 0; j < files; j++)
		fds[j] = open_dev();
	get_stats(&before);
	t0 = now_s();
	for (i = 0; i < jobs; i += files) {
		int batch = jobs - i < files ? jobs - i : files;

		for (j = 0; j < batch; j++) {
			int err = fact_write(fds[j], (i + j) % (EDU_FACT_MAX_N + 1));

			if (err && !first_err)
				first_err = err;
		}
		for (j = 0; j < batch; j++) {
			unsigned int n = (i + j) % (EDU_FACT_MAX_N + 1), v = 0;
			int err = fact_read(fds[j], &v);

			done++;
			if (!err && v == factorial(n))
				correct++;
			else if (!first_err)
				first_err = err ? err : -EILSEQ;
		}
		if (first_err)
			break;	/* e.g. timeouts: fail now, not after JOBS */
	}
	t = now_s() - t0;
	get_stats(&after);
	for (j = 0; j < files; j++)
		close(fds[j]);
	stats_delta(&d, &before, &after);

	printf("factorial: %d jobs (n = 0..12) through %d open files in %.2f s\n",
	       jobs, files, t);
	printf("    results correct    %d of %d%s%s\n", correct, done,
	       first_err ? ", first error: " : "",
	       first_err ? strerror(-first_err) : "");
	printf("    latency            avg %.1f us, max %.1f us (driver: submit to completion)\n",
	       avg_us(d.fact_lat_total, d.fact_jobs), d.fact_lat_max / 1e3);
	print_interrupts(&d);
	result(correct == jobs && d.fact_jobs == (unsigned long long)jobs &&
	       d.interrupts >= (unsigned long long)jobs, "fact",
	       "%d/%d correct, %llu interrupts, %llu jobs completed by the driver",
	       correct, jobs, d.interrupts, d.fact_jobs);
}

static int dma(int fd, unsigned long cmd, void *buf, unsigned int len,
	       unsigned int offset, unsigned long long *lat)
{
	struct edu_dma_xfer x = {
		.buf = (uintptr_t)buf, .len = len, .offset = offset,
	};

	if (ioctl(fd, cmd, &x))
		return -errno;
	if (lat)
		*lat = x.latency_ns;
	return 0;
}

static void cmd_dma(int rounds)
{
	static unsigned char out[EDU_DMA_SIZE + 1], in[EDU_DMA_SIZE + 1];
	unsigned long long lat = 0, lat_total = 0, lat_max = 0;
	int fd = open_dev(), r, exact = 0, err = 0;
	struct stats before, after, d;
	unsigned int i, len, off;

	get_stats(&before);
	srand(1);
	for (r = 0; r < rounds; r++) {
		/* Round 0: the whole buffer; then odd lengths and offsets. */
		len = r ? 1 + rand() % EDU_DMA_SIZE : EDU_DMA_SIZE;
		off = r ? rand() % (EDU_DMA_SIZE - len + 1) : 0;
		for (i = 0; i < len; i++)
			out[i] = (unsigned char)(rand() ^ r);
		memset(in, 0xa5, sizeof(in));
		err = dma(fd, EDU_IOC_DMA_TO_DEVICE, out, len, off, &lat);
		if (err)
			break;
		lat_total += lat;
		lat_max = lat > lat_max ? lat : lat_max;
		err = dma(fd, EDU_IOC_DMA_FROM_DEVICE, in, len, off, &lat);
		if (err)
			break;
		lat_total += lat;
		lat_max = lat > lat_max ? lat : lat_max;
		if (!memcmp(in, out, len) && in[len] == 0xa5)
			exact++;
	}
	get_stats(&after);
	close(fd);
	stats_delta(&d, &before, &after);

	printf("DMA: %d round trips RAM -> device buffer -> RAM (1..%d bytes)\n",
	       rounds, EDU_DMA_SIZE);
	printf("    byte-exact         %d of %d%s%s\n", exact, rounds,
	       err ? ", error: " : "", err ? strerror(-err) : "");
	printf("    latency            avg %.1f ms, max %.1f ms per transfer%s\n",
	       rounds ? lat_total / 1e6 / (2 * rounds) : 0, lat_max / 1e6,
	       " (the device takes 100 ms)");
	print_interrupts(&d);
	result(exact == rounds && !err &&
	       d.dma_jobs == 2ULL * rounds, "dma",
	       "%d/%d byte-exact, %llu transfers completed", exact, rounds,
	       d.dma_jobs);
}

static int write_sysfs(const char *name, const char *value)
{
	char path[256];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/%s", sysfs_dir, name);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, value, strlen(value)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static void cmd_burst(int n)
{
	struct stats before, after, d;
	char buf[16];
	double t0, t;
	int err;

	snprintf(buf, sizeof(buf), "%d", n);
	get_stats(&before);
	t0 = now_s();
	err = write_sysfs("burst", buf);
	t = now_s() - t0;
	get_stats(&after);
	stats_delta(&d, &before, &after);

	printf("software interrupts: burst of %d (register 0x60) in %.2f s%s%s\n",
	       n, t, err ? ", error: " : "", err ? strerror(-err) : "");
	printf("    seen by the ISR    %llu%s\n", d.soft_seen,
	       d.soft_seen < d.soft_raised ?
	       " (the status register merges raises not yet acknowledged)" : "");
	print_interrupts(&d);
	result(!err && d.soft_raised == (unsigned long long)n &&
	       d.soft_seen >= 1 && d.soft_seen <= d.soft_raised &&
	       d.interrupts >= d.soft_seen, "burst",
	       "raised %llu, ISR saw %llu, all acknowledged and handled",
	       d.soft_raised, d.soft_seen);
}

static const char *errname(int err)
{
	switch (-err) {
	case 0: return "accepted";
	case EINVAL: return "EINVAL";
	case ERANGE: return "ERANGE";
	case EBUSY: return "EBUSY";
	case EFAULT: return "EFAULT";
	case ENOTTY: return "ENOTTY";
	case ESPIPE: return "ESPIPE";
	default: return strerror(-err);
	}
}

/* One bad-input case: @got (-errno) must be @want or @want2 (if nonzero). */
static void expect(const char *what, int got, int want, int want2)
{
	int ok = got == want || (want2 && got == want2);

	printf("    %-38s -> %-8s %s\n", what, errname(got), ok ? "ok" : "WRONG");
	if (!ok)
		failures++;
}

/* One check that is not an error path. */
static void check(const char *what, int ok)
{
	printf("    %-38s    %-8s %s\n", what, "", ok ? "ok" : "WRONG");
	if (!ok)
		failures++;
}

static int write_str(int fd, const char *s, size_t len)
{
	return write(fd, s, len) < 0 ? -errno : 0;
}

static void cmd_bad(void)
{
	static unsigned char buf[EDU_DMA_SIZE + 1];
	int fd = open_dev(), fd2, before = failures;
	unsigned int v = 0;
	char c;

	printf("bad input: each call must fail cleanly and leave the driver working\n");
	expect("factorial of \"abc\"", write_str(fd, "abc\n", 4), -EINVAL, 0);
	expect("factorial of 13 (13! > 2^32)", write_str(fd, "13\n", 3), -EINVAL, 0);
	expect("factorial of -1", write_str(fd, "-1\n", 3), -EINVAL, 0);
	expect("factorial of \"\"", write_str(fd, "", 0), -EINVAL, 0);
	expect("factorial of \"5x\"", write_str(fd, "5x", 2), -EINVAL, 0);
	expect("factorial of 99999999999999999999",
	       write_str(fd, "99999999999999999999", 20), -ERANGE, -EINVAL);
	check("read without a job: end of file", read(fd, &c, 1) == 0);
	fact_write(fd, 5);
	expect("second job before the result is read",
	       write_str(fd, "6\n", 2), -EBUSY, 0);
	check("the first job still gives 5! = 120",
	      fact_read(fd, &v) == 0 && v == 120);
	expect("DMA of 4096 bytes (4095 usable)",
	       dma(fd, EDU_IOC_DMA_TO_DEVICE, buf, EDU_DMA_SIZE + 1, 0, NULL),
	       -EINVAL, 0);
	expect("DMA of 0 bytes",
	       dma(fd, EDU_IOC_DMA_FROM_DEVICE, buf, 0, 0, NULL), -EINVAL, 0);
	expect("DMA of 200 bytes at offset 4000",
	       dma(fd, EDU_IOC_DMA_TO_DEVICE, buf, 200, 4000, NULL), -EINVAL, 0);
	expect("DMA at offset 0xffffffff",
	       dma(fd, EDU_IOC_DMA_FROM_DEVICE, buf, 1, 0xffffffffu, NULL),
	       -EINVAL, 0);
	expect("DMA from a NULL user buffer",
	       dma(fd, EDU_IOC_DMA_TO_DEVICE, NULL, 16, 0, NULL), -EFAULT, 0);
	expect("unknown ioctl", ioctl(fd, _IO(EDU_IOC_MAGIC, 99)) ? -errno : 0,
	       -ENOTTY, 0);
	expect("lseek", lseek(fd, 0, SEEK_SET) < 0 ? -errno : 0, -ESPIPE, 0);
	expect("burst of 0", write_sysfs("burst", "0"), -EINVAL, 0);
	expect("burst of \"many\"", write_sysfs("burst", "many"), -EINVAL, 0);
	expect("burst of 100001", write_sysfs("burst", "100001"), -EINVAL, 0);

	/* A file closed with its job pending: the driver takes it back. */
	fd2 = open_dev();
	fact_write(fd2, 12);
	close(fd2);

	check("close with a job in flight", 1);
	v = 0;
	check("afterwards 12! = 479001600 still works",
	      !fact_write(fd, 12) && !fact_read(fd, &v) && v == factorial(12));
	close(fd);
	result(failures == before, "bad-input", "%d wrong answers",
	       failures - before);
}

static void cmd_stats(void)
{
	char buf[64], name[64];
	size_t i;

	if (read_file("mode", buf, sizeof(buf)) == 0)
		printf("    mode               %s\n", buf);
	if (read_file("irq_type", buf, sizeof(buf)) == 0)
		printf("    irq_type           %s\n", buf);
	for (i = 0; i < ARRAY_SIZE(stat_files); i++) {
		snprintf(name, sizeof(name), "stats/%s", stat_files[i].name);
		if (read_file(name, buf, sizeof(buf)) == 0)
			printf("    %-26s %s\n", stat_files[i].name, buf);
	}
}

static void die_usage(void)
{
	fputs("usage: eductl [-d /dev/eduN] fact JOBS [FILES] | dma ROUNDS |\n"
	      "              burst N | bad | stats\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *base;
	int i = 1;

	if (argc > 2 && !strcmp(argv[1], "-d")) {
		dev_path = argv[2];
		i = 3;
	}
	if (i >= argc)
		die_usage();
	base = strrchr(dev_path, '/');
	snprintf(sysfs_dir, sizeof(sysfs_dir), "/sys/class/misc/%s",
		 base ? base + 1 : dev_path);
	setvbuf(stdout, NULL, _IOLBF, 0);
	read_file("mode", mode, sizeof(mode));

	if (!strcmp(argv[i], "fact") && i + 1 < argc)
		cmd_fact(atoi(argv[i + 1]), i + 2 < argc ? atoi(argv[i + 2]) : 4);
	else if (!strcmp(argv[i], "dma") && i + 1 < argc)
		cmd_dma(atoi(argv[i + 1]));
	else if (!strcmp(argv[i], "burst") && i + 1 < argc)
		cmd_burst(atoi(argv[i + 1]));
	else if (!strcmp(argv[i], "bad"))
		cmd_bad();
	else if (!strcmp(argv[i], "stats"))
		cmd_stats();
	else
		die_usage();
	return failures ? 1 : 0;
}
