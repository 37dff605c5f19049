package corpus

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// copyTables are the store's tables in an order that never inserts a row
// before the row it refers to.
var copyTables = []string{"documents", "text_parts", "sources", "items", "index_state", "runs", "failures",
	"fetch_state", "watches", "alerted_runs", "traces", "jobs", "store_meta", "replica_state"}

// copyBatch is how many rows one transaction of a copy writes.
const copyBatch = 500

// Copy copies every row of src into dst (SQLite into PostgreSQL, or back),
// table by table, and returns the rows written by table. A row dst already
// has is left as it is, so a copy that was stopped is completed by running
// it again. The documents' originals go where dst keeps them (its
// database, or its data directory).
func Copy(ctx context.Context, dst, src *Store) (map[string]int, error) {
	counts := map[string]int{}
	for _, table := range copyTables {
		n, err := copyTable(ctx, dst, src, table)
		counts[table] = n
		if err != nil {
			return counts, fmt.Errorf("copy %s: %w", table, err)
		}
	}
	ids, err := src.queryStrings(ctx, `SELECT id FROM documents ORDER BY id`)
	if err != nil {
		return counts, fmt.Errorf("copy originals: %w", err)
	}
	for _, id := range ids {
		data, err := src.Original(ctx, id)
		if errors.Is(err, ErrNotFound) {
			continue // a store that lost it: the copy has no more
		}
		if err != nil {
			return counts, err
		}
		if err := dst.PutOriginal(ctx, id, data); err != nil {
			return counts, err
		}
		counts["originals"]++
	}
	if dst.pg { // runs keep their ids: the next run's id follows them
		if _, err := dst.db.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('runs', 'id'), coalesce(max(id), 0) + 1, false) FROM runs`); err != nil {
			return counts, fmt.Errorf("copy runs: %w", err)
		}
	}
	return counts, nil
}

// copyTable copies the rows of one table, the columns both stores have
// (SQLite's rowid is not one: each store numbers its own rows).
func copyTable(ctx context.Context, dst, src *Store, table string) (int, error) {
	have, err := columns(ctx, dst.db, table)
	if err != nil {
		return 0, err
	}
	from, err := columns(ctx, src.db, table)
	if err != nil {
		return 0, err
	}
	var cols []string
	for _, c := range from {
		if c != "rowid" && contains(have, c) {
			cols = append(cols, `"`+c+`"`)
		}
	}
	order := ""
	if contains(from, "rowid") || !src.pg {
		order = " ORDER BY rowid" // in the order they were written
	}
	rows, err := src.db.QueryContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+table+order)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	insert := `INSERT INTO ` + table + `(` + strings.Join(cols, ", ") + `) VALUES(` +
		strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + `) ON CONFLICT DO NOTHING`
	var had map[string]bool // a table with no key: the rows dst has, to leave out rows equal to them
	if table == "failures" {
		if had, err = rowSet(ctx, dst.db, table, cols); err != nil {
			return 0, err
		}
	}
	n := 0
	var batch [][]any
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		tx, err := dst.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		stmt, err := tx.PrepareContext(ctx, insert)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, vals := range batch {
			if had != nil && had[fmt.Sprint(vals...)] {
				continue
			}
			res, err := stmt.ExecContext(ctx, vals...)
			if err != nil {
				return err
			}
			if k, err := res.RowsAffected(); err == nil {
				n += int(k)
			}
		}
		batch = batch[:0]
		return tx.Commit()
	}
	for rows.Next() {
		vals, err := scanRow(rows, len(cols))
		if err != nil {
			return n, err
		}
		batch = append(batch, vals)
		if len(batch) == copyBatch {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, flush()
}

// rowSet is the set of a table's rows, each as fmt.Sprint of its values.
func rowSet(ctx context.Context, db *sql.DB, table string, cols []string) (map[string]bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		vals, err := scanRow(rows, len(cols))
		if err != nil {
			return nil, err
		}
		out[fmt.Sprint(vals...)] = true
	}
	return out, rows.Err()
}

// scanRow reads a row of n columns, whatever their types.
func scanRow(rows *sql.Rows, n int) ([]any, error) {
	vals := make([]any, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	return vals, rows.Scan(ptrs...)
}

// columns are the names of a table's columns.
func columns(ctx context.Context, db *sql.DB, table string) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT * FROM `+table+` LIMIT 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rows.Columns()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
