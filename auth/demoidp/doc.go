// Package demoidp is a small but real OAuth 2.0 authorization server and
// OpenID Connect provider that listens on the loopback interface.
//
// It backs Token Inspector's "demo" profile, the "tokeninspector demo-idp"
// command and tests across the repository. It issues RS256-signed (or, with
// Options.SigningAlg, PS256-, ES256-, ES384-, ES512- or EdDSA-signed) JWTs
// shaped like Decathlon's (access, refresh and ID tokens) and implements:
//
//   - discovery (/.well-known/openid-configuration) and a JWKS (/jwks.json);
//   - the authorization code grant (/authorize) with mandatory PKCE (S256),
//     loopback redirect URIs only (RFC 8252 §7.3), an HTML sign-in page or
//     automatic approval;
//   - the token endpoint (/token) with client_secret_basic,
//     client_secret_post and public clients, single-use codes, and refresh
//     token rotation with reuse detection that revokes the whole token family;
//   - userinfo (/userinfo), revocation (/revoke, RFC 7009) and introspection
//     (/introspect, RFC 7662);
//   - response_mode=form_post (an auto-submitting form to the redirect URI);
//   - dynamic client registration (/register, RFC 7591) of loopback clients,
//     refusing bad metadata with the errors of RFC 7591 §3.2.2;
//   - request objects (RFC 9101) by value or pushed (see
//     Server.requestObjectParams for the signature rule).
//
// All state lives in memory in a [Server]; a Server is safe for concurrent
// use. A typical test setup is:
//
//	idp, err := demoidp.New(demoidp.Options{AutoApprove: true})
//	...
//	ts := httptest.NewServer(idp.Handler())
//	defer ts.Close()
//	idp.SetIssuer(ts.URL)
//
// and a standalone provider is started with [Server.Start]. Tests that count
// requests, inject token endpoint failures or rotate the signing key use the
// demoidptest package, which wraps Handler and supplies [Options.Keys]; the
// shipped binary carries none of that.
package demoidp
