/* comma_locale.h - a decimal-comma locale for the tests that prove machine output ignores it. */
#ifndef HPSTAT_TEST_COMMA_LOCALE_H
#define HPSTAT_TEST_COMMA_LOCALE_H

/*
 * Puts LC_NUMERIC in a locale whose decimal point is a comma (printf then writes "1,5"): an
 * installed one, else de_DE built with localedef into a fresh directory under $TMPDIR, which
 * glibc finds through LOCPATH and which is removed as soon as setlocale has loaded it (Debian
 * ships the locale sources without generating any, and a test must not touch the system's
 * locale archive). Returns the locale's name, or NULL, with LC_NUMERIC left "C", when none
 * can be had: the caller then says on stderr that its test proved nothing here.
 */
const char *comma_locale_set(void);

#endif
