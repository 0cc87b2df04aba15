package load

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
	"time"
)

// Targets the issue "Fast at scale" sets.
const (
	loginTarget      = 0.5  // weavr login, simulator over bare
	identitiesTarget = 0.75 // weavr identities, simulator over bare
	driftTarget      = 0.10 // last round's throughput against the first's
	rssTarget        = 0.20 // last round's RSS against the first's
)

func writeRound(out io.Writer, round int, rows []Row) {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(out, "\nround %d (after it: RSS %.1f MiB; Go heap %.1f MiB, of which live at the last GC %.1f MiB)\n", round,
		float64(rows[0].RSSAfterKB)/1024, float64(rows[0].HeapKB)/1024, float64(rows[0].LiveKB)/1024)
	fmt.Fprintln(tw, "operation\tbare req/s\tsim req/s\tratio\tbare p50\tbare p99\tsim p50\tsim p99\tsim ok\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%.0f\t%.0f\t%.2f\t%s\t%s\t%s\t%s\t%.1f%%\t\n", r.Op, r.Bare.Throughput, r.Sim.Throughput, r.Ratio,
			ms(r.Bare.P50), ms(r.Bare.P99), ms(r.Sim.P50), ms(r.Sim.P99), 100*r.Sim.Success)
	}
	_ = tw.Flush()
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }

// meanRatio is an operation's ratio over all rounds (geometric mean); ""
// takes every operation.
func meanRatio(rounds [][]Row, op string) float64 {
	sum, n := 0.0, 0
	for _, rows := range rounds {
		for _, r := range rows {
			if (op == "" || r.Op == op) && r.Ratio > 0 {
				sum += math.Log(r.Ratio)
				n++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return math.Exp(sum / float64(n))
}

// simTotal is a round's simulator throughput over all operations.
func simTotal(rows []Row) float64 {
	t := 0.0
	for _, r := range rows {
		t += r.Sim.Throughput
	}
	return t
}

// bareTotal is a round's bare throughput over all operations.
func bareTotal(rows []Row) float64 {
	t := 0.0
	for _, r := range rows {
		t += r.Bare.Throughput
	}
	return t
}

// roundRatio is a round's sim/bare ratio over all operations (geometric mean).
func roundRatio(rows []Row) float64 {
	return meanRatio([][]Row{rows}, "")
}

func change(from, to float64) float64 {
	if from <= 0 {
		return 0
	}
	return to/from - 1
}

// Verdict is one criterion of the issue judged on a run.
type Verdict struct {
	Criterion string
	// Pass is the verdict; Applies is false when the run cannot judge it
	// (one round gives no drift).
	Pass, Applies bool
	// Figures are the measured values the verdict rests on.
	Figures string
}

// Verdicts judges the four criteria on the rounds of a run.
//
// The machine is shared, so raw throughput moves with everyone else's
// work; the simulator's share of what bare net/http achieved in the same
// turns does not, and is what tells whether the simulator slowed down from
// the first round to the last. Raw figures are shown beside it.
func Verdicts(rounds [][]Row) []Verdict {
	if len(rounds) == 0 {
		return nil
	}
	first, last := rounds[0], rounds[len(rounds)-1]
	n := len(rounds)
	login, ids := meanRatio(rounds, "weavr login"), meanRatio(rounds, "weavr identities")
	out := []Verdict{
		{Criterion: fmt.Sprintf("weavr login ≥ %.2f× bare net/http", loginTarget), Applies: true, Pass: login >= loginTarget,
			Figures: fmt.Sprintf("%.2f× (geometric mean of %d rounds; %s)", login, n, opRatios(rounds, "weavr login"))},
		{Criterion: fmt.Sprintf("weavr identities ≥ %.2f× bare net/http", identitiesTarget), Applies: true, Pass: ids >= identitiesTarget,
			Figures: fmt.Sprintf("%.2f× (geometric mean of %d rounds; %s)", ids, n, opRatios(rounds, "weavr identities"))},
	}
	drift := Verdict{Criterion: fmt.Sprintf("round %d within %.0f%% of round 1", n, 100*driftTarget), Applies: n > 1}
	rss := Verdict{Criterion: fmt.Sprintf("RSS after round %d within %.0f%% of round 1", n, 100*rssTarget), Applies: n > 1}
	if n == 1 {
		drift.Figures, rss.Figures = "one round: nothing to compare", "one round: nothing to compare"
		return append(out, drift, rss)
	}
	g1, gn := roundRatio(first), roundRatio(last)
	d := change(g1, gn)
	drift.Pass = g1 > 0 && math.Abs(d) <= driftTarget
	t1, tn := simTotal(first), simTotal(last)
	drift.Figures = fmt.Sprintf("sim/bare over all operations %.2f → %.2f (%+.1f%%); raw sim req/s %.0f → %.0f (%+.1f%%), bare %+.1f%% in the same turns",
		g1, gn, 100*d, t1, tn, 100*change(t1, tn), 100*change(bareTotal(first), bareTotal(last)))
	r1, rn := first[0].RSSAfterKB, last[0].RSSAfterKB
	grow := change(float64(r1), float64(rn))
	rss.Pass = r1 > 0 && rn > 0 && grow <= rssTarget
	rss.Figures = fmt.Sprintf("%.1f MiB → %.1f MiB (%+.1f%%); live Go heap %.1f → %.1f MiB",
		float64(r1)/1024, float64(rn)/1024, 100*grow, float64(first[0].LiveKB)/1024, float64(last[0].LiveKB)/1024)
	return append(out, drift, rss)
}

// opRatios lists an operation's ratio in each round.
func opRatios(rounds [][]Row, op string) string {
	var parts []string
	for _, rows := range rounds {
		for _, r := range rows {
			if r.Op == op {
				parts = append(parts, fmt.Sprintf("%.2f", r.Ratio))
			}
		}
	}
	return "rounds " + strings.Join(parts, " ")
}

func writeSummary(out io.Writer, rounds [][]Row) {
	if len(rounds) == 0 {
		return
	}
	fmt.Fprintf(out, "\nrounds side by side\n")
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "round\tsim/bare\tsim req/s\tbare req/s\tidentities\tlogin\tRSS MiB\tlive heap MiB\t")
	for i, rows := range rounds {
		fmt.Fprintf(tw, "%d\t%.2f\t%.0f\t%.0f\t%.2f\t%.2f\t%.1f\t%.1f\t\n", i+1, roundRatio(rows), simTotal(rows), bareTotal(rows),
			meanRatio([][]Row{rows}, "weavr identities"), meanRatio([][]Row{rows}, "weavr login"),
			float64(rows[0].RSSAfterKB)/1024, float64(rows[0].LiveKB)/1024)
	}
	_ = tw.Flush()
	fmt.Fprintf(out, "\nverdict over %d rounds\n", len(rounds))
	for _, v := range Verdicts(rounds) {
		word := "FAIL"
		switch {
		case !v.Applies:
			word = "N/A "
		case v.Pass:
			word = "PASS"
		}
		fmt.Fprintf(out, "  %s  %s: %s\n", word, v.Criterion, v.Figures)
	}
}
