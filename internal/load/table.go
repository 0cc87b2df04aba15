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
	fmt.Fprintf(out, "\nround %d (RSS after: %.1f MiB)\n", round, float64(rows[0].RSSAfterKB)/1024)
	fmt.Fprintln(tw, "operation\tbare req/s\tsim req/s\tratio\tbare p50\tbare p99\tsim p50\tsim p99\tsim ok\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%.0f\t%.0f\t%.2f\t%s\t%s\t%s\t%s\t%.1f%%\t\n", r.Op, r.Bare.Throughput, r.Sim.Throughput, r.Ratio,
			ms(r.Bare.P50), ms(r.Bare.P99), ms(r.Sim.P50), ms(r.Sim.P99), 100*r.Sim.Success)
	}
	_ = tw.Flush()
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }

// meanRatio is an operation's ratio over all rounds (geometric mean).
func meanRatio(rounds [][]Row, op string) float64 {
	sum, n := 0.0, 0
	for _, rows := range rounds {
		for _, r := range rows {
			if r.Op == op && r.Ratio > 0 {
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
	t1, tn := simTotal(first), simTotal(last)
	drift := 0.0
	if t1 > 0 {
		drift = tn/t1 - 1
	}
	fmt.Fprintf(out, "  simulator req/s, all operations: round 1 %.0f, round %d %.0f (%+.1f%%, target within ±%.0f%%): %s\n",
		t1, len(rounds), tn, 100*drift, 100*driftTarget, verdict(math.Abs(drift) <= driftTarget))
	r1, rn := first[0].RSSAfterKB, last[0].RSSAfterKB
	grow := 0.0
	if r1 > 0 {
		grow = float64(rn)/float64(r1) - 1
	}
	fmt.Fprintf(out, "  RSS after round 1 %.1f MiB, after round %d %.1f MiB (%+.1f%%, target within %.0f%%): %s\n",
		float64(r1)/1024, len(rounds), float64(rn)/1024, 100*grow, 100*rssTarget, verdict(grow <= rssTarget))
}
