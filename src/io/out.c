/*
 * out.c: everything estate writes goes through here, so that an output
 * folder always holds the files of one whole run, or clearly not.
 *
 * Files. io_out_open() creates "<name>.tmp" (O_EXCL | O_NOFOLLOW: a
 * symbolic link planted at that name is removed, never followed) and
 * io_out_commit() renames it over the real name once complete.
 *
 * Folders. A command that writes (run, project, travel, export, check
 * --out) starts with io_outdir_begin(), writes every file into the
 * staging folder io_outdir_path() gives, and ends with
 * io_outdir_commit(), which swaps the staging folder in for the output
 * folder as a whole; io_outdir_abort() throws it away. For an output
 * folder OUT in folder P:
 *
 *   P/.OUT.lock        flock()ed for the whole command: a second command
 *                      on the same folder fails at once; the file exists
 *                      only while a command runs
 *   P/.OUT.estate-new  the staging folder (same file system as OUT, so
 *                      the swap is a rename)
 *   P/.OUT.estate-old  the previous folder, during a swap by two renames
 *   OUT/.estate-outputs  the manifest: each top-level entry and the
 *                      command that last wrote it
 *
 * What a command no longer writes disappears: the staging folder starts
 * with the entries of OUT that other commands wrote, or that estate did
 * not write at all (hard links: files are only ever replaced by rename,
 * never changed in place), but not this command's own, which it writes
 * afresh. So `estate run` after a scenario was deleted drops its folder,
 * and keeps travel.csv (estate travel's) and a user's notes.txt (nobody's).
 * workspace.sqlite is a cache that SQLite changes in place: it is copied,
 * not linked, and always kept.
 *
 * The swap and what a crash (kill -9, power kept) leaves at each point:
 *   1. writing the staging folder: OUT untouched; the next command on OUT
 *      removes the stale staging folder;
 *   2. renameat2(RENAME_EXCHANGE) swaps the two folders in one atomic
 *      step: before it OUT is the old folder, after it the new one;
 *   3. the old folder, now at the staging name, is removed: a crash
 *      leaves it there, and the next command removes it.
 * Where the file system cannot exchange (EINVAL, ENOSYS) the swap is two
 * renames, OUT -> .OUT.estate-old then .OUT.estate-new -> OUT. A crash
 * between them leaves no OUT: the next command puts the old folder back
 * (the interrupted command never reported success) before it starts.
 * A reader therefore sees the old folder, the new one, or (only in that
 * window of the fallback) none; never a mix.
 *
 * On failure nothing is left: the staging folder, the lock file and any
 * parent folder begin created are removed.
 *
 * Test hooks (environment, read by the tests only; documented in the
 * README's developer section): ESTATE_TEST_FAIL_AFTER=N makes the
 * (N+1)th file commit of the process fail as a disk error would;
 * ESTATE_TEST_SLOW_MS=M sleeps M ms after each file commit, so a test
 * can kill a command or start a second one while it writes.
 */
#define _GNU_SOURCE     /* renameat2, flock */
#include "io/io_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The manifest's name inside an output folder. */
#define OUTDIR_MANIFEST ".estate-outputs"
/* Entries kept across every command (copied, never owned): the cache. */
#define OUTDIR_KEEP "workspace.sqlite"

/* ---------------------------------------------------------------- test hooks */

static long commits_done;

/* Read a non-negative number from the environment; -1 when unset. */
static long env_long(const char *name)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (!v || !*v)
		return -1;
	n = strtol(v, &end, 10);
	return *end || n < 0 ? -1 : n;
}

int io_out_hook(const char *path, struct le_err *err)
{
	long fail = env_long("ESTATE_TEST_FAIL_AFTER");
	long slow = env_long("ESTATE_TEST_SLOW_MS");

	if (fail >= 0 && commits_done >= fail)
		return le_errf(err, LE_EIO, "cannot write '%s': injected failure (ESTATE_TEST_FAIL_AFTER=%ld)",
			       path, fail);
	commits_done++;
	if (slow > 0) {
		struct timespec ts = { slow / 1000, (slow % 1000) * 1000000L };
		nanosleep(&ts, NULL);
	}
	return LE_OK;
}

/* ---------------------------------------------------------------- files */

