package corpus

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// PostgreSQL: the store for many writers at once (workers on several
// machines). Its tables and their meaning are the SQLite store's; the SQL
// is the same text, written in the subset both speak ("?" parameters are
// numbered for PostgreSQL by the connection, below). Documents are keyed
// by content hash and items by document and position, and a document is
// stored in one transaction, so writers that store the same document at
// once leave it once.

// IsPostgres says whether a store address names a PostgreSQL database.
func IsPostgres(addr string) bool {
	return strings.HasPrefix(addr, "postgres://") || strings.HasPrefix(addr, "postgresql://")
}

// openPostgres connects to the database at url and brings its schema up
// to date.
func openPostgres(ctx context.Context, url string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres address: %w", err)
	}
	db := sql.OpenDB(numbered{stdlib.GetConnector(*cfg)})
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(4)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := postgresSchema(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// schemaLock is the advisory lock that keeps two processes from creating
// the tables at once.
const schemaLock = 0x5c7e1a

// postgresSchema creates the tables of the SQLite schema, in PostgreSQL's
// types, under an advisory lock.
func postgresSchema(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("postgres schema: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(?)`, schemaLock); err != nil {
		return fmt.Errorf("postgres schema: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(?)`, schemaLock)
	for _, stmt := range strings.Split(postgresDDL(), ";") {
		if strings.TrimSpace(stmt) == "" {
			continue
		}
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("postgres schema: %w\n%s", err, stmt)
		}
	}
	return nil
}

// postgresDDL is the SQLite schema in PostgreSQL's terms: 64-bit integers,
// BYTEA for BLOB, a serial for AUTOINCREMENT, "end" quoted, and the rowid
// SQLite gives every table made a column where the store reads it (the
// order of items and failures, and the store's generation).
func postgresDDL() string {
	ddl := schema + syncSchema + tracesSchema + ";" + jobsSchema + `
ALTER TABLE items ADD COLUMN IF NOT EXISTS rowid BIGSERIAL;
ALTER TABLE failures ADD COLUMN IF NOT EXISTS rowid BIGSERIAL;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS changes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE index_state ADD COLUMN IF NOT EXISTS changes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE replica_state ADD COLUMN IF NOT EXISTS changes INTEGER NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS sources_run ON sources(run_id);
CREATE INDEX IF NOT EXISTS items_rowid ON items(rowid)`
	for _, r := range []struct{ from, to string }{
		{"INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY"},
		{"BLOB", "BYTEA"},
		{"INTEGER", "BIGINT"},
	} {
		ddl = strings.ReplaceAll(ddl, r.from, r.to)
	}
	return endColumn.ReplaceAllString(ddl, `"end" `)
}

// endColumn is the items' column "end", a reserved word in PostgreSQL.
var endColumn = regexp.MustCompile(`(?m)^\s*end `)

// numbered is a connector whose connections number the "?" parameters of
// each statement ($1, $2, …), so that one SQL text serves both databases.
type numbered struct{ driver.Connector }

func (n numbered) Connect(ctx context.Context) (driver.Conn, error) {
	c, err := n.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return numberedConn{c.(*stdlib.Conn)}, nil
}

// numberedConn is a pgx connection that numbers parameters; the rest of
// database/sql's interfaces it passes through.
type numberedConn struct{ *stdlib.Conn }

func (c numberedConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(numberParams(query))
}

func (c numberedConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, numberParams(query))
}

func (c numberedConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, numberParams(query), args)
}

func (c numberedConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, numberParams(query), args)
}

// numberParams writes each "?" outside quotes as $1, $2, ….
func numberParams(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	var quote byte
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
