package demoidp

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
)

// Response modes of the authorization response (OAuth 2.0 Multiple
// Response Type Encoding Practices; OAuth 2.0 Form Post Response Mode).
const (
	responseModeQuery    = "query"
	responseModeFormPost = "form_post"
)

// responseModes are the response modes this provider supports.
var responseModes = []string{responseModeQuery, responseModeFormPost, responseModeJWT, responseModeQueryJWT, responseModeFormPostJWT}

// responseModeOf reads response_mode; "" means query, the default of
// response_type=code. ok is false for a mode this provider does not speak.
func responseModeOf(q url.Values) (mode string, ok bool) {
	mode = q.Get("response_mode")
	if mode == "" {
		return responseModeQuery, true
	}
	return mode, slices.Contains(responseModes, mode)
}

// formPostPage is the auto-submitting form of the form_post response mode
// (Form Post Response Mode §2): the browser POSTs the parameters to the
// redirect URI. The noscript button lets a user without JavaScript go on.
var formPostPage = template.Must(template.New("form_post").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Submit this form</title></head>
<body onload="document.forms[0].submit()">
<form method="post" action="{{.Action}}">
{{range $k, $vs := .Params}}{{range $vs}}<input type="hidden" name="{{$k}}" value="{{.}}">
{{end}}{{end}}<noscript><button type="submit">Continue</button></noscript>
</form>
</body></html>
`))

// writeFormPost answers with the auto-submitting form that posts params to
// redirectURI.
func writeFormPost(w http.ResponseWriter, redirectURI string, params url.Values) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(http.StatusOK)
	_ = formPostPage.Execute(w, struct {
		Action string
		Params url.Values
	}{redirectURI, params})
}
