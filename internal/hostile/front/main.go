// Command front is the hostile front as a program, for measuring conform
// against it from outside (RSS, report sizes): it proxies -target and
// misbehaves as its flags say.
//
//	go run ./internal/hostile/front -listen 127.0.0.1:18081 -target http://127.0.0.1:18080 -pad 4000000
package main

import (
	"flag"
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"

	"github.com/conformhq/conform/internal/hostile"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:18081", "address to listen on")
	target := flag.String("target", "", "URL of the deployment to front (conform serve)")
	pad := flag.Int("pad", 0, "pad JSON object answers with spaces to this many bytes")
	nested := flag.Int("nested", 0, "pad JSON object answers with nested arrays to this many bytes")
	headers := flag.Int("headers", 0, "add this many headers to every answer")
	escapes := flag.Bool("escapes", false, "put terminal escape sequences in every answer")
	probe := flag.Int("probe-status", 0, "answer this status to every /_control request")
	flag.Parse()
	u, err := url.Parse(*target)
	if err != nil || u.Host == "" {
		log.Fatalf("front: -target must be a URL, got %q", *target)
	}
	var h http.Handler = httputil.NewSingleHostReverseProxy(u)
	if *escapes {
		h = hostile.Escaping(h)
	}
	if *pad > 0 {
		h = hostile.Padded(*pad, h)
	}
	if *nested > 0 {
		h = hostile.Nested(*nested, h)
	}
	if *headers > 0 {
		h = hostile.ManyHeaders(*headers, h)
	}
	if *probe > 0 {
		h = hostile.Status("/_control", *probe, 0, h)
	}
	log.Fatal(http.ListenAndServe(*listen, h))
}
