package oidc

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/trace"
)

// Device flow defaults (RFC 8628 §3.2, §3.5).
const (
	defaultDeviceInterval = 5 * time.Second
	slowDownStep          = 5 * time.Second
)

// DeviceAuthorization is a device authorization response (RFC 8628 §3.2):
// what the user needs to approve the login on another device.
type DeviceAuthorization struct {
	deviceCode              string // secret: never shown, never printed
	UserCode                string
	VerificationURI         string
	VerificationURIComplete string // "" when the provider sent none
	Interval                time.Duration
	IssuedAt, ExpiresAt     time.Time // ExpiresAt is zero when the provider sent no expires_in
	Raw                     []byte
}

// BrowserURI is the URI to open or encode as a QR code: the complete one
// (with the user code) when the provider sent it.
func (d *DeviceAuthorization) BrowserURI() string {
	return cmp.Or(d.VerificationURIComplete, d.VerificationURI)
}

// String never shows the device code.
func (d DeviceAuthorization) String() string {
	return fmt.Sprintf("DeviceAuthorization{user_code=%s uri=%s expires=%s interval=%s}", d.UserCode, d.VerificationURI, d.ExpiresAt.Format(time.RFC3339), d.Interval)
}

// DevicePoll reports one poll that did not end the login.
type DevicePoll struct {
	// Code is authorization_pending, slow_down, or PollNetworkError when
	// the poll got no usable answer (Err says why) and is retried later.
	Code         string
	NextInterval time.Duration // the wait before the next poll
	Err          error         // set with PollNetworkError
}

// PollNetworkError is DevicePoll.Code for a poll that got no answer.
const PollNetworkError = "network_error"

// maxPollFailures is how many polls in a row may get no answer before the
// device login gives up (RFC 8628 §3.5: back off, do not hammer).
const maxPollFailures = 3

// DeviceOptions tune one device login.
type DeviceOptions struct {
	// Scopes default to the profile's.
	Scopes []string
	// OnCode is called once the provider answered, before the first poll:
	// show the user code, the URI (and a QR code of BrowserURI) and a
	// countdown to ExpiresAt.
	OnCode func(*DeviceAuthorization)
	// OnPoll is called after each poll that keeps the login waiting.
	OnPoll func(DevicePoll)
	// Wait waits d or until ctx ends (returning its error); nil means
	// Env.Wait, then a real timer. Tests pass one that does not sleep.
	Wait func(ctx context.Context, d time.Duration) error
}

// Device flow errors, for errors.Is.
var (
	ErrDeviceDenied  = errors.New("device login: the user denied the request")
	ErrDeviceExpired = errors.New("device login: the device code expired before the user approved; start again")
)

// DeviceLogin runs the device authorization grant (RFC 8628): it asks for
// a user code, hands it to OnCode, and polls the token endpoint until the
// user approves, denies, the code expires, or ctx ends (Cancel).
func (pr *Provider) DeviceLogin(ctx context.Context, o DeviceOptions) (*auth.TokenSet, error) {
	da, err := pr.StartDevice(ctx, o.Scopes)
	if err != nil {
		return nil, err
	}
	// The verification URI goes to the user, not through this client.
	trace.Browser(ctx, http.MethodGet, da.BrowserURI(), pr.env.Now())
	if o.OnCode != nil {
		o.OnCode(da)
	}
	return pr.PollDevice(ctx, da, o)
}

