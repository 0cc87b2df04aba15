package reports

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// The names of the files WriteAll writes.
const (
	JUnitFile    = "junit.xml"
	CucumberFile = "cucumber.json"
	HTMLFile     = "report.html"
	SummaryFile  = "summary.json"
)

// Files lists the names of the files WriteAll writes, in the order it
// writes them.
var Files = []string{JUnitFile, CucumberFile, HTMLFile, SummaryFile}

// WriteAll creates dir if needed and writes the four reports of run into it
// (see Files), replacing any previous ones. It redacts run once for all four.
func WriteAll(dir string, run *Run) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	clean := redacted(run)
	writers := map[string]func(io.Writer, *Run) error{
		JUnitFile:    writeJUnit,
		CucumberFile: writeCucumber,
		HTMLFile:     writeHTML,
		SummaryFile:  writeSummary,
	}
	for _, name := range Files {
		// Rendered in memory first, so that a failing writer leaves no
		// truncated file behind for CI to parse.
		var buf bytes.Buffer
		if err := writers[name](&buf, clean); err != nil {
			return fmt.Errorf("reports: %s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("reports: %w", err)
		}
	}
	if run.Shard != nil {
		if err := writeRunFile(dir, clean); err != nil {
			return fmt.Errorf("reports: %s: %w", RunFile, err)
		}
	}
	return nil
}
