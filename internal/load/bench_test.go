package load

import (
	"net/http/httptest"
	"testing"

	"github.com/conformhq/conform/simulator/simtest"
)

// BenchmarkSimulator serves each operation of the mix through the whole
// simulator handler (mux, mount, pipeline, handler) without the network:
// the simulator's own share of what `make load` measures, to profile with
// -cpuprofile.
func BenchmarkSimulator(b *testing.B) {
	h, err := newSimulator()
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	c, err := login(srv.Client(), srv.URL)
	srv.Close()
	if err != nil {
		b.Fatal(err)
	}
	for _, o := range mix(c) {
		hdr := map[string]string{}
		for k := range o.header {
			hdr[k] = o.header.Get(k)
		}
		rp := simtest.NewReplay(o.method, o.path, o.body, hdr)
		b.Run(o.name, func(b *testing.B) {
			var sink simtest.Sink
			b.ReportAllocs()
			for range b.N {
				rp.Serve(h, &sink)
				if sink.Code/100 != 2 {
					b.Fatalf("status %d: %s", sink.Code, sink.Body.Bytes())
				}
			}
		})
	}
}
