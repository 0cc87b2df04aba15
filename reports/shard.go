package reports

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// RunFile is the machine-readable run a shard writes beside its four
// reports (WriteAll): the whole Run, redacted, that `conform merge` reads
// back. The four reports each leave something out (the HTML and JUnit
// are for people and CI, summary.json has no steps, cucumber.json no
// coverage), so the merge joins runs, not reports, and writes the four
// reports of the joined run with the same writers as an unsharded run.
const RunFile = "run.json"

// Shard says which part of a sharded run (`conform run --shard k/n`) a
// Run is. The scenarios of the whole run are split into groups that stay
// whole (runner.Shard), and each shard runs some of the groups; a shard's
// reports hold only its scenarios, and its coverage is partial: it is
// neither scored nor certified until the shards are merged.
type Shard struct {
	// Index is the shard's number, from 1 to Count.
	Index int `json:"index"`
	Count int `json:"count"`
	// Scenarios is how many scenarios this shard runs, of Selected, the
	// number the whole run (every shard) selects.
	Scenarios int `json:"scenarios"`
	Selected  int `json:"selected"`
	// Selection is the SHA-256 of the whole run's selected scenario ids
	// (uri:line, in run order): shards of one run have the same.
	Selection string `json:"selection"`
	// Files are the feature files of the whole run with a selected
	// scenario, in run order: the merge puts the features in that order.
	Files []string `json:"files"`
	// Narrow says that the whole run is scored on the codes its
	// scenarios cover (scenarios picked by file and line): the merge
	// narrows the documented codes once it has every scenario.
	Narrow bool `json:"narrow,omitempty"`
}

// String is the shard as `--shard` writes it: "2/3".
func (s *Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// verdict is a shard's verdict line: what it is, and that it is not a
// run's verdict on its own.
func (s *Shard) verdict() string {
	return fmt.Sprintf("SHARD %s: %d of the run's %d scenarios; partial coverage, not scored and not certified on its own (join the shards with conform merge)", s, s.Scenarios, s.Selected)
}

// ErrNotAShard is a folder without a run file: not the reports of a
// `conform run --shard`.
var ErrNotAShard = errors.New("no " + RunFile + ": not the reports of a `conform run --shard k/n`")

// writeRunFile writes RunFile for an already redacted run.
func writeRunFile(dir string, run *Run) error {
	b, err := json.MarshalIndent(run, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, RunFile), append(b, '\n'), 0o644)
}

// ReadRun reads back the run a shard wrote into dir (RunFile).
func ReadRun(dir string) (*Run, error) {
	b, err := os.ReadFile(filepath.Join(dir, RunFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", dir, ErrNotAShard)
	}
	if err != nil {
		return nil, err
	}
	var run Run
	if err := json.Unmarshal(b, &run); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, RunFile), err)
	}
	if run.Shard == nil {
		return nil, fmt.Errorf("%s: the run it holds is not a shard's", filepath.Join(dir, RunFile))
	}
	return &run, nil
}