int io_out_open(struct io_out *o, const char *path, struct le_err *err)
{
	struct buf b;
	int fd, e;

	memset(o, 0, sizeof(*o));
	buf_init(&b);
	buf_addf(&b, "%s.tmp", path);
	/* A stale tmp (or a link planted there) is removed, not opened: with
	 * O_EXCL | O_NOFOLLOW anything that reappears makes the open fail. */
	if (unlink(b.s) != 0 && errno != ENOENT) {
		e = errno;
		buf_release(&b);
		return le_errf(err, LE_EIO, "cannot write '%s': %s", path, strerror(e));
	}
	fd = open(b.s, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0 || !(o->fp = fdopen(fd, "wb"))) {
		e = errno;
		if (fd >= 0)
			close(fd);
		buf_release(&b);
		return le_errf(err, LE_EIO, "cannot write '%s': %s", path, strerror(e));
	}
	o->path = xstrdup(path);
	o->tmp = b.s;
	return LE_OK;
}

int io_out_commit(struct io_out *o, struct le_err *err)
{
	int bad = ferror(o->fp);

	/* fclose flushes: its failure (disk full) is a write failure too. */
	if (fclose(o->fp) != 0)
		bad = 1;
	o->fp = NULL;
	if (bad) {
		remove(o->tmp);
		le_errf(err, LE_EIO, "cannot write '%s': write failed", o->path);
	} else if (io_out_hook(o->path, err) != LE_OK) {
		remove(o->tmp);
		bad = 1;
	} else if (rename(o->tmp, o->path) != 0) {
		int e = errno;
		remove(o->tmp);
		bad = 1;
		le_errf(err, LE_EIO, "cannot write '%s': %s", o->path, strerror(e));
	}
	free(o->path);
	free(o->tmp);
	o->path = o->tmp = NULL;
	return bad ? LE_EIO : LE_OK;
}

void io_out_abort(struct io_out *o)
{
	if (o->fp) {
		fclose(o->fp);
		remove(o->tmp);
	}
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
}

/* mkdir -p dir; each folder made is appended to *made (when made is not
 * NULL), so a failed command can remove it again. */
static int mkdirs_made(const char *dir, char ***made, int *nmade, struct le_err *err)
{
	char *p = xstrdup(dir), *s;
	int rc = LE_OK;

	/* Create each prefix in turn; an existing folder is fine. */
	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0777) == 0) {
				if (made) {
					*made = xrealloc(*made, sizeof(**made) * ((size_t)*nmade + 1));
					(*made)[(*nmade)++] = xstrdup(p);
				}
			} else if (errno != EEXIST) {
				rc = le_errf(err, LE_EIO, "cannot create folder '%s': %s",
					     p, strerror(errno));
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	return rc;
}

int io_mkdirs(const char *dir, struct le_err *err)
{
	return mkdirs_made(dir, NULL, NULL, err);
}

/* ---------------------------------------------------------------- trees */

/* The string of b, which is released. */
static char *detach(struct buf *b)
{
	char *s = buf_detach(b);

	buf_release(b);
	return s;
}

static char *join(const char *dir, const char *name)
{
	struct buf b;

	buf_init(&b);
	buf_addf(&b, "%s/%s", dir, name);
	return detach(&b);
}

/*
 * rm -r path, never following a symbolic link (a link is removed as a
 * link). A path that does not exist is fine. Returns 0 or an errno.
 */
static int remove_tree(const char *path)
{
	struct stat st;
	DIR *dp;
	struct dirent *de;
	int e = 0;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : errno;
	if (!S_ISDIR(st.st_mode))
		return unlink(path) == 0 ? 0 : errno;
	if (!(dp = opendir(path)))
		return errno;
	while ((de = readdir(dp))) {
		char *sub;
		int e2;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		sub = join(path, de->d_name);
		e2 = remove_tree(sub);
		if (e2 && !e)
			e = e2;
		free(sub);
	}
	closedir(dp);
	if (rmdir(path) != 0 && !e)
		e = errno;
	return e;
}

