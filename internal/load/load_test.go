package load

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestConfigCheck(t *testing.T) {
	ok := DefaultConfig()
	cases := []struct {
		name    string
		edit    func(*Config)
		wantErr string
	}{
		{name: "the default runs", edit: func(*Config) {}},
		{name: "no rounds", edit: func(c *Config) { c.Rounds = 0 }, wantErr: "rounds"},
		{name: "no duration", edit: func(c *Config) { c.Duration = 0 }, wantErr: "duration"},
		{name: "an hour per attack", edit: func(c *Config) { c.Duration = time.Hour }, wantErr: "duration"},
		{name: "negative rate", edit: func(c *Config) { c.Rate = -1 }, wantErr: "rate"},
		{name: "no connections", edit: func(c *Config) { c.Connections = 0 }, wantErr: "connections"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := ok
			tc.edit(&c)
			err := c.Check()
			if (err != nil) != (tc.wantErr != "") || (err != nil && !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("Check() = %v, want an error about %q", err, tc.wantErr)
			}
		})
	}
}

func TestBareAnswersWhatWasRecorded(t *testing.T) {
	b := &bare{}
	b.set(http.MethodPost, "/weavr/login_with_password", canned{status: 200, contentType: "application/json", body: []byte(`{"token":"x"}`)})
	cases := []struct {
		name, method, path string
		status             int
		body               string
	}{
		{name: "recorded", method: http.MethodPost, path: "/weavr/login_with_password", status: 200, body: `{"token":"x"}`},
		{name: "other method", method: http.MethodGet, path: "/weavr/login_with_password", status: 404},
		{name: "other path", method: http.MethodPost, path: "/weavr/identities", status: 404},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			b.ServeHTTP(w, httptest.NewRequest(tc.method, tc.path, strings.NewReader(`{}`)))
			if w.Code != tc.status || w.Body.String() != tc.body {
				t.Errorf("%d %q, want %d %q", w.Code, w.Body.String(), tc.status, tc.body)
			}
		})
	}
}

func TestMemoryIsRead(t *testing.T) {
	if heap, live := heapKB(); heap <= 0 || live <= 0 {
		t.Errorf("heap %d kB, live %d kB", heap, live)
	}
	if kb := rssKB(); kb <= 0 {
		t.Errorf("VmRSS = %d kB", kb)
	}
}

// Every operation of the mix must succeed against the simulator, round
// after round, or the load would measure error answers.
func TestMixSucceedsAcrossRounds(t *testing.T) {
	h, err := newSimulator()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	cl := srv.Client()
	for round := range 3 {
		if round > 0 {
			if err := advance(cl, srv.URL); err != nil {
				t.Fatal(err)
			}
		}
		c, err := login(cl, srv.URL)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		for _, o := range mix(c) {
			for range 3 {
				if _, err := send(cl, srv.URL, o); err != nil {
					t.Errorf("round %d: %v", round, err)
				}
			}
		}
	}
}

func TestRunReportsEveryRound(t *testing.T) {
	var out bytes.Buffer
	rounds, err := Run(Config{Rounds: 2, Duration: 50 * time.Millisecond, Connections: 2}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if len(rounds) != 2 {
		t.Fatalf("%d rounds, want 2", len(rounds))
	}
	for i, rows := range rounds {
		if len(rows) != 7 {
			t.Fatalf("round %d: %d operations, want 7", i+1, len(rows))
		}
		for _, r := range rows {
			if r.Sim.Requests == 0 || r.Sim.Success != 1 || r.Bare.Success != 1 {
				t.Errorf("round %d, %s: %d requests, success sim %.2f bare %.2f", i+1, r.Op, r.Sim.Requests, r.Sim.Success, r.Bare.Success)
			}
		}
	}
	for _, want := range []string{"round 1", "round 2", "weavr login", "rounds side by side", "verdict over 2 rounds", "RSS after round 2 within 20% of round 1"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestVerdicts(t *testing.T) {
	round := func(login, ids, other float64, rssKB int64) []Row {
		row := func(op string, ratio float64) Row {
			return Row{Op: op, Ratio: ratio, Bare: Figures{Throughput: 1000}, Sim: Figures{Throughput: 1000 * ratio}, RSSAfterKB: rssKB, LiveKB: rssKB / 4}
		}
		return []Row{row("weavr identities", ids), row("weavr login", login), row("fliqa token", other)}
	}
	cases := []struct {
		name   string
		rounds [][]Row
		want   []string // PASS, FAIL or N/A per criterion: login, identities, drift, RSS
	}{
		{name: "all met", rounds: [][]Row{round(0.6, 0.8, 0.7, 100_000), round(0.6, 0.8, 0.7, 110_000)},
			want: []string{"PASS", "PASS", "PASS", "PASS"}},
		{name: "identities short", rounds: [][]Row{round(0.6, 0.7, 0.7, 100_000), round(0.6, 0.7, 0.7, 100_000)},
			want: []string{"PASS", "FAIL", "PASS", "PASS"}},
		{name: "login short", rounds: [][]Row{round(0.4, 0.8, 0.7, 100_000), round(0.4, 0.8, 0.7, 100_000)},
			want: []string{"FAIL", "PASS", "PASS", "PASS"}},
		{name: "slowed down", rounds: [][]Row{round(0.6, 0.8, 0.7, 100_000), round(0.5, 0.76, 0.5, 100_000)},
			want: []string{"PASS", "PASS", "FAIL", "PASS"}},
		{name: "grew", rounds: [][]Row{round(0.6, 0.8, 0.7, 100_000), round(0.6, 0.8, 0.7, 121_000)},
			want: []string{"PASS", "PASS", "PASS", "FAIL"}},
		{name: "one round", rounds: [][]Row{round(0.6, 0.8, 0.7, 100_000)},
			want: []string{"PASS", "PASS", "N/A", "N/A"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			vs := Verdicts(tc.rounds)
			if len(vs) != len(tc.want) {
				t.Fatalf("%d verdicts, want %d", len(vs), len(tc.want))
			}
			for i, v := range vs {
				got := "FAIL"
				switch {
				case !v.Applies:
					got = "N/A"
				case v.Pass:
					got = "PASS"
				}
				if got != tc.want[i] || v.Figures == "" {
					t.Errorf("%s: %s (%s), want %s", v.Criterion, got, v.Figures, tc.want[i])
				}
			}
		})
	}
}
