// Package suggest finds, for a mistyped name, the known name nearest to
// it: what "did you mean" messages offer, for flags, commands, config keys,
// fixtures keys and tags alike.
package suggest

// Closest is the candidate nearest to name, within a third of name's
// length in edits (at least one, at most three), or "" when none is that
// near: a suggestion far from what was typed misleads more than it helps.
func Closest(name string, candidates []string) string {
	limit := min(max(len(name)/3, 1), 3)
	best, bestD := "", limit+1
	for _, c := range candidates {
		if d := Distance(name, c); d < bestD && c != name {
			best, bestD = c, d
		}
	}
	return best
}

// Distance is the Levenshtein distance between a and b, in bytes.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
