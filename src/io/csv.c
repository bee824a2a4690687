/*
 * powermap — CSV reading over libcsv and minimal-quoting writing
 * (see include/powermap/csv.h).
 *
 * libcsv reports fields and record ends through callbacks but not line
 * numbers, so the input is fed one physical line at a time and the line of
 * each record is derived from the line being fed when its first field ends,
 * less the newlines inside that field.
 */
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "powermap/csv.h"
#include "powermap/kit.h"

struct reader {
	pm_csv_record_fn fn;
	void *ctx;
	size_t line;        /* line currently being fed */
	struct pm_csv_record rec;
	size_t cap;         /* capacity of rec.fields, rec.lens and off */
	size_t *off;        /* offset of each field in text */
	char *text;         /* the record's fields, each NUL-terminated */
	size_t used, room;
	int stop;           /* callback's non-zero return */
	int nomem;
	int too_long;       /* a field over PM_CSV_FIELD_MAX ended in this piece */
};

static void on_field(void *data, size_t len, void *vr)
{
	struct reader *r = vr;
	size_t i, nl = 0;

	if (r->stop || r->nomem || r->too_long)
		return;
	if (len > PM_CSV_FIELD_MAX) {
		r->too_long = 1;
		return;
	}
	if (r->rec.nfields == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		char **f = realloc(r->rec.fields, cap * sizeof(*f));
		size_t *l = f ? realloc(r->rec.lens, cap * sizeof(*l)) : NULL;
		size_t *o = l ? realloc(r->off, cap * sizeof(*o)) : NULL;
		if (f)
			r->rec.fields = f;
		if (l)
			r->rec.lens = l;
		if (!o) {
			r->nomem = 1;
			return;
		}
		r->off = o;
		r->cap = cap;
	}
	if (r->used + len + 1 > r->room) {
		size_t room = r->room ? r->room : 4096;
		char *t;
		while (room < r->used + len + 1)
			room *= 2;
		if (!(t = realloc(r->text, room))) {
			r->nomem = 1;
			return;
		}
		r->text = t;
		r->room = room;
	}
	if (len)
		memcpy(r->text + r->used, data, len);
	r->text[r->used + len] = '\0';
	if (r->rec.nfields == 0) {
		for (i = 0; i < len; i++)
			nl += ((const char *)data)[i] == '\n';
		r->rec.line = r->line - nl;
	}
	r->off[r->rec.nfields] = r->used;
	r->rec.lens[r->rec.nfields++] = len;
	r->used += len + 1;
}

static void on_record(int c, void *vr)
{
	struct reader *r = vr;
	size_t i;

	(void)c;
	if (!r->stop && !r->nomem && !r->too_long && r->rec.nfields) {
		/* the text may have moved while the record grew: point now */
		for (i = 0; i < r->rec.nfields; i++)
			r->rec.fields[i] = r->text + r->off[i];
		r->stop = r->fn(&r->rec, r->ctx);
	}
	r->rec.nfields = 0;
	r->used = 0;
}

/*
 * A streaming parse: feed(p, chunk) for consecutive chunks of the input,
 * each ending at a line end except perhaps the last.
 */
struct stream {
	struct csv_parser p;
	struct reader r;
	const char *name;
	int started;
	struct pm_error *err;
};