/* Copy a regular file byte for byte (O_EXCL | O_NOFOLLOW on the copy). */
static int copy_file(const char *from, const char *to, mode_t mode)
{
	char chunk[65536];
	ssize_t n;
	int in, out, e = 0;

	if ((in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return errno;
	if ((out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			mode & 07777)) < 0) {
		e = errno;
		close(in);
		return e;
	}
	/* In the kernel first (no copy through user space: the workspace
	 * holds the road network, 140 MB at Scotland size, and is copied
	 * by every command); read/write where the file systems cannot. */
	while ((n = copy_file_range(in, NULL, out, NULL, (size_t)1 << 30, 0)) > 0)
		;
	if (n == 0)
		goto done;
	if (errno != EXDEV && errno != ENOSYS && errno != EINVAL && errno != EOPNOTSUPP) {
		e = errno;
		goto done;
	}
	/* Start again from the top, whatever a refusal left. */
	if (lseek(in, 0, SEEK_SET) != 0 || lseek(out, 0, SEEK_SET) != 0 || ftruncate(out, 0) != 0) {
		e = errno;
		goto done;
	}
	while ((n = read(in, chunk, sizeof(chunk))) > 0) {
		char *p = chunk;
		while (n > 0) {
			ssize_t w = write(out, p, (size_t)n);
			if (w < 0) {
				if (errno == EINTR)
					continue;
				e = errno;
				goto done;
			}
			p += w;
			n -= w;
		}
	}
	if (n < 0)
		e = errno;
done:
	close(in);
	if (close(out) != 0 && !e)
		e = errno;
	return e;
}

/*
 * Put the entry from at to, as cheaply as is safe: a folder is made anew
 * (same mode) and filled the same way, a file is hard-linked (copied
 * where the file system refuses a link, or when copy is set), a symbolic
 * link is recreated as a link (its target never read). Returns 0 or an
 * errno.
 */
static int carry(const char *from, const char *to, int copy)
{
	struct stat st;
	int e = 0;

	if (lstat(from, &st) != 0)
		return errno;
	if (S_ISDIR(st.st_mode)) {
		DIR *dp;
		struct dirent *de;

		if (mkdir(to, 0700) != 0)
			return errno;
		if (!(dp = opendir(from)))
			return errno;
		while (!e && (de = readdir(dp))) {
			char *a, *b;

			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			a = join(from, de->d_name);
			b = join(to, de->d_name);
			e = carry(a, b, copy);
			free(a);
			free(b);
		}
		closedir(dp);
		if (!e && chmod(to, st.st_mode & 07777) != 0)
			e = errno;
		return e;
	}
	if (S_ISLNK(st.st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlink(from, target, sizeof(target) - 1);

		if (n < 0)
			return errno;
		target[n] = '\0';
		return symlink(target, to) == 0 ? 0 : errno;
	}
	if (!S_ISREG(st.st_mode))
		return 0;       /* a socket or fifo: nothing to keep */
	if (!copy && link(from, to) == 0)
		return 0;
	return copy_file(from, to, st.st_mode);
}

/* ---------------------------------------------------------------- manifest */

/* The entries of the manifest at dir: names[i] was written by owners[i]. */
struct manifest {
	char **names, **owners;
	int n;
};

static void manifest_add(struct manifest *m, const char *name, const char *owner)
{
	m->names = xrealloc(m->names, sizeof(char *) * ((size_t)m->n + 1));
	m->owners = xrealloc(m->owners, sizeof(char *) * ((size_t)m->n + 1));
	m->names[m->n] = xstrdup(name);
	m->owners[m->n++] = xstrdup(owner);
}

static void manifest_release(struct manifest *m)
{
	int i;

	for (i = 0; i < m->n; i++) {
		free(m->names[i]);
		free(m->owners[i]);
	}
	free(m->names);
	free(m->owners);
	memset(m, 0, sizeof(*m));
}

/* "owner<TAB>name" lines; anything else (the heading) is skipped. A
 * missing manifest (a folder from before manifests) is empty: nothing in
 * it is owned, so nothing is dropped. */
static void manifest_read(const char *dir, struct manifest *m)
{
	char *path = join(dir, OUTDIR_MANIFEST), line[1024];
	FILE *fp = fopen(path, "rb");

	memset(m, 0, sizeof(*m));
	free(path);
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp)) {
		char *tab = strchr(line, '\t'), *nl = strchr(line, '\n');

		if (line[0] == '#' || !tab || !nl)
			continue;
		*tab = *nl = '\0';
		if (tab[1] && !strchr(tab + 1, '/'))
			manifest_add(m, tab + 1, line);
	}
	fclose(fp);
}

