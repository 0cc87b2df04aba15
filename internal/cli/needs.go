package cli

import (
	"fmt"
	"io"

	"github.com/conformhq/conform/internal/runner"
)

// printNeeds prints what the target can and cannot check, per provider and
// version: the capabilities offered (and by what), those lacking (and what
// would provide them) with the scenarios each keeps from running, and the
// documented codes left checkable.
func printNeeds(w io.Writer, rep *runner.NeedsReport) {
	fmt.Fprintf(w, "what %s can check (nothing was run)\n%s\n", rep.Target, rep.Control)
	for _, p := range rep.Providers {
		fmt.Fprintf(w, "\n%s %s: %d of %d scenarios can run\n", p.Provider, p.Version, p.Runnable, len(p.Scenarios))
		if len(p.Offered) > 0 {
			fmt.Fprintf(w, "  offers:\n")
			for _, o := range p.Offered {
				fmt.Fprintf(w, "    %s (%s)\n", o.Capability, o.By)
			}
		}
		if len(p.Lacking) > 0 {
			fmt.Fprintf(w, "  lacks:\n")
			for _, l := range p.Lacking {
				fmt.Fprintf(w, "    %s: %s cannot run\n", l.Missing, count(len(l.Scenarios), "scenario"))
				for _, s := range l.Scenarios {
					fmt.Fprintf(w, "      %s:%d %s\n", s.URI, s.Line, s.Name)
				}
			}
		}
		c := p.Codes
		fmt.Fprintf(w, "  documented codes: %d of %d checkable, %d not (only scenarios that cannot run cover them), %d not covered by any scenario\n",
			c.Passed, c.Documented, c.NotApplicable, c.NotCovered)
	}
}

// count writes n things, in the singular for one.
func count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