static int stream_init(struct stream *s, const char *name, unsigned char delim,
		       pm_csv_record_fn fn, void *ctx, struct pm_error *err)
{
	memset(s, 0, sizeof(*s));
	s->r.fn = fn;
	s->r.ctx = ctx;
	s->name = name;
	s->err = err;
	if (csv_init(&s->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	csv_set_delim(&s->p, delim);
	/*
	 * libcsv grows a field's buffer by this much at a time (128 bytes by
	 * default): a 1 MiB field took 8,192 reallocations, each copying the
	 * field so far — quadratic, 50-80 s for the hostile test's 2 MB line
	 * under AddressSanitizer, whose realloc always moves.
	 */
	csv_set_blk_size(&s->p, 64 * 1024);
	return 0;
}

static void stream_free(struct stream *s)
{
	free(s->r.rec.fields);
	free(s->r.rec.lens);
	free(s->r.off);
	free(s->r.text);
	csv_free(&s->p);
}

/* Feed whole lines; returns 0, the callback's stop value, or an error. */
static int stream_feed(struct stream *s, const char *buf, size_t len)
{
	struct reader *r = &s->r;
	size_t off = 0;

	if (!s->started) {
		s->started = 1;
		if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
			off = 3;
	}
	while (off < len && !r->stop && !r->nomem) {
		const char *nl = memchr(buf + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (buf + off)) + 1 : len - off, done = 0;

		r->line++;
		/* a long line in pieces, so that a field over the limit is stopped early */
		while (done < n && !r->stop && !r->nomem) {
			size_t piece = n - done > 65536 ? 65536 : n - done;
			if (csv_parse(&s->p, buf + off + done, piece, on_field, on_record, r) != piece)
				return pm_error_set(s->err, PM_EINVAL,
						    "%s:%zu: malformed quoting (a quote inside an "
						    "unquoted field, or text after a closing quote)",
						    s->name, r->line);
			if (s->p.entry_pos > PM_CSV_FIELD_MAX || r->too_long)
				return pm_error_set(s->err, PM_EINVAL,
						    "%s:%zu: a field longer than %d bytes (the "
						    "limit of one field; is a closing quote missing?)",
						    s->name, r->line, PM_CSV_FIELD_MAX);
			done += piece;
		}
		off += n;
	}
	if (r->nomem)
		return pm_error_set(s->err, PM_ENOMEM, "out of memory reading '%s'", s->name);
	return r->stop;
}

static int stream_finish(struct stream *s)
{
	struct reader *r = &s->r;

	if (!r->stop && !r->nomem && csv_fini(&s->p, on_field, on_record, r) != 0)
		return pm_error_set(s->err, PM_EINVAL,
				    "%s:%zu: unterminated quoted field at end of file",
				    s->name, r->rec.line ? r->rec.line : r->line);
	if (r->too_long)
		return pm_error_set(s->err, PM_EINVAL, "%s:%zu: a field longer than %d bytes (the "
				    "limit of one field)", s->name, r->line, PM_CSV_FIELD_MAX);
	if (r->nomem)
		return pm_error_set(s->err, PM_ENOMEM, "out of memory reading '%s'", s->name);
	return r->stop;
}

int pm_csv_parse(const char *buf, size_t len, const char *name,
		 pm_csv_record_fn fn, void *ctx, struct pm_error *err)
{
	struct stream s;
	int rc;

	if ((rc = stream_init(&s, name, ',', fn, ctx, err)) < 0)
		return rc;
	if ((rc = stream_feed(&s, buf, len)) == 0)
		rc = stream_finish(&s);
	stream_free(&s);
	return rc;
}

int pm_csv_tab_separated(const char *buf, size_t len)
{
	size_t i = len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3) ? 3 : 0;
	int quoted = 0, tabs = 0;

	for (; i < len && (quoted || buf[i] != '\n'); i++) {
		if (buf[i] == '"')
			quoted = !quoted;
		else if (!quoted && buf[i] == ',')
			return 0;
		else if (!quoted && buf[i] == '\t')
			tabs = 1;
	}
	return tabs;
}

/* Rewriting tab-separated records as CSV, each on the line it came from. */
struct rewrite {
	FILE *out;
	size_t line;        /* the line the next record written starts on */
	const char *name;
	struct pm_error *err;
};

static int rewrite_record(const struct pm_csv_record *rec, void *ctx)
{
	struct rewrite *w = ctx;
	size_t i;
	const char *c;

	/* a NUL would end the field written: refused here, as text checks refuse it in CSV */
	for (i = 0; i < rec->nfields; i++)
		if (strlen(rec->fields[i]) != rec->lens[i])
			return pm_error_set(w->err, PM_EINVAL, "%s:%zu: a NUL byte in field %zu",
					    w->name, rec->line, i + 1);
	for (; w->line < rec->line; w->line++)
		fputc('\n', w->out);   /* blank lines stay, so that lines keep their numbers */
	if (pm_csv_write_record(w->out, (const char *const *)rec->fields, rec->nfields) < 0)
		return PM_EIO;
	w->line++;
	for (i = 0; i < rec->nfields; i++)
		for (c = rec->fields[i]; (c = strchr(c, '\n')); c++)
			w->line++;
	return 0;
}

int pm_tsv_to_csv(const char *buf, size_t len, const char *name, char **out, size_t *outlen,
		  struct pm_error *err)
{
	struct rewrite w = { NULL, 1, name, err };
	struct stream s;
	int rc;

	*out = NULL;
	*outlen = 0;
	if (!(w.out = open_memstream(out, outlen)))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	if ((rc = stream_init(&s, name, '\t', rewrite_record, &w, err)) == 0) {
		if ((rc = stream_feed(&s, buf, len)) == 0)
			rc = stream_finish(&s);
		stream_free(&s);
	}
	if (fclose(w.out) != 0 && rc == 0)
		rc = PM_EIO;
	if (rc == PM_EIO)
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*outlen = 0;
	}
	return rc;
}