static const char *manifest_owner(const struct manifest *m, const char *name)
{
	int i;

	for (i = 0; i < m->n; i++)
		if (!strcmp(m->names[i], name))
			return m->owners[i];
	return NULL;
}

/* The cache and its journal travel with the folder; a -shm file is
 * SQLite's shared memory of a live connection, never worth keeping. */
static int is_kept(const char *name)
{
	size_t n = strlen(OUTDIR_KEEP);

	return !strncmp(name, OUTDIR_KEEP, n) && strcmp(name + n, "-shm") != 0;
}

/* ---------------------------------------------------------------- lock */

/*
 * Take the lock file, or fail at once. The holder removes the file when
 * it ends, so a lock taken on a file that is no longer at path protects
 * nothing: take it again on the file that is.
 */
static int lock_take(const char *path, const char *dir, int *fd_out, struct le_err *err)
{
	int tries;

	for (tries = 0; tries < 100; tries++) {
		struct stat a, b;
		int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);

		if (fd < 0)
			return le_errf(err, LE_EIO, "cannot lock output folder '%s': '%s': %s", dir, path,
				       errno == ELOOP ? "is a symbolic link (remove it)" : strerror(errno));
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			int e = errno;

			close(fd);
			if (e == EWOULDBLOCK)
				return le_errf(err, LE_EIO, "output folder '%s' is in use by another estate command (lock '%s'): wait for it to end or choose another --out",
					       dir, path);
			return le_errf(err, LE_EIO, "cannot lock output folder '%s': %s", dir, strerror(e));
		}
		if (fstat(fd, &a) == 0 && lstat(path, &b) == 0 && a.st_dev == b.st_dev &&
		    a.st_ino == b.st_ino) {
			*fd_out = fd;
			return LE_OK;
		}
		close(fd);
	}
	return le_errf(err, LE_EIO, "cannot lock output folder '%s': the lock file keeps changing", dir);
}

/* ---------------------------------------------------------------- folders */

/* Resolve dir to an absolute path without symbolic links, creating its
 * parent (recorded in od->made) when missing. The folder itself need not
 * exist. */
static int resolve(struct io_outdir *od, const char *dir, struct le_err *err)
{
	char *copy = xstrdup(dir), *real, *parent, *base;
	size_t n = strlen(copy);
	int rc = LE_OK;

	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	if ((real = realpath(copy, NULL))) {
		od->dir = real;
	} else if (errno != ENOENT) {
		rc = le_errf(err, LE_EIO, "cannot use output folder '%s': %s", dir, strerror(errno));
	} else {
		parent = le_dirname(copy);
		base = xstrdup(le_basename(copy));
		rc = mkdirs_made(parent, &od->made, &od->nmade, err);
		if (!rc && !(real = realpath(parent, NULL)))
			rc = le_errf(err, LE_EIO, "cannot use output folder '%s': %s", dir, strerror(errno));
		if (!rc) {
			od->dir = join(strcmp(real, "/") ? real : "", base);
			free(real);
		}
		free(parent);
		free(base);
	}
	free(copy);
	if (!rc && (!strcmp(od->dir, "/") || !strcmp(le_basename(od->dir), "..")))
		rc = le_errf(err, LE_EUSAGE, "cannot use '%s' as an output folder", dir);
	return rc;
}

/* A sibling of od->dir: "<parent>/.<base><suffix>". */
static char *sibling(const char *dir, const char *suffix)
{
	char *parent = le_dirname(dir);
	struct buf b;

	buf_init(&b);
	buf_addf(&b, "%s/.%s%s", strcmp(parent, "/") ? parent : "", le_basename(dir), suffix);
	free(parent);
	return detach(&b);
}

/*
 * Undo what a killed command left (we hold the lock, so these names are
 * nobody else's): an old folder moved away with no folder in its place
 * goes back, and stale staging and old folders go.
 */
