package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/outfile"
	"github.com/factdesk/factdesk/app"
	"github.com/factdesk/factdesk/storage"
)

// autoBackupKeep is how many daily backups the window keeps.
const autoBackupKeep = 7

// autoBackupDelay lets the window paint its first frame before the backup
// reads the whole library.
const autoBackupDelay = 2 * time.Second

// backupDir is where the backups of the library at lib go (see
// storage.BackupDir).
func backupDir(lib string) string { return storage.BackupDir(lib) }

func cmdBackup(e *env, args []string) error {
	f := newFlags("backup")
	force := f.Bool("force", false, "replace FILE if it is a FactDesk backup")
	pos, err := f.parse(args, 0, 1)
	if err != nil {
		return err
	}
	if len(pos) == 1 {
		if err := checkArg("backup file", pos[0]); err != nil {
			return err
		}
		if pos[0] == "-" {
			return usagef("backup: a backup is a file, not a stream; give a file name")
		}
	}
	// A backup only reads the library, so a read-only one can be saved.
	lib, err := f.openForReading(e.ctx)
	if err != nil {
		return err
	}
	defer lib.Close()
	db, err := deskLibrary(lib, "backup", "is backed up by its server (pg_dump)")
	if err != nil {
		return err
	}
	path := filepath.Join(backupDir(db.Path()), storage.BackupName(time.Now()))
	if len(pos) == 1 {
		path = pos[0]
	}
	backup := db.Backup
	if *force {
		backup = db.ReplaceBackup
	}
	if err := backup(e.ctx, path); err != nil {
		return err
	}
	abs, _ := filepath.Abs(path)
	return printed(fmt.Fprintln(e.stdout, abs))
}

// printed turns a failure to print a command's result (standard output on
// a full disk, or closed) into an error, so that the command does not exit
// 0 with its answer lost.
func printed(_ int, err error) error {
	if err != nil {
		return outfile.WriteError("standard output", err)
	}
	return nil
}

// cmdRestore replaces the library with a backup. It never opens the library
// itself: a damaged library is exactly what one restores over.
func cmdRestore(e *env, args []string) error {
	f := newFlags("restore")
	pos, err := f.parse(args, 1, 1)
	if err != nil {
		return err
	}
	if err := checkArg("backup file", pos[0]); err != nil {
		return err
	}
	if f.dbSet && strings.TrimSpace(f.db) == "" {
		return usagef("restore: --db is empty; give the library file")
	}
	if isTeamAddress(libraryPath(f.db)) {
		return teamRefusal("restore", "is restored on its server (pg_restore)")
	}
	lib, err := filepath.Abs(libraryPath(f.db))
	if err != nil {
		return annotate.Errorf(annotate.EINVALID, "library path %q: %v", f.db, err)
	}
	if err := storage.Restore(e.ctx, pos[0], lib); err != nil {
		return err
	}
	if _, err := os.Stat(lib + ".before-restore"); err == nil {
		return printed(fmt.Fprintf(e.stdout, "restored %s from %s; the previous library is kept as %s\n", lib, pos[0], lib+".before-restore"))
	}
	return printed(fmt.Fprintf(e.stdout, "restored %s from %s\n", lib, pos[0]))
}

// checkArg refuses an argument that is not valid UTF-8 or holds a NUL
// before it reaches the file system or the library.
func checkArg(what, s string) error {
	if err := validText(what, s); err != nil {
		return err
	}
	if strings.TrimSpace(s) == "" {
		return annotate.Errorf(annotate.EINVALID, "the %s is empty", what)
	}
	return nil
}

// checkArgs refuses a command-line argument that is not valid UTF-8 or
// holds a NUL character, naming the flag it belongs to, before any of it
// becomes data. A name of an existing file is let through as it is: file
// names need not be UTF-8.
func checkArgs(args []string) error {
	for i, a := range args {
		what := fmt.Sprintf("argument %q", a)
		if i > 0 && strings.HasPrefix(args[i-1], "-") && !strings.Contains(args[i-1], "=") {
			what = "value of " + args[i-1]
		} else if name, _, ok := strings.Cut(a, "="); ok && strings.HasPrefix(name, "-") {
			what = "value of " + name
		}
		if validText(what, a) == nil {
			continue
		}
		if _, err := os.Stat(a); err == nil {
			continue
		}
		return validText(what, a)
	}
	return nil
}

// validText refuses text that is not valid UTF-8 or holds a NUL character.
func validText(what, s string) error {
	for i, r := range s {
		switch {
		case r == 0:
			return annotate.Errorf(annotate.EINVALID, "the %s contains a NUL character at byte %d", what, i)
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], string(utf8.RuneError)):
			return annotate.Errorf(annotate.EINVALID, "the %s is not valid UTF-8 (byte %d is %#x)", what, i, s[i])
		}
	}
	return nil
}

// autoBackup makes the daily backup of db after delay, unless ctx ends
// first. Failures go to stderr: a missed backup must not stop the work.
func autoBackup(ctx context.Context, db *storage.DB, delay time.Duration, report func(string)) {
	select {
	case <-ctx.Done():
		return
	case <-time.After(delay):
	}
	dir := backupDir(db.Path())
	path, made, err := db.AutoBackup(ctx, dir, autoBackupKeep, time.Now())
	switch {
	case err != nil && ctx.Err() == nil:
		report(fmt.Sprintf("automatic backup failed: %s", annotate.ErrorMessage(err)))
	case made:
		report("backup " + path)
	}
}

// startAutoBackup makes the daily backup in the background, late enough not
// to delay the first frame; stop cancels it and waits, so that the library
// is not closed under it.
func startAutoBackup(e *env, db *storage.DB) (stop func()) {
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan struct{})
	trace := os.Getenv("FACTDESK_TRACE") == "1"
	go func() {
		defer close(done)
		autoBackup(ctx, db, autoBackupDelay, func(msg string) {
			if trace || !strings.HasPrefix(msg, "backup ") {
				fmt.Fprintf(e.stderr, "factdesk: %s\n", msg)
			}
		})
	}()
	return func() {
		cancel()
		<-done
	}
}

// openProblem tells why the library at lib cannot be opened in a small
// window that offers its latest backup, and then on stderr. Opening the backup
// restores it over the library (the refused file is kept as
// lib.before-restore) and starts the program again on it, so that the
// workspace opens in a fresh process with nothing left of the failed one.
func openProblem(e *env, lib string, openErr error) error {
	abs, err := filepath.Abs(lib)
	if err != nil {
		return openErr
	}
	latest, _ := storage.LatestBackup(backupDir(abs))
	restored := false
	app.ShowOpenProblem(openErr, latest, func() error {
		if err := storage.Restore(e.ctx, latest, abs); err != nil {
			return err
		}
		restored = true
		return nil
	})
	if !restored {
		return openErr
	}
	self, err := os.Executable()
	if err != nil {
		return annotate.Errorf(annotate.EINTERNAL, "the backup is restored, but FactDesk cannot start again: %v; start it again by hand", err)
	}
	cmd := exec.Command(self, os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return annotate.Errorf(annotate.EINTERNAL, "the backup is restored, but FactDesk cannot start again: %v; start it again by hand", err)
	}
	return cmd.Process.Release()
}
