package check

import "github.com/tokeninspector/tokeninspector/auth/jose"

// UserinfoSub compares the sub of a userinfo answer with the ID token's:
// they must be equal, or the answer is about another user and must not be
// used (OpenID Connect Core §5.3.2). id not being a JWT makes the check
// not applicable.
func UserinfoSub(sub string, id jose.Decoded) Check {
	const name = "userinfo sub"
	switch {
	case !id.IsJWT() || id.Subject == "":
		return Check{Name: name, Status: CheckNotApplicable, Reason: "no ID token to compare with"}
	case sub == "":
		return Check{Name: name, Status: CheckFail, Reason: "the userinfo answer has no sub"}
	case sub == id.Subject:
		return Check{Name: name, Status: CheckPass, Reason: "\"" + sub + "\" is the ID token's sub"}
	}
	return Check{Name: name, Status: CheckFail, Reason: "\"" + sub + "\" is not the ID token's sub \"" + id.Subject + "\": the answer is about another user"}
}