static int recover(struct io_outdir *od, struct le_err *err)
{
	struct stat st;
	int e;

	if (lstat(od->dir, &st) != 0 && errno == ENOENT && lstat(od->old, &st) == 0 &&
	    S_ISDIR(st.st_mode) && rename(od->old, od->dir) != 0)
		return le_errf(err, LE_EIO, "cannot restore output folder '%s' from '%s': %s",
			       od->dir, od->old, strerror(errno));
	if ((e = remove_tree(od->stage)) || (e = remove_tree(od->old)))
		return le_errf(err, LE_EIO, "cannot remove the stale staging folder of '%s': %s",
			       od->dir, strerror(e));
	return LE_OK;
}

/* The staging folder: the mode of the output folder, and every entry of
 * it this command does not own (see the top of the file). */
static int stage_fill(struct io_outdir *od, struct le_err *err)
{
	struct stat st;
	struct manifest m;
	DIR *dp;
	struct dirent *de;
	int e = 0, have = lstat(od->dir, &st) == 0;

	if (have && !S_ISDIR(st.st_mode))
		return le_errf(err, LE_EUSAGE, "output folder '%s' is not a folder", od->dir);
	if (mkdir(od->stage, 0777) != 0)
		return le_errf(err, LE_EIO, "cannot create folder '%s': %s", od->stage, strerror(errno));
	if (!have)
		return LE_OK;
	if (chmod(od->stage, st.st_mode & 07777) != 0 || !(dp = opendir(od->dir)))
		return le_errf(err, LE_EIO, "cannot read output folder '%s': %s", od->dir, strerror(errno));
	manifest_read(od->dir, &m);
	while (!e && (de = readdir(dp))) {
		const char *owner = manifest_owner(&m, de->d_name);
		char *a, *b;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    !strcmp(de->d_name, OUTDIR_MANIFEST))
			continue;
		if (!is_kept(de->d_name) && owner && !strcmp(owner, od->cmd))
			continue;       /* ours: written afresh, or gone */
		a = join(od->dir, de->d_name);
		b = join(od->stage, de->d_name);
		e = carry(a, b, is_kept(de->d_name));
		if (!e && !is_kept(de->d_name)) {
			struct stat cs;

			/* Who owns it, and which file it was, to see at the
			 * end whether this command replaced it. */
			size_t k = (size_t)od->ncarried + 1;

			od->carried = xrealloc(od->carried, sizeof(*od->carried) * k);
			od->carried_owner = xrealloc(od->carried_owner, sizeof(*od->carried_owner) * k);
			od->carried_ino = xrealloc(od->carried_ino, sizeof(*od->carried_ino) * k);
			od->carried[k - 1] = xstrdup(de->d_name);
			od->carried_owner[k - 1] = xstrdup(owner ? owner : "");
			od->carried_ino[k - 1] = lstat(b, &cs) == 0 ? (unsigned long long)cs.st_ino : 0;
			od->ncarried++;
		}
		free(a);
		free(b);
	}
	closedir(dp);
	manifest_release(&m);
	if (e)
		return le_errf(err, LE_EIO, "cannot carry the output folder '%s' over: %s", od->dir,
			       strerror(e));
	return LE_OK;
}

int io_outdir_begin(struct io_outdir *od, const char *dir, const char *cmd, struct le_err *err)
{
	int rc;

	memset(od, 0, sizeof(*od));
	od->lockfd = -1;
	od->cmd = xstrdup(cmd);
	if ((rc = resolve(od, dir, err)))
		goto fail;
	od->stage = sibling(od->dir, ".estate-new");
	od->old = sibling(od->dir, ".estate-old");
	od->lock = sibling(od->dir, ".lock");
	if ((rc = lock_take(od->lock, od->dir, &od->lockfd, err)))
		goto fail;
	if ((rc = recover(od, err)) || (rc = stage_fill(od, err)))
		goto fail;
	return LE_OK;
fail:
	io_outdir_abort(od);
	return rc;
}

