package load

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/conformhq/conform/simulator"
	"github.com/conformhq/conform/simulator/providers"
)

// fixtures is the default sandbox's fixtures with the rate limit lifted:
// the load is the point, and 600 requests a minute would answer 429.
func fixtures(defaults []byte) ([]byte, error) {
	doc := map[string]json.RawMessage{}
	if err := json.Unmarshal(defaults, &doc); err != nil {
		return nil, fmt.Errorf("default fixtures: %w", err)
	}
	doc["rateLimit"] = json.RawMessage(`{"limit": 100000000, "window": "1s"}`)
	return json.Marshal(doc)
}

// newSimulator builds the handler `conform serve` serves, minus its request
// log. It is the one place that constructs the simulator.
func newSimulator() (http.Handler, error) {
	providers := providers.All().Simulators()
	empty, err := simulator.New(simulator.Options{Providers: providers, NoDefaultSandbox: true})
	if err != nil {
		return nil, err
	}
	fx, err := fixtures(empty.DefaultFixtures())
	if err != nil {
		return nil, err
	}
	return simulator.New(simulator.Options{Providers: providers, Fixtures: fx})
}

// canned is one recorded answer the bare server gives.
type canned struct {
	status      int
	contentType string
	body        []byte
}

// bare answers each operation's path with the body the simulator gave it,
// and nothing else: the ceiling that net/http itself sets on this machine.
type bare struct {
	mu      sync.RWMutex
	answers map[string]canned // by "METHOD path"
}

func (b *bare) set(method, path string, c canned) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.answers == nil {
		b.answers = map[string]canned{}
	}
	b.answers[method+" "+path] = c
}

func (b *bare) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Read the body as the simulator does, so that both do the same I/O.
	_, _ = io.Copy(io.Discard, r.Body)
	b.mu.RLock()
	c, ok := b.answers[r.Method+" "+r.URL.Path]
	b.mu.RUnlock()
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", c.contentType)
	w.WriteHeader(c.status)
	_, _ = w.Write(c.body)
}

// server is a handler served on a random loopback port.
type server struct {
	URL string
	srv *http.Server
	ln  net.Listener
}

// listen serves h on 127.0.0.1 only: load stays on this machine.
func listen(h http.Handler) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen on loopback: %w", err)
	}
	s := &server{URL: "http://" + ln.Addr().String(), ln: ln,
		srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 5 * time.Second}}
	// Serve returns only when closed or on a broken listener, which the
	// attack then reports as errors.
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

func (s *server) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.srv.Shutdown(ctx)
}
