package demoidp

import (
	"encoding/json"
	"errors"
	"mime"
	"net/http"
)

// maxFormBytes bounds request bodies parsed as forms.
const maxFormBytes = 64 << 10

// realm is the authentication realm in WWW-Authenticate challenges.
const realm = "tokeninspector-demo"

// oauthError is an OAuth 2.0 error response (RFC 6749 §4.1.2.1, §5.2).
type oauthError struct {
	Code        string `json:"error"`
	Description string `json:"error_description,omitempty"`
	status      int    // HTTP status for token-style responses; 0 means 400
}

// Error implements error.
func (e *oauthError) Error() string {
	if e.Description == "" {
		return e.Code
	}
	return e.Code + ": " + e.Description
}

// newError returns an oauthError answered with status 400.
func newError(code, description string) *oauthError {
	return &oauthError{Code: code, Description: description}
}

// writeError writes e as a JSON error response with Cache-Control: no-store.
// A 401 response carries a Basic challenge, as RFC 6749 §5.2 requires when
// the client authenticated with HTTP Basic.
func writeError(w http.ResponseWriter, e *oauthError) {
	status := e.status
	if status == 0 {
		status = http.StatusBadRequest
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="`+realm+`", charset="UTF-8"`)
	}
	noStore(w)
	writeJSON(w, status, e)
}

// noStore marks a response as not cacheable (RFC 6749 §5.1).
func noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
}

// writeJSON writes v as a JSON response with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}

// parsePostForm parses an application/x-www-form-urlencoded body of at most
// maxFormBytes into r.PostForm, rejecting repeated parameters (RFC 6749
// §3.2, §3.1) other than resource (RFC 8707 §2). Query parameters are parsed into r.Form but never trusted by
// callers, which read r.PostForm.
func parsePostForm(w http.ResponseWriter, r *http.Request) *oauthError {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/x-www-form-urlencoded" {
		return newError("invalid_request", "Content-Type must be application/x-www-form-urlencoded")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return &oauthError{Code: "invalid_request", Description: "request body too large", status: http.StatusRequestEntityTooLarge}
		}
		return newError("invalid_request", "malformed form body")
	}
	for k, vs := range r.PostForm {
		if len(vs) > 1 && k != "resource" { // RFC 8707 §2: resource may repeat
			return newError("invalid_request", "parameter "+k+" is repeated")
		}
	}
	return nil
}
