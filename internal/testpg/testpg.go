// Package testpg gives tests a PostgreSQL schema of their own on the server
// they run against: the one at $SCRUTINEER_TEST_POSTGRES (.ci/run starts
// it), dropped when the test ends.
package testpg

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Env names the server's address.
const Env = "SCRUTINEER_TEST_POSTGRES"

// Addr returns the address of a new schema on the test server, dropped
// when t ends. Without a server the test is skipped, except in CI, where
// it fails: there the server is part of the run.
func Addr(t testing.TB) string {
	t.Helper()
	addr := os.Getenv(Env)
	if addr == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("$%s is not set: .ci/run starts PostgreSQL for these tests", Env)
		}
		t.Skipf("$%s not set: no PostgreSQL server to test against", Env)
	}
	cfg, err := pgx.ParseConfig(addr)
	if err != nil {
		t.Fatal(err)
	}
	admin := stdlib.OpenDB(*cfg)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	sep := "?"
	if strings.Contains(addr, "?") {
		sep = "&"
	}
	return addr + sep + "search_path=" + schema
}
