package demoidp

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"sync"
)

// The page templates are parsed on first use, once, and only read
// afterwards: parsed at package init they cost every CLI command's start
// (the CLI links this package for demo-idp and the demo profile).

// pageTemplates renders the provider's HTML pages.
var pageTemplates = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("layout").Parse(`{{define "layout"}}<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · Token Inspector demo provider</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #eef1f5; color: #1c2330; }
  main { width: min(26rem, 92vw); background: #fff; border-radius: 12px; padding: 2rem; box-shadow: 0 6px 24px rgba(0,0,0,.08); }
  .brand { margin: 0 0 1.25rem; font-size: .8rem; letter-spacing: .06em; text-transform: uppercase; color: #3643ba; font-weight: 600; }
  h1 { margin: 0 0 1rem; font-size: 1.35rem; }
  dl { margin: 0 0 1.5rem; display: grid; grid-template-columns: max-content 1fr; gap: .4rem 1rem; font-size: .92rem; }
  dt { color: #5b6474; }
  dd { margin: 0; overflow-wrap: anywhere; }
  code { font-size: .85rem; background: #f1f3f7; border-radius: 4px; padding: .05rem .3rem; }
  .scopes code { display: inline-block; margin: 0 .25rem .25rem 0; }
  .details pre { margin: 0 0 .5rem 0; white-space: pre-wrap; }
  .actions { display: flex; gap: .75rem; }
  button { flex: 1; font: inherit; font-weight: 600; padding: .7rem 1rem; border-radius: 8px; border: 1px solid #3643ba; cursor: pointer; }
  #signin { background: #3643ba; color: #fff; }
  #deny { background: transparent; color: #3643ba; }
  p { line-height: 1.45; }
  .note { margin: 1.25rem 0 0; font-size: .8rem; color: #5b6474; }
  @media (prefers-color-scheme: dark) {
    body { background: #12151b; color: #e6e9ef; }
    main { background: #1c2129; box-shadow: none; }
    dt, .note { color: #9aa3b2; }
    code { background: #2a303b; }
    .brand, #deny { color: #8f9bff; }
    button { border-color: #8f9bff; }
  }
</style>
</head>
<body>
<main>
<p class="brand">Token Inspector demo provider</p>
{{template "content" .}}
</main>
</body>
</html>
{{end}}`))
})

// signInTemplate is the sign-in (consent) page.
var signInTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.Must(pageTemplates().Clone()).Parse(`{{define "content"}}
<h1>Sign in</h1>
<dl>
  <dt>User</dt><dd>{{.Name}} &lt;{{.Email}}&gt;</dd>
  <dt>Subject</dt><dd><code>{{.Subject}}</code></dd>
  <dt>Application</dt><dd><code>{{.ClientID}}</code></dd>
  <dt>Scopes</dt><dd class="scopes">{{range .Scopes}}<code>{{.}}</code>{{end}}</dd>
  {{if .Details}}<dt>Access details</dt><dd class="details">{{range .Details}}<pre>{{.}}</pre>{{end}}</dd>{{end}}
  <dt>Returns to</dt><dd><code>{{.RedirectHost}}</code></dd>
</dl>
<form method="post" action="/authorize/decision">
  <input type="hidden" name="request" value="{{.RequestID}}">
  <div class="actions">
    <button id="signin" name="decision" value="approve" type="submit" autofocus>Sign in</button>
    <button id="deny" name="decision" value="deny" type="submit">Deny</button>
  </div>
</form>
<p class="note">This is a local test identity provider. No password is needed and nothing leaves this computer.</p>
{{end}}`))
})

// errorTemplate is the page shown for requests that cannot be redirected.
var errorTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.Must(pageTemplates().Clone()).Parse(`{{define "content"}}
<h1>{{.Title}}</h1>
<p>{{.Message}}</p>
{{end}}`))
})

// signInPage renders the sign-in page for the pending request id.
func (s *Server) signInPage(w http.ResponseWriter, id string, req authRequest) {
	host := req.redirectURI
	if u, err := url.Parse(host); err == nil {
		host = u.Host
	}
	s.renderPage(w, http.StatusOK, signInTemplate(), struct {
		Title, Name, Email, Subject, ClientID, RedirectHost, RequestID string
		Scopes, Details                                                []string
	}{
		Title:        "Sign in",
		Name:         s.opts.Name,
		Email:        s.opts.Email,
		Subject:      s.opts.Subject,
		ClientID:     req.clientID,
		RedirectHost: host,
		RequestID:    id,
		Scopes:       req.scopes,
		Details:      detailsForPage(req.details),
	})
}

// errorPage renders an error page with the given status.
func (s *Server) errorPage(w http.ResponseWriter, status int, title, message string) {
	s.renderPage(w, status, errorTemplate(), struct{ Title, Message string }{title, message})
}

// renderPage executes the layout of t into a buffer and writes it with
// headers that keep the page out of caches and frames.
func (s *Server) renderPage(w http.ResponseWriter, status int, t *template.Template, data any) {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.opts.Logf("demoidp: render page: %v", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
