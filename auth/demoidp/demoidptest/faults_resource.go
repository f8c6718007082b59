package demoidptest

import (
	"net/http"
	"net/http/httptest"
	"strings"
)

// resourceFault answers r itself when f breaks the "start from the API"
// chain at r's step: a challenge left out, metadata missing, registration
// missing or refused. It reports whether it answered.
func (f Faults) resourceFault(w http.ResponseWriter, r *http.Request, next http.Handler) bool {
	switch {
	case f.NoChallenge && strings.HasPrefix(r.URL.Path, pathAPI):
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			if k != "Www-Authenticate" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	case f.NoResourceMetadata && strings.HasPrefix(r.URL.Path, pathResourceMetadata):
		http.NotFound(w, r)
	case f.NoRegistration && r.URL.Path == pathRegister:
		http.NotFound(w, r)
	case f.RefuseRegistration != "" && r.URL.Path == pathRegister:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"error":"` + f.RefuseRegistration + `","error_description":"demoidptest: this provider refuses the client metadata"}`))
	default:
		return false
	}
	return true
}
