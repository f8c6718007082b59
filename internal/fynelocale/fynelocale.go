// Package fynelocale keeps Fyne from logging "Error parsing user locale C"
// in a C or POSIX locale with an encoding (LANG=C.UTF-8, the default of
// containers and many CI machines).
//
// Fyne (v2.7) reads the locale in its lang package's init, through
// go-locale, which turns LANG=C.UTF-8 into the language tag "C" and fails
// to parse it. Only the window imports this package, for its side effect:
// its init runs before Fyne's (it imports nothing but syscall, and Go
// initialises a package as soon as its imports are, in import path order:
// before os, which Fyne's lang package needs), and sets LANGUAGE=en, which
// go-locale reads before LANG when the locale is not exactly "C". gettext
// ignores LANGUAGE in the C locale, so programs the window starts (the
// browser) are not changed. The command line does not link Fyne and does
// not import this package.
package fynelocale

import "syscall"

func init() {
	if lang, ok := syscall.Getenv("LANGUAGE"); ok && lang != "" {
		return
	}
	if isCLocale(localeFromEnv(syscall.Getenv)) {
		syscall.Setenv("LANGUAGE", "en")
	}
}

// localeFromEnv is the locale messages are in: the first of LC_ALL,
// LC_MESSAGES and LANG that is set, as go-locale reads them.
func localeFromEnv(getenv func(string) (string, bool)) string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v, _ := getenv(k); v != "" {
			return v
		}
	}
	return ""
}

// isCLocale says whether loc is the C or POSIX locale with an encoding or
// modifier ("C.UTF-8", "POSIX@x"), which go-locale passes on as "C".
// Exactly "C" or "POSIX" it handles itself.
func isCLocale(loc string) bool {
	for _, c := range []string{"C", "POSIX"} {
		if len(loc) > len(c) && loc[:len(c)] == c && (loc[len(c)] == '.' || loc[len(c)] == '@') {
			return true
		}
	}
	return false
}
