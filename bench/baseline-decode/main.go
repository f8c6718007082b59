// Command baseline-decode is the yardstick for `tokeninspector decode`: the
// least a Go program does to decode the same token — split it, base64url-
// decode the header and claims, check they are JSON, print them indented.
// `tokeninspector decode` is measured against it (bench/cmd/clistart).
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: baseline-decode TOKEN|--version")
		os.Exit(2)
	}
	if os.Args[1] == "--version" { // the least work a command does: one line out
		fmt.Println("baseline-decode")
		return
	}
	parts := strings.Split(strings.TrimSpace(os.Args[1]), ".")
	if len(parts) != 3 {
		fmt.Fprintln(os.Stderr, "baseline-decode: not a JWS compact token")
		os.Exit(1)
	}
	var out bytes.Buffer
	out.WriteString("{\n")
	for i, name := range []string{"header", "claims"} {
		raw, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil {
			fmt.Fprintf(os.Stderr, "baseline-decode: %s: %v\n", name, err)
			os.Exit(1)
		}
		fmt.Fprintf(&out, "  %q: ", name)
		if err := json.Indent(&out, raw, "  ", "  "); err != nil {
			fmt.Fprintf(os.Stderr, "baseline-decode: %s: %v\n", name, err)
			os.Exit(1)
		}
		out.WriteString(",\n")
	}
	fmt.Fprintf(&out, "  \"signature_bytes\": %d\n}\n", base64.RawURLEncoding.DecodedLen(len(parts[2])))
	os.Stdout.Write(out.Bytes())
}
