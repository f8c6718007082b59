package jose

// DecodeClaimsJSON reads a JSON object of claims that is not inside a token
// — a userinfo or introspection answer — into the same model as a token's
// claims, in the order sent, so a window can show it like a token. Format
// is FormatOpaque (there is no token), Raw the body.
func DecodeClaimsJSON(body []byte) Decoded {
	d := Decoded{Raw: string(body), Format: FormatOpaque, Length: len(body)}
	d.Claims, _, d.ClaimsErr = ParseObject(body)
	d.ReadClaims()
	return d
}
