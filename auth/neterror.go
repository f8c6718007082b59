package auth

import (
	"errors"
	"net"
	"net/url"
	"syscall"
)

// NetworkError is a request that got no answer, said the way a person
// needs it: the cause in a few words and the next step, one line
// ("nothing answers at http://127.0.0.1:1 — is the provider running, and
// is the URL right?") instead of "dial tcp 127.0.0.1:1: connect:
// connection refused". Err keeps the original for errors.Is and As.
type NetworkError struct {
	Cause, Next string
	Err         error
}

// Error is the cause and the next step.
func (e *NetworkError) Error() string { return e.Cause + " — " + e.Next }

// Unwrap returns the transport's error.
func (e *NetworkError) Unwrap() error { return e.Err }

// ExplainNetwork turns a transport error (a refused connection, an
// unknown host, a timeout, a reset, an untrusted certificate) into one
// line naming the cause and the next step; the window and the command
// line both show it. Other errors come back unchanged.
func ExplainNetwork(err error) error {
	if err == nil {
		return nil
	}
	if explained := ExplainTLS(err); explained != err {
		return explained
	}
	var ne *NetworkError
	if errors.As(err, &ne) {
		return err
	}
	where := "the server"
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil && u.Host != "" {
			where = u.Scheme + "://" + u.Host
		}
	}
	var dns *net.DNSError
	var nerr net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return &NetworkError{Cause: "nothing answers at " + where, Next: "is the provider running, and is the URL right?", Err: err}
	case errors.As(err, &dns):
		return &NetworkError{Cause: "no host called " + dns.Name + " (" + where + ")", Next: "check the URL, or your network (VPN, DNS)", Err: err}
	case errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH):
		return &NetworkError{Cause: where + " cannot be reached from here (no route)", Next: "check your network or VPN", Err: err}
	case errors.Is(err, syscall.ECONNRESET):
		return &NetworkError{Cause: "the connection to " + where + " was reset", Next: "try again; a proxy or firewall may be in the way", Err: err}
	case errors.As(err, &nerr) && nerr.Timeout():
		return &NetworkError{Cause: where + " did not answer in time", Next: "the provider may be down or slow, or a firewall drops the connection; try again", Err: err}
	}
	return err
}