/* Read and parse the file at `path` on this thread. */
static int read_file(const char *path, pm_csv_record_fn fn, void *ctx, struct pm_error *err)
{
	enum { CHUNK = 1 << 20 };
	FILE *f = fopen(path, "rb");
	struct stream s;
	char *buf = NULL;
	size_t len = 0, cap = 2 * CHUNK, n;
	int rc;

	if (!f)
		return pm_error_set(err, PM_EIO, "cannot open '%s': %s", path,
				    pm_msg(strerror(errno)));
	if ((rc = stream_init(&s, path, ',', fn, ctx, err)) < 0) {
		fclose(f);
		return rc;
	}
	if (!(buf = malloc(cap))) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory reading '%s'", path);
		goto out;
	}
	/* feed whole lines of each chunk; carry the partial last line over */
	for (;;) {
		size_t whole;
		const char *last;

		if (cap - len < CHUNK) {
			char *nb = realloc(buf, cap *= 2);
			if (!nb) {
				rc = pm_error_set(err, PM_ENOMEM, "out of memory reading '%s'", path);
				goto out;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
		for (last = buf + len; last > buf && last[-1] != '\n'; last--)
			;
		if (last == buf)
			continue;
		whole = (size_t)(last - buf);
		if ((rc = stream_feed(&s, buf, whole)) != 0)
			goto out;
		memmove(buf, buf + whole, len - whole);
		len -= whole;
	}
	if (ferror(f)) {
		rc = pm_error_set(err, PM_EIO, "cannot read '%s': %s", path, pm_msg(strerror(errno)));
		goto out;
	}
	if ((rc = stream_feed(&s, buf, len)) == 0)
		rc = stream_finish(&s);
out:
	stream_free(&s);
	free(buf);
	fclose(f);
	return rc;
}

int pm_csv_slurp(const char *path, char **buf, size_t *len, struct pm_error *err)
{
	FILE *f = fopen(path, "rb");
	struct pm_strbuf sb = PM_STRBUF_INIT;
	char chunk[65536];
	size_t n;
	int rc = 0;

	*buf = NULL;
	*len = 0;
	if (!f)
		return pm_error_set(err, PM_EIO, "cannot open '%s': %s", path, pm_msg(strerror(errno)));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (pm_strbuf_add(&sb, chunk, n) < 0) {
			rc = pm_error_set(err, PM_ENOMEM, "out of memory reading '%s'", path);
			goto out;
		}
	if (ferror(f)) {
		rc = pm_error_set(err, PM_EIO, "cannot read '%s': %s", path, pm_msg(strerror(errno)));
		goto out;
	}
	*len = sb.len;
	if (!(*buf = pm_strbuf_detach(&sb)))
		rc = pm_error_set(err, PM_ENOMEM, "out of memory reading '%s'", path);
out:
	pm_strbuf_release(&sb);
	fclose(f);
	return rc;
}

int pm_text_to_utf8(const char *encoding, const char *in, size_t len, char **out,
		    size_t *outlen, size_t *bad, struct pm_error *err)
{
	return pm_text_convert(encoding, "UTF-8", in, len, out, outlen, bad, err);
}

int pm_text_convert(const char *from, const char *to, const char *in, size_t len, char **out,
		    size_t *outlen, size_t *bad, struct pm_error *err)
{
	const char *encoding = from;
	iconv_t cd = iconv_open(to, from);
	size_t room = 2 * len + 16, left = len, free_ = room;
	char *buf, *src = (char *)in, *dst;
	int rc = 0;

	*out = NULL;
	*outlen = 0;
	*bad = 0;
	if (cd == (iconv_t)-1)
		return pm_error_set(err, PM_ENOTFOUND, "unknown encoding '%s'", encoding);
	if (!(buf = malloc(room + 1))) {
		iconv_close(cd);
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	}
	dst = buf;
	while (left > 0) {
		if (iconv(cd, &src, &left, &dst, &free_) != (size_t)-1)
			continue;
		if (errno == E2BIG) {
			size_t used = (size_t)(dst - buf);
			char *nb = realloc(buf, 2 * room + 1);
			if (!nb) {
				rc = pm_error_set(err, PM_ENOMEM, "out of memory");
				break;
			}
			buf = nb;
			dst = buf + used;
			free_ += room;
			room *= 2;
			continue;
		}
		*bad = (size_t)(src - in);
		rc = pm_error_set(err, PM_EINVAL, "%s at byte %zu cannot be written in %s",
				  encoding, *bad + 1, to);
		break;
	}
	iconv_close(cd);
	if (rc < 0) {
		free(buf);
		return rc;
	}
	*dst = '\0';
	*out = buf;
	*outlen = (size_t)(dst - buf);
	return 0;
}

static int needs_quotes(const char *s)
{
	size_t n = strlen(s);

	if (n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		return 1;
	return strpbrk(s, ",\"\r\n") != NULL;
}

int pm_csv_write_record(FILE *f, const char *const *fields, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *s = fields[i] ? fields[i] : "";
		if (i)
			fputc(',', f);
		if (!needs_quotes(s)) {
			fputs(s, f);
			continue;
		}
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	}
	fputc('\n', f);
	return ferror(f) ? PM_EIO : 0;
}

/*
 * On two processors pm_csv_read_file parses on a thread of its own: the
 * parser copies records into batches that go round a ring, and the caller's
 * thread hands them to the callback in file order. A large import checks
 * and stores its rows while the next ones are being parsed.
 */
#define BATCH_RECORDS 2048
#define BATCH_BYTES (1 << 20)
#define BATCH_RING 4

int pm_csv_single_thread;

struct batch {
	struct { size_t line, first, nfields; } *rec;   /* BATCH_RECORDS */
	size_t n;
	size_t *off, *lens;           /* every field of the batch */
	size_t nf, fcap;
	char *text;
	size_t used, room;
};

struct pipe {
	const char *path;
	struct batch ring[BATCH_RING];
	size_t produced, consumed;
	int finished, stop, nomem;
	int rc;                       /* the parser's result */
	struct pm_error err;          /* and its message */
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/* The parser's callback: copy the record into the batch being filled. */
static int collect(const struct pm_csv_record *rec, void *ctx)
{
	struct pipe *pp = ctx;
	struct batch *b = &pp->ring[pp->produced % BATCH_RING];
	size_t i, bytes = 0;

	for (i = 0; i < rec->nfields; i++)
		bytes += rec->lens[i] + 1;
	if (b->nf + rec->nfields > b->fcap) {
		size_t cap = b->fcap ? 2 * b->fcap : 4096, *o, *l;
		while (cap < b->nf + rec->nfields)
			cap *= 2;
		if ((o = realloc(b->off, cap * sizeof(*o))) != NULL)
			b->off = o;
		if ((l = o ? realloc(b->lens, cap * sizeof(*l)) : NULL) != NULL)
			b->lens = l;
		if (!l) {
			pp->nomem = 1;
			return 1;
		}
		b->fcap = cap;
	}
	if (b->used + bytes > b->room && PM_GROW(b->text, b->room, b->used + bytes) < 0) {
		pp->nomem = 1;
		return 1;
	}
	b->rec[b->n].line = rec->line;
	b->rec[b->n].first = b->nf;
	b->rec[b->n].nfields = rec->nfields;
	for (i = 0; i < rec->nfields; i++) {
		memcpy(b->text + b->used, rec->fields[i], rec->lens[i] + 1);
		b->off[b->nf] = b->used;
		b->lens[b->nf++] = rec->lens[i];
		b->used += rec->lens[i] + 1;
	}
	if (++b->n < BATCH_RECORDS && b->used < BATCH_BYTES)
		return 0;
	/* full: hand it over, wait for the next place in the ring */
	pthread_mutex_lock(&pp->mu);
	pp->produced++;
	pthread_cond_broadcast(&pp->cv);
	while (pp->produced - pp->consumed >= BATCH_RING && !pp->stop)
		pthread_cond_wait(&pp->cv, &pp->mu);
	i = (size_t)pp->stop;
	pthread_mutex_unlock(&pp->mu);
	b = &pp->ring[pp->produced % BATCH_RING];
	b->n = b->nf = b->used = 0;
	return (int)i;
}

static void *parser(void *arg)
{
	struct pipe *pp = arg;
	int rc = read_file(pp->path, collect, pp, &pp->err);

	pthread_mutex_lock(&pp->mu);
	if (pp->ring[pp->produced % BATCH_RING].n && !pp->stop)
		pp->produced++;             /* the last, partly filled batch */
	pp->rc = rc;
	pp->finished = 1;
	pthread_cond_broadcast(&pp->cv);
	pthread_mutex_unlock(&pp->mu);
	return NULL;
}

/* Hand batch b's records to fn: its non-zero return, or PM_ENOMEM with *oom set. */
static int deliver(const struct batch *b, struct pm_csv_record *rec, size_t *cap,
		   pm_csv_record_fn fn, void *ctx, int *oom)
{
	size_t r, i;
	int rc;

	for (r = 0; r < b->n; r++) {
		size_t nf = b->rec[r].nfields, f = b->rec[r].first;
		if (nf > *cap) {
			char **fields = realloc(rec->fields, nf * sizeof(*fields));
			if (!fields) {
				*oom = 1;
				return PM_ENOMEM;
			}
			rec->fields = fields;
			*cap = nf;
		}
		for (i = 0; i < nf; i++)
			rec->fields[i] = b->text + b->off[f + i];
		rec->lens = b->lens + f;
		rec->nfields = nf;
		rec->line = b->rec[r].line;
		if ((rc = fn(rec, ctx)) != 0)
			return rc;
	}
	return 0;
}

int pm_csv_read_file(const char *path, pm_csv_record_fn fn, void *ctx,
		     struct pm_error *err)
{
	struct pipe pp = { .path = path };
	struct pm_csv_record rec = { 0 };
	pthread_t thread;
	size_t cap = 0, i;
	int rc = 0, ok = 1, oom = 0;

	if (pm_csv_single_thread || sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return read_file(path, fn, ctx, err);
	for (i = 0; i < BATCH_RING && ok; i++)
		ok = (pp.ring[i].rec = malloc(BATCH_RECORDS * sizeof(*pp.ring[i].rec))) != NULL;
	if (!ok || pthread_mutex_init(&pp.mu, NULL) != 0) {
		for (i = 0; i < BATCH_RING; i++)
			free(pp.ring[i].rec);
		return pm_error_set(err, PM_ENOMEM, "out of memory reading '%s'", path);
	}
	ok = pthread_cond_init(&pp.cv, NULL) == 0;
	if (!ok || pthread_create(&thread, NULL, parser, &pp) != 0) {
		if (ok)
			pthread_cond_destroy(&pp.cv);
		pthread_mutex_destroy(&pp.mu);
		for (i = 0; i < BATCH_RING; i++)
			free(pp.ring[i].rec);
		return read_file(path, fn, ctx, err);   /* no thread: parse here */
	}
	for (;;) {
		struct batch *b;
		pthread_mutex_lock(&pp.mu);
		while (pp.consumed == pp.produced && !pp.finished)
			pthread_cond_wait(&pp.cv, &pp.mu);
		if (pp.consumed == pp.produced) {
			pthread_mutex_unlock(&pp.mu);
			break;
		}
		pthread_mutex_unlock(&pp.mu);
		b = &pp.ring[pp.consumed % BATCH_RING];
		rc = deliver(b, &rec, &cap, fn, ctx, &oom);
		pthread_mutex_lock(&pp.mu);
		pp.consumed++;
		if (rc)
			pp.stop = 1;
		pthread_cond_broadcast(&pp.cv);
		pthread_mutex_unlock(&pp.mu);
		if (rc)
			break;
	}
	pthread_join(thread, NULL);
	pthread_cond_destroy(&pp.cv);
	pthread_mutex_destroy(&pp.mu);
	if (oom || (!rc && pp.nomem))
		rc = pm_error_set(err, PM_ENOMEM, "out of memory reading '%s'", path);
	else if (!rc && pp.rc) {
		rc = pp.rc;
		if (err)
			*err = pp.err;
	}
	for (i = 0; i < BATCH_RING; i++) {
		free(pp.ring[i].rec);
		free(pp.ring[i].off);
		free(pp.ring[i].lens);
		free(pp.ring[i].text);
	}
	free(rec.fields);
	return rc;
}
