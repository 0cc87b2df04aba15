package load

import (
	"bytes"
	"os"
	"strconv"
	"strings"
)

// CPUSeconds is the CPU time (user and system) this process has used so
// far, from /proc/self/stat, or 0 where that cannot be read: on a shared
// machine wall time measures the others' load too, CPU time the work done.
// The suite benchmarks report it beside their wall time.
func CPUSeconds() float64 {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	// The fields after the command (in parentheses, which may hold spaces):
	// state is the first, utime and stime the 12th and 13th.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseFloat(f[11], 64)
	stime, err2 := strconv.ParseFloat(f[12], 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	const clockTicks = 100 // USER_HZ, 100 on every Linux platform Go supports
	return (utime + stime) / clockTicks
}