// StartDevice sends the device authorization request (RFC 8628 §3.1).
func (pr *Provider) StartDevice(ctx context.Context, scopes []string) (*DeviceAuthorization, error) {
	const op = "device login"
	form := url.Values{}
	if s := orDefault(scopes, pr.profile.Scopes); len(s) > 0 {
		form.Set("scope", strings.Join(s, " "))
	}
	for _, r := range pr.profile.Resources {
		form.Add("resource", r) // RFC 8707 §2.1, as on an authorization request
	}
	pr.addAuthorizationDetails(form)
	a, err := pr.tokens.post(ctx, op, "the device authorization endpoint", pr.endpoints.DeviceAuthURL, form, nil)
	if err != nil {
		return nil, err
	}
	if !a.OK() {
		oe := errorFromAnswer(a)
		oe.Op = op
		return nil, oe
	}
	b, err := readResponseBody(a.MediaType, a.Body)
	if err != nil {
		return nil, fmt.Errorf("%s: unusable answer from the device authorization endpoint (%s): %w", op, a.describe(), err)
	}
	now := pr.env.Now()
	da := &DeviceAuthorization{
		deviceCode:              b.optStr("device_code"),
		UserCode:                b.optStr("user_code"),
		VerificationURI:         cmp.Or(b.optStr("verification_uri"), b.optStr("verification_url")), // Google says _url
		VerificationURIComplete: b.optStr("verification_uri_complete"),
		Interval:                time.Duration(b.seconds("interval")) * time.Second,
		IssuedAt:                now,
		Raw:                     a.Body,
	}
	if n := b.seconds("expires_in"); n > 0 {
		da.ExpiresAt = now.Add(time.Duration(n) * time.Second)
	}
	if da.Interval <= 0 {
		da.Interval = defaultDeviceInterval
	}
	if da.deviceCode == "" || da.UserCode == "" || da.VerificationURI == "" {
		return nil, fmt.Errorf("%s: the device authorization answer lacks device_code, user_code or verification_uri (%s)", op, a.describe())
	}
	return da, nil
}

// PollDevice polls the token endpoint for da (RFC 8628 §3.4, §3.5): it
// waits Interval between polls, adds 5 s on slow_down, keeps waiting on
// authorization_pending, and ends on success, access_denied
// (ErrDeviceDenied), expired_token or a passed expiry (ErrDeviceExpired),
// another error, or when ctx ends.
func (pr *Provider) PollDevice(ctx context.Context, da *DeviceAuthorization, o DeviceOptions) (*auth.TokenSet, error) {
	wait := o.Wait
	if wait == nil {
		wait = pr.env.Wait
	}
	key, err := pr.sessionKey("device login")
	if err != nil {
		return nil, err
	}
	interval := da.Interval
	failures := 0
	for {
		if err := wait(ctx, interval); err != nil {
			return nil, fmt.Errorf("device login: %w", err)
		}
		if !da.ExpiresAt.IsZero() && !pr.env.Now().Before(da.ExpiresAt) {
			return nil, ErrDeviceExpired
		}
		ts, err := pr.token(ctx, TokenRequest{Op: "device login", Form: url.Values{
			"grant_type": {auth.DeviceGrantType}, "device_code": {da.deviceCode},
		}}, key)
		var oe *auth.OAuthError
		isOAuth := errors.As(err, &oe)
		if err != nil && !isOAuth && ctx.Err() == nil {
			// No answer, or not a token response: back off exponentially
			// and try again a few times (the device code stays valid).
			if failures++; failures >= maxPollFailures {
				return nil, fmt.Errorf("%w (%d polls in a row got no answer)", err, failures)
			}
			interval *= 2
			if o.OnPoll != nil {
				o.OnPoll(DevicePoll{Code: PollNetworkError, NextInterval: interval, Err: err})
			}
			continue
		}
		failures = 0
		switch {
		case err == nil:
			return ts, nil
		case !isOAuth:
			return nil, err
		case oe.Code == "authorization_pending":
		case oe.Code == "slow_down":
			interval += slowDownStep
		case oe.Code == "access_denied":
			return nil, fmt.Errorf("%w (%v)", ErrDeviceDenied, oe)
		case oe.Code == "expired_token":
			return nil, fmt.Errorf("%w (%v)", ErrDeviceExpired, oe)
		default:
			return nil, err
		}
		if o.OnPoll != nil {
			o.OnPoll(DevicePoll{Code: oe.Code, NextInterval: interval})
		}
	}
}

// timerWait waits d on a real timer, or until ctx ends.
func timerWait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
