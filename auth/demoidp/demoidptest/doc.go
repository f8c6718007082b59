// Package demoidptest holds what tests need around a [demoidp.Server] and
// the shipped binary does not: a [Handler] that wraps the provider's handler
// to count requests and grant outcomes and to make token requests fail on
// demand, and [Keys], a signing-key source that tests can rotate.
//
// Only tests import this package. A typical setup is:
//
//	keys, err := demoidptest.NewKeys(1024)
//	...
//	idp, err := demoidp.New(demoidp.Options{AutoApprove: true, Keys: keys})
//	...
//	h := demoidptest.Wrap(idp.Handler())
//	ts := httptest.NewServer(h)
//	defer ts.Close()
//	idp.SetIssuer(ts.URL)
//	...
//	h.FailNext(1, http.StatusServiceUnavailable)
//	... h.Stats().RefreshGrants ...
package demoidptest
