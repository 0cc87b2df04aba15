package soak

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/conformhq/conform/internal/load"
	"github.com/conformhq/conform/simulator"
	"github.com/conformhq/conform/simulator/providers"
)

// Wrap puts something in front of the simulator: the tests use it to feed
// the soak a server that leaks or makes requests wait on each other.
type Wrap func(http.Handler) http.Handler

// run is one soak run's shared state.
type run struct {
	cfg   Config
	ctx   context.Context
	addr  string
	setup *client // control calls and token draws: not timed
	slots []atomic.Pointer[session]
	lat   *latencies
	// exposed are the fast requests sent to a sandbox while a slow request
	// to it was in flight; the others' max is kept in controlMaxUS.
	exposed      *latencies
	controlMaxUS atomic.Int64
	stalls       stalls
	http         *http.Client

	sent, churns     atomic.Int64
	created, deleted atomic.Int64
	slow, slowMinUS  atomic.Int64
	unexpected       atomic.Int64
	errMu            sync.Mutex
	firstErrors      []string
	retiring         sync.WaitGroup
}

// Run soaks the simulator (behind wrap, when not nil) as cfg says, writing
// a line per mark and the verdict to out. An error means the run could
// not be set up; a failed check is in the Result.
func Run(cfg Config, wrap Wrap, out io.Writer) (*Result, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), cfg.Deadline)
	defer cancel()
	sim, err := simulator.New(simulator.Options{Providers: providers.All().Simulators(), NoDefaultSandbox: true,
		MaxSandboxes: 2*cfg.Sandboxes + 16})
	if err != nil {
		return nil, err
	}
	var h http.Handler = sim
	if wrap != nil {
		h = wrap(h)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen on loopback: %w", err)
	}
	// The timeouts of conform serve: a slow client may take its time
	// within them, and the point is that nobody else waits for it.
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, IdleTimeout: 2 * time.Minute}
	go func() { _ = srv.Serve(ln) }()
	defer func() {
		sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer scancel()
		_ = srv.Shutdown(sctx)
	}()
	tr := &http.Transport{MaxIdleConnsPerHost: cfg.Workers + 4, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: time.Minute}
	r := &run{cfg: cfg, ctx: ctx, addr: ln.Addr().String(), http: hc, lat: newLatencies(cfg.Requests + cfg.Requests/4),
		exposed: newLatencies(cfg.Requests/4 + 1024),
		slots:   make([]atomic.Pointer[session], cfg.Sandboxes)}
	r.setup = &client{base: "http://" + r.addr, http: hc}
	r.slowMinUS.Store(-1)
	for i := range r.slots {
		s, err := r.setup.newSession(cfg.Workers)
		if err != nil {
			return nil, err
		}
		r.slots[i].Store(s)
		r.created.Add(1)
	}
	fmt.Fprintf(out, "conform soak: %d requests across %d sandboxes (%d replaced, one every %d requests), %d fast clients, %d slow clients (%s a request) on %s\n",
		cfg.Requests, cfg.Sandboxes, cfg.Churned, cfg.ChurnEvery, cfg.Workers, cfg.SlowClients, cfg.SlowDuration, r.addr)
	start := time.Now()
	var slowWG sync.WaitGroup
	var stopSlow atomic.Bool
	for i := range cfg.SlowClients {
		slowWG.Add(1)
		go func() {
			defer slowWG.Done()
			r.slowClient(&stopSlow, i)
		}()
	}
	canaryCtx, stopCanary := context.WithCancel(ctx)
	defer stopCanary()
	go r.stalls.watch(canaryCtx)
	res := &Result{}
	from := 0
	for mark := cfg.Every; ; mark += cfg.Every {
		target := min(mark, cfg.Requests)
		r.phase(int64(target))
		n := r.lat.len()
		p99, mx := r.lat.summary(from)
		from = n
		m := Mark{Requests: int(r.sent.Load()), RSSKB: load.RSSKB(), LiveHeapKB: load.LiveHeapKB(), P99: p99, Max: mx,
			Sandboxes: int(r.created.Load()), Deleted: int(r.deleted.Load()), Slow: int(r.slow.Load()), Elapsed: time.Since(start)}
		res.Marks = append(res.Marks, m)
		writeMark(out, m)
		if target >= cfg.Requests || ctx.Err() != nil {
			break
		}
		r.moveClocks(cfg.Advance, true)
	}
	// The slow requests in flight finish: each slow client completes at
	// least one, however short the run.
	stopSlow.Store(true)
	slowWG.Wait()
	r.retiring.Wait()
	res.P99, res.Max = r.lat.summary(0)
	res.Exposed = r.exposed.len()
	res.ExposedP99, res.ExposedMax = r.exposed.summary(0)
	res.ControlMax = time.Duration(r.controlMaxUS.Load()) * time.Microsecond
	res.Long, res.LongUnexplained, res.Stalls = r.stalls.unexplained()
	res.Slow = int(r.slow.Load())
	res.SlowMin = time.Duration(r.slowMinUS.Load()) * time.Microsecond
	// After the run: every clock past every lifetime, every queue
	// collected, then what is left is what the simulator keeps for good.
	r.moveClocks(cfg.FinalAdvance, false)
	for i := range r.slots {
		n, err := r.setup.collect(r.slots[i].Load())
		res.CollectRequests += n
		if err != nil {
			r.fail(err)
		}
	}
	runtime.GC()
	debug.FreeOSMemory()
	res.AfterKB, res.AfterLiveKB = load.RSSKB(), load.LiveHeapKB()
	res.Elapsed = time.Since(start)
	res.Unexpected = int(r.unexpected.Load())
	r.errMu.Lock()
	res.FirstErrors = r.firstErrors
	r.errMu.Unlock()
	if ctx.Err() != nil {
		res.Failures = append(res.Failures, fmt.Sprintf("the run passed its deadline (%s) after %d requests", cfg.Deadline, r.sent.Load()))
	}
	judge(cfg, res)
	writeVerdict(out, cfg, res)
	return res, nil
}

