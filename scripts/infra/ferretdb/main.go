// Command ferretdb runs embeddable FerretDB v1 (MongoDB wire protocol, SQLite
// backend) for the integration tier. We build this instead of FerretDB's own
// cmd/ferretdb because that one panics when built with `go install` (its
// generated build/version/version.txt is not in the module zip).
package main

import (
	"context"
	"flag"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27117", "TCP address to listen on")
	dataDir := flag.String("data", ".infra/ferretdb/data", "directory for the SQLite files (one per database)")
	logLevel := flag.String("log-level", "error", "debug, info, warn or error (warn logs every client's endSessions)")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		log.Fatal(err)
	}

	dir, err := filepath.Abs(*dataDir)
	if err != nil {
		log.Fatal(err)
	}
	if err = os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})),
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/", // the trailing slash marks a directory
	})
	if err != nil {
		log.Fatal(err)
	}

	// SIGTERM/SIGINT cancel the context, so Run closes the SQLite files cleanly.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	log.Printf("ferretdb listening on %s, data in %s", *listen, dir)
	if err = f.Run(ctx); err != nil && ctx.Err() == nil {
		log.Fatal(err)
	}
}
