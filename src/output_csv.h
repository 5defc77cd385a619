/* output_csv.h - the --csv backend's number format, exposed so tests can pin it down. */
#ifndef HPSTAT_OUTPUT_CSV_H
#define HPSTAT_OUTPUT_CSV_H

#include <stddef.h>

/* Enough for any number output_csv_number() writes, with its terminating NUL. */
#define OUTPUT_CSV_NUMBER_MAX 32

/*
 * Writes value as every CSV number is written, into buf (cap >= OUTPUT_CSV_NUMBER_MAX), and
 * returns buf: 15 significant digits with trailing zeros dropped (1052.4, 0.00025, 129188,
 * 66.6666666666667), a '.' decimal point whatever the locale, no thousands separators;
 * positional for 1e-5 <= |value| < 1e15, else C's exponent form (1e+15, 2.5e-06). Zero of
 * either sign is "0"; NaN and infinities are "" (an empty field: the value is unavailable).
 */
char *output_csv_number(char *buf, size_t cap, double value);

/*
 * The locale-free half of output_csv_number(): lays out the digits and exponent of sci, the
 * text printf's "%.14e" made of a value, ignoring whatever decimal point the locale put in it
 * ("1,05240000000000e+03" gives "1052.4"). Lets tests feed a decimal comma without a locale.
 */
char *output_csv_number_from_sci(char *buf, size_t cap, const char *sci);

#endif
