// Package jose reads tokens and keys without trusting them: it decodes JWS
// and JWE compact tokens (keeping claim order and raw bytes), builds the
// claim tree with each claim's meaning, reads key files, names tokens by
// fingerprint, and makes DPoP keys and proofs.
package jose
