package cli

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"strings"
	"time"
)

// git's credential helper protocol (git-credential(1)): git writes
// key=value lines, ended by a blank line or the end of input, on the
// helper's stdin; `get` answers with key=value lines on stdout.

// gitRequest is what git sent.
type gitRequest struct {
	Protocol, Host, Path, Username, Password string
}

// maxGitRequest bounds what is read from git: a request is a few lines.
const maxGitRequest = 64 << 10

// readGitRequest parses git's request. Unknown keys (capability[],
// wwwauth[], url, …) are ignored, as git's own helpers do.
func readGitRequest(r io.Reader) (gitRequest, error) {
	var req gitRequest
	sc := bufio.NewScanner(io.LimitReader(r, maxGitRequest))
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if line == "" {
			break
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return gitRequest{}, fmt.Errorf("git credential request: a line without '=' (%d bytes)", len(line))
		}
		switch k {
		case "protocol":
			req.Protocol = v
		case "host":
			req.Host = v
		case "path":
			req.Path = v
		case "username":
			req.Username = v
		case "password":
			req.Password = v
		}
	}
	if err := sc.Err(); err != nil {
		return gitRequest{}, fmt.Errorf("reading git's credential request: %w", err)
	}
	return req, nil
}

// gitAnswer is what `get` tells git.
type gitAnswer struct {
	Username, Password string
	Expiry             time.Time // zero: not known
}

// write prints the answer; password_expiry_utc (git 2.41 and later; older
// versions ignore it) makes git drop the token from its own caches in time.
func (a gitAnswer) write(w io.Writer) error {
	for _, v := range []string{a.Username, a.Password} {
		if strings.ContainsAny(v, "\n\x00") {
			return fmt.Errorf("git credential answer: a value holds a newline or NUL")
		}
	}
	out := "username=" + a.Username + "\npassword=" + a.Password + "\n"
	if !a.Expiry.IsZero() {
		out += fmt.Sprintf("password_expiry_utc=%d\n", a.Expiry.Unix())
	}
	_, err := io.WriteString(w, out)
	return err
}

// servesGitHost reports whether a token may be handed to req's host: the
// host is listed (host or host:port, any case), or any host when the
// profile was named in the helper command (anyHost). Only over https, and
// plain http to this machine's loopback alone: a token never crosses a
// network in the clear.
func servesGitHost(req gitRequest, hosts []string, anyHost bool) bool {
	switch req.Protocol {
	case "https":
	case "http":
		if !loopbackHost(req.Host) {
			return false
		}
	default:
		return false
	}
	if req.Host == "" {
		return false
	}
	if anyHost {
		return true
	}
	for _, h := range hosts {
		if strings.EqualFold(strings.TrimSpace(h), req.Host) {
			return true
		}
	}
	return false
}

// loopbackHost reports whether host (host or host:port) is this machine.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
