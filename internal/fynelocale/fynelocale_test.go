package fynelocale

import "testing"

func TestIsCLocale(t *testing.T) {
	for loc, want := range map[string]bool{
		"C.UTF-8": true, "C.utf8": true, "POSIX.UTF-8": true, "C@euro": true,
		"C": false, "POSIX": false, "": false, "en_US.UTF-8": false, "Ca_ES.UTF-8": false, "fr_FR": false,
	} {
		if got := isCLocale(loc); got != want {
			t.Errorf("isCLocale(%q) = %v, want %v", loc, got, want)
		}
	}
}

func TestLocaleFromEnvOrder(t *testing.T) {
	env := map[string]string{"LANG": "C.UTF-8", "LC_MESSAGES": "de_DE.UTF-8"}
	get := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	if got := localeFromEnv(get); got != "de_DE.UTF-8" {
		t.Errorf("got %q, want LC_MESSAGES before LANG", got)
	}
	env["LC_ALL"] = "C.UTF-8"
	if got := localeFromEnv(get); got != "C.UTF-8" {
		t.Errorf("got %q, want LC_ALL first", got)
	}
}
