// Package mint makes test tokens — keys, signed and encrypted JWTs, edits of
// existing tokens and the classic attack tokens an API must refuse — so that
// QA can test an API's token checks with keys of their own.
//
// Private keys are only ever returned to the caller: nothing here logs or
// writes them.
package mint
