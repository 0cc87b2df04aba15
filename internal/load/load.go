// Package load measures the simulator under load, side by side with a bare
// net/http server that answers the same bodies: how far the simulator falls
// short of what net/http alone can do on this machine, per operation, and
// whether it slows down or grows as rounds go by. Both servers listen on
// 127.0.0.1 only, and every attack is bounded in time.
package load

import (
	"fmt"
	"io"
	"net/http"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Config bounds a run.
type Config struct {
	// Rounds is how many times the whole mix is driven.
	Rounds int `flag:"rounds" usage:"rounds of the whole mix"`
	// Duration is how long each operation is driven, per server and round,
	// in turns that alternate between the servers.
	Duration time.Duration `flag:"duration" usage:"how long each operation is driven, per server and round"`
	// Rate is requests per second per attack; 0 drives as fast as the
	// Connections allow, which measures throughput.
	Rate int `flag:"rate" usage:"requests per second per attack; 0 drives as fast as the connections allow"`
	// Connections is the number of keep-alive connections and workers.
	Connections int `flag:"connections" usage:"keep-alive connections (and workers) per attack"`
}

// DefaultConfig keeps a run, compilation included, under two minutes on a
// busy machine: 5 rounds × 7 operations × 2 servers × 1.2 s of attacks,
// after a warm-up of a sixteenth of that per operation and server.
func DefaultConfig() Config {
	return Config{Rounds: 5, Duration: 1200 * time.Millisecond, Connections: 32}
}

// Check reports a configuration that cannot run.
func (c Config) Check() error {
	switch {
	case c.Rounds < 1:
		return fmt.Errorf("rounds must be at least 1, got %d", c.Rounds)
	case c.Duration <= 0 || c.Duration > time.Minute:
		return fmt.Errorf("duration must be in (0, 1m], got %s", c.Duration)
	case c.Rate < 0:
		return fmt.Errorf("rate must not be negative, got %d", c.Rate)
	case c.Connections < 1 || c.Connections > 1024:
		return fmt.Errorf("connections must be in [1, 1024], got %d", c.Connections)
	}
	return nil
}

// Row is one operation's figures in one round.
type Row struct {
	Op         string
	Bare, Sim  Figures
	Ratio      float64 // simulator's successful requests/s over bare's
	RSSAfterKB int64   // of this process, after the round (same for a round's rows)
	HeapKB     int64   // Go heap in use after the round, garbage included
	LiveKB     int64   // Go heap the last collection found live: the state the servers hold
}

// Figures summarise one attack.
type Figures struct {
	Throughput float64 // successful requests per second
	P50, P99   time.Duration
	Success    float64 // fraction of 2xx answers
	Requests   uint64
}

// Run drives the mix for cfg.Rounds rounds and writes the table to out,
// returning the rows.
func Run(cfg Config, out io.Writer) ([][]Row, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	simH, err := newSimulator()
	if err != nil {
		return nil, err
	}
	sim, err := listen(simH)
	if err != nil {
		return nil, err
	}
	defer sim.close()
	canned := &bare{}
	bs, err := listen(canned)
	if err != nil {
		return nil, err
	}
	defer bs.close()
	cl := &http.Client{Timeout: 10 * time.Second}

	fmt.Fprintf(out, "conform load: simulator %s vs bare net/http %s; %d rounds, %s per operation and server, %d connections, rate %s\n",
		sim.URL, bs.URL, cfg.Rounds, cfg.Duration, cfg.Connections, rateName(cfg.Rate))
	var rounds [][]Row
	for r := 1; r <= cfg.Rounds; r++ {
		if r > 1 {
			if err := advance(cl, sim.URL); err != nil {
				return rounds, err
			}
		}
		c, err := login(cl, sim.URL)
		if err != nil {
			return rounds, fmt.Errorf("round %d: drawing tokens: %w", r, err)
		}
		var rows []Row
		for _, o := range mix(c) {
			a, err := send(cl, sim.URL, o)
			if err != nil {
				return rounds, fmt.Errorf("round %d: %w", r, err)
			}
			canned.set(o.method, o.path, a)
			if r == 1 {
				warmUp(cfg, o, bs.URL, sim.URL)
			}
			row := Row{Op: o.name}
			row.Bare, row.Sim = compare(cfg, o, bs.URL, sim.URL)
			if row.Bare.Throughput > 0 {
				row.Ratio = row.Sim.Throughput / row.Bare.Throughput
			}
			rows = append(rows, row)
		}
		rss := rssKB()
		heap, live := heapKB()
		for i := range rows {
			rows[i].RSSAfterKB, rows[i].HeapKB, rows[i].LiveKB = rss, heap, live
		}
		rounds = append(rounds, rows)
		writeRound(out, r, rows)
	}
	writeSummary(out, rounds)
	return rounds, nil
}

func rateName(r int) string {
	if r == 0 {
		return "unpaced (throughput)"
	}
	return fmt.Sprintf("%d/s", r)
}

// slices is how many turns each server gets per operation and round: the
// machine is shared, so the two alternate in short turns rather than one
// long attack each, and a burst of someone else's work hits both alike.
const slices = 4

// compare drives the same operation against bare and sim in alternating
// turns (in swapped order every other turn) and returns both figures.
func compare(cfg Config, o op, bareURL, simURL string) (bareF, simF Figures) {
	var b, s tally
	turn := cfg.Duration / slices
	for i := range slices {
		if i%2 == 0 {
			b.attack(cfg, o.target(bareURL), turn, "bare "+o.name)
			s.attack(cfg, o.target(simURL), turn, "sim "+o.name)
		} else {
			s.attack(cfg, o.target(simURL), turn, "sim "+o.name)
			b.attack(cfg, o.target(bareURL), turn, "bare "+o.name)
		}
	}
	return b.figures(), s.figures()
}

// warmUp drives an operation against both servers for a quarter of a
// turn, unrecorded, before the first round measures it: the first requests
// a server sees pay for what later ones find ready (connections, lazily
// compiled schemas, the heap's growth), and round 1 is the reference the
// last round is judged against.
func warmUp(cfg Config, o op, bareURL, simURL string) {
	var discard tally
	d := cfg.Duration / slices / 4
	discard.attack(cfg, o.target(bareURL), d, "warm-up bare "+o.name)
	discard.attack(cfg, o.target(simURL), d, "warm-up sim "+o.name)
}

// tally sums the turns of one server.
type tally struct {
	m       vegeta.Metrics
	ok      uint64
	elapsed time.Duration
}

// attack drives one target for d and adds the results.
func (t *tally) attack(cfg Config, tg vegeta.Target, d time.Duration, name string) {
	n := uint64(cfg.Connections)
	// A transport of our own, so that its connections can be closed when
	// the attack ends: left open, every attack's connections would pile up
	// in both servers and the RSS would measure connections, not the
	// simulator.
	tr := &http.Transport{MaxIdleConnsPerHost: cfg.Connections, MaxConnsPerHost: cfg.Connections}
	defer tr.CloseIdleConnections()
	atk := vegeta.NewAttacker(vegeta.Client(&http.Client{Transport: tr, Timeout: 5 * time.Second}),
		vegeta.Workers(n), vegeta.MaxWorkers(n))
	start := time.Now()
	for res := range atk.Attack(vegeta.NewStaticTargeter(tg), vegeta.Rate{Freq: cfg.Rate, Per: time.Second}, d, name) {
		t.m.Add(res)
		if res.Error == "" && res.Code/100 == 2 {
			t.ok++
		}
	}
	t.elapsed += time.Since(start)
}

// figures summarise the turns: throughput over the time the turns took,
// not over the span from the first to the last, which includes the other
// server's turns.
func (t *tally) figures() Figures {
	t.m.Close()
	f := Figures{P50: t.m.Latencies.P50, P99: t.m.Latencies.P99, Success: t.m.Success, Requests: t.m.Requests}
	if t.elapsed > 0 {
		f.Throughput = float64(t.ok) / t.elapsed.Seconds()
	}
	return f
}
