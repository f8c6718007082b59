package workspace

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/check"

	"github.com/tokeninspector/tokeninspector/auth"
)

// pastedTimeout bounds one pasted-token verification (discovery and JWKS
// fetch included).
const pastedTimeout = 30 * time.Second

// maxKeyFile bounds a key file read for a pasted token: key files are a
// few kilobytes; anything larger is not one.
const maxKeyFile = 1 << 20

// PastedRequest is what InspectPasted does with a token pasted into a
// front end, outside any profile.
type PastedRequest struct {
	// Token is the pasted text (a leading "Bearer " is fine).
	Token string
	// Verify checks the signature and adds the validation report. The key
	// comes from at most one of Issuer, JWKSURL, KeyFile and Secret; with
	// none, from the token's own iss (OpenID discovery, then RFC 8414).
	Verify          bool
	Issuer, JWKSURL string
	// KeyFile is the path of a PEM, JWK or JWK Set file.
	KeyFile string
	// Secret is an HS256/384/512 shared secret. Never logged.
	Secret string
	// DecryptKeyFile is the path of the key that opens a JWE.
	DecryptKeyFile string
}

// InspectPasted decodes, decrypts and verifies a pasted token off the
// caller's goroutine and hands the report to done (on another goroutine;
// a window moves it to its own). err says why nothing was checked: two key
// sources at once, or a key file that cannot be read; the report then
// still holds the decoded token. Workspace.Wait waits for it.
func (ws *Workspace) InspectPasted(req PastedRequest, done func(check.PastedReport, error)) {
	ws.busy.add(1)
	go func() {
		defer ws.busy.add(-1)
		done(ws.inspectPasted(req))
	}()
}

func (ws *Workspace) inspectPasted(req PastedRequest) (check.PastedReport, error) {
	now := ws.clock.Now()
	o := check.PastedOptions{Verify: req.Verify, Expect: check.Expect{Now: now}, Client: ws.httpClient()}
	var err error
	if o.Verify {
		o.Source, err = req.keySource()
	}
	if err == nil && strings.TrimSpace(req.DecryptKeyFile) != "" {
		o.DecryptKey, err = readKeyFile(req.DecryptKeyFile, "decryption key")
	}
	if err != nil {
		o.Verify, o.DecryptKey = false, nil
	}
	ctx, cancel := context.WithTimeout(ws.ctx, pastedTimeout)
	defer cancel()
	return check.InspectPasted(ctx, req.Token, o), err
}

// keySource turns the request's key fields into an check.KeySource.
func (req PastedRequest) keySource() (check.KeySource, error) {
	var src check.KeySource
	var set []string
	if v := strings.TrimSpace(req.Issuer); v != "" {
		src.Issuer = v
		set = append(set, "issuer URL")
	}
	if v := strings.TrimSpace(req.JWKSURL); v != "" {
		src.JWKSURL = v
		set = append(set, "JWKS URL")
	}
	if v := strings.TrimSpace(req.KeyFile); v != "" {
		key, err := readKeyFile(v, "key file")
		if err != nil {
			return src, err
		}
		src.Key, src.KeyName = key, filepath.Base(v)
		set = append(set, "key file")
	}
	if req.Secret != "" {
		src.Secret = []byte(req.Secret)
		set = append(set, "secret")
	}
	if len(set) > 1 {
		return check.KeySource{}, fmt.Errorf("give one key source, not %s", strings.Join(set, " and "))
	}
	return src, nil
}

// readKeyFile reads a key file, refusing what cannot be one; the error
// names the file, never its content.
func readKeyFile(path, what string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer f.Close()
	st, err := f.Stat()
	switch {
	case err != nil:
		return nil, fmt.Errorf("%s %s: %w", what, path, err)
	case st.IsDir():
		return nil, fmt.Errorf("%s %s is a folder", what, path)
	case st.Size() > maxKeyFile:
		return nil, fmt.Errorf("%s %s is %d bytes: too large for a key", what, path, st.Size())
	}
	b, err := io.ReadAll(io.LimitReader(f, maxKeyFile))
	switch {
	case err != nil:
		return nil, fmt.Errorf("%s %s: %w", what, path, err)
	case len(b) == 0:
		return nil, errors.New(what + " " + path + " is empty")
	}
	return b, nil
}

// httpClient is the client pasted-token verification fetches metadata and
// keys with.
func (ws *Workspace) httpClient() *http.Client {
	if ws.deps.HTTP != nil {
		return ws.deps.HTTP
	}
	return &http.Client{Timeout: auth.DefaultHTTPTimeout}
}
