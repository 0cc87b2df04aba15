package load

import (
	"fmt"
	"io"
	"math"
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

func writeSummary(out io.Writer, rounds [][]Row) {
	if len(rounds) == 0 {
		return
	}
	first, last := rounds[0], rounds[len(rounds)-1]
	verdict := func(ok bool) string {
		if ok {
			return "met"
		}
		return "NOT met"
	}
	fmt.Fprintf(out, "\nsummary over %d rounds\n", len(rounds))
	login, ids := meanRatio(rounds, "weavr login"), meanRatio(rounds, "weavr identities")
	fmt.Fprintf(out, "  weavr login      sim/bare %.2f (target ≥ %.2f): %s\n", login, loginTarget, verdict(login >= loginTarget))
	fmt.Fprintf(out, "  weavr identities sim/bare %.2f (target ≥ %.2f): %s\n", ids, identitiesTarget, verdict(ids >= identitiesTarget))
	// The machine is shared, so raw throughput moves with everyone else's
	// work; the simulator's share of what bare net/http achieved in the same
	// turns does not, and is what tells whether the simulator slowed down.
	g1, gn := roundRatio(first), roundRatio(last)
	drift := 0.0
	if g1 > 0 {
		drift = gn/g1 - 1
	}
	fmt.Fprintf(out, "  sim/bare over all operations: round 1 %.2f, round %d %.2f (%+.1f%%, target within ±%.0f%%): %s\n",
		g1, len(rounds), gn, 100*drift, 100*driftTarget, verdict(math.Abs(drift) <= driftTarget))
	t1, tn := simTotal(first), simTotal(last)
	fmt.Fprintf(out, "  (raw simulator req/s summed over operations: round 1 %.0f, round %d %.0f, %+.1f%%, bare %+.1f%%)\n",
		t1, len(rounds), tn, 100*change(t1, tn), 100*change(bareTotal(first), bareTotal(last)))
	r1, rn := first[0].RSSAfterKB, last[0].RSSAfterKB
	grow := 0.0
	if r1 > 0 {
		grow = float64(rn)/float64(r1) - 1
	}
	fmt.Fprintf(out, "  RSS after round 1 %.1f MiB, after round %d %.1f MiB (%+.1f%%, target within %.0f%%): %s\n",
		float64(r1)/1024, len(rounds), float64(rn)/1024, 100*grow, 100*rssTarget, verdict(grow <= rssTarget))
}
