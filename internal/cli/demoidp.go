package cli

import (
	"context"
	"crypto"
	"fmt"
	"net"
	"os"
	"strconv"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/internal/privatefile"
)

func demoIDPCommand() command {
	return command{
		name:     "demo-idp",
		synopsis: "demo-idp [--port N] [--auto-approve] [--access-ttl D] [--refresh-ttl D] [--require-par] [--dpop-nonce] [--signing-alg RS256|PS256|ES256|ES384|ES512|EdDSA] [--jwt-client-key FILE] [--trusted-jwks FILE] [--jwt-bearer-issuer ISS --jwt-bearer-jwks FILE] [--mtls-port N] [--mtls-client-cert FILE] [--mtls-ca-out FILE]",
		summary:  "run the built-in demo provider standalone",
		run:      runDemoIDP,
		exits:    nil,
		example:  `tokeninspector demo-idp --port 9000 --auto-approve`,
	}
}

// jwtClientID is the private_key_jwt client --jwt-client-key registers,
// mtlsClientID the self_signed_tls_client_auth client of --mtls-client-cert.
const (
	jwtClientID  = "tokeninspector-jwt"
	mtlsClientID = "tokeninspector-mtls"
)

// runDemoIDP serves the demo provider until ctx ends (Ctrl+C).
func runDemoIDP(ctx context.Context, args []string, s stdio) error {
	fs := newFlagSet("demo-idp", s)
	port := fs.Int("port", 0, "port on 127.0.0.1 (0 = any free port)")
	auto := fs.Bool("auto-approve", false, "approve logins without showing the sign-in page")
	accessTTL := fs.Duration("access-ttl", 0, "access and ID token lifetime (default 2m)")
	refreshTTL := fs.Duration("refresh-ttl", 0, "refresh token lifetime (default 1h)")
	requirePAR := fs.Bool("require-par", false, "accept only pushed authorization requests (RFC 9126)")
	dpopNonce := fs.Bool("dpop-nonce", false, "require a server nonce in DPoP proofs (RFC 9449 §8)")
	signingAlg := fs.String("signing-alg", "", "sign tokens RS256 (default), PS256 (as FAPI 2.0 wants), ES256, ES384, ES512 or EdDSA (Ed25519)")
	jwtKey := fs.String("jwt-client-key", "", "register client "+jwtClientID+" for private_key_jwt with this key file (PEM or JWK; its public half is used)")
	trustedJWKS := fs.String("trusted-jwks", "", "also accept at userinfo and introspection access tokens signed by a key of this JWK Set (e.g. from keygen --jwks-out)")
	bearerIss := fs.String("jwt-bearer-issuer", "", "trust JWT bearer grant assertions (RFC 7523) of this iss, signed by a key of --jwt-bearer-jwks")
	bearerJWKS := fs.String("jwt-bearer-jwks", "", "the keys (JWK Set, JWK or PEM) of --jwt-bearer-issuer")
	mtlsPort := fs.Int("mtls-port", -1, "also serve HTTPS on this 127.0.0.1 port (0 = any free port), requesting client certificates: the mtls_endpoint_aliases (RFC 8705)")
	mtlsCert := fs.String("mtls-client-cert", "", "register client "+mtlsClientID+" for self_signed_tls_client_auth with this PEM certificate (implies --mtls-port 0)")
	mtlsCAOut := fs.String("mtls-ca-out", "", "write the CA of the mTLS listener's certificate here (PEM), for --ca-file")
	if err := parseFlags(fs, args, s); err != nil {
		return err
	}
	var trusted []demoidp.TrustedKey
	if *trustedJWKS != "" {
		b, err := os.ReadFile(*trustedJWKS)
		if err != nil {
			return fmt.Errorf("demo-idp: --trusted-jwks: %w", err)
		}
		if trusted, err = demoidp.TrustedKeysFromJWKS(b); err != nil {
			return fmt.Errorf("demo-idp: --trusted-jwks %s: %w", *trustedJWKS, err)
		}
	}
	var bearerIssuers []demoidp.TrustedIssuer
	if (*bearerIss == "") != (*bearerJWKS == "") {
		return fmt.Errorf("demo-idp: --jwt-bearer-issuer and --jwt-bearer-jwks go together")
	}
	if *bearerIss != "" {
		b, err := os.ReadFile(*bearerJWKS)
		if err != nil {
			return fmt.Errorf("demo-idp: --jwt-bearer-jwks: %w", err)
		}
		keys, err := demoidp.TrustedKeysFromJWKS(b)
		if err != nil {
			return fmt.Errorf("demo-idp: --jwt-bearer-jwks %s: %w", *bearerJWKS, err)
		}
		bearerIssuers = []demoidp.TrustedIssuer{{Issuer: *bearerIss, Keys: keys}}
	}
	clients := demoidp.DefaultClients()
	if *jwtKey != "" {
		ck, err := oidc.LoadClientKey(*jwtKey)
		if err != nil {
			return fmt.Errorf("demo-idp: %w", err)
		}
		clients[jwtClientID] = demoidp.Client{PublicKeys: []crypto.PublicKey{ck.Key.Public()}}
	}
	if *mtlsCert != "" {
		c, err := auth.LoadCertificateFile(*mtlsCert)
		if err != nil {
			return fmt.Errorf("demo-idp: --mtls-client-cert: %w", err)
		}
		clients[mtlsClientID] = demoidp.Client{TLSCertThumbprints: []string{auth.CertThumbprint(c.Raw)}}
		if *mtlsPort < 0 {
			*mtlsPort = 0
		}
	}
	if *mtlsCAOut != "" && *mtlsPort < 0 {
		*mtlsPort = 0
	}
	srv, err := demoidp.New(demoidp.Options{AutoApprove: *auto, AccessTTL: *accessTTL, IDTTL: *accessTTL, RefreshTTL: *refreshTTL,
		Clients: clients, RequirePAR: *requirePAR, DPoPNonce: *dpopNonce, TrustedKeys: trusted, JWTBearerIssuers: bearerIssuers, SigningAlg: *signingAlg})
	if err != nil {
		return fmt.Errorf("demo-idp: %w", err)
	}
	issuer, err := srv.Start(net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)))
	if err != nil {
		return fmt.Errorf("demo-idp: %w", err)
	}
	defer srv.Close()
	info := map[string]string{}
	if *mtlsPort >= 0 {
		base, caPEM, err := srv.StartMTLS(net.JoinHostPort("127.0.0.1", strconv.Itoa(*mtlsPort)))
		if err != nil {
			return fmt.Errorf("demo-idp: %w", err)
		}
		info["mtls_base"] = base
		if *mtlsCAOut != "" {
			if err := privatefile.Write(*mtlsCAOut, caPEM); err != nil {
				return fmt.Errorf("demo-idp: --mtls-ca-out: %w", err)
			}
			info["mtls_ca_file"] = *mtlsCAOut
		}
		if *mtlsCert != "" {
			info["mtls_client"] = mtlsClientID
		}
	}
	for k, v := range map[string]string{
		"issuer":    issuer,
		"discovery": issuer + "/.well-known/openid-configuration",
		// a protected resource (RFC 9728) to start from: login --resource URL
		"api":           issuer + demoidp.APIPaths()[0],
		"client_id":     demoidp.DemoClientID,
		"client_secret": demoidp.DemoClientSecret,
		"public_client": demoidp.PublicClientID,
		// client_secret_jwt needs a secret of at least 32 bytes.
		"secret_jwt_client":        demoidp.SecretJWTClientID,
		"secret_jwt_client_secret": demoidp.SecretJWTClientSecret,
	} {
		info[k] = v
	}
	if err := writeJSON(s.out, info); err != nil {
		return err
	}
	<-ctx.Done()
	return nil
}
