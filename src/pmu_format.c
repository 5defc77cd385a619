/* pmu_format.c - parsing of sysfs format fields, term lists and pmu/terms/ names; bit packing. */
#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pmu_format.h"

static const char *const config_words[PMU_CONFIG_WORDS] = { "config", "config1", "config2" };

int pmu_config_word(const char *name)
{
	int i;

	for (i = 0; i < PMU_CONFIG_WORDS; i++)
		if (strcmp(name, config_words[i]) == 0)
			return i;
	return -1;
}

static const char *skip_space(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

/* Reads a decimal bit number 0..63 at *p; -1 when there is none or it is out of range. */
static int read_bit(const char **p)
{
	int bit = 0, digits = 0;

	while (isdigit((unsigned char)**p)) {
		bit = bit * 10 + (**p - '0');
		if (bit > 63)
			return -1;
		(*p)++;
		digits++;
	}
	return digits ? bit : -1;
}

static uint64_t range_mask(unsigned lo, unsigned hi)
{
	unsigned width = hi - lo + 1;

	return (width == 64 ? UINT64_MAX : ((UINT64_C(1) << width) - 1)) << lo;
}

int pmu_format_parse(struct pmu_format *f, const char *term, const char *text,
		     struct hp_err *err)
{
	uint64_t used[PMU_CONFIG_WORDS] = { 0 };
	const char *p = skip_space(text);
	int word = -1;
	/* Messages quote the text without its surrounding blanks: a sysfs file ends in a newline,
	 * which would split a one-line message. */
	int shown = (int)strlen(p);

	while (shown > 0 && isspace((unsigned char)p[shown - 1]))
		shown--;

	memset(f, 0, sizeof(*f));
	for (;;) {
		struct pmu_field_range *r;
		int lo, hi;

		p = skip_space(p);
		if (isalpha((unsigned char)*p)) {
			char name[16];
			size_t len = strcspn(p, ":, \t\n");

			if (len >= sizeof(name) || p[len] != ':')
				goto bad;
			memcpy(name, p, len);
			name[len] = '\0';
			word = pmu_config_word(name);
			if (word < 0)
				return err_set(err, "format of term '%s' names '%s', which is not "
					       "config, config1 or config2", term, name);
			p += len + 1;
		}
		if (word < 0)
			goto bad;
		lo = read_bit(&p);
		hi = lo;
		if (lo >= 0 && *p == '-') {
			p++;
			hi = read_bit(&p);
		}
		if (lo < 0 || hi < 0 || lo > hi)
			goto bad;
		if (used[word] & range_mask((unsigned)lo, (unsigned)hi))
			return err_set(err, "format of term '%s' uses a bit of %s twice: '%.*s'",
				       term, config_words[word], shown, skip_space(text));
		if (f->n_ranges == PMU_FORMAT_MAX_RANGES)
			return err_set(err, "format of term '%s' has more than %d bit ranges", term,
				       PMU_FORMAT_MAX_RANGES);
		used[word] |= range_mask((unsigned)lo, (unsigned)hi);
		r = &f->ranges[f->n_ranges++];
		r->word = (unsigned char)word;
		r->lo = (unsigned char)lo;
		r->hi = (unsigned char)hi;
		f->width_bits += (unsigned)(hi - lo + 1);
		p = skip_space(p);
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '\0')
			break;
		goto bad;
	}
	if (f->width_bits > 64)
		return err_set(err, "format of term '%s' is wider than 64 bits: '%.*s'", term, shown,
			       skip_space(text));
	return 0;
bad:
	memset(f, 0, sizeof(*f));
	return err_set(err, "cannot parse the format of term '%s': '%.*s' (expected e.g. "
		       "config:0-7 or config1:0-15,32-35)", term, shown, skip_space(text));
}

uint64_t pmu_format_max(const struct pmu_format *f)
{
	if (f->width_bits >= 64)
		return UINT64_MAX;
	return (UINT64_C(1) << f->width_bits) - 1;
}

int pmu_format_pack(const struct pmu_format *f, uint64_t value,
		    uint64_t config[PMU_CONFIG_WORDS])
{
	size_t i;

	if (value > pmu_format_max(f))
		return -1;
	for (i = 0; i < f->n_ranges; i++) {
		const struct pmu_field_range *r = &f->ranges[i];
		unsigned width = (unsigned)(r->hi - r->lo + 1);
		uint64_t mask = range_mask(r->lo, r->hi);

		config[r->word] = (config[r->word] & ~mask) | ((value << r->lo) & mask);
		value = width == 64 ? 0 : value >> width;
	}
	return 0;
}

static bool is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
}

/* Copies [start, end) into out without surrounding whitespace; false when it does not fit. */
static bool copy_trimmed(char *out, size_t cap, const char *start, const char *end)
{
	size_t len;

	while (start < end && isspace((unsigned char)*start))
		start++;
	while (end > start && isspace((unsigned char)end[-1]))
		end--;
	len = (size_t)(end - start);
	if (len >= cap)
		return false;
	memcpy(out, start, len);
	out[len] = '\0';
	return true;
}

