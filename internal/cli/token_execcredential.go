package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
)

// kubectl's exec credential plugin protocol (client.authentication.k8s.io):
// kubectl runs the plugin with KUBERNETES_EXEC_INFO holding an
// ExecCredential whose spec says whether the user can be asked anything,
// and reads an ExecCredential of the same apiVersion from its stdout.

// execInfoEnv names the variable kubectl passes the request in.
const execInfoEnv = "KUBERNETES_EXEC_INFO"

// The apiVersions answered: v1 (kubectl 1.22 and later) and v1beta1
// (kubectl 1.11 and later, Debian bookworm's 1.20 among them).
const (
	execAPIv1      = "client.authentication.k8s.io/v1"
	execAPIv1beta1 = "client.authentication.k8s.io/v1beta1"
)

// execRequest is what kubectl asked: the apiVersion to answer with, and
// whether a login may prompt.
type execRequest struct {
	APIVersion  string
	Interactive bool
}

// readExecRequest parses KUBERNETES_EXEC_INFO's value. Without it (the
// plugin run by hand, or a kubectl too old to send it) the answer is v1
// and nothing prompts.
func readExecRequest(info string) (execRequest, error) {
	if info == "" {
		return execRequest{APIVersion: execAPIv1}, nil
	}
	var in struct {
		Kind       string `json:"kind"`
		APIVersion string `json:"apiVersion"`
		Spec       struct {
			Interactive bool `json:"interactive"`
		} `json:"spec"`
	}
	if err := json.Unmarshal([]byte(info), &in); err != nil {
		return execRequest{}, fmt.Errorf("%s is not an ExecCredential: %w", execInfoEnv, err)
	}
	if in.Kind != "ExecCredential" {
		return execRequest{}, fmt.Errorf("%s holds a %q, not an ExecCredential", execInfoEnv, in.Kind)
	}
	switch in.APIVersion {
	case execAPIv1, execAPIv1beta1:
	default:
		return execRequest{}, fmt.Errorf("%s asks for apiVersion %q; this plugin answers %s and %s", execInfoEnv, in.APIVersion, execAPIv1, execAPIv1beta1)
	}
	return execRequest{APIVersion: in.APIVersion, Interactive: in.Spec.Interactive}, nil
}

// execCredential is the answer.
type execCredential struct {
	Kind       string `json:"kind"`
	APIVersion string `json:"apiVersion"`
	Spec       struct {
		Interactive bool `json:"interactive"`
	} `json:"spec"`
	Status struct {
		ExpirationTimestamp string `json:"expirationTimestamp,omitempty"`
		Token               string `json:"token"`
	} `json:"status"`
}

// errNoIDToken says the remembered session has no ID token to hand out.
var errNoIDToken = errors.New("the remembered session has no ID token (does the profile ask for the openid scope?); use --token-kind access, or log in again")

// printExecCredential writes ts's ID or access token (kind) as an
// ExecCredential for req; its expirationTimestamp is that token's expiry
// in RFC 3339, UTC, so kubectl asks again in time.
func printExecCredential(w io.Writer, req execRequest, kind string, ts *auth.TokenSet) error {
	var out execCredential
	out.Kind, out.APIVersion, out.Spec.Interactive = "ExecCredential", req.APIVersion, req.Interactive
	var exp time.Time
	switch kind {
	case tokenKindID:
		if ts.IDToken == "" {
			return errNoIDToken
		}
		out.Status.Token, exp = ts.IDToken, ts.ID.ExpiresAt
		if !exp.IsZero() && !exp.After(time.Now()) {
			return errors.New("the provider's refresh did not bring a new ID token and the remembered one has expired; use --token-kind access, or log in again")
		}
	default:
		out.Status.Token = ts.AccessToken
		exp, _ = ts.Expiry()
	}
	if !exp.IsZero() {
		out.Status.ExpirationTimestamp = exp.UTC().Format(time.RFC3339)
	}
	return json.NewEncoder(w).Encode(out)
}

// The token kinds --token-kind takes.
const (
	tokenKindID     = "id"
	tokenKindAccess = "access"
)
