package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/conformhq/conform/reports"
)

// failedIn reads the Cucumber JSON report of an earlier run in dir and
// returns its scenarios that failed or could not be judged (FAIL or ERROR:
// Cucumber shows both as a failed step or hook), by feature URI and line.
// Of the run's reports, Cucumber JSON is the one that names each scenario
// by file and line and says how it ended.
func failedIn(dir string) (map[string][]int, error) {
	path := filepath.Join(dir, reports.CucumberFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if st, serr := os.Stat(dir); serr != nil || !st.IsDir() {
			return nil, fmt.Errorf("%s is not a folder: give the --report-dir of an earlier run", dir)
		}
		return nil, fmt.Errorf("%s holds no reports of a run (no %s): give the --report-dir of an earlier run", dir, reports.CucumberFile)
	}
	if err != nil {
		return nil, err
	}
	type result struct {
		Result struct {
			Status string `json:"status"`
		} `json:"result"`
	}
	var features []struct {
		URI      string `json:"uri"`
		Elements []struct {
			Line   int      `json:"line"`
			Before []result `json:"before"`
			Steps  []result `json:"steps"`
			After  []result `json:"after"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(b, &features); err != nil {
		return nil, fmt.Errorf("%s is not a Cucumber JSON report of conform's: %v", path, err)
	}
	out := map[string][]int{}
	for _, f := range features {
		for _, e := range f.Elements {
			all := append(append(append([]result{}, e.Before...), e.Steps...), e.After...)
			for _, r := range all {
				if r.Result.Status == "failed" {
					out[f.URI] = append(out[f.URI], e.Line)
					break
				}
			}
		}
	}
	return out, nil
}
