package load

import (
	"bufio"
	"os"
	"runtime/metrics"
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

// heapKB is the Go heap in use and the part of it the last collection
// found live, in KiB, read without forcing a collection, which would change
// what the next round's RSS shows.
func heapKB() (inUse, live int64) {
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
	metrics.Read(samples)
	kb := func(s metrics.Sample) int64 {
		if s.Value.Kind() != metrics.KindUint64 {
			return -1
		}
		return int64(s.Value.Uint64() / 1024)
	}
	return kb(samples[0]), kb(samples[1])
}

// RSSKB is this process's resident set in KiB, or -1 where it cannot be
// read (for the soak test, which runs the simulator in this process too).
func RSSKB() int64 { return rssKB() }

// LiveHeapKB is the Go heap the last collection found live, in KiB.
func LiveHeapKB() int64 {
	_, live := heapKB()
	return live
}
