package reports_test

import (
	"fmt"
	"os"
	"time"

	"github.com/conformhq/conform/reports"
)

func ExampleWriteAll() {
	dir, err := os.MkdirTemp("", "conform-reports")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	run := &reports.Run{
		Target:     "built-in simulator",
		StartedAt:  time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
		Duration:   1500 * time.Millisecond,
		Documented: []reports.Code{{Provider: "weavr", Operation: "loginWithPassword", Method: "POST", Path: "/login_with_password", Status: 200}},
		Features: []reports.Feature{{
			Name: "Login",
			URI:  "features/weavr/login.feature",
			Scenarios: []reports.Scenario{{
				ID: "features/weavr/login.feature:3", Name: "Log in", Line: 3,
				Provider: "weavr", Operations: []string{"loginWithPassword"}, Statuses: []int{200},
				Outcome: reports.Passed,
			}},
		}},
	}
	if err := reports.WriteAll(dir, run); err != nil {
		fmt.Println(err)
		return
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		fmt.Println(e.Name())
	}
	// Output:
	// cucumber.json
	// junit.xml
	// report.html
	// summary.json
}
