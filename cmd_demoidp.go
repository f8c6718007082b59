package main

import (
	"context"
	"fmt"
	"net"
	"strconv"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

func demoIDPCommand() command {
	return command{
		name:     "demo-idp",
		synopsis: "demo-idp [--port N] [--auto-approve] [--access-ttl D] [--refresh-ttl D]",
		summary:  "run the built-in demo provider standalone",
		run:      runDemoIDP,
	}
}

// runDemoIDP serves the demo provider until ctx ends (Ctrl+C).
func runDemoIDP(ctx context.Context, args []string, s stdio) error {
	fs := newFlagSet("demo-idp", s)
	port := fs.Int("port", 0, "port on 127.0.0.1 (0 = any free port)")
	auto := fs.Bool("auto-approve", false, "approve logins without showing the sign-in page")
	accessTTL := fs.Duration("access-ttl", 0, "access and ID token lifetime (default 2m)")
	refreshTTL := fs.Duration("refresh-ttl", 0, "refresh token lifetime (default 1h)")
	if err := parseFlags(fs, args, s); err != nil {
		return err
	}
	srv, err := demoidp.New(demoidp.Options{AutoApprove: *auto, AccessTTL: *accessTTL, IDTTL: *accessTTL, RefreshTTL: *refreshTTL})
	if err != nil {
		return fmt.Errorf("demo-idp: %w", err)
	}
	issuer, err := srv.Start(net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)))
	if err != nil {
		return fmt.Errorf("demo-idp: %w", err)
	}
	defer srv.Close()
	if err := writeJSON(s.out, map[string]string{
		"issuer":        issuer,
		"discovery":     issuer + "/.well-known/openid-configuration",
		"client_id":     demoidp.DemoClientID,
		"client_secret": demoidp.DemoClientSecret,
		"public_client": demoidp.PublicClientID,
	}); err != nil {
		return err
	}
	<-ctx.Done()
	return nil
}