/* Decimal or 0x-hex, no sign, the whole of text, fitting 64 bits. Every character is checked
 * here: strtoull would also take a sign, blanks, or (in base 16) a second "0x". */
int pmu_number_parse(const char *text, uint64_t *out)
{
	bool hex = text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
	const char *digits = hex ? text + 2 : text, *c;
	unsigned long long v;
	char *end;

	if (!*digits)
		return -1;
	for (c = digits; *c; c++)
		if (!(hex ? isxdigit((unsigned char)*c) : isdigit((unsigned char)*c)))
			return -1;
	errno = 0;
	v = strtoull(digits, &end, hex ? 16 : 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

int pmu_terms_parse(const char *text, bool allow_placeholder, const char *what,
		    struct pmu_term terms[PMU_MAX_TERMS], size_t *n, struct hp_err *err)
{
	const char *p = text;

	*n = 0;
	for (;;) {
		const char *end = p + strcspn(p, ",");
		const char *eq = memchr(p, '=', (size_t)(end - p));
		struct pmu_term *t;
		char value[128];
		size_t i;

		if (*n == PMU_MAX_TERMS)
			return err_set(err, "event '%s' has more than %d terms", what, PMU_MAX_TERMS);
		t = &terms[*n];
		memset(t, 0, sizeof(*t));
		if (!copy_trimmed(t->name, sizeof(t->name), p, eq ? eq : end))
			return err_set(err, "event '%s': term name too long", what);
		if (!t->name[0])
			return err_set(err, "event '%s': empty term; terms are name=value separated "
				       "by ','", what);
		for (i = 0; t->name[i]; i++)
			if (!is_name_char(t->name[i]))
				return err_set(err, "event '%s': bad character '%c' in term '%s'", what,
					       t->name[i], t->name);
		t->kind = PMU_TERM_BARE;
		if (eq) {
			if (!copy_trimmed(value, sizeof(value), eq + 1, end))
				return err_set(err, "event '%s': the value of term '%s' is longer than "
					       "%zu characters", what, t->name, sizeof(value) - 1);
			if (!value[0])
				return err_set(err, "event '%s': term '%s' needs a value after '='",
					       what, t->name);
			if (strcmp(value, "?") == 0 && allow_placeholder) {
				t->kind = PMU_TERM_PLACEHOLDER;
			} else if (pmu_number_parse(value, &t->value) == 0) {
				t->kind = PMU_TERM_VALUE;
			} else {
				return err_set(err, "event '%s': bad value '%s' for term '%s': use a "
					       "decimal or 0x-hex number below 2^64", what, value,
					       t->name);
			}
		}
		(*n)++;
		if (*end == '\0')
			return 0;
		p = end + 1;
	}
}

int pmu_name_split(struct pmu_name *out, const char *name, struct hp_err *err)
{
	const char *open = strchr(name, '/');
	const char *close = open ? strchr(open + 1, '/') : NULL;
	const char *m;
	size_t i, n_mods = 0;

	memset(out, 0, sizeof(*out));
	if (!open || !close)
		goto bad;
	if (!copy_trimmed(out->pmu, sizeof(out->pmu), name, open) || !out->pmu[0])
		goto bad;
	for (i = 0; out->pmu[i]; i++)
		if (!is_name_char(out->pmu[i]))
			goto bad;
	if (strcmp(out->pmu, ".") == 0 || strcmp(out->pmu, "..") == 0)
		goto bad;
	if (!copy_trimmed(out->terms, sizeof(out->terms), open + 1, close))
		return err_set(err, "event '%.200s': too long between the slashes", name);
	for (m = close + 1; *m; m++) {
		if (*m == ':')
			continue;
		if (!isalpha((unsigned char)*m) || n_mods + 1 >= sizeof(out->mods))
			goto bad;
		out->mods[n_mods++] = *m;
	}
	return 0;
bad:
	memset(out, 0, sizeof(*out));
	return err_set(err, "malformed event '%s': write a PMU's event as PMU/EVENT/ or "
		       "PMU/TERM=VALUE,.../, modifiers u or k after the last slash", name);
}

int pmu_raw_parse(const char *name, uint64_t *config, const char **mods, struct hp_err *err)
{
	const char *p = name + 1, *digits;
	size_t significant = 0;
	uint64_t v = 0;

	if (name[0] != 'r' || !isxdigit((unsigned char)*p))
		return 0;
	while (*p == '0')
		p++;
	digits = p;
	while (isxdigit((unsigned char)*p))
		p++;
	if (*p && *p != ':')
		return 0;
	significant = (size_t)(p - digits);
	if (significant > 16)
		return err_set(err, "raw event '%s': the code is wider than 64 bits", name);
	for (; digits < p; digits++) {
		int c = tolower((unsigned char)*digits);

		v = v << 4 | (uint64_t)(isdigit(c) ? c - '0' : c - 'a' + 10);
	}
	*config = v;
	*mods = p;
	return 1;
}

int pmu_modifiers_apply(const char *mods, struct perf_event_attr *attr, const char *what,
			struct hp_err *err)
{
	bool user = false, kernel = false, hv = false, any = false;
	const char *p;

	for (p = mods; *p; p++) {
		switch (*p) {
		case ':':
			continue;
		case 'u':
			user = true;
			break;
		case 'k':
			kernel = true;
			break;
		case 'h':
			hv = true;
			break;
		default:
			return err_set(err, "unknown modifier '%c' in event '%s': use u (user), "
				       "k (kernel) or h (hypervisor)", *p, what);
		}
		any = true;
	}
	if (any) {
		attr->exclude_user = !user;
		attr->exclude_kernel = !kernel;
		attr->exclude_hv = !hv;
	}
	return 0;
}

int pmu_scale_parse(const char *text, double *scale)
{
	locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	const char *p = skip_space(text);
	char *end;
	double v;

	if (c_locale == (locale_t)0)
		return -1;
	v = strtod_l(p, &end, c_locale);
	freelocale(c_locale);
	if (end == p || *skip_space(end) != '\0' || !isfinite(v) || v <= 0)
		return -1;
	*scale = v;
	return 0;
}

void pmu_unit_copy(char *out, size_t cap, const char *text)
{
	const char *end;
	size_t len;

	if (cap == 0)
		return;
	text = skip_space(text);
	end = text + strlen(text);
	while (end > text && isspace((unsigned char)end[-1]))
		end--;
	len = (size_t)(end - text);
	if (len >= cap)
		len = cap - 1;
	memcpy(out, text, len);
	out[len] = '\0';
}

size_t pmu_name_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[64];

	if (la > 62 || lb > 62)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (tolower((unsigned char)a[i - 1]) !=
					      tolower((unsigned char)b[j - 1]));

			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			if (up + 1 < best)
				best = up + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* Terms perf takes for sampling or for its own aggregation, which change nothing a counter
 * counts here. */
static const char *const sampling_terms[] = {
	"period", "freq", "time", "call-graph", "stack-size", "max-stack", "nr", "overwrite",
	"no-overwrite", "branch_type", "aux-output", "aux-sample-size", "metric-id", "inherit",
	"percore", /* sums a core's threads per CPU row: hpstat's --per-core rows do that */
};

static const struct {
	const char *term;
	const char *why;
} refused_terms[] = {
	{ "no-inherit", "hpstat sets inheritance for all events at once: use -i (--no-inherit)" },
	{ "driver-config", "it configures tracing hardware, which hpstat does not use" },
};

int pmu_terms_take_perf(char *text, struct pmu_perf_terms *out, const char *what,
			struct hp_err *err)
{
	char *read = text, *write = text;
	size_t i;

	memset(out, 0, sizeof(*out));
	while (*read) {
		size_t len = strcspn(read, ",");
		size_t key = strcspn(read, "=,");
		bool keep = true;

		/* name='a,b': a quoted name may hold commas (perf's metric names do). */
		if (read[key] == '=' && (read[key + 1] == '\'' || read[key + 1] == '"')) {
			const char *close = strchr(read + key + 2, read[key + 1]);

			if (!close || (close[1] && close[1] != ','))
				return err_set(err, "event '%s': a quoted value must end with its "
					       "quote before the next term", what);
			len = (size_t)(close + 1 - read);
		}

		for (i = 0; i < sizeof(refused_terms) / sizeof(refused_terms[0]); i++)
			if (key == strlen(refused_terms[i].term) &&
			    strncmp(read, refused_terms[i].term, key) == 0)
				return err_set(err, "term '%s' in event '%s' is not supported: %s",
					       refused_terms[i].term, what, refused_terms[i].why);
		if (key == 4 && strncmp(read, "name", 4) == 0 && read[key] == '=') {
			size_t n = len - key - 1;

			const char *value = read + key + 1;

			if (n >= 2 && (value[0] == '\'' || value[0] == '"')) {
				value++; /* the quotes are not part of the name */
				n -= 2;
			}
			if (n == 0 || n >= sizeof(out->name))
				return err_set(err, "event '%s': name= needs a name of 1 to %zu "
					       "characters", what, sizeof(out->name) - 1);
			for (size_t c = 0; c < n; c++)
				if (iscntrl((unsigned char)value[c]))
					return err_set(err, "event '%.100s': name= holds a control "
						       "character: write a printable name", what);
			memcpy(out->name, value, n);
			out->name[n] = '\0';
			keep = false;
		}
		for (i = 0; keep && i < sizeof(sampling_terms) / sizeof(sampling_terms[0]); i++)
			if (key == strlen(sampling_terms[i]) &&
			    strncmp(read, sampling_terms[i], key) == 0) {
				if (!out->ignored[0]) {
					memcpy(out->ignored, read, key);
					out->ignored[key] = '\0';
				}
				keep = false;
			}
		if (keep) {
			if (write != text)
				*write++ = ',';
			memmove(write, read, len);
			write += len;
		}
		read += len + (read[len] == ',');
	}
	*write = '\0';
	return 0;
}