const char *io_outdir_path(const struct io_outdir *od)
{
	return od->stage;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The manifest of the staging folder: every top-level entry but the kept
 * cache, in name order (the same run gives the same bytes). */
static int manifest_write(struct io_outdir *od, struct le_err *err)
{
	struct io_out o;
	DIR *dp = opendir(od->stage);
	struct dirent *de;
	char **names = NULL, *path;
	int n = 0, i, rc;

	if (!dp)
		return le_errf(err, LE_EIO, "cannot read folder '%s': %s", od->stage, strerror(errno));
	while ((de = readdir(dp))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    !strcmp(de->d_name, OUTDIR_MANIFEST) || is_kept(de->d_name) ||
		    strpbrk(de->d_name, "\t\n"))
			continue;
		names = xrealloc(names, sizeof(*names) * ((size_t)n + 1));
		names[n++] = xstrdup(de->d_name);
	}
	closedir(dp);
	if (n)
		qsort(names, (size_t)n, sizeof(*names), cmp_names);
	path = join(od->stage, OUTDIR_MANIFEST);
	if (!(rc = io_out_open(&o, path, err))) {
		fputs("# estate output folder: each entry and the command that last wrote it\n", o.fp);
		for (i = 0; i < n; i++) {
			const char *owner = od->cmd;
			int c;

			for (c = 0; c < od->ncarried; c++) {
				struct stat st;
				char *p;

				if (strcmp(od->carried[c], names[i]))
					continue;
				p = join(od->stage, names[i]);
				/* Still the file carried over (or a folder): its
				 * owner stays; replaced: this command's now. */
				if (lstat(p, &st) == 0 && (S_ISDIR(st.st_mode) ||
				    (unsigned long long)st.st_ino == od->carried_ino[c]))
					owner = od->carried_owner[c];
				free(p);
				break;
			}
			if (*owner)
				fprintf(o.fp, "%s\t%s\n", owner, names[i]);
		}
		rc = io_out_commit(&o, err);
	}
	free(path);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int io_outdir_commit(struct io_outdir *od, struct le_err *err)
{
	struct stat st;
	int rc, e;

	if ((rc = manifest_write(od, err)))
		goto fail;
	if (lstat(od->dir, &st) != 0) {
		/* A first run: one rename. */
		if (rename(od->stage, od->dir) != 0) {
			rc = le_errf(err, LE_EIO, "cannot create output folder '%s': %s", od->dir,
				     strerror(errno));
			goto fail;
		}
	} else if (renameat2(AT_FDCWD, od->stage, AT_FDCWD, od->dir, RENAME_EXCHANGE) != 0) {
		/* No exchange on this file system: move the old folder away,
		 * then the new one in (recover() handles a crash between). */
		if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
			rc = le_errf(err, LE_EIO, "cannot replace output folder '%s': %s", od->dir,
				     strerror(errno));
			goto fail;
		}
		if (rename(od->dir, od->old) != 0) {
			rc = le_errf(err, LE_EIO, "cannot replace output folder '%s': %s", od->dir,
				     strerror(errno));
			goto fail;
		}
		if (rename(od->stage, od->dir) != 0) {
			rc = le_errf(err, LE_EIO, "cannot replace output folder '%s': %s", od->dir,
				     strerror(errno));
			rename(od->old, od->dir);
			goto fail;
		}
	}
	/* The new folder is in place: from here a failure only leaves an old
	 * folder for the next command to remove. The old one is now at the
	 * staging name (exchange) or the old name (two renames). */
	e = remove_tree(od->stage);
	if (!e)
		e = remove_tree(od->old);
	(void)e;
	io_outdir_abort(od);
	return LE_OK;
fail:
	io_outdir_abort(od);
	return rc;
}

void io_outdir_abort(struct io_outdir *od)
{
	int i;

	/* Only the lock's holder may touch the staging folder: a command
	 * refused the lock must not remove the running one's. Unlink the
	 * lock file while still holding it (see lock_take). */
	if (od->lockfd >= 0) {
		if (od->stage)
			remove_tree(od->stage);
		unlink(od->lock);
		close(od->lockfd);
	}
	/* Parents made for this command go again when empty: a failed
	 * command leaves nothing behind. After a success the folder is in
	 * the last one, so rmdir fails, as it should. */
	for (i = od->nmade - 1; i >= 0; i--) {
		rmdir(od->made[i]);
		free(od->made[i]);
	}
	free(od->made);
	for (i = 0; i < od->ncarried; i++) {
		free(od->carried[i]);
		free(od->carried_owner[i]);
	}
	free(od->carried);
	free(od->carried_owner);
	free(od->carried_ino);
	free(od->dir);
	free(od->stage);
	free(od->old);
	free(od->lock);
	free(od->cmd);
	memset(od, 0, sizeof(*od));
	od->lockfd = -1;
}
