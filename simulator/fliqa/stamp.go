package fliqa

import "time"

// stampLayout is RFC 3339 with milliseconds and Z, as the reference's
// examples write times (2007-11-06T16:34:41.000Z).
const stampLayout = "2006-01-02T15:04:05.000Z07:00"

// stamp formats t the way Fliqa's answers do.
func stamp(t time.Time) string { return t.UTC().Format(stampLayout) }