// phase drives the fast clients until target requests have been sent.
func (r *run) phase(target int64) {
	var wg sync.WaitGroup
	for w := range r.cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.worker(w, target)
		}()
	}
	wg.Wait()
}

// worker sends operations of the mix to random sandboxes, timing each
// request, and replaces a sandbox every ChurnEvery requests.
func (r *run) worker(w int, target int64) {
	rng := rand.New(rand.NewPCG(r.cfg.Seed, uint64(w)<<32|uint64(target)))
	pick := newPicker(mix())
	c := &client{base: r.setup.base, http: r.http, run: r}
	for r.ctx.Err() == nil && r.sent.Load() < target {
		o := pick.pick(rng)
		s := r.acquire(rng.IntN(len(r.slots)))
		c.exposed = s.slowInFlight.Load() > 0
		n, err := o.run(c, s, w)
		s.release()
		if o.creates >= 0 {
			s.created[o.creates].Add(int64(n))
		}
		if err != nil {
			r.fail(fmt.Errorf("%s: %w", o.name, err))
		}
		after := r.sent.Add(int64(n))
		if every := int64(r.cfg.ChurnEvery); r.cfg.Churned > 0 && after/every != (after-int64(n))/every {
			r.churn()
		}
	}
}

// acquire returns the slot's current session with a reference taken.
func (r *run) acquire(i int) *session {
	for {
		if s := r.slots[i].Load(); s.acquire() {
			return s
		}
	}
}

// churn replaces the next of the churned sandboxes: a new one takes its
// slot at once, and the old one is deleted once no request uses it.
func (r *run) churn() {
	i := int(r.churns.Add(1)-1) % r.cfg.Churned
	s, err := r.setup.newSession(r.cfg.Workers)
	if err != nil {
		r.fail(fmt.Errorf("churn: %w", err))
		return
	}
	r.created.Add(1)
	old := r.slots[i].Swap(s)
	idle := old.retire()
	r.retiring.Add(1)
	go func() {
		defer r.retiring.Done()
		<-idle
		if err := r.setup.remove(old); err != nil {
			r.fail(fmt.Errorf("churn: %w", err))
			return
		}
		r.deleted.Add(1)
	}()
}

// moveClocks moves every live sandbox's clock by d, and draws the tokens
// afresh when the fast clients will go on (their old ones have expired).
func (r *run) moveClocks(d time.Duration, refresh bool) {
	for i := range r.slots {
		s := r.slots[i].Load()
		err := r.setup.advance(s, d.String())
		if err == nil && refresh {
			err = r.setup.refresh(s)
		}
		if err != nil {
			r.fail(fmt.Errorf("moving the clock of %s: %w", s.id, err))
		}
	}
}

// slowClient sends slow requests, a slow body and a slow read in turn, to
// random sandboxes until stopped (after the request in flight).
func (r *run) slowClient(stop *atomic.Bool, i int) {
	ctx := r.ctx
	rng := rand.New(rand.NewPCG(r.cfg.Seed, 1<<40|uint64(i)))
	for n := 0; ctx.Err() == nil && !stop.Load(); n++ {
		s := r.acquire(rng.IntN(len(r.slots)))
		s.slowInFlight.Add(1)
		start := time.Now()
		slowBody := (n+i)%2 == 0
		status, err := slowRequest(ctx, r.addr, s, slowBody, r.cfg.SlowDuration)
		d := time.Since(start)
		s.slowInFlight.Add(-1)
		s.release()
		if ctx.Err() != nil {
			return
		}
		if err == nil && status != http.StatusOK {
			err = fmt.Errorf("status %d", status)
		}
		if err != nil {
			r.fail(fmt.Errorf("%s: %w", describeSlow(slowBody), err))
			continue
		}
		r.slow.Add(1)
		lower(&r.slowMinUS, d.Microseconds())
	}
}

// fail counts an unexpected answer and keeps the first few.
func (r *run) fail(err error) {
	r.unexpected.Add(1)
	r.errMu.Lock()
	defer r.errMu.Unlock()
	if len(r.firstErrors) < 5 {
		r.firstErrors = append(r.firstErrors, err.Error())
	}
}

// lower sets v to x when x is lower, or when v is still unset (-1).
func lower(v *atomic.Int64, x int64) {
	for {
		cur := v.Load()
		if cur >= 0 && cur <= x || v.CompareAndSwap(cur, x) {
			return
		}
	}
}

// raise sets v to x when x is higher.
func raise(v *atomic.Int64, x int64) {
	for {
		cur := v.Load()
		if cur >= x || v.CompareAndSwap(cur, x) {
			return
		}
	}
}

// timed records a fast request's duration, in the exposed or the control
// group as well as in all, and remembers it when it took waitLimit or more.
func (r *run) timed(start time.Time, d time.Duration, exposed bool) {
	r.lat.add(d)
	if d >= r.cfg.waitLimit() {
		r.stalls.noteLong(start, start.Add(d))
	}
	if exposed {
		r.exposed.add(d)
		return
	}
	raise(&r.controlMaxUS, d.Microseconds())
}
