package auth

import (
	"fmt"
	"strings"
)

// Grant is how a profile gets its first token set.
type Grant string

// Grants a profile can log in with (RFC 6749 §4.1, §4.4, RFC 8628).
const (
	GrantAuthorizationCode Grant = "authorization_code"
	GrantClientCredentials Grant = "client_credentials"
	GrantDeviceCode        Grant = "device_code"
	// GrantJWTBearer trades a signed JWT for tokens (RFC 7523 §2.1).
	GrantJWTBearer Grant = "jwt_bearer"
)

// DeviceGrantType is the device grant's grant_type (RFC 8628 §3.4).
const DeviceGrantType = "urn:ietf:params:oauth:grant-type:device_code"

// JWTBearerGrantType is the JWT bearer grant's grant_type (RFC 7523 §2.1).
const JWTBearerGrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"

// ParseGrant accepts the grant names ("" is authorization_code) and the
// full device grant URN.
func ParseGrant(s string) (Grant, error) {
	switch strings.TrimSpace(s) {
	case "", string(GrantAuthorizationCode), "code":
		return GrantAuthorizationCode, nil
	case string(GrantClientCredentials):
		return GrantClientCredentials, nil
	case string(GrantDeviceCode), "device", DeviceGrantType:
		return GrantDeviceCode, nil
	case string(GrantJWTBearer), "jwt-bearer", JWTBearerGrantType:
		return GrantJWTBearer, nil
	}
	return "", fmt.Errorf("unknown grant %q (want authorization_code, client_credentials, device_code or jwt-bearer)", s)
}
