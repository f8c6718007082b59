package oidc

import (
	"html/template"
	"net/http"
	"sync"
)

// page is the small HTML answer the browser shows after the redirect,
// parsed on first use: parsing it at package init cost every CLI command's
// start, login or not.
var page = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Token Inspector — {{.Title}}</title>
<style>body{font:16px system-ui,sans-serif;margin:15vh auto;max-width:34em;padding:0 1em;color:#222}
h1{font-size:1.4em}.ok{color:#1a7f37}.err{color:#b3261e}p{line-height:1.5}code{background:#eee;padding:0 .3em}</style></head>
<body><h1 id="{{.ID}}" class="{{.Class}}">{{.Title}}</h1><p id="detail">{{.Detail}}</p></body></html>
`))
})

type pageData struct{ ID, Class, Title, Detail string }

func writePage(w http.ResponseWriter, status int, d pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	_ = page().Execute(w, d)
}
