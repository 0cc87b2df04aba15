package load

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// rssKB is this process's resident set in KiB (VmRSS), or -1 where
// /proc/self/status cannot be read: the servers run in this process, so it
// is their memory, plus the load generator's.
func rssKB() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return -1
			}
			return kb
		}
	}
	return -1
}
